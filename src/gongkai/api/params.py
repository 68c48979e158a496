"""Documented ranges of the query parameters many operations share (every input has a bound).

Out of range is a 422 problem+json with the field named, before any work is done.
"""

from typing import Any

from ninja import Query

MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100
# Years the platform holds records of: the PRC's first year to well past any planning horizon.
FIRST_YEAR, LAST_YEAR = 1949, 2100


def page() -> Any:
    return Query(1, ge=1, le=MAX_PAGE, description=f"页码，1至{MAX_PAGE}")


def page_size(default: int = 20) -> Any:
    return Query(default, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，1至{MAX_PAGE_SIZE}")


def year(default: int | None = None) -> Any:
    return Query(default, ge=FIRST_YEAR, le=LAST_YEAR, description=f"年份，{FIRST_YEAR}至{LAST_YEAR}")

"""Documented ranges of the query parameters many operations share (every input has a bound).

Out of range is a 422 problem+json with the field named, before any work is done.
"""

from typing import Any

from ninja import Query

from gongkai.core.years import FIRST_YEAR, LAST_YEAR

__all__ = ["FIRST_YEAR", "LAST_YEAR", "MAX_PAGE", "MAX_PAGE_SIZE", "page", "page_size", "year"]

MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


def page() -> Any:
    return Query(1, ge=1, le=MAX_PAGE, description=f"页码，1至{MAX_PAGE}")


def page_size(default: int = 20) -> Any:
    return Query(default, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，1至{MAX_PAGE_SIZE}")


def year(default: int | None = None) -> Any:
    return Query(default, ge=FIRST_YEAR, le=LAST_YEAR, description=f"年份，{FIRST_YEAR}至{LAST_YEAR}")

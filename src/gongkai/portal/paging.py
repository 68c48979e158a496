"""The pager of the public lists: a count that does not read a whole archive."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest

from gongkai.core.counting import count_up_to
from gongkai.portal import page_cache


def page_number(request: HttpRequest, name: str = "page", *, default: int = 1) -> int:
    """A page number from the query string: up to six digits, else `default` (never an error)."""
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) <= 6 else default


class CappedPaginator(Paginator):
    """Counts at most MAX_COUNTED rows: a full COUNT(*) reads every matching row, which at a
    million publications costs more than the rest of the page (the pager then says 超过 N 条).
    Only the first MAX_COUNTED rows are paged through either way; when the page already knows
    the list's exact length (a column's count), `total` holds it for the pager to show."""

    MAX_COUNTED = 1000
    capped = False
    total: int | None = None

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        request: HttpRequest | None = None,
        unchanged: page_cache.Unchanged | None = None,
        known: int | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.request = request
        self.unchanged = unchanged  # for a list of one org's filed items: its catalog's test
        self.known = known  # the list's length when the page already has it (a column's count)

    @property
    def count(self) -> int:
        if not hasattr(self, "_capped_count"):
            rows: Any = self.object_list  # a QuerySet: the slice becomes COUNT(*) over LIMIT n

            def counted() -> int:
                return count_up_to(rows, self.MAX_COUNTED)

            if self.known is not None:
                number = self.known
            elif self.request is not None:
                # The same list on every page of it: counted once per content generation.
                params = sorted((k, v) for k, v in self.request.GET.items() if k != "page")
                key = f"count:{self.MAX_COUNTED}:{self.request.path}?{params}"
                if self.unchanged is not None:
                    number = page_cache.memo_while_unchanged(self.request, key, counted, self.unchanged)
                else:
                    number = page_cache.memo(self.request, key, counted)
            else:
                number = counted()
            self.capped = number > self.MAX_COUNTED
            self._capped_count = min(number, self.MAX_COUNTED)
            if self.known is not None or not self.capped:
                self.total = number
        return self._capped_count

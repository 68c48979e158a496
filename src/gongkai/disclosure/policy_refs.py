"""Plain reads of a policy's interpretations for other apps ("政策+解读+办事", guides).

Added for the guides module: it links service items to policies and shows each policy with its
public interpretations, without importing this app's models.
"""

from __future__ import annotations

from gongkai.core.urls import public_url
from gongkai.disclosure.models import Kind, Publication
from gongkai.disclosure.selectors import public_publications

MAX_INTERPRETATIONS = 50


def interpretation_refs(policy_pk: int) -> list[tuple[str, str]]:
    """(title, public link) of the public interpretations of one policy, oldest first."""
    items = (
        public_publications()
        .filter(interprets_id=policy_pk, kind=Kind.INTERPRETATION)
        .order_by("published_on", "pk")
        .values_list("pk", "title")[:MAX_INTERPRETATIONS]
    )
    return [(title, public_url("publication", pk=pk)) for pk, title in items]


def interpreted_policy_pk(publication_pk: int) -> int | None:
    """The policy a publication interprets (None when it is no interpretation)."""
    value = Publication.objects.filter(pk=publication_pk).values_list("interprets_id", flat=True).first()
    return int(value) if value is not None else None

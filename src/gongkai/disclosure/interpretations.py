"""Reads about policy interpretations (政策解读) for other modules: the forms, the figures by
form per year, and brief references to publications by id.

A separate module because selectors.py is at its size limit; the same rules apply (reads only,
plain data out, nothing unpublished leaks through the public helpers).
"""

from dataclasses import dataclass

from django.db.models import Count

from gongkai.disclosure.models import InterpretationForm, Kind, Publication
from gongkai.disclosure.selectors import interpretable_policies, public_publications
from gongkai.orgs.models import Organization

INTERPRETATION_KIND: str = Kind.INTERPRETATION.value
# 解读形式 (regulations §5.1 Forms; 001 四.二 counts 文字/图表/访谈/发布会).
FORMS: list[tuple[str, str]] = [(str(value), str(label)) for value, label in InterpretationForm.choices]


@dataclass(frozen=True)
class PublicationRef:
    pk: int
    title: str
    org_id: int
    kind: str
    state: str
    state_label: str
    is_public: bool
    published_on: str  # ISO date, "" before publication


def _ref(item: Publication, public: set[int]) -> PublicationRef:
    return PublicationRef(
        pk=item.pk,
        title=item.title,
        org_id=item.org_id,
        kind=item.kind,
        state=item.state,
        state_label=item.get_state_display(),
        is_public=item.pk in public,
        published_on=item.published_on.isoformat() if item.published_on else "",
    )


def interpretation_counts_by_form(org: Organization, *, year: int) -> dict[str, int]:
    """Public interpretations of `org`'s subtree published in `year`, by form (every form listed)."""
    rows = (
        public_publications()
        .filter(org__path__startswith=org.path, kind=Kind.INTERPRETATION, published_on__year=year)
        .values("interpretation_form")
        .annotate(n=Count("id"))
    )
    counts = {value: 0 for value, _ in FORMS}
    for row in rows:
        # An interpretation saved without a form predates the field: it is a written one (文字解读).
        form = row["interpretation_form"] or InterpretationForm.TEXT.value
        counts[form] = counts.get(form, 0) + row["n"]
    return counts


def policy_ref(org: Organization, pk: int) -> PublicationRef | None:
    """A policy `org` may interpret (谁起草、谁解读: its own or its subtree's, not an interpretation)."""
    item = interpretable_policies(org).filter(pk=pk).first()
    if item is None:
        return None
    return _ref(item, set(public_publications().filter(pk=pk).values_list("pk", flat=True)))


def public_ref(pk: int, *, within: Organization | None = None) -> PublicationRef | None:
    """A public publication (of `within`'s subtree when given); None for anything else."""
    qs = public_publications().filter(pk=pk)
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    item = qs.first()
    return _ref(item, {item.pk}) if item is not None else None


def refs(pks: list[int]) -> dict[int, PublicationRef]:
    """Staff display of publications by id (state included); callers check visibility themselves."""
    wanted = [pk for pk in pks[:500] if pk]
    items = list(Publication.objects.filter(pk__in=wanted))
    public = set(public_publications().filter(pk__in=wanted).values_list("pk", flat=True))
    return {item.pk: _ref(item, public) for item in items}


def public_ids(pks: list[int]) -> set[int]:
    wanted = [pk for pk in pks[:5000] if pk]
    return set(public_publications().filter(pk__in=wanted).values_list("pk", flat=True))

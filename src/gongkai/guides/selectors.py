"""Reads of 办事指南: public guides, staff lists, policy links both ways, the key-element check,
and plain data for the search index."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound
from gongkai.core.urls import public_url
from gongkai.disclosure import policy_refs
from gongkai.disclosure import selectors as disclosure
from gongkai.guides import permissions
from gongkai.guides.elements import LABELS, missing_elements
from gongkai.guides.models import GuideForm, GuideVersion, PolicyLink, ServiceItem, VersionState
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Organization

MAX_LIST = 500


def published_versions(org: Organization | None = None) -> QuerySet[GuideVersion]:
    qs = GuideVersion.objects.filter(state=VersionState.PUBLISHED).select_related("item", "item__org")
    if org is not None:
        qs = qs.filter(item__org__path__startswith=org.path)
    return qs.order_by("item__name", "item_id")


def guide_get_public(*, pk: int) -> GuideVersion:
    """The published guide of a service item (404 when it has none)."""
    version = published_versions().prefetch_related("forms").filter(item_id=pk).first()
    if version is None:
        raise NotFound("未找到该办事指南，或尚未发布。")
    return version


def guide_form_get_public(*, item_pk: int, pk: int) -> GuideForm:
    """A form of a service item's published guide (one 404 for a draft's, another's or none)."""
    form = guide_get_public(pk=item_pk).forms.filter(pk=pk).first()
    if form is None:
        raise NotFound("未找到该表格。")
    return form


@dataclass(frozen=True)
class PolicyRef:
    pk: int
    title: str
    url: str
    interpretations: list[tuple[str, str]]  # (title, url)


def policies_of(item: ServiceItem) -> list[PolicyRef]:
    """The public policies an item is linked to, each with its public interpretations."""
    ids = list(item.policy_links.values_list("publication_id", flat=True)[:MAX_LIST])
    texts = {t.pk: t for t in disclosure.public_publication_texts(ids)}
    refs = []
    for pk in sorted(texts):
        interpretations = policy_refs.interpretation_refs(pk)
        refs.append(PolicyRef(pk, texts[pk].title, public_url("publication", pk=pk), interpretations))
    return refs


@dataclass(frozen=True)
class GuideRef:
    item_id: int
    name: str
    org_name: str
    url: str


def guides_for_policy(publication_id: int) -> list[GuideRef]:
    """ "政策+解读+办事" back: the published guides linked to a policy (or to the policy an
    interpretation explains), for the policy's page."""
    targets = {publication_id}
    interprets = policy_refs.interpreted_policy_pk(publication_id)
    if interprets is not None:
        targets.add(interprets)
    item_ids = PolicyLink.objects.filter(publication_id__in=targets).values_list("item_id", flat=True)
    versions = published_versions().filter(item_id__in=list(item_ids)[:MAX_LIST])
    return [GuideRef(v.item_id, v.item.name, v.item.org.name, public_url("guide", pk=v.item_id)) for v in versions]


def items_for_staff(actor: Actor, org: Organization) -> QuerySet[ServiceItem]:
    if not permissions.can_see_guides(actor, org):
        raise NotFound("未找到该机构。")
    return (
        ServiceItem.objects.filter(org__path__startswith=org.path)
        .select_related("org")
        .prefetch_related(Prefetch("versions", queryset=GuideVersion.objects.order_by("-number")))
        .order_by("name", "id")
    )


def item_get_for_staff(*, actor: Actor, pk: int) -> ServiceItem:
    item = ServiceItem.objects.select_related("org").filter(pk=pk).first()
    if item is None or not permissions.can_see_guides(actor, item.org):
        raise NotFound("未找到该服务事项。")
    return item


def version_get_for_staff(*, actor: Actor, pk: int) -> GuideVersion:
    version = GuideVersion.objects.select_related("item", "item__org").filter(pk=pk).first()
    if version is None or not permissions.can_see_version(actor, version):
        raise NotFound("未找到该办事指南。")
    return version


def staff_orgs(actor: Actor) -> list[Organization]:
    """Orgs whose guides the actor may manage (their memberships' orgs)."""
    if org_permissions.is_platform_operator(actor):
        return list(Organization.objects.filter(depth__lte=2).order_by("path")[:MAX_LIST])
    from gongkai.orgs import selectors as org_selectors

    seen: dict[int, Organization] = {}
    for membership in org_selectors.memberships_of(actor):
        if membership.role in {r.value for r in permissions.STAFF_ROLES}:
            seen.setdefault(membership.org.pk, membership.org)
    return list(seen.values())


@dataclass(frozen=True)
class IncompleteGuide:
    item_id: int
    version_id: int
    name: str
    org_name: str
    state: str
    missing: list[str]  # element labels


def incomplete_guides(org: Organization, *, published_only: bool = False) -> list[IncompleteGuide]:
    """The 19号 veto check (服务不实用): guides lacking any key element. Each item's current
    version is checked (its draft if it has one, else the published text) unless `published_only`."""
    qs = GuideVersion.objects.filter(item__org__path__startswith=org.path).select_related("item", "item__org")
    states = [VersionState.PUBLISHED] if published_only else [VersionState.PUBLISHED, VersionState.DRAFT]
    current: dict[int, GuideVersion] = {}
    for version in qs.filter(state__in=states).order_by("item_id", "-number"):
        current.setdefault(version.item_id, version)
    result = []
    for version in current.values():
        missing = missing_elements(version)
        if missing:
            result.append(
                IncompleteGuide(
                    version.item_id,
                    version.pk,
                    version.item.name,
                    version.item.org.name,
                    version.get_state_display(),
                    [LABELS[k] for k in missing],
                )
            )
    return sorted(result, key=lambda g: (g.org_name, g.name))


def overdue_changes(org: Organization, *, today: datetime.date) -> QuerySet[GuideVersion]:
    """Drafts whose 1-working-day publication window has passed."""
    return GuideVersion.objects.filter(
        item__org__path__startswith=org.path, state=VersionState.DRAFT, publish_due__lt=today
    ).select_related("item")


@dataclass(frozen=True)
class GuideText:
    """A published guide as plain data for the search index."""

    item_id: int
    org_id: int
    org_path: list[int]
    name: str
    item_type_label: str
    text: str
    published_on: datetime.date | None
    version_id: int


def public_guide_texts(item_ids: set[int] | list[int]) -> list[GuideText]:
    result = []
    for v in published_versions().filter(item_id__in=list(item_ids)):
        parts = [v.basis, v.conditions, v.materials, v.process, v.fees, v.place_and_hours]
        result.append(
            GuideText(
                item_id=v.item_id,
                org_id=v.item.org_id,
                org_path=v.item.org.ancestor_ids(),
                name=v.item.name,
                item_type_label=v.item.get_item_type_display(),
                text="\n".join(p for p in parts if p),
                published_on=v.published_at.date() if v.published_at else None,
                version_id=v.pk,
            )
        )
    return result


def public_guide_item_ids() -> list[int]:
    return list(published_versions().order_by("item_id").values_list("item_id", flat=True))

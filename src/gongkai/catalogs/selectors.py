"""Reads of 标准目录: what the public sees (published versions), the staff's versions, items."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from gongkai.catalogs import permissions
from gongkai.catalogs.models import Catalog, CatalogItem, CatalogVersion, VersionState
from gongkai.catalogs.timelimits import DeadlineRule, describe
from gongkai.catalogs.vocab import AREA_CODES, AREA_LABELS
from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound
from gongkai.orgs.models import Organization


def published_versions(org: Organization) -> list[CatalogVersion]:
    """The org's published catalogs, in the order of the 26 areas."""
    versions = list(
        CatalogVersion.objects.filter(catalog__org=org, state=VersionState.PUBLISHED)
        .select_related("catalog")
        .annotate(item_count=Count("items"))
    )
    return sorted(versions, key=lambda v: AREA_CODES.index(v.catalog.area))


def version_items(version: CatalogVersion) -> QuerySet[CatalogItem]:
    return version.items.select_related("column").order_by("position")


def rule_of(item: CatalogItem) -> DeadlineRule:
    return DeadlineRule.from_dict({"text": item.deadline_text, **item.deadline_rule})


def rule_reading(item: CatalogItem) -> str:
    """The rule as the platform reads it (shown beside the original 时限 text)."""
    return describe(rule_of(item))


@dataclass
class AreaVersions:
    area: str
    label: str
    catalog: Catalog | None
    published: CatalogVersion | None
    draft: CatalogVersion | None


def area_overview(org: Organization) -> list[AreaVersions]:
    """Each of the 26 areas with the org's published version and draft (staff page)."""
    catalogs = {c.area: c for c in Catalog.objects.filter(org=org)}
    versions: dict[tuple[str, str], CatalogVersion] = {}
    for v in (
        CatalogVersion.objects.filter(catalog__org=org, state__in=[VersionState.DRAFT, VersionState.PUBLISHED])
        .select_related("catalog")
        .annotate(item_count=Count("items"))
    ):
        versions[(v.catalog.area, v.state)] = v
    return [
        AreaVersions(
            area,
            AREA_LABELS[area],
            catalogs.get(area),
            versions.get((area, VersionState.PUBLISHED)),
            versions.get((area, VersionState.DRAFT)),
        )
        for area in AREA_CODES
    ]


def version_get_for_staff(*, actor: Actor | None, pk: int) -> CatalogVersion:
    """404 when it does not exist and when the actor may not know that it does."""
    version = CatalogVersion.objects.select_related("catalog", "catalog__org").filter(pk=pk).first()
    if version is None or not permissions.can_see_version(actor, version):
        raise NotFound("未找到该标准目录版本。")
    if version.state in (VersionState.PUBLISHED, VersionState.SUPERSEDED) and not permissions.can_see_coverage(
        actor, version.catalog.org
    ):
        raise NotFound("未找到该标准目录版本。")  # the back office is for the org's own staff
    return version


def item_get_for_staff(*, actor: Actor | None, pk: int) -> CatalogItem:
    item = (
        CatalogItem.objects.select_related("version", "version__catalog", "version__catalog__org").filter(pk=pk).first()
    )
    if item is None:
        raise NotFound("未找到该事项。")
    version_get_for_staff(actor=actor, pk=item.version_id)
    return item


def versions_of(catalog: Catalog) -> QuerySet[CatalogVersion]:
    return catalog.versions.annotate(item_count=Count("items")).order_by("-number")


def export_areas(org: Organization, *, published_only: bool = False) -> list[tuple[str, list[CatalogItem]]]:
    """(area, items) per area for the exporter: the draft where one is open (what the office is
    working on), else the published version; with `published_only`, the published one."""
    states = [VersionState.PUBLISHED] if published_only else [VersionState.DRAFT, VersionState.PUBLISHED]
    chosen: dict[str, CatalogVersion] = {}
    for v in CatalogVersion.objects.filter(catalog__org=org, state__in=states).select_related("catalog"):
        if v.catalog.area not in chosen or v.state == VersionState.DRAFT:
            chosen[v.catalog.area] = v
    return [(area, list(version_items(chosen[area]))) for area in AREA_CODES if area in chosen]

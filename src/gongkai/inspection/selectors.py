"""Reads of inspections: reports, their findings, the trend across quarters, rectification
items and the new-media register. The supervision app reads rectification through here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound
from gongkai.inspection import permissions
from gongkai.inspection.models import (
    AccountStatus,
    Finding,
    InspectedSite,
    Inspection,
    MediaAccount,
    MediaPost,
    OrgWordingRule,
    Rectification,
    RectificationState,
)
from gongkai.inspection.scoring import in_veto_order
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.permissions import is_platform_operator
from gongkai.orgs.roles import Role


def _org_scope(actor: Actor, field: str, roles: tuple[Role, ...]) -> Q:
    """Orgs in the subtree of an org where the actor holds one of `roles`."""
    if is_platform_operator(actor):
        return Q()
    paths = Organization.objects.filter(
        pk__in=Membership.objects.filter(user_id=int(actor.pk or 0), role__in=[r.value for r in roles]).values("org_id")
    ).values_list("path", flat=True)
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(**{lookup: path})
    return scope


def sites_for(actor: Actor) -> QuerySet[InspectedSite]:
    return InspectedSite.objects.filter(_org_scope(actor, "org", (Role.ADMIN,))).select_related("org")


def site_get(*, actor: Actor, pk: int) -> InspectedSite:
    site = InspectedSite.objects.select_related("org").filter(pk=pk).first()
    if site is None or not permissions.can_see_org_inspections(actor, site.org):
        raise NotFound("未找到该检查对象。")
    return site


def inspections_for(actor: Actor) -> QuerySet[Inspection]:
    return Inspection.objects.filter(_org_scope(actor, "site__org", permissions.STAFF_ROLES)).select_related("site")


def inspection_get(*, actor: Actor, pk: int) -> Inspection:
    inspection = Inspection.objects.select_related("site", "site__org").filter(pk=pk).first()
    if inspection is None or not permissions.can_see_org_inspections(actor, inspection.site.org):
        raise NotFound("未找到该检查报告。")
    return inspection


@dataclass(frozen=True)
class TrendPoint:
    quarter: str
    inspection_id: int
    as_of: str
    verdict: str
    score: float | None
    findings: int
    vetoes: list[str]


def trend(site: InspectedSite) -> list[TrendPoint]:
    """The latest inspection of each quarter, oldest first."""
    latest: dict[str, Any] = {}
    rows = Inspection.objects.filter(site=site).annotate(n=Count("findings")).order_by("as_of", "id")
    for row in rows:
        latest[row.quarter] = row
    return [
        TrendPoint(q, i.pk, i.as_of.isoformat(), i.verdict, i.score, i.n, list(in_veto_order(i.vetoes)))
        for q, i in sorted(latest.items())
    ]


def rectifications_for(actor: Actor, *, unresolved_only: bool = False) -> QuerySet[Rectification]:
    qs = Rectification.objects.filter(_org_scope(actor, "org", permissions.STAFF_ROLES)).select_related(
        "org", "site", "finding"
    )
    return qs.exclude(state=RectificationState.VERIFIED) if unresolved_only else qs


def rectification_get(*, actor: Actor, pk: int) -> Rectification:
    item = Rectification.objects.select_related("org", "site", "finding").filter(pk=pk).first()
    if item is None or not permissions.can_see_rectification(actor, item):
        raise NotFound("未找到该整改事项。")
    return item


@dataclass(frozen=True)
class RectificationSummary:
    """Plain data for reading apps (supervision): counts per org and state, overdue ones."""

    org_id: int
    state: str
    count: int


def rectification_summary(org: Organization) -> list[RectificationSummary]:
    rows = (
        Rectification.objects.filter(org__path__startswith=org.path)
        .values("org_id", "state")
        .annotate(n=Count("id"))
        .order_by("org_id", "state")
    )
    return [RectificationSummary(r["org_id"], r["state"], r["n"]) for r in rows]


def accounts_for(actor: Actor) -> QuerySet[MediaAccount]:
    return MediaAccount.objects.filter(_org_scope(actor, "org", permissions.STAFF_ROLES)).select_related("org")


def account_get(*, actor: Actor, pk: int) -> MediaAccount:
    account = MediaAccount.objects.select_related("org").filter(pk=pk).first()
    if account is None or not permissions.can_see_account(actor, account):
        raise NotFound("未找到该政务新媒体账号。")
    return account


def account_posts(account: MediaAccount, *, limit: int = 20) -> list[MediaPost]:
    return list(MediaPost.objects.filter(account=account).order_by("-posted_on", "-id")[: max(1, min(limit, 200))])


def admin_orgs(actor: Actor) -> QuerySet[Organization]:
    """The orgs in the subtrees where the actor is the 政务公开办 admin: where they may register
    sites to inspect, accounts and wording rules (the choices of the back office's forms)."""
    return Organization.objects.filter(_org_scope(actor, "", (Role.ADMIN,))).order_by("path")


def wording_rules_for_staff(actor: Actor) -> QuerySet[OrgWordingRule]:
    return (
        OrgWordingRule.objects.filter(_org_scope(actor, "org", permissions.STAFF_ROLES))
        .select_related("org")
        .order_by("org__path", "pattern")
    )


def wording_rule_get(*, actor: Actor, pk: int) -> OrgWordingRule:
    rule = OrgWordingRule.objects.select_related("org").filter(pk=pk).first()
    if rule is None or not permissions.can_see_wording(actor, rule.org):
        raise NotFound("未找到该规则。")
    return rule


def org_get(pk: int) -> Organization:
    """An org by id (the org tree is public); what the actor may do there is the services' call."""
    org = Organization.objects.filter(pk=pk).first()
    if org is None:
        raise NotFound("未找到该机构。")
    return org


def latest_inspection_id(site: InspectedSite) -> int | None:
    return Inspection.objects.filter(site=site).order_by("-as_of", "-id").values_list("pk", flat=True).first()


def security_year_figures(org: Organization, *, year: int) -> dict[str, int]:
    """政府网站工作年度报表 安全防护 for the org's own sites: checks run in `year`, what they found,
    and how many of the rectification items opened that year were verified as fixed."""
    checks = Inspection.objects.filter(site__org=org, as_of__year=year)
    return {
        "checks": checks.count(),
        "findings": Finding.objects.filter(inspection__in=checks).count(),
        "fixed": Rectification.objects.filter(
            org=org, created_at__year=year, state=RectificationState.VERIFIED
        ).count(),
    }


def media_year_figures(org: Organization, *, year: int) -> dict[str, Any]:
    """政府网站工作年度报表 移动新媒体: the org's registered accounts in operation and what they
    posted in `year`, per platform (微博, 微信, the rest as 其他)."""
    accounts = list(
        MediaAccount.objects.filter(org=org)
        .exclude(status__in=(AccountStatus.CLOSED, AccountStatus.DEREGISTERED))
        .annotate(posts_in_year=Count("posts", filter=Q(posts__posted_on__year=year)))
        .order_by("platform", "name")
    )
    by_platform: dict[str, dict[str, Any]] = {}
    for account in accounts:
        bucket = by_platform.setdefault(account.platform, {"names": [], "posts": 0})
        bucket["names"].append(account.name)
        bucket["posts"] += account.posts_in_year
    return {"any": bool(accounts), "by_platform": by_platform}

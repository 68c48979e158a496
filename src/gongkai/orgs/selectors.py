"""Reads of organisations and memberships."""

from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.db.models import BigIntegerField, Count, ExpressionWrapper, F, Model, Q, QuerySet, Value
from django.db.models.functions import Substr

from gongkai.core.errors import NotFound
from gongkai.orgs.guide import GuideSection, build_guide
from gongkai.orgs.models import Membership, Organization, Site


@dataclass
class OrgNode:
    org: Organization
    children: list["OrgNode"] = field(default_factory=list)
    below: int = 0  # orgs beneath it that the tree leaves out (its own page lists them)


def organization_tree(*, root: Organization | None = None) -> list[OrgNode]:
    """The organisation forest (or one subtree), children in display order, in one query."""
    qs = Organization.objects.all() if root is None else organization_subtree(root)
    nodes: dict[int, OrgNode] = {}
    roots: list[OrgNode] = []
    for org in qs.order_by("depth", "sort_order", "id"):
        node = OrgNode(org)
        nodes[org.pk] = node
        parent = nodes.get(org.parent_id) if org.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    return roots


# An org page lists its whole subtree up to this many orgs; past it (a province of thousands) the
# org and its direct children: 5,000 nested links (616 KB) took over 600 ms of the page, which
# every publication in the province took out of the page cache.
SUBTREE_SHOWN = 300


@dataclass
class ShownSubtree:
    nodes: list[OrgNode]
    total: int  # orgs in the subtree, the org included
    whole: bool  # False: the org and its direct children only


def organization_subtree_shown(org: Organization | None = None) -> ShownSubtree:
    """The org's subtree for its page, or with no org every org for the directory (机构导航):
    whole up to SUBTREE_SHOWN orgs, else the org (the roots) and its (their) direct children,
    each child with the number of orgs beneath it. A province's 5,000 orgs were 616 KB of nested
    links on its 专栏 and 447 KB on the directory."""
    scope = Organization.objects.all() if org is None else organization_subtree(org)
    total = scope.count()
    if total <= SUBTREE_SHOWN:
        return ShownSubtree(organization_tree(root=org), total, whole=True)
    tops = organization_roots(limit=SUBTREE_SHOWN) if org is None else [org]
    by_id = {top.pk: OrgNode(top) for top in tops}
    children = Organization.objects.filter(parent_id__in=by_id).order_by("sort_order", "id")[:SUBTREE_SHOWN]
    for child in children:
        by_id[child.parent_id].children.append(OrgNode(child))  # type: ignore[index]
    top_depth = 0 if org is None else org.depth
    _count_below(scope, [c for node in by_id.values() for c in node.children], top_depth + 1)
    return ShownSubtree(list(by_id.values()), total, whole=False)


def _count_below(scope: QuerySet[Organization], nodes: list[OrgNode], depth: int) -> None:
    """Each node's `below`: the orgs of `scope` beneath it, the nodes being at `depth` (the root's
    is 0), counted by the database: the orgs below that depth grouped by the start of their path
    as long as a node's ("/1/4/" starts every path under org 4), one query per length of those
    paths (ids of a few lengths). Reading the 5,000 paths of a province into Python to count them
    cost its 专栏 6.6 ms."""
    by_path = {node.org.path: node for node in nodes}
    below = scope.filter(depth__gt=depth).order_by()
    for length in sorted({len(path) for path in by_path}):
        starts = below.annotate(_start=Substr("path", 1, length)).values("_start").annotate(n=Count("pk"))
        for row in starts:
            node = by_path.get(row["_start"])
            if node is not None:
                node.below += row["n"]


def organization_roots(*, limit: int = 200) -> list[Organization]:
    """The orgs at the top of the tree in display order (one indexed query, not the tree)."""
    return list(Organization.objects.filter(parent__isnull=True).order_by("sort_order", "id")[:limit])


def organization_children(org: Organization, *, limit: int = 200) -> list[Organization]:
    """The org's direct children in display order (one indexed query, not the whole subtree)."""
    return list(org.children.order_by("sort_order", "id")[:limit])


def organization_subtree(org: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(path__startswith=org.path)


def organization_subtree_ids(org: Organization) -> list[int]:
    """The ids of the org and its subtree, read once per Organization instance: a site's home
    page lists four blocks of the same subtree, and on PostgreSQL each query is a round trip.
    The instance lives for a request; an org moved meanwhile shows its old subtree until then."""
    memo: list[int] | None = getattr(org, "_subtree_ids", None)
    if memo is None:
        memo = list(organization_subtree(org).values_list("pk", flat=True))
        org._subtree_ids = memo  # type: ignore[attr-defined]
    return memo


_Row = TypeVar("_Row", bound=Model)

# A subtree of at most this many orgs is listed through each org's own index; a larger one by
# walking the whole list in its order (subtree_scope).
SMALL_SUBTREE = 500


# An org id no row has (ids are drawn from 1 up): the second value of a one-org list.
NO_ORG = -1


def subtree_scope(
    qs: QuerySet[_Row],
    org: Organization,
    *,
    field: str = "org_id",
    steer: bool = True,
    small: int | None = None,
    merged: bool = False,
) -> tuple[QuerySet[_Row], bool]:
    """The rows of `qs` whose `field` is the org or an org of its subtree, as ids rather than a
    join on the org's path, and whether they come through the orgs' own index.

    For a list in date order with an index on (org, date, id) and one on (date, id): one org is
    `field = ?`, answered in order by the org's index; a subtree of up to `small` orgs
    (SMALL_SUBTREE, read at each call) is `field IN (...)` on the same index, each org's rows
    newest first (SQLite keeps the page's rows in a sorter and stops reading an org at the first
    that cannot enter it; PostgreSQL chooses by its statistics). A larger subtree (a province of
    thousands of orgs), and any list whose rows are already given otherwise (`steer` off), is
    `field + 0 IN (...)`, which no index answers, so that the planner walks the date index and
    stops at the page. That walk costs the rows it passes before it has the page, which grows
    with the archive when the subtree is a small share of it (docs/performance.md, "Query
    plans"). A large subtree that holds every org (a province's own pages on its platform) is
    no condition at all: the walk is the same, and writing out 5,000 ids cost 14 ms a list in
    Django and SQLite before a row was read.

    `merged`: the list's rows come from several ranges of an index anyway (another column asked
    for with several values, e.g. a category's topics): one org is then written as a list too,
    with an id no row has (`field IN (pk, -1)`: Django drops a repeated value, and SQLite reads
    `IN (pk)` as `= pk`), so that SQLite reads each range of the index on both columns newest
    first into its sorter, instead of walking the org's whole list in date order for the few
    rows of those values."""
    limit = SMALL_SUBTREE if small is None else small
    ids = _subtree_ids_up_to(org, limit)
    if ids is None:
        if holds_every_org(org):
            return qs, False
        ids = organization_subtree_ids(org)
    return _ids_scope(qs, ids, field=field, steer=steer and len(ids) <= limit, merged=merged)


def org_scope(
    qs: QuerySet[_Row], org_id: int, *, field: str = "org_id", steer: bool = True, merged: bool = False
) -> tuple[QuerySet[_Row], bool]:
    """The rows of `qs` of one org alone (not its subtree), written as subtree_scope writes a
    subtree of one."""
    return _ids_scope(qs, [org_id], field=field, steer=steer, merged=merged)


def _ids_scope(
    qs: QuerySet[_Row], ids: list[int], *, field: str, steer: bool, merged: bool
) -> tuple[QuerySet[_Row], bool]:
    if len(ids) <= 1 and steer and not merged:
        return qs.filter(**{field: ids[0]}), True
    if steer:
        return qs.filter(**{f"{field}__in": ids if len(ids) > 1 else [*ids, NO_ORG]}), True
    ref = ExpressionWrapper(F(field) + Value(0), output_field=BigIntegerField())
    return cast("QuerySet[_Row]", qs.alias(_org_ref=ref).filter(_org_ref__in=ids)), False


def _subtree_ids_up_to(org: Organization, limit: int) -> list[int] | None:
    """The ids of the org's subtree when there are at most `limit`, else None, reading no more
    than one past the limit (a province's 5,000 cost 5 ms a request); kept on the instance as
    organization_subtree_ids keeps them, and so is a bound found exceeded (a province's site
    home lists four blocks of its subtree)."""
    memo: list[int] | None = getattr(org, "_subtree_ids", None)
    if memo is None:
        if limit <= getattr(org, "_subtree_exceeds", -1):
            return None
        first = list(organization_subtree(org).order_by().values_list("pk", flat=True)[: limit + 1])
        if len(first) > limit:
            org._subtree_exceeds = limit  # type: ignore[attr-defined]
            return None
        memo = org._subtree_ids = first  # type: ignore[attr-defined]
    return memo if len(memo) <= limit else None


def holds_every_org(org: Organization) -> bool:
    """Whether the org is the platform's only root, so that every org is in its subtree: a
    list of its subtree's is a list of everything. For a root one small read, once per
    Organization instance; none for any other org."""
    if org.parent_id is not None:
        return False
    memo: bool | None = getattr(org, "_holds_every_org", None)
    if memo is None:
        memo = not Organization.objects.filter(parent__isnull=True).exclude(pk=org.pk).exists()
        org._holds_every_org = memo  # type: ignore[attr-defined]
    return memo


def organization_by_slug(slug: str) -> Organization:
    org = Organization.objects.filter(slug=slug).first()
    if org is None:
        raise NotFound("未找到该机构。")
    return org


def organization_ancestors(org: Organization) -> list[Organization]:
    ids = org.ancestor_ids()[:-1]
    by_id = Organization.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def memberships_of(user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user.pk).select_related("org").order_by("org__path", "role")


def managed_roots(actor: Any) -> list[Organization]:
    """The tops of the subtrees `actor` administers (every root for a platform operator)."""
    if getattr(actor, "is_superuser", False) and actor.is_authenticated:
        return list(Organization.objects.filter(parent__isnull=True).order_by("sort_order", "id"))
    orgs = list(
        Organization.objects.filter(memberships__user_id=actor.pk, memberships__role="admin")
        .distinct()
        .order_by("path")
    )
    roots: list[Organization] = []
    for org in orgs:  # drop orgs inside another administered subtree
        if not any(org.path.startswith(r.path) for r in roots):
            roots.append(org)
    return roots


def managed_orgs(actor: Any, *, limit: int = 2000) -> list[Organization]:
    """Every org in the subtrees `actor` administers, in tree order (capped for a select box)."""
    roots = managed_roots(actor)
    if not roots:
        return []
    query = Q()
    for root in roots:
        query |= Q(path__startswith=root.path)
    return list(Organization.objects.filter(query).order_by("path", "sort_order", "id")[:limit])


def role_holders(org: Organization, *, limit: int = 1000) -> list[Membership]:
    """Who holds which role in `org`'s subtree, org by org (capped; the page says so)."""
    return list(
        Membership.objects.filter(org__path__startswith=org.path)
        .select_related("org", "user")
        .order_by("org__path", "user__username", "role")[:limit]
    )


# --- sites in the cluster ---------------------------------------------------------------------


def site_for_host(host: str) -> Site | None:
    """The site whose host list names `host` (lower case, port stripped by the caller)."""
    if not host or len(host) > 253:
        return None
    for site in Site.objects.select_related("org").filter(hosts__icontains=host):
        if host in site.host_list():
            return site
    return None


def cluster_portal() -> Site | None:
    return Site.objects.select_related("org").filter(is_cluster_portal=True).order_by("pk").first()


def site_of(org: Organization) -> Site | None:
    """The org's own site, else the nearest ancestor's: a department without a site of its own
    lives inside its government's site, as in a cluster."""
    ids = org.ancestor_ids()
    sites = {s.org_id: s for s in Site.objects.select_related("org").filter(org_id__in=ids)}
    for org_id in reversed(ids):
        if org_id in sites:
            return sites[org_id]
    return None


def own_site(org: Organization) -> Site | None:
    return Site.objects.select_related("org").filter(org=org).first()


def site_members(*, limit: int = 500) -> list[Site]:
    """The cluster's member sites, the portal first, then in org tree order."""
    return list(Site.objects.select_related("org").order_by("-is_cluster_portal", "org__path")[:limit])


def guide_for(org: Organization) -> list[GuideSection]:
    """The org's 政府信息公开指南 from its own site record (an empty one if it has none)."""
    site = own_site(org) or Site(org=org, name=org.name)
    return build_guide(org, site, organization_ancestors(org))

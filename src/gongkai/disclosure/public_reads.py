"""Public reads of 主动公开 lists and items, kept apart from selectors.py (which re-exports them)
so that each stays readable. Every list is answered from a partial index in its ORDER BY order
(Publication.Meta.indexes; tests/test_query_plans.py checks the plans on SQLite and PostgreSQL).
Also here: whether an org's catalog counts can have changed since a stamp, for the memos of the
public pages (catalog_counts_unchanged)."""

import datetime
from dataclasses import dataclass

from django.db.models import BigIntegerField, CharField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from gongkai.core.errors import Gone, NotFound
from gongkai.core.models import OutboxEvent
from gongkai.disclosure.attachments import public_attachments
from gongkai.disclosure.models import Attachment, CatalogNode, DisclosureMode, Kind, Publication, State
from gongkai.disclosure.topics import CATALOG_CHANGED, PUBLICATION_CHANGED
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Organization


def public_publications(*, now: datetime.datetime | None = None) -> QuerySet[Publication]:
    """Everything the public may see: published, not withdrawn, released, 主动公开."""
    return Publication.objects.filter(
        published_revision__isnull=False,
        public_from__lte=now or timezone.now(),
        disclosure_mode__constant=DisclosureMode.PROACTIVE,
    ).exclude(state__constant=State.WITHDRAWN)


@dataclass
class PublicFilters:
    org: Organization | None = None
    node: CatalogNode | None = None
    kind: str = ""
    year: int | None = None
    validity: str = ""
    topic: str = ""


# What list rows never show: left out of list queries (a body can be tens of kilobytes).
LIST_DEFERRED = ("body_html", "withdrawn_reason", "keywords", "withholding_ground")


def _org_scope(qs: QuerySet[Publication], org: Organization) -> QuerySet[Publication]:
    """The org and its subtree, as ids rather than a join on the org's path.

    One org: `org_id = ?`, answered in date order by the (org, published_on, id) index. Several:
    `org_id + 0 IN (...)`, which no index can answer, so that the planner walks the
    (published_on, id) index in date order and stops at the page instead of collecting the
    whole subtree and sorting it (what a plain `org_id IN (...)` leads SQLite to)."""
    ids = list(org_selectors.organization_subtree(org).values_list("pk", flat=True))
    if len(ids) <= 1:
        return qs.filter(org_id=org.pk)
    return qs.alias(_org_ref=ExpressionWrapper(F("org_id") + Value(0), output_field=BigIntegerField())).filter(
        _org_ref__in=ids
    )


def publication_list_public(filters: PublicFilters | None = None, *, rows_only: bool = False) -> QuerySet[Publication]:
    """Public items, newest first. Every variant is answered from a partial index in
    ORDER BY order (see Publication.Meta.indexes and tests/test_query_plans.py); `rows_only`
    leaves out the columns a list row never shows."""
    filters = filters or PublicFilters()
    qs = public_publications().select_related("org")
    if rows_only:
        qs = qs.defer(*LIST_DEFERRED)
    if filters.org is not None:
        qs = _org_scope(qs, filters.org)
    if filters.node is not None:
        # Membership as EXISTS: no join that multiplies rows, hence no DISTINCT over every column.
        node_ids = CatalogNode.objects.filter(path__startswith=filters.node.path).values("pk")
        filed = Publication.catalog_nodes.through.objects.filter(
            publication_id=OuterRef("pk"), catalognode_id__in=list(node_ids.values_list("pk", flat=True))
        )
        qs = qs.filter(Exists(filed))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.year:
        qs = qs.filter(published_on__year=filters.year)
    if filters.validity:
        qs = qs.filter(validity=filters.validity)
    if filters.topic:
        qs = qs.filter(topic=filters.topic)
    return qs.order_by("-published_on", "-id")


# What the 政策文件库 lists: the 第二十条第（一）项 documents (规章, 行政规范性文件) and other policies.
POLICY_KINDS = (Kind.POLICY, Kind.RULE, Kind.NORMATIVE)


def policy_list_public(filters: PublicFilters, *, rows_only: bool = False) -> QuerySet[Publication]:
    """The policy library across orgs: policy kinds only, unless one kind is asked for."""
    qs = publication_list_public(filters, rows_only=rows_only)
    if filters.kind:
        return qs
    # kind || '' rather than kind: a kind IN (...) on the kind index would collect every policy
    # and sort them; this way the date index is walked and a third of its rows match.
    kind_ref = Concat(F("kind"), Value(""), output_field=CharField())
    return qs.alias(_kind_ref=kind_ref).filter(_kind_ref__in=[k.value for k in POLICY_KINDS])


def publication_list_recent(*, org: Organization | None = None, limit: int = 10) -> QuerySet[Publication]:
    """The newest public items, of one org's whole subtree or of every org (rows only)."""
    return publication_list_public(PublicFilters(org=org), rows_only=True)[:limit]


def publication_get_public(*, pk: int) -> Publication:
    """A public item; 410 for a withdrawn one, 404 for anything the public may not know of."""
    # The linked documents are shown by title only: two columns each instead of two full rows.
    own = [f.name for f in Publication._meta.concrete_fields]
    linked = ("replaced_by__title", "interprets__title")
    item = (
        Publication.objects.select_related("org", "replaced_by", "interprets")
        .only(*own, *linked, *(f"org__{f.name}" for f in Organization._meta.concrete_fields))
        .filter(pk=pk)
        .order_by()
        .first()
    )
    if item is None or item.published_revision_id is None or item.disclosure_mode != DisclosureMode.PROACTIVE:
        raise NotFound("未找到该信息，或该信息未公开。")
    if item.state == State.WITHDRAWN:
        raise Gone("该信息已撤回。", extra={"withdrawn_on": timezone.localtime(item.withdrawn_at).date().isoformat()})
    if item.public_from is None or item.public_from > timezone.now():
        raise NotFound("未找到该信息，或该信息未公开。")
    return item


def attachment_get_public(*, publication_pk: int, pk: int) -> Attachment:
    """One attachment to download: 404 unless its item is public and it is part of the public text
    (the same answer whether it does not exist, belongs to a draft or to another item)."""
    publication = publication_get_public(pk=publication_pk)
    attachment = public_attachments(publication).filter(pk=pk).first()
    if attachment is None:
        raise NotFound("未找到该附件。")
    return attachment


def interpretations_of(publication: Publication) -> QuerySet[Publication]:
    return (
        public_publications()
        .filter(interprets=publication, kind=Kind.INTERPRETATION)
        .only("pk", "title", "interpretation_form", "published_on")
        .order_by("published_on", "id")
    )


_CATALOG_TOPICS = (PUBLICATION_CHANGED, CATALOG_CHANGED)

# How far catalog_counts_unchanged looks. An event written this long before the stamp it is
# checked against may have committed after it (a transaction that took its outbox id before a
# later-numbered one committed), so it is looked at too; publishing transactions last
# milliseconds, an import batch about a second.
_LATE_COMMIT = datetime.timedelta(seconds=5)
_LOOK_BACK_EVENTS = 200
# More changes than this since the stamp: recompute rather than sort them out (never wrong).
_CHANGE_SCAN_CAP = 1_000


def catalog_counts_unchanged(
    org: Organization,
    *,
    after_event: int,
    released_after: datetime.datetime | None,
    seen_at: datetime.datetime,
    now: datetime.datetime,
) -> bool:
    """Whether catalog_tree(org), and the count of any of its columns' lists, still give what
    they gave when the newest outbox event was `after_event` and the newest release
    `released_after` (both read at `seen_at`): no event since then names one of the org's
    publications or a column of its catalog, and none of its publications came due (a
    scheduled publication becomes public without an event).

    For the public pages of a province: any publication anywhere moves the content generation,
    and recounting a large org's catalog reads all its filed items (60-160 ms at 16,000), while
    this is two to four index probes. It answers False (recount) when it cannot tell cheaply:
    more than _CHANGE_SCAN_CAP changes, or a column deleted since. It relies on the events the
    search index relies on: every change of a publication's public face writes
    PUBLICATION_CHANGED."""
    events = list(
        OutboxEvent.objects.filter(id__gt=max(0, after_event - _LOOK_BACK_EVENTS), topic__in=_CATALOG_TOPICS)
        .filter(Q(id__gt=after_event) | Q(created_at__gte=seen_at - _LATE_COMMIT))
        .order_by("id")
        .values_list("topic", "object_id")[: _CHANGE_SCAN_CAP + 1]
    )
    if len(events) > _CHANGE_SCAN_CAP:
        return False
    nodes = {int(object_id) for topic, object_id in events if topic == CATALOG_CHANGED}
    if nodes and CatalogNode.objects.filter(pk__in=nodes).exclude(org=org).count() != len(nodes):
        return False  # a column of this org, or one deleted since (whose org is unknown)
    publications = {int(object_id) for topic, object_id in events if topic == PUBLICATION_CHANGED}
    due = Publication.objects.filter(public_from__lte=now)
    if released_after is not None:
        due = due.filter(public_from__gt=released_after)
    released = list(due.values_list("pk", flat=True)[: _CHANGE_SCAN_CAP + 1])
    if len(released) > _CHANGE_SCAN_CAP:
        return False
    publications.update(released)
    return not (publications and Publication.objects.filter(pk__in=publications, org=org).exists())

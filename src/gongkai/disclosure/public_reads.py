"""Public reads of 主动公开 lists and items, kept apart from selectors.py (which re-exports them)
so that each stays readable. Every list is answered from a partial index in its ORDER BY order
(Publication.Meta.indexes; tests/test_query_plans.py checks the plans on SQLite and PostgreSQL).
Whether any of it can have changed since a stamp is public_changes.py's question."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, F, Max, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone

from gongkai.core.errors import Gone, NotFound
from gongkai.disclosure.attachments import public_attachments
from gongkai.disclosure.models import (
    TOPIC_MAX_LENGTH,
    Attachment,
    CatalogNode,
    DisclosureMode,
    Kind,
    Publication,
    State,
    Validity,
)
from gongkai.disclosure.public_changes import public_content_cache, public_stamp
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
    topics: tuple[str, ...] = ()  # 主题分类, any of these (topics_asked: a category and what is under it)


# What list rows never show: left out of list queries (a body can be tens of kilobytes).
LIST_DEFERRED = ("body_html", "withdrawn_reason", "keywords", "withholding_ground")


# A subtree of at most this many orgs is listed through each org's own index; a larger one by
# walking every public item in date order (orgs.selectors.subtree_scope).
SMALL_SUBTREE = org_selectors.SMALL_SUBTREE


def _org_scope(
    qs: QuerySet[Publication], org: Organization, *, steer: bool = True, merged: bool = False
) -> tuple[QuerySet[Publication], bool]:
    """The org and its subtree (orgs.selectors.subtree_scope), and whether the rows come through
    the orgs' own index (Publication's pub_public_org_recent). The walk of a large subtree (or a
    list given by ids) goes through pub_public_recent. At a million items in a province of
    5,000 orgs a county's (25 orgs) policy list took 430 ms a page, a late page 5.5 s and its
    capped count 11 s on SQLite by the walk; through the orgs' index 6, 18 and 14 ms."""
    return org_selectors.subtree_scope(qs, org, steer=steer, small=SMALL_SUBTREE, merged=merged)


def _within(org_id: int, org: Organization) -> bool:
    """Whether the org `org_id` is `org` or beneath it."""
    return org_id == org.pk or org_id in org_selectors.organization_subtree_ids(org)


def _not_in_force(filters: PublicFilters) -> bool:
    """Asked for an 有效性 other than 有效, which has an index of its own."""
    return bool(filters.validity) and filters.validity != Validity.VALID


def _unindexed(field: str) -> Concat | F:
    """On SQLite `field || ''`: the same value, which no index answers, so that a filter on it
    leaves the planner the index the list is meant to walk (an org's, or the date index) instead
    of the field's own (SQLite, without statistics, took the kind index, collecting every item
    of the kind and sorting them, or walking them all for the few of a small subtree).

    PostgreSQL gets the field itself: it has statistics on it, which the expression hid (a fixed
    guess of 0.5 %: a county's 655 notices estimated at 25, read through the org index and
    sorted). At a tenth of a province (100,000 items, 500 orgs), with the field: a county's six
    newest notices 1.7 ms instead of 4.3, the capped count of a city's notices 2.8 instead of
    29.2, of its policies 14.6 instead of 31.3 (docs/performance.md, "Query plans")."""
    if not _without_statistics():
        return F(field)
    return Concat(F(field), Value(""), output_field=CharField())


# A kind no row has (Kind has no empty value), and a topic none has (longer than the column holds,
# which validate_content checks): the second value of a one-kind or one-topic list.
NO_KIND = ""
NO_TOPIC = "\\" * (TOPIC_MAX_LENGTH + 1)


# A column with at most this many filed items (links, public or not) is listed by their ids,
# read by key and sorted; a larger one by walking the org's list in date order.
SMALL_COLUMN = 500


def _filed_under(qs: QuerySet[Publication], node: CatalogNode) -> tuple[QuerySet[Publication], bool]:
    """Rows filed in the column or beneath it, and whether they are given by their ids.

    A page of a column costs the lesser of two: reading the column's items and sorting them
    (grows with the column), or walking the org's items newest first until a page of the
    column's is found (grows with the org's items per column item). Left to choose, the
    databases choose by a guess: PostgreSQL takes a column's share of an org's items as if the
    two were unrelated (a column of 2,119 items of one org in a million: 17 rows) and read and
    sorted the whole column (18 ms a page there, growing with the column), or, for a column of
    ten, walked all 9,945 items of its org (46 ms); SQLite always walked. So the column's links
    are read first, at most SMALL_COLUMN + 1 of them (one index read): all of a small column's,
    whose rows are then fetched by key, or one more than that, and the column is walked. (Asking
    first whether there is a link past the SMALL_COLUMN-th and then reading the ids cost one
    round trip more for every small column.) The walk probes the links' (publication, column)
    index for each row, as a scalar subquery: PostgreSQL turns an EXISTS into a join, and so
    back into its guess; each row's copy of its columns (filed_in) would cost SQLite a read of
    the row."""
    # The nodes beneath a column are all of its org's catalog: read through the org's index, in
    # no order. By path alone (a LIKE, which SQLite answers from no index) every org's nodes
    # were read, joined to their orgs for the model's order and sorted: 10 ms a column at a
    # province's 110,000 nodes.
    node_ids = list(
        CatalogNode.objects.filter(org_id=node.org_id, path__startswith=node.path)
        .order_by()
        .values_list("pk", flat=True)
    )
    links = Publication.catalog_nodes.through.objects.filter(catalognode_id__in=node_ids)
    ids = list(links.values_list("publication_id", flat=True)[: SMALL_COLUMN + 1])
    if len(ids) <= SMALL_COLUMN:
        return qs.filter(pk__in=ids), True
    probe = links.filter(publication_id=OuterRef("pk")).values("publication_id")[:1]
    return qs.alias(_filed=Subquery(probe)).filter(_filed__isnull=False), False


def publication_list_public(
    filters: PublicFilters | None = None, *, rows_only: bool = False, kinds: tuple[str, ...] = ()
) -> QuerySet[Publication]:
    """Public items, newest first. Every variant is answered from a partial index in
    ORDER BY order (see Publication.Meta.indexes and tests/test_query_plans.py), or, for a
    small catalog column, by key from the column's ids; `rows_only` leaves out the columns a
    list row never shows; `kinds` are the kinds listed when the filters ask for none (the
    policy library's)."""
    filters = filters or PublicFilters()
    qs = public_publications().select_related("org")
    if rows_only:
        qs = qs.defer(*LIST_DEFERRED)
    by_key = False
    topics = filters.topics
    kinds_listed = (filters.kind,) if filters.kind else kinds
    # By key, the org's index must not be offered: SQLite (without statistics) would walk it for
    # its order, checking each row against the ids, instead of reading the ids by key. With
    # several topics, one org's rows are read per topic too (subtree_scope's `merged`): SQLite
    # walked a department's 16,000 items at a million for a category few of them have.
    merged = len(topics) > 1
    by_orgs = False
    if filters.node is not None:
        qs, by_key = _filed_under(qs, filters.node)
        # What is filed in a column is its org's own (services._common checks each column is
        # the item's org's): the org alone is the scope, not the subtree of the org asked for,
        # which for a province was 5,000 ids written out and a walk of everything for a column.
        if filters.org is not None and not _within(filters.node.org_id, filters.org):
            qs = qs.none()
        qs, _ = org_selectors.org_scope(qs, filters.node.org_id, steer=not by_key, merged=merged)
    elif filters.org is not None:
        scoped, by_orgs = _org_scope(qs, filters.org, merged=merged)
        if by_orgs and topics and _pair_is_rare(topics, kinds_listed):
            # The subtree's ids are kept on the org instance: written again, no query.
            scoped, by_orgs = _org_scope(qs, filters.org, steer=False)
        qs = scoped
    # Kind, topic and 有效性 other than 有效 each have an index of their own and one per org
    # (Publication.Meta.indexes), so whether the orgs are read through their index or walked, the
    # read seeks to the filter's rows in date order. Asked together, one is sought and the others
    # checked: the topic (typed or a category, it may be one few items have), with the kind when
    # the orgs are not read through their index (_kind_scope), else the validity (items no longer
    # in force are a share of the archive, often a small one), else the kind (one of a dozen).
    # SQLite, without statistics, took the kind's: a city's budgets of a topic none has, 132 ms
    # at a million, 2 by topic.
    not_in_force = _not_in_force(filters)
    qs, in_ranges = _kind_scope(qs, kinds_listed, filters, by_orgs=by_orgs, not_in_force=not_in_force)
    if filters.year:
        qs = qs.filter(published_on__year=filters.year)
    if not_in_force and not topics:
        # The index's condition written out as its own term, as public_publications() writes its
        # constants: SQLite takes a partial index only for a WHERE that visibly implies it.
        qs = qs.filter(validity=filters.validity).exclude(validity__constant=Validity.VALID)
    elif filters.validity and topics:
        qs = qs.alias(_validity_ref=_unindexed("validity")).filter(_validity_ref=filters.validity)
    elif filters.validity:
        qs = qs.filter(validity=filters.validity)
    # Several topics: each one's rows newest first from its index entries, merged for the page
    # as a subtree's orgs are (orgs.selectors.subtree_scope). The page's orgs are then read by key
    # after its rows: joined to them, SQLite's sorter read every row of the topics instead of
    # stopping each once the page was full (a large category at a million: 160 ms against 1).
    # On SQLite one topic beside several kinds' ranges is a list too, with a topic no row has: as
    # `topic = ?` SQLite walked the topic's own index in date order (no sort to pay for) for its
    # few items of those kinds, a category of budgets for a page of policies. PostgreSQL plans by
    # its statistics and keeps the plain value (_without_statistics).
    one_topic_as_list = len(topics) == 1 and in_ranges and _without_statistics()
    if len(topics) == 1 and not one_topic_as_list:
        qs = qs.filter(topic=topics[0])
    elif topics:
        qs = qs.filter(topic__in=(*topics, NO_TOPIC) if one_topic_as_list else topics)
    if in_ranges or len(topics) > 1:
        qs = qs.select_related(None).prefetch_related("org")
    return qs.order_by("-published_on", "-id")


# At most this many public items of a topic (or category) and the kinds asked, of every org, and
# an org's or a small subtree's list of them is sought on the (topic, kind) index with the org
# checked on each row (a read of the row each), instead of through the orgs' topic index with the
# kind checked. Past it the pair is common enough in the archive for the orgs' index to be the
# bounded read, as it is for most topics and kinds.
RARE_PAIR = 1_000


def _pair_is_rare(topics: tuple[str, ...], kinds: tuple[str, ...]) -> bool:
    """Whether the topics' items of these kinds, of every org, number at most RARE_PAIR: one
    read of at most RARE_PAIR + 1 entries of the (topic, kind) index, on SQLite only.

    SQLite has no statistics to choose by, and the orgs' topic index read every item of the
    topic for the kind: the policy library by a category of budgets (three policies in it) of a
    city whose sixty orgs hold most of a million items, 0.2-0.3 s. PostgreSQL estimates the
    pair from its statistics (migration 0014) and chooses itself: that page's statements took
    under 0.3 ms at 200,000 items there."""
    if not kinds or not _without_statistics():
        return False
    found = public_publications().filter(topic__in=topics, kind__in=kinds).order_by().values("pk")
    return found[: RARE_PAIR + 1].count() <= RARE_PAIR


def _without_statistics() -> bool:
    """Whether the database plans by the query's shape alone (SQLite), so that the list must be
    written for the index it is to read: a single kind or topic beside several of the other as a
    list (with NO_KIND or NO_TOPIC), or SQLite walked the single value's own index to spare
    itself a sort; a rare topic and kind under a few orgs asked first (_pair_is_rare).
    PostgreSQL chooses by its statistics, and a list of one value lost it that index's order: a
    category of budgets' three policies at 200,000 items took the date walk, 85 ms against 30
    with the plain value."""
    return connection.vendor != "postgresql"


def _kind_scope(
    qs: QuerySet[Publication], kinds: tuple[str, ...], filters: PublicFilters, *, by_orgs: bool, not_in_force: bool
) -> tuple[QuerySet[Publication], bool]:
    """The kinds asked for, and whether the rows then come from several ranges of an index (each
    kind's, merged in SQLite's sorter, which stops each at the page: the page's orgs are then
    read by key after its rows, since joined to them the sorter read every policy, 733 ms at a
    million).

    Sought on an index: with a topic, unless the orgs are read through their own index (not when
    the pair is rare in the whole archive: _pair_is_rare), on the (topic, kind) index, so that a
    category of budgets is not read through for its few policies (120-230 ms at a million);
    without a topic or another filter sought, one kind on its own index, and several (the policy
    library) when every org's are listed (walking the date index for them, its capped count read
    3,000 rows for 1,001: 43 ms, 0.3 from the kind index). Otherwise checked on each row: under
    an org's index a kind IN (...) would be read from the kind's index for every org's rows;
    this way the orgs' index (or the filter's) is read and a share of its rows match."""
    if not kinds:
        return qs, False
    several = len(kinds) > 1
    sought = qs.filter(kind=kinds[0]) if not several else qs.filter(kind__in=kinds)
    if filters.topics and filters.node is None and not by_orgs:
        if several or len(filters.topics) == 1 or not _without_statistics():
            return sought, several
        # Several topics and one kind: the kind written as a list too, with a kind no row has
        # (as subtree_scope's `merged` writes one org), since the topics' ranges need SQLite's
        # sorter anyway. As `kind = ?` SQLite walked the kind's own index, in date order, for
        # the few rows of those topics.
        return qs.filter(kind__in=(kinds[0], NO_KIND)), True
    every_org = filters.node is None and (filters.org is None or org_selectors.holds_every_org(filters.org))
    if not filters.topics and not not_in_force and (not several or every_org):
        return sought, several
    return qs.alias(_kind_ref=_unindexed("kind")).filter(_kind_ref__in=kinds), False


# 主题分类 is written category\subcategory (综合政务\政务公开, as gov.cn writes it): a reader who
# asks for a category means it and everything under it.
TOPIC_SEPARATOR = "\\"
# The topics a list's filter offers (and a category can stand for): at most this many.
TOPICS_LISTED = 300


def public_topics(*, limit: int = TOPICS_LISTED) -> list[str]:
    """The distinct 主题分类 of public items, in the database's order: each found by a seek on the
    topic index past the one before (a loose index scan), so a few hundred small reads however
    large the archive, where DISTINCT would read every public item's entry."""
    qs = public_publications().order_by("topic").values_list("topic", flat=True)
    found: list[str] = []
    previous = ""  # empty: no topic given
    while len(found) < limit:
        topic = qs.filter(topic__gt=previous).first()
        if topic is None:
            break
        found.append(topic)
        previous = topic
    return found


@dataclass(frozen=True)
class TopicGroup:
    category: str
    # (the full value, the part under the category): (综合政务\政务公开, 政务公开), in the given order
    subtopics: tuple[tuple[str, str], ...]


def topic_groups(topics: list[str]) -> list[TopicGroup]:
    """Topics grouped under their categories, categories in order of first appearance: what a
    filter lists (a category even when no item is filed under the bare category)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for topic in topics:
        category, _, sub = topic.partition(TOPIC_SEPARATOR)
        subtopics = groups.setdefault(category, [])
        if sub:
            subtopics.append((topic, sub))
    return [TopicGroup(category, tuple(subtopics)) for category, subtopics in groups.items()]


# How long the topics in use are kept under one public stamp at most (a stamp can last for days
# in a quiet archive; a bound keeps a cache that is never cleared from holding it forever).
TOPICS_KEPT_SECONDS = 3_600


def topics_in_use(stamp_key: str | None = None) -> list[str]:
    """public_topics(), kept under the public stamp: what only an outbox event or a release can
    change. The API and the search service ask for it on every request for a category; its
    seeks (one per topic, up to TOPICS_LISTED) cost 8-11 ms for eleven topics at a million items.
    `stamp_key`: the stamp's key, or one that changes whenever it does (the portal's content
    generation), when the caller has read it already."""
    key = f"gk:topics-in-use:{stamp_key or public_stamp().key}"
    cache = public_content_cache()
    found: list[str] | None = cache.get(key)
    if found is None:
        found = public_topics()
        cache.set(key, found, timeout=TOPICS_KEPT_SECONDS)
    return found


def topics_asked(asked: str, topics: list[str] | None = None) -> tuple[str, ...]:
    """What a topic filter matches: a full topic itself; a category (no separator) itself and
    each topic in use under it (of `topics`, topics_in_use() when not given). Found among the
    topics in use rather than by a prefix match: a LIKE is no index read under every collation
    PostgreSQL may be set up with, and the rows of several topics come merged in date order."""
    if not asked:
        return ()
    if TOPIC_SEPARATOR in asked:
        return (asked,)
    prefix = asked + TOPIC_SEPARATOR
    in_use = topics_in_use() if topics is None else topics
    return (asked, *(topic for topic in in_use if topic.startswith(prefix)))


@dataclass(frozen=True)
class ListPosition:
    """A row's place in the public lists' order (publication_list_public: newest first, then the
    higher id), from which the next rows are read however deep it is (publications_after)."""

    published_on: datetime.date
    pk: int

    @classmethod
    def of(cls, item: Publication) -> "ListPosition":
        if item.published_on is None:  # every public item has one (publication_publish sets it)
            raise ValueError(f"publication {item.pk} has no publication date")
        return cls(item.published_on, item.pk)


def publications_after(qs: QuerySet[Publication], position: ListPosition) -> QuerySet[Publication]:
    """The rows of a public list that come after `position`, in the list's order.

    `published_on <= day` is a range every public list's index answers (the date follows the
    org or kind in each), so the read starts at the position instead of passing every row
    before it as an OFFSET does; that day's rows at or before the position are then left out one
    by one (the items of one day). Written as NOT (...) rather than `published_on < day OR id <
    pk`, which SQLite may answer as the union of two index reads, sorted."""
    day = position.published_on
    return qs.filter(published_on__lte=day).exclude(published_on=day, pk__gte=position.pk)


# What the 政策文件库 lists: the 第二十条第（一）项 documents (规章, 行政规范性文件) and other policies.
POLICY_KINDS = (Kind.POLICY, Kind.RULE, Kind.NORMATIVE)


def policy_list_public(filters: PublicFilters, *, rows_only: bool = False) -> QuerySet[Publication]:
    """The policy library across orgs: policy kinds only, unless one kind is asked for."""
    return publication_list_public(filters, rows_only=rows_only, kinds=tuple(k.value for k in POLICY_KINDS))


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


def publication_id_ceiling() -> int:
    """One more than the highest publication id (public or not): the extent of the id blocks in
    which the sitemap lists public items (portal.sitemaps)."""
    return int(Publication.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def public_ids_between(first: int, stop: int) -> list[tuple[int, datetime.datetime | None]]:
    """(id, public from) of the public items with first <= id < stop, in id order: a range of
    the table's key, read in one pass however large the archive (an OFFSET would pass every
    row before it)."""
    rows = public_publications().filter(pk__gte=first, pk__lt=stop).order_by("pk")
    return list(rows.values_list("pk", "public_from"))

"""Whether what the public sees can have changed since a stamp: the newest outbox event and the
newest release time, read together at `seen_at` (public_stamp; portal.page_cache.Generation).

In a province every publication anywhere moves that stamp, several times a minute on a working
day. What hangs on it (an org's catalog counts, which read all its filed items; a whole cached
page) would be recomputed each time, although almost every change is in some other org. The
two questions here look at the changes since the stamp instead, in two to four index probes:

- catalog_counts_unchanged(org): nothing filed in the org changed (its catalog's counts);
- scope_unchanged(scope): nothing a public page shows changed (portal.page_cache keeps the
  page when so).

Both answer False (recompute) whenever they cannot tell cheaply. They rely on the events the
search index relies on: every change of a publication's public face writes PUBLICATION_CHANGED
naming it, every change of a catalog column CATALOG_CHANGED naming the column; a publication
never moves to another org. A scheduled publication becomes public without any event: the
publications released since the stamp count as changed."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Self, cast

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from gongkai.core.models import OutboxEvent
from gongkai.disclosure.models import CatalogNode, Publication
from gongkai.disclosure.topics import CATALOG_CHANGED, PUBLICATION_CHANGED
from gongkai.orgs.models import Organization
from gongkai.orgs.services import ORG_CHANGED

_CATALOG_TOPICS = (PUBLICATION_CHANGED, CATALOG_CHANGED)

# How far back the changes are read. An event written this long before the stamp it is checked
# against may have committed after it (a transaction that took its outbox id before a
# later-numbered one committed), so it is looked at too; publishing transactions last
# milliseconds, an import batch about a second.
_LATE_COMMIT = datetime.timedelta(seconds=5)
_LOOK_BACK_EVENTS = 200
# More changes than this since the stamp: recompute rather than sort them out (never wrong).
_CHANGE_SCAN_CAP = 1_000


@dataclass(frozen=True)
class PublicStamp:
    """The state of everything public at `read_at`: the newest outbox event (every publish,
    withdrawal, change of validity, org rename or move, site settings and catalog column change
    writes one in its transaction) and the newest release time that has passed (a scheduled
    publication becomes public without a write). What is kept of public content is current
    while both are the same."""

    last_event: int
    event_at: datetime.datetime | None
    released: datetime.datetime | None
    read_at: datetime.datetime

    @property
    def changed(self) -> float:
        """The last change (event or release) as a POSIX time."""
        return max(self.event_at.timestamp() if self.event_at else 0.0, self.released_at)

    @property
    def released_at(self) -> float:
        return self.released.timestamp() if self.released else 0.0

    @property
    def key(self) -> str:
        return f"{self.last_event}.{self.released_at}"


def public_content_cache() -> BaseCache:
    """Where what is made of public content is kept (pages, counts, the topics in use): Redis
    when configured, else this process's memory. Whatever is kept in it is keyed on the public
    stamp, so a process-local copy is as current as a shared one."""
    return caches["pages"] if "pages" in settings.CACHES else caches["default"]


def _as_datetime(value: Any) -> datetime.datetime | None:
    if isinstance(value, str):  # SQLite hands a subquery's datetime back as text
        value = parse_datetime(value)
    if value is None:
        return None
    if value.tzinfo is None:
        # SQLite stores UTC without an offset, and some of its subqueries come back as naive
        # datetimes: .timestamp() would read those in the process's zone (Asia/Shanghai).
        value = value.replace(tzinfo=datetime.UTC)
    return cast(datetime.datetime, value)


def public_stamp() -> PublicStamp:
    """One statement of three index probes, written out because it runs on every public request
    (through the ORM the same reads cost ten times as much)."""
    events, publications = OutboxEvent._meta.db_table, Publication._meta.db_table
    read_at = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {events}),"  # noqa: S608 (table names from the models)
            f" (SELECT created_at FROM {events} ORDER BY id DESC LIMIT 1),"
            f" (SELECT public_from FROM {publications} WHERE public_from <= %s ORDER BY public_from DESC LIMIT 1)",
            [connection.ops.adapt_datetimefield_value(read_at)],
        )
        last_event, event_at, released = cursor.fetchone()
    return PublicStamp(int(last_event or 0), _as_datetime(event_at), _as_datetime(released), read_at)


@dataclass(frozen=True)
class Changes:
    """The changes since a stamp: publications changed or released, catalog columns changed, and
    the topics of every other event (an org renamed, a site's settings, a guide ...)."""

    publications: frozenset[int]
    nodes: frozenset[int]
    other_topics: frozenset[str]


def changes_since(
    *,
    after_event: int,
    released_after: datetime.datetime | None,
    seen_at: datetime.datetime,
    now: datetime.datetime,
    topics: tuple[str, ...] | None = None,
    releases: bool = True,
) -> Changes | None:
    """The changes after the stamp (`after_event`, `released_after`, read at `seen_at`) up to
    `now`, of the given outbox topics (None: all), and the publications released since unless
    `releases` is off (for what no publication changes); None when there are more than
    _CHANGE_SCAN_CAP of either kind."""
    events = OutboxEvent.objects.filter(id__gt=max(0, after_event - _LOOK_BACK_EVENTS))
    if topics is not None:
        events = events.filter(topic__in=topics)
    rows = list(
        events.filter(Q(id__gt=after_event) | Q(created_at__gte=seen_at - _LATE_COMMIT))
        .order_by("id")
        .values_list("topic", "object_id")[: _CHANGE_SCAN_CAP + 1]
    )
    if len(rows) > _CHANGE_SCAN_CAP:
        return None
    released: list[int] = []
    if releases:
        due = Publication.objects.filter(public_from__lte=now)
        if released_after is not None:
            due = due.filter(public_from__gt=released_after)
        released = list(due.values_list("pk", flat=True)[: _CHANGE_SCAN_CAP + 1])
        if len(released) > _CHANGE_SCAN_CAP:
            return None
    return Changes(
        publications=frozenset(released).union(int(key) for topic, key in rows if topic == PUBLICATION_CHANGED),
        nodes=frozenset(int(key) for topic, key in rows if topic == CATALOG_CHANGED),
        other_topics=frozenset(topic for topic, _ in rows if topic not in _CATALOG_TOPICS),
    )


def catalog_counts_unchanged(
    org: Organization,
    *,
    after_event: int,
    released_after: datetime.datetime | None,
    seen_at: datetime.datetime,
    now: datetime.datetime,
) -> bool:
    """Whether catalog_tree(org), and the count of any of its columns' lists, still give what
    they gave at the stamp: no event since names one of the org's publications or a column of
    its catalog, and none of its publications came due. Recounting a large org's catalog reads
    all its filed items (60-160 ms at 16,000). False also for a column deleted since (whose org
    is unknown)."""
    changes = changes_since(
        after_event=after_event, released_after=released_after, seen_at=seen_at, now=now, topics=_CATALOG_TOPICS
    )
    if changes is None:
        return False
    if changes.nodes and CatalogNode.objects.filter(pk__in=changes.nodes).exclude(org=org).count() != len(
        changes.nodes
    ):
        return False
    return not (changes.publications and Publication.objects.filter(pk__in=changes.publications, org=org).exists())


def org_tree_unchanged(
    *,
    after_event: int,
    released_after: datetime.datetime | None,
    seen_at: datetime.datetime,
    now: datetime.datetime,
) -> bool:
    """Whether the org tree (its orgs, their names, order and places) is what it was at the
    stamp: no org was created or changed since (each writes ORG_CHANGED). What the directory and
    a province's 专栏 show of it counts every org path below each org listed (two grouped reads
    of 5,000 paths, about 4 ms), which no publication changes."""
    changes = changes_since(
        after_event=after_event,
        released_after=released_after,
        seen_at=seen_at,
        now=now,
        topics=(ORG_CHANGED,),
        releases=False,
    )
    return changes is not None and not changes.other_topics


@dataclass(frozen=True)
class PublicScope:
    """What a public page shows of 主动公开 content, for keeping it through changes elsewhere:
    the publications and catalogs of some orgs' subtrees (each given by its Organization.path,
    a prefix of every path below it), and some publications by themselves, with the
    interpretations (解读) of those. Everything else a page shows (an org's name, a site's look,
    guides, reports) changes only with other outbox topics, and any of those counts as a
    change of every page, but those the caller names as shown on none of its pages."""

    subtrees: tuple[str, ...] = ()
    publications: tuple[int, ...] = ()

    @classmethod
    def everything(cls) -> Self:
        return cls(subtrees=("/",))

    @classmethod
    def nothing(cls) -> Self:
        """A page that lists no publication or column (the org directory): only its other
        topics reach it."""
        return cls()

    @property
    def is_everything(self) -> bool:
        """Every publication and column is in it: any change of content is one of its own."""
        return "/" in self.subtrees

    @classmethod
    def of_subtree(cls, org: Organization) -> Self:
        """An org's page, site home or column: its subtree's lists and catalogs (a superset of
        a column's own items, which are the org's)."""
        return cls(subtrees=(org.path,))

    @classmethod
    def of_publication(cls, publication: Publication, interpretations: Iterable[int] = ()) -> Self:
        """An item's page: the item, the policy it interprets, the one that replaced it (both
        shown by title) and its interpretations: those listed (one may come to interpret
        another policy) and any new one (its event names it, its `interprets` points here)."""
        linked = (publication.pk, publication.interprets_id, publication.replaced_by_id, *interpretations)
        return cls(publications=tuple(pk for pk in linked if pk is not None))


def scope_unchanged(
    scope: PublicScope,
    *,
    after_event: int,
    released_after: datetime.datetime | None,
    seen_at: datetime.datetime,
    now: datetime.datetime,
    unshown_topics: frozenset[str] = frozenset(),
) -> bool:
    """Whether a page showing `scope` still shows what it showed at the stamp. Events of
    `unshown_topics` (those of modules the page shows nothing of) are not changes of it."""
    changes = changes_since(after_event=after_event, released_after=released_after, seen_at=seen_at, now=now)
    if changes is None or changes.other_topics - unshown_topics:
        return False
    if scope.is_everything:
        return not (changes.publications or changes.nodes)

    def listed(path: str) -> bool:
        return path.startswith(scope.subtrees) if scope.subtrees else False

    if changes.nodes:
        columns = list(CatalogNode.objects.filter(pk__in=changes.nodes).values_list("org__path", flat=True))
        if len(columns) != len(changes.nodes) or any(map(listed, columns)):
            return False  # a column in the scope, or one deleted since (whose org is unknown)
    if changes.publications:
        shown = frozenset(scope.publications)
        rows = list(
            Publication.objects.filter(pk__in=changes.publications).values_list("pk", "interprets_id", "org__path")
        )
        if len(rows) != len(changes.publications):
            return False  # a publication deleted since: where it was shown is unknown
        for pk, interprets, org_path in rows:
            if pk in shown or interprets in shown or listed(org_path):
                return False
    return True

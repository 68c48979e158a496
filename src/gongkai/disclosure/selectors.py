"""Reads of government information: what the public sees, and the staff's task lists."""

import datetime
from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound
from gongkai.disclosure import permissions
from gongkai.disclosure.attachments import (  # noqa: F401
    PUBLIC_ATTACHMENT,
    attachment_rows,
    attachments_as_of,
    working_attachments,
)
from gongkai.disclosure.content import Content
from gongkai.disclosure.models import (
    Attachment,
    CatalogNode,
    Decision,
    Kind,
    Publication,
    ReviewDecision,
    ReviewStep,
    Revision,
    State,
)

# The public lists and items (public_reads.py) and their changes (public_changes.py), from here too.
from gongkai.disclosure.public_changes import PublicScope, catalog_counts_unchanged, scope_unchanged  # noqa: F401
from gongkai.disclosure.public_reads import (  # noqa: F401
    LIST_DEFERRED,
    POLICY_KINDS,
    PublicFilters,
    attachment_get_public,
    interpretations_of,
    policy_list_public,
    public_attachments,
    public_publications,
    publication_get_public,
    publication_list_public,
    publication_list_recent,
)
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role
from gongkai.workdays import selectors as workdays

# 条例第二十六条: publish within 20 working days of the information being formed or changed.
PUBLISH_WITHIN_WORKING_DAYS = 20

DEFAULT_REVIEW_STEPS = (("保密审查", Role.REVIEWER), ("签发", Role.APPROVER))


def review_steps_for(org: Organization) -> list[ReviewStep]:
    """The workflow that applies to `org`: its own, else the nearest ancestor's, else the default."""
    chain = list(reversed(org.ancestor_ids()))
    configured = list(ReviewStep.objects.filter(org_id__in=chain).order_by("order"))
    for org_id in chain:
        steps = [s for s in configured if s.org_id == org_id]
        if steps:
            return steps
    return [
        ReviewStep(org=org, order=i + 1, name=name, role=role) for i, (name, role) in enumerate(DEFAULT_REVIEW_STEPS)
    ]


def current_step(publication: Publication) -> ReviewStep | None:
    """The first step of the org's workflow with no approval of the current revision yet."""
    approved = set(
        ReviewDecision.objects.filter(revision=publication.current_revision, decision=Decision.APPROVE).values_list(
            "step_order", flat=True
        )
    )
    for step in review_steps_for(publication.org):
        if step.order not in approved:
            return step
    return None


def is_last_step(publication: Publication, step: ReviewStep) -> bool:
    return step.order == review_steps_for(publication.org)[-1].order


def content_of(revision: Revision) -> Content:
    """The editable content of a revision (for forms and the API), its columns included."""
    values = {f.name: getattr(revision, f.name) for f in fields(Content) if hasattr(revision, f.name)}
    values.pop("interprets_id", None)
    return Content(
        **values,
        interprets_id=revision.interprets_id,
        catalog_node_ids=list(revision.catalog_nodes.values_list("pk", flat=True)),
        co_issuer_ids=list(revision.co_issuers.values_list("pk", flat=True)),
    )


def interpretable_policies(org: Organization) -> QuerySet[Publication]:
    """What an interpretation drafted for `org` may interpret (谁起草、谁解读): a document of
    the org itself or of an org beneath it, which is not itself an interpretation."""
    return Publication.objects.filter(org__path__startswith=org.path).exclude(kind=Kind.INTERPRETATION)


# --- public reads (the lists and items: public_reads.py) -------------------------------------


def catalog_tree(org: Organization, *, with_counts: bool = True) -> list[dict[str, Any]]:
    """The org's catalog as nested dicts with the number of public items under each node."""
    nodes = list(CatalogNode.objects.filter(org=org).order_by("path", "sort_order"))
    counts: dict[int, int] = dict.fromkeys((n.pk for n in nodes), 0)
    if with_counts:
        # The org's public items grouped by their columns (filed_in), read from one index in that
        # order. A node counts each item filed in it or beneath it once, as its list does.
        filed = public_publications().filter(org=org).exclude(filed_in="").order_by()
        lineage = {n.pk: n.ancestor_ids() for n in nodes}
        # COUNT(*), not of the id: PostgreSQL's index holds no id, and would read the rows for it.
        for filed_in, number in filed.values_list("filed_in").annotate(n=Count("*")):
            under = {pk for column in filed_in.split(",") for pk in lineage.get(int(column), ())}
            for pk in under & counts.keys():
                counts[pk] += number
    by_parent: dict[int | None, list[CatalogNode]] = {}
    for node in sorted(nodes, key=lambda n: (n.sort_order, n.pk)):
        by_parent.setdefault(node.parent_id, []).append(node)

    def build(parent_id: int | None) -> list[dict[str, Any]]:
        return [
            {"node": n, "count": counts.get(n.pk, 0), "children": build(n.pk)} for n in by_parent.get(parent_id, [])
        ]

    return build(None)


def empty_catalog_nodes(org: Organization) -> list[CatalogNode]:
    """Leaf columns with nothing public: 空栏目, which inspections count towards a veto."""
    flat: list[dict[str, Any]] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            flat.append(item)
            walk(item["children"])

    walk(catalog_tree(org))
    return [i["node"] for i in flat if not i["children"] and i["count"] == 0]


def catalog_node_get(org: Organization, code: str) -> CatalogNode:
    node = CatalogNode.objects.filter(org=org, code=code).first()
    if node is None:
        raise NotFound("未找到该栏目。")
    return node


# --- staff reads ------------------------------------------------------------------------------


def publication_get_for_staff(*, actor: Actor, pk: int) -> Publication:
    """404 both when the item does not exist and when the actor may not know that it does."""
    item = Publication.objects.select_related("org", "current_revision", "published_revision").filter(pk=pk).first()
    if item is None or not permissions.can_see_unpublished(actor, item):
        raise NotFound("未找到该信息。")
    return item


def _staff_scope(actor: Actor, roles: tuple[Role, ...]) -> Q:
    if org_permissions.is_platform_operator(actor):
        return Q()
    paths = (
        [m.org.path for m in org_selectors.memberships_of(actor) if m.role in {r.value for r in roles}]
        if getattr(actor, "is_authenticated", False)
        else []
    )
    if not paths:
        return Q(pk__in=[])
    scope = Q()
    for path in paths:
        scope |= Q(org__path__startswith=path)
    return scope


def my_drafts(actor: Actor) -> QuerySet[Publication]:
    """我的草稿: drafts (including rejected ones) in the orgs where the actor drafts."""
    return (
        Publication.objects.filter(_staff_scope(actor, (Role.EDITOR,)), state=State.DRAFT)
        .select_related("org", "current_revision")
        .order_by("-current_revision__created_at")
    )


def awaiting_my_review(actor: Actor) -> list[Publication]:
    """待我审核: items whose current review step the actor may decide."""
    candidates = (
        Publication.objects.filter(
            _staff_scope(actor, (Role.REVIEWER, Role.APPROVER, Role.ADMIN)), state=State.IN_REVIEW
        )
        .select_related("org", "current_revision")
        .order_by("current_revision__submitted_at")
    )
    approved: dict[int, set[int]] = {}
    for revision_id, order in ReviewDecision.objects.filter(
        revision__in=[c.current_revision_id for c in candidates], decision=Decision.APPROVE
    ).values_list("revision_id", "step_order"):
        approved.setdefault(revision_id, set()).add(order)
    result = []
    workflows: dict[int, list[ReviewStep]] = {}  # one lookup per org, not per item
    for item in candidates:
        if item.org_id not in workflows:
            workflows[item.org_id] = review_steps_for(item.org)
        done = approved.get(item.working_revision.pk, set())
        steps = [s for s in workflows[item.org_id] if s.order not in done]
        if steps and permissions.can_decide_step(actor, item, steps[0].role):
            item.pending_step = steps[0]  # type: ignore[attr-defined]
            result.append(item)
    return result


def published_by_me(actor: Actor) -> QuerySet[Publication]:
    """已发布: items public in the actor's orgs."""
    staff = (Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)
    return (
        Publication.objects.filter(_staff_scope(actor, staff), published_revision__isnull=False)
        .exclude(state=State.WITHDRAWN)
        .select_related("org")
        .order_by("-published_on", "-id")
    )


def publication_findings(publication: Publication) -> dict[str, Any]:
    """The pre-publication scan of the working revision, for reviewers: findings (personal
    values masked), the body cut into highlighted segments, and what masking would change."""
    from gongkai.disclosure import scanning
    from gongkai.disclosure.richtext import sanitize_html
    from gongkai.privacy.scanner import mask_html

    revision = publication.working_revision
    parts = scanning.scan_revision(publication, revision)
    body = next(p.report for p in parts if p.part == "正文")
    masked_body, mask_counts = mask_html(revision.body_html)
    return {
        "findings": scanning.findings_for_display(parts),
        "segments": scanning.highlighted_segments(body),
        "mask_counts": mask_counts,
        "masked_preview": sanitize_html(masked_body),
    }


def revisions_of(publication: Publication) -> QuerySet[Revision]:
    return publication.revisions.select_related("author").prefetch_related("decisions__actor").order_by("number")


# --- 条例第二十六条: the 20-working-day rule ------------------------------------------------------


@dataclass
class DeadlineStatus:
    publication: Publication
    formed_on: datetime.date
    due_on: datetime.date
    provisional: bool
    explanation: list[str]
    published_on: datetime.date | None
    late_by: int  # working days after the due date (0 when on time or not yet late)


def publish_due_on(formed_on: datetime.date) -> Any:
    """The 第二十六条 due date for information formed or changed on `formed_on`, explained."""
    return workdays.add_working_days(formed_on, PUBLISH_WITHIN_WORKING_DAYS)


def compliance_report(
    org: Organization, *, year: int, today: datetime.date | None = None, risk_within: int = 5
) -> dict[str, list[DeadlineStatus]]:
    """Items of `org`'s subtree published late in `year`, and unpublished items due soon or overdue."""
    today = today or timezone.localdate()
    calendar = workdays.get_calendar()
    late: list[DeadlineStatus] = []
    at_risk: list[DeadlineStatus] = []
    published = (
        Publication.objects.filter(
            org__path__startswith=org.path,
            published_revision__isnull=False,
            published_on__year=year,
            formed_on__isnull=False,
        )
        .exclude(state=State.WITHDRAWN)
        .select_related("org")
    )
    for item in published:
        if item.formed_on is None or item.published_on is None:  # excluded by the query
            continue
        due = calendar.due_date(item.formed_on, PUBLISH_WITHIN_WORKING_DAYS)
        if item.published_on > due.date:
            late_by = calendar.working_days_between(due.date, item.published_on).working_days
            late.append(
                DeadlineStatus(
                    item, item.formed_on, due.date, due.provisional, due.explanation, item.published_on, late_by
                )
            )
    pending = Publication.objects.filter(
        org__path__startswith=org.path,
        published_revision__isnull=True,
        state__in=[State.DRAFT, State.IN_REVIEW, State.APPROVED],
        current_revision__formed_on__isnull=False,
    ).select_related("org", "current_revision")
    for item in pending:
        formed_on = item.working_revision.formed_on
        if formed_on is None:  # excluded by the query
            continue
        due = calendar.due_date(formed_on, PUBLISH_WITHIN_WORKING_DAYS)
        remaining = calendar.working_days_between(today, due.date).working_days
        if remaining <= risk_within:
            late_by = max(0, -remaining)
            at_risk.append(DeadlineStatus(item, formed_on, due.date, due.provisional, due.explanation, None, late_by))
    at_risk.sort(key=lambda s: s.due_on)
    return {"late": late, "at_risk": at_risk}


def interpretation_rate(org: Organization, *, year: int, window: int | None = None) -> dict[str, Any]:
    """解读率: major policies published in `year` with/without an interpretation, and late ones.

    `window` is the working days after the policy within which its interpretation is due (the
    Sichuan draft in the seeds asks for 3; a local rule, so configurable).
    """
    window = settings.GONGKAI_INTERPRETATION_WINDOW if window is None else window
    calendar = workdays.get_calendar()
    policies = list(
        public_publications()
        .filter(org__path__startswith=org.path, is_major_policy=True, published_on__year=year)
        .select_related("org")
        .order_by("published_on")
    )
    interpretations = public_publications().filter(interprets__in=policies, kind=Kind.INTERPRETATION)
    by_policy: dict[int, list[Publication]] = {}
    for interpretation in interpretations:
        if interpretation.interprets_id is not None:
            by_policy.setdefault(interpretation.interprets_id, []).append(interpretation)
    with_interp, without, late = [], [], []
    for policy in policies:
        found = sorted(by_policy.get(policy.pk, []), key=lambda p: p.published_on or datetime.date.max)
        if not found:
            without.append(policy)
            continue
        with_interp.append(policy)
        first, released = found[0].published_on, policy.published_on
        if first and released and first > calendar.due_date(released, window).date:
            late.append((policy, found[0]))
    total = len(policies)
    return {
        "year": year,
        "total": total,
        "with_interpretation": with_interp,
        "without_interpretation": without,
        "late": late,
        "rate": (len(with_interp) / total) if total else None,
        "window": window,
    }


def annual_report_counts(org: Organization, *, year: int) -> dict[str, Any]:
    """Annual report figures for `org` itself (co-issued documents count for the issuing org
    only). "published": public items published in `year` (section 一). Table 二, 第二十条第（一）项
    (国办公开办函〔2021〕30号), under "regulations" (kind rule, 规章) and "normative_documents"
    (kind normative), columns:

    - 本年制发件数: public items of the kind published in `year`;
    - 本年废止件数: public items that became 废止 or 失效 in `year`;
    - 现行有效件数: public items published by 31 December and still valid on that day.
    """
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    result: dict[str, Any] = {
        "published": public_publications().filter(org=org, published_on__range=(start, end)).count()
    }
    for key, kind in (("regulations", Kind.RULE), ("normative_documents", Kind.NORMATIVE)):
        items = public_publications().filter(org=org, kind=kind)
        ended = Q(validity_changed_on__range=(start, end)) & Q(validity__in=("repealed", "expired"))
        valid_at_end = Q(validity="valid") | Q(validity_changed_on__gt=end)
        result[key] = {
            "issued": items.filter(published_on__range=(start, end)).count(),
            "repealed": items.filter(ended).count(),
            "in_force": items.filter(published_on__lte=end).filter(valid_at_end).count(),
        }
    return result


# --- public items as plain data, for readers above the domain (search) --------------------------


@dataclass(frozen=True)
class PublicationText:
    """A public publication as plain data: what a reader outside this app (the search index)
    may know of it, with its body and attachments already turned into text."""

    pk: int
    org_id: int
    org_path: list[int]  # the org and its ancestors
    kind: str  # a Kind value
    is_interpretation: bool
    title: str
    text: str  # body, keywords and the attachments' extracted text
    catalog_node_ids: list[int]  # the columns it is filed under, with their ancestors
    topic: str
    published_on: datetime.date | None
    validity: str
    doc_number: str
    index_number: str
    revision_id: int | None  # the published revision: changes when a new text is signed off
    state: str


def public_publication_texts(pks: set[int] | list[int]) -> list[PublicationText]:
    """The public ones among `pks` (a pk that is not, or no longer, public is simply absent).

    The indexer reads thousands at a time, so this reads plain values in three queries (rows,
    catalog links, attachment texts) instead of model instances with prefetches: building
    instances was most of the indexing process's own time."""
    from gongkai.disclosure.richtext import html_to_text

    rows = list(
        public_publications()
        .filter(pk__in=list(pks))
        .order_by("pk")
        .values_list(
            "pk",
            "org_id",
            "org__path",
            "kind",
            "title",
            "body_html",
            "keywords",
            "topic",
            "published_on",
            "validity",
            "doc_number",
            "index_number",
            "published_revision_id",
            "state",
        )
    )
    found = [row[0] for row in rows]
    node_ids: dict[int, set[int]] = {}
    links = Publication.catalog_nodes.through.objects.filter(publication_id__in=found)
    for publication_id, path in links.values_list("publication_id", "catalognode__path"):
        node_ids.setdefault(publication_id, set()).update(int(part) for part in path.strip("/").split("/") if part)
    attachments: dict[int, list[str]] = {}
    texts = Attachment.objects.filter(PUBLIC_ATTACHMENT, publication_id__in=found).exclude(text="").order_by("pk")
    for publication_id, text in texts.values_list("publication_id", "text"):
        attachments.setdefault(publication_id, []).append(text)
    return [
        PublicationText(
            pk=pk,
            org_id=org_id,
            org_path=[int(part) for part in org_path.strip("/").split("/") if part],  # Organization.ancestor_ids
            kind=kind,
            is_interpretation=kind == Kind.INTERPRETATION,
            title=title,
            text="\n".join(filter(None, [html_to_text(body_html), keywords, "\n".join(attachments.get(pk, []))])),
            catalog_node_ids=sorted(node_ids.get(pk, ())),
            topic=topic,
            published_on=published_on,
            validity=validity,
            doc_number=doc_number,
            index_number=index_number or "",
            revision_id=revision_id,
            state=state,
        )
        for (
            pk,
            org_id,
            org_path,
            kind,
            title,
            body_html,
            keywords,
            topic,
            published_on,
            validity,
            doc_number,
            index_number,
            revision_id,
            state,
        ) in rows
    ]


def public_publication_pks(
    *, now: datetime.datetime | None = None, released_after: datetime.datetime | None = None
) -> list[int]:
    """Pks of every public publication, in order; with `released_after`, only those whose
    scheduled release (public_from) fell after it, i.e. those that became public without a write."""
    items = public_publications(now=now)
    if released_after is not None:
        items = items.filter(public_from__gt=released_after)
    return list(items.order_by("pk").values_list("pk", flat=True))


# --- 条例第二十六条 as a rate, for the assessment (supervision reads this) -------------------------


@dataclass(frozen=True)
class TimelinessFigures:
    """Items of an org's subtree published in a year with a 成文日期, and which of them were
    published after the 20-working-day due date (pk, title, formed, due, published)."""

    total: int
    late: list[tuple[int, str, datetime.date, datetime.date, datetime.date]]


def publication_timeliness(org: Organization, *, year: int) -> TimelinessFigures:
    """The 第二十六条 figures `compliance_report` lists as late, with the total they are out of."""
    calendar = workdays.get_calendar()
    items = (
        Publication.objects.filter(
            org__path__startswith=org.path, published_revision__isnull=False, published_on__year=year
        )
        .exclude(state=State.WITHDRAWN)
        .exclude(formed_on__isnull=True)
        .only("pk", "title", "formed_on", "published_on")
        .order_by("published_on", "pk")
    )
    total, late = 0, []
    for item in items:
        if item.formed_on is None or item.published_on is None:  # excluded by the query
            continue
        total += 1
        due = calendar.due_date(item.formed_on, PUBLISH_WITHIN_WORKING_DAYS).date
        if item.published_on > due:
            late.append((item.pk, item.title, item.formed_on, due, item.published_on))
    return TimelinessFigures(total, late)


# --- 主动公开目录 columns and what is filed in them, as plain data (标准目录 coverage) -----------


@dataclass(frozen=True)
class ColumnRef:
    pk: int
    org_id: int
    name: str
    code: str
    depth: int  # 0 for a first-level column


def catalog_columns(org_ids: list[int]) -> list[ColumnRef]:
    """The 主动公开目录 columns of the orgs, in display order (for binding catalog items)."""
    nodes = CatalogNode.objects.filter(org_id__in=org_ids).order_by("org_id", "path", "sort_order")
    return [ColumnRef(n.pk, n.org_id, n.name, n.code, n.path.count("/") - 2) for n in nodes]


@dataclass(frozen=True)
class FiledPublication:
    pk: int
    column_id: int  # the asked column it is filed in or beneath
    title: str
    published_on: datetime.date | None
    formed_on: datetime.date | None


def public_filings(column_ids: list[int]) -> list[FiledPublication]:
    """Public publications filed in each asked column or a column beneath it."""
    asked = set(column_ids)
    owners: dict[int, list[int]] = {}
    org_ids = CatalogNode.objects.filter(pk__in=asked).values("org_id")
    for pk, path in CatalogNode.objects.filter(org_id__in=org_ids).values_list("pk", "path"):
        hits = [int(p) for p in path.strip("/").split("/") if p and int(p) in asked]
        if hits:
            owners[pk] = hits
    links = Publication.catalog_nodes.through.objects.filter(
        catalognode_id__in=list(owners), publication__in=public_publications()
    ).values_list(
        "catalognode_id", "publication_id", "publication__title", "publication__published_on", "publication__formed_on"
    )
    return [FiledPublication(p, c, t, on, f) for n, p, t, on, f in links for c in owners[n]]


def published_year_counts(org: Organization, *, year: int) -> dict[str, int]:
    """The org's own public items published in `year` (政府网站工作年度报表 信息发布、解读回应):
    all of them, those filed under a 主动公开目录 column, and interpretations."""
    items = public_publications().filter(org=org, published_on__year=year)
    return {
        "total": items.count(),
        "filed": items.filter(catalog_nodes__isnull=False).values("pk").distinct().count(),
        "interpretations": items.filter(kind=Kind.INTERPRETATION).count(),
    }


def published_per_month(org: Organization, *, year: int) -> list[int]:
    """Public items of the org's subtree published in each month of `year` (12 counts, January first)."""
    counts = [0] * 12
    rows = (
        public_publications()
        .filter(org__path__startswith=org.path, published_on__year=year)
        .values_list("published_on", flat=True)
    )
    for day in rows.iterator(chunk_size=2000):
        if day is not None:
            counts[day.month - 1] += 1
    return counts

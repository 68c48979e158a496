"""主动公开 through the API: public reads, and every workflow action for staff."""

import datetime
import re
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from gongkai.api import params
from gongkai.api.actions import ActionOut, actions_of
from gongkai.api.auth import StaffToken
from gongkai.core.actors import Actor
from gongkai.core.counting import count_up_to
from gongkai.core.errors import ValidationFailed
from gongkai.core.urls import public_url
from gongkai.disclosure import selectors, services
from gongkai.disclosure.models import Kind, Publication, State, Validity
from gongkai.disclosure.public_reads import ListPosition, publications_after, topics_asked
from gongkai.disclosure.transitions import PUBLICATION
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.services import organization_get

router = Router(tags=["disclosure"])
staff = StaffToken()


class PublicationSummary(Schema):
    id: int
    index_number: str
    title: str
    kind: str
    kind_label: str
    org_id: int
    org_name: str
    doc_number: str
    published_on: datetime.date | None
    validity: str
    url: str


# At most this many rows of a public list are counted and reached by paging (the portal's pager
# stops at 1,000 the same way): an exact COUNT(*) of a million public items took 380 ms a request,
# a page past 50,000 rows 400 ms. Narrower filters (an org, a column, a year) reach the rest.
API_MAX_ROWS = 10_000


class PublicationPage(Schema):
    total: int = Field(description=f"符合条件的条数，最多计到{API_MAX_ROWS}条")
    total_capped: bool = Field(description=f"为真时符合条件的超过{API_MAX_ROWS}条（total 即为上限）")
    page: int
    page_size: int
    results: list[PublicationSummary]
    next_after: str | None = Field(
        description="接着本页往下翻的 after 参数（原样传回，条件不变）；已到末尾时为 null。"
        f"按 after 翻页不受{API_MAX_ROWS}条的限制，可以取完全部信息"
    )


# A list position as the API writes it: the publication date and the id, "20240301-1234".
AFTER_FORMAT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})-([1-9][0-9]{0,17})")


def _after_param() -> Any:
    return Query("", max_length=30, description="上一页返回的 next_after：从该条之后接着列出（与 page 不同时使用）")


def _position(after: str) -> ListPosition | None:
    """The list position an `after` parameter names (422 bad_after for anything else)."""
    if not after:
        return None
    match = AFTER_FORMAT.fullmatch(after)
    try:
        day = datetime.date(*(int(part) for part in match.groups()[:3])) if match else None
    except ValueError:  # 20241340 has the shape
        day = None
    if match is None or day is None or not params.FIRST_YEAR <= day.year <= params.LAST_YEAR:
        raise ValidationFailed(
            "翻页参数无效：请原样使用上一页返回的 next_after，或去掉 after 从第一页列起。",
            code="bad_after",
            fields={"after": ["不是有效的翻页位置。"]},
        )
    return ListPosition(day, int(match.group(4)))


def _after_token(position: ListPosition) -> str:
    return f"{position.published_on:%Y%m%d}-{position.pk}"


class PublicationDetail(PublicationSummary):
    topic: str
    written_on: datetime.date | None
    keywords: str
    body_html: str
    validity_changed_on: datetime.date | None
    replaced_by_id: int | None
    interprets_id: int | None
    interpretation_ids: list[int]
    attachments: list["PublicAttachmentOut"]


class PublicAttachmentOut(Schema):
    name: str
    media_type: str
    size: int
    url: str


class CatalogNodeOut(Schema):
    id: int
    code: str
    name: str
    count: int
    children: list["CatalogNodeOut"]


def _summary(item: Publication) -> dict[str, Any]:
    return {
        "id": item.pk,
        "index_number": item.index_number or "",
        "title": item.title,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "org_id": item.org_id,
        "org_name": item.org.name,
        "doc_number": item.doc_number,
        "published_on": item.published_on,
        "validity": item.validity,
        "url": f"/info/{item.pk}/",
    }


@router.get(
    "/publications",
    response=PublicationPage,
    summary="公开信息列表（可按机构、栏目、体裁、年份、有效性、主题分类筛选；按 next_after 可取完全部）",
)
def publication_list(
    request: HttpRequest,
    org: str = "",
    node: str = "",
    kind: str = "",
    year: int | None = params.year(),
    validity: str = "",
    topic: str = Query(
        "", description="主题分类：完整值（如 综合政务\\政务公开）只列该类；只写大类（如 综合政务）列大类及其下各小类"
    ),
    page: int = params.page(),
    page_size: int = params.page_size(),
    after: str = _after_param(),
) -> dict[str, Any]:
    """Pages by number reach the first API_MAX_ROWS rows; `after` (the previous page's
    next_after) goes on from a row's place in the list's order, read from the list's index at that
    place, so a program can take a whole archive however large, a page at a time, at the cost of
    the first page."""
    org_obj = org_selectors.organization_by_slug(org) if org else None
    node_obj = selectors.catalog_node_get(org_obj, node) if (org_obj and node) else None
    filters = selectors.PublicFilters(
        org=org_obj,
        node=node_obj,
        kind=kind if kind in Kind.values else "",
        year=year,
        validity=validity if validity in Validity.values else "",
        # A category (综合政务) stands for itself and each topic in use under it, as on the portal.
        topics=topics_asked(topic[:100]),
    )
    qs = selectors.publication_list_public(filters, rows_only=True)
    position = _position(after)
    if position is not None and page != 1:
        raise ValidationFailed(
            "按 after 接着翻页时不能再指定页码：请去掉 page 参数。",
            code="after_with_page",
            fields={"page": ["与 after 不能同时使用。"]},
        )
    start = (page - 1) * page_size
    if start >= API_MAX_ROWS:
        raise ValidationFailed(
            f"按页码只能翻阅前{API_MAX_ROWS}条：请改用上一页返回的 next_after 接着翻页，"
            "或按机构、栏目、年份等条件缩小范围。",
            code="page_beyond_limit",
            fields={"page": [f"页码与每页条数之积不能超过{API_MAX_ROWS}，更多的请用 after 翻页。"]},
        )
    if position is None:
        # One row past the page says whether there is more (also past the numbered pages' end).
        window = list(qs[start : start + page_size + 1])
        shown = window[: min(page_size, API_MAX_ROWS - start)]
    else:
        window = list(publications_after(qs, position)[: page_size + 1])
        shown = window[:page_size]
    counted = count_up_to(qs, API_MAX_ROWS)
    more = len(window) > len(shown) and bool(shown)
    return {
        "total": min(counted, API_MAX_ROWS),
        "total_capped": counted > API_MAX_ROWS,
        "page": page,
        "page_size": page_size,
        "results": [_summary(i) for i in shown],
        "next_after": _after_token(ListPosition.of(shown[-1])) if more else None,
    }


@router.get("/publications/{pk}", response=PublicationDetail, summary="公开信息详情（撤回的返回 410）")
def publication_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    item = selectors.publication_get_public(pk=pk)
    return {
        **_summary(item),
        "topic": item.topic,
        "written_on": item.written_on,
        "keywords": item.keywords,
        "body_html": item.body_html,
        "validity_changed_on": item.validity_changed_on,
        "replaced_by_id": item.replaced_by_id,
        "interprets_id": item.interprets_id,
        "interpretation_ids": [i.pk for i in selectors.interpretations_of(item)],
        "attachments": [
            {
                "name": a.name,
                "media_type": a.media_type,
                "size": a.size,
                "url": public_url("publication_attachment", pk=item.pk, attachment=a.pk),
            }
            for a in selectors.public_attachments(item)
        ],
    }


def _catalog_out(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "id": e["node"].pk,
            "code": e["node"].code,
            "name": e["node"].name,
            "count": e["count"],
            "children": _catalog_out(e["children"]),
        }
        for e in entries
    ]


@router.get("/orgs/{org_id}/catalog", response=list[CatalogNodeOut], summary="机构的主动公开目录（含各栏目信息数）")
def catalog(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    return _catalog_out(selectors.catalog_tree(organization_get(pk=org_id)))


# --- staff -------------------------------------------------------------------------------------


class ContentIn(Schema):
    title: str
    kind: str = Kind.OTHER
    body_html: str = ""
    topic: str = ""
    doc_number: str = ""
    written_on: datetime.date | None = None
    formed_on: datetime.date | None = None
    disclosure_mode: str = "proactive"
    withholding_ground: str = ""
    keywords: str = ""
    is_major_policy: bool = False
    interprets_id: int | None = None
    interpretation_form: str = ""
    catalog_node_ids: list[int] = []
    co_issuer_ids: list[int] = []


class DraftIn(ContentIn):
    org_id: int


class DecisionIn(Schema):
    decision: str
    opinion: str = ""
    override_reason: str = ""


class PublishIn(Schema):
    at: datetime.datetime | None = None
    override_reason: str = ""


class WithdrawIn(Schema):
    reason: str


class ValidityIn(Schema):
    validity: str
    changed_on: datetime.date | None = None
    replaced_by_id: int | None = None


class DecisionOut(Schema):
    step: str
    decision: str
    opinion: str
    actor: str
    revision: int


class StaffAttachmentOut(Schema):
    id: int
    name: str
    media_type: str
    size: int
    # The public sees it now; removed: taken out of the working revision (it leaves the public
    # page when that revision is released).
    public: bool
    removed: bool


class StaffPublicationOut(Schema):
    id: int
    state: str
    state_label: str
    org_id: int
    index_number: str | None
    current_revision: int
    published_revision: int | None
    title: str
    # The working revision's columns and co-issuers; the public item keeps its own until that
    # revision is released (public_catalog_node_ids).
    catalog_node_ids: list[int]
    co_issuer_ids: list[int]
    public_catalog_node_ids: list[int]
    current_step: str | None
    warnings: list[str] = []
    attachments: list[StaffAttachmentOut]
    decisions: list[DecisionOut]
    # What the token's holder may do next: exactly the workflow's available actions.
    actions: list[ActionOut]


def _staff_out(actor: Actor, publication: Publication, warnings: list[str] | None = None) -> dict[str, Any]:
    publication.refresh_from_db()
    revision = publication.working_revision
    step = selectors.current_step(publication) if publication.state == State.IN_REVIEW else None
    return {
        "id": publication.pk,
        "state": publication.state,
        "state_label": publication.get_state_display(),
        "org_id": publication.org_id,
        "index_number": publication.index_number,
        "current_revision": revision.number,
        "published_revision": publication.published_revision.number if publication.published_revision else None,
        "title": revision.title,
        "catalog_node_ids": sorted(revision.catalog_nodes.values_list("pk", flat=True)),
        "co_issuer_ids": sorted(revision.co_issuers.values_list("pk", flat=True)),
        "public_catalog_node_ids": (
            sorted(publication.catalog_nodes.values_list("pk", flat=True)) if publication.published_revision_id else []
        ),
        "current_step": step.name if step else None,
        "warnings": warnings or [],
        "attachments": [
            {
                "id": row.attachment.pk,
                "name": row.attachment.name,
                "media_type": row.attachment.media_type,
                "size": row.attachment.size,
                "public": row.public_now,
                "removed": row.removed,
            }
            for row in selectors.attachment_rows(publication)
        ],
        "decisions": [
            {
                "step": d.step_name,
                "decision": d.decision,
                "opinion": d.opinion,
                "actor": d.actor.get_username(),
                "revision": r.number,
            }
            for r in selectors.revisions_of(publication)
            for d in r.decisions.all()
        ],
        "actions": actions_of(PUBLICATION, actor, publication),
    }


def _content(payload: ContentIn) -> services.Content:
    data = payload.dict()
    data.pop("org_id", None)
    return services.Content(**data)


@router.post("/staff/publications", response={201: StaffPublicationOut}, auth=staff, summary="起草（新建草稿）")
def staff_create(request: HttpRequest, payload: DraftIn) -> Status[dict[str, Any]]:
    org = organization_get(pk=payload.org_id)
    publication, warnings = services.publication_create_draft(actor=request.user, org=org, content=_content(payload))
    return Status(201, _staff_out(request.user, publication, warnings))


@router.get("/staff/publications/{pk}", response=StaffPublicationOut, auth=staff, summary="工作人员查看信息（含草稿）")
def staff_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _staff_out(request.user, selectors.publication_get_for_staff(actor=request.user, pk=pk))


@router.put(
    "/staff/publications/{pk}", response=StaffPublicationOut, auth=staff, summary="修改（已送审或已发布的生成新版本）"
)
def staff_edit(request: HttpRequest, pk: int, payload: ContentIn) -> dict[str, Any]:
    publication = selectors.publication_get_for_staff(actor=request.user, pk=pk)
    publication, warnings = services.publication_edit(
        actor=request.user, publication=publication, content=_content(payload)
    )
    return _staff_out(request.user, publication, warnings)


@router.post("/staff/publications/{pk}/submit", response=StaffPublicationOut, auth=staff, summary="送审")
def staff_submit(request: HttpRequest, pk: int) -> dict[str, Any]:
    publication = selectors.publication_get_for_staff(actor=request.user, pk=pk)
    return _staff_out(request.user, services.publication_submit(actor=request.user, publication=publication))


@router.post(
    "/staff/publications/{pk}/decisions", response=StaffPublicationOut, auth=staff, summary="审核（通过或退回）"
)
def staff_decide(request: HttpRequest, pk: int, payload: DecisionIn) -> dict[str, Any]:
    publication = selectors.publication_get_for_staff(actor=request.user, pk=pk)
    services.publication_decide(
        actor=request.user,
        publication=publication,
        decision=payload.decision,
        opinion=payload.opinion,
        override_reason=payload.override_reason,
    )
    return _staff_out(request.user, publication)


@router.post("/staff/publications/{pk}/publish", response=StaffPublicationOut, auth=staff, summary="发布（立即或定时）")
def staff_publish(request: HttpRequest, pk: int, payload: PublishIn) -> dict[str, Any]:
    publication = selectors.publication_get_for_staff(actor=request.user, pk=pk)
    return _staff_out(
        request.user,
        services.publication_publish(
            actor=request.user, publication=publication, at=payload.at, override_reason=payload.override_reason
        ),
    )


@router.post("/staff/publications/{pk}/withdraw", response=StaffPublicationOut, auth=staff, summary="撤回")
def staff_withdraw(request: HttpRequest, pk: int, payload: WithdrawIn) -> dict[str, Any]:
    publication = selectors.publication_get_for_staff(actor=request.user, pk=pk)
    return _staff_out(
        request.user, services.publication_withdraw(actor=request.user, publication=publication, reason=payload.reason)
    )


@router.post("/staff/publications/{pk}/validity", response=StaffPublicationOut, auth=staff, summary="变更有效性")
def staff_validity(request: HttpRequest, pk: int, payload: ValidityIn) -> dict[str, Any]:
    publication = selectors.publication_get_for_staff(actor=request.user, pk=pk)
    return _staff_out(
        request.user,
        services.publication_change_validity(
            actor=request.user,
            publication=publication,
            validity=payload.validity,
            changed_on=payload.changed_on,
            replaced_by_id=payload.replaced_by_id,
        ),
    )


class AttachmentOut(Schema):
    id: int
    name: str
    media_type: str
    size: int


@router.post(
    "/staff/publications/{pk}/attachments",
    response={201: AttachmentOut},
    auth=staff,
    summary="上传附件（按内容识别类型：PDF、DOCX、XLSX、图片）",
)
def staff_attach(request: HttpRequest, pk: int, file: UploadedFile = File(...)) -> Status[dict[str, Any]]:  # noqa: B008
    publication = selectors.publication_get_for_staff(actor=request.user, pk=pk)
    attachment = services.attachment_add(actor=request.user, publication=publication, upload=file)
    return Status(
        201,
        {"id": attachment.pk, "name": attachment.name, "media_type": attachment.media_type, "size": attachment.size},
    )


@router.delete(
    "/staff/publications/{pk}/attachments/{attachment_id}",
    response={204: None},
    auth=staff,
    summary="删除附件（草稿中；已公开的附件在本版发布后撤下）",
)
def staff_detach(request: HttpRequest, pk: int, attachment_id: int) -> Status[None]:
    publication = selectors.publication_get_for_staff(actor=request.user, pk=pk)
    services.attachment_remove(actor=request.user, publication=publication, attachment_id=attachment_id)
    return Status(204, None)


class TakeDownIn(Schema):
    reason: str = Field(max_length=500)


@router.post(
    "/staff/publications/{pk}/attachments/{attachment_id}/take-down",
    response=StaffPublicationOut,
    auth=staff,
    summary="撤下已公开的附件（立即生效，须填写理由）",
)
def staff_take_down(request: HttpRequest, pk: int, attachment_id: int, payload: TakeDownIn) -> dict[str, Any]:
    publication = selectors.publication_get_for_staff(actor=request.user, pk=pk)
    services.attachment_take_down(
        actor=request.user, publication=publication, attachment_id=attachment_id, reason=payload.reason
    )
    return _staff_out(request.user, publication)


class CatalogNodeIn(Schema):
    name: str
    code: str
    parent_code: str = ""


class CatalogNodeCreated(Schema):
    id: int
    code: str
    name: str


@router.post("/staff/orgs/{org_id}/catalog", response={201: CatalogNodeCreated}, auth=staff, summary="新增目录栏目")
def staff_catalog_create(request: HttpRequest, org_id: int, payload: CatalogNodeIn) -> Status[dict[str, Any]]:
    org = organization_get(pk=org_id)
    parent = selectors.catalog_node_get(org, payload.parent_code) if payload.parent_code else None
    node = services.catalog_node_create(
        actor=request.user, org=org, name=payload.name, code=payload.code, parent=parent
    )
    return Status(201, {"id": node.pk, "code": node.code, "name": node.name})


@router.delete("/staff/orgs/{org_id}/catalog/{code}", response={204: None}, auth=staff, summary="删除空的目录栏目")
def staff_catalog_delete(request: HttpRequest, org_id: int, code: str) -> Status[None]:
    org = organization_get(pk=org_id)
    services.catalog_node_delete(actor=request.user, node=selectors.catalog_node_get(org, code))
    return Status(204, None)


class FindingOut(Schema):
    """One pre-publication finding; `text` is already masked (never the personal value itself)."""

    part: str
    kind: str
    start: int
    end: int
    text: str
    severity: str
    confidence: float
    message: str


class FindingsOut(Schema):
    findings: list[FindingOut]
    mask_counts: dict[str, int]
    masked_preview: str


@router.get(
    "/staff/publications/{pk}/findings", response=FindingsOut, auth=staff, summary="发布前审查结果与去标识化预览"
)
def staff_findings(request: HttpRequest, pk: int) -> dict[str, Any]:
    publication = selectors.publication_get_for_staff(actor=request.user, pk=pk)
    scan = selectors.publication_findings(publication)
    return {"findings": scan["findings"], "mask_counts": scan["mask_counts"], "masked_preview": scan["masked_preview"]}


class MaskOut(Schema):
    counts: dict[str, int]


@router.post("/staff/publications/{pk}/mask", response=MaskOut, auth=staff, summary="一键去标识化（遮盖个人信息）")
def staff_mask(request: HttpRequest, pk: int) -> dict[str, Any]:
    publication = selectors.publication_get_for_staff(actor=request.user, pk=pk)
    counts = services.publication_mask_personal_data(actor=request.user, publication=publication)
    return {"counts": {str(k): v for k, v in counts.items()}}

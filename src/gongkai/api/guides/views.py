"""办事指南 through the API: an org's published guides and one guide (public); a version with its
`actions`, editing, publishing, the key-element check (staff, `Authorization: Bearer`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from gongkai.api import params
from gongkai.api.actions import ActionOut, actions_of
from gongkai.api.auth import StaffToken
from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound
from gongkai.core.urls import public_url
from gongkai.guides import permissions, selectors, services
from gongkai.guides.elements import LABELS, missing_elements
from gongkai.guides.models import GuideVersion
from gongkai.guides.transitions import VERSION
from gongkai.orgs.selectors import organization_by_slug
from gongkai.orgs.services import organization_get

router = Router(tags=["guides"])
staff = StaffToken()


class PolicyOut(Schema):
    id: int
    title: str
    url: str
    interpretations: list[dict[str, str]]


class FormOut(Schema):
    name: str
    size: int
    url: str


class GuideOut(Schema):
    item_id: int
    version_id: int
    number: int
    state: str
    state_label: str
    name: str
    code: str
    item_type: str
    item_type_label: str
    org: str
    basis: str
    conditions: str
    materials: list[str]
    process: str
    legal_days: int | None
    promised_days: int | None
    fees: str
    place_and_hours: str
    consult_phone: str
    complaint_phone: str
    online_url: str
    published_at: datetime.datetime | None
    publish_due: datetime.date | None
    missing_elements: list[str]
    forms: list[FormOut]
    policies: list[PolicyOut]
    actions: list[ActionOut]


class GuideSummaryOut(Schema):
    item_id: int
    name: str
    item_type_label: str
    org: str
    published_at: datetime.datetime | None


class GuideListOut(Schema):
    total: int
    page: int
    page_size: int
    items: list[GuideSummaryOut]


class GuideEditIn(Schema):
    name: str | None = None
    basis: str | None = None
    conditions: str | None = None
    materials: str | None = None
    process: str | None = None
    legal_days: int | None = None
    promised_days: int | None = None
    fees: str | None = None
    place_and_hours: str | None = None
    consult_phone: str | None = None
    complaint_phone: str | None = None
    online_url: str | None = None
    changed_on: datetime.date | None = None
    change_note: str | None = None


class IncompleteOut(Schema):
    item_id: int
    version_id: int
    name: str
    org: str
    state: str
    missing: list[str]


def _guide(actor: Actor, version: GuideVersion) -> dict[str, Any]:
    item = version.item
    data = {n: getattr(version, n) for n in ("number", "state", "basis", "conditions", "process", "fees")}
    data |= {n: getattr(version, n) for n in ("legal_days", "promised_days", "place_and_hours", "consult_phone")}
    data |= {n: getattr(version, n) for n in ("complaint_phone", "online_url", "published_at", "publish_due")}
    return data | {
        "item_id": item.pk,
        "version_id": version.pk,
        "state_label": version.get_state_display(),
        "name": item.name,
        "code": item.code,
        "item_type": item.item_type,
        "item_type_label": item.get_item_type_display(),
        "org": item.org.slug,
        "materials": version.material_lines(),
        "missing_elements": [LABELS[k] for k in missing_elements(version)],
        "forms": [
            {"name": f.name, "size": f.size, "url": public_url("guide_form", pk=item.pk, form=f.pk)}
            for f in version.forms.all()
        ],
        "policies": [
            {
                "id": p.pk,
                "title": p.title,
                "url": p.url,
                "interpretations": [{"title": t, "url": u} for t, u in p.interpretations],
            }
            for p in selectors.policies_of(item)
        ],
        "actions": actions_of(VERSION, actor, version, interactive_only=True),
    }


@router.get("/guides/orgs/{org_slug}", response=GuideListOut, summary="机构（含下级）已发布的办事指南")
def guide_list(
    request: HttpRequest, org_slug: str, page: int = params.page(), page_size: int = params.page_size()
) -> dict[str, Any]:
    org = organization_by_slug(org_slug)
    qs = selectors.published_versions(org)
    start = (page - 1) * page_size
    rows = [
        {
            "item_id": v.item_id,
            "name": v.item.name,
            "item_type_label": v.item.get_item_type_display(),
            "org": v.item.org.slug,
            "published_at": v.published_at,
        }
        for v in qs[start : start + page_size]
    ]
    return {"total": qs.count(), "page": page, "page_size": page_size, "items": rows}


@router.get("/guides/{item_id}", response=GuideOut, summary="一个服务事项的办事指南（现行版本）")
def guide_detail(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _guide(request.user, selectors.guide_get_public(pk=item_id))


@router.get(
    "/staff/guides/versions/{version_id}", response=GuideOut, auth=staff, summary="办事指南版本（含可执行操作）"
)
def staff_version(request: HttpRequest, version_id: int) -> dict[str, Any]:
    return _guide(request.user, selectors.version_get_for_staff(actor=request.user, pk=version_id))


@router.patch("/staff/guides/versions/{version_id}", response=GuideOut, auth=staff, summary="修改办事指南草稿")
def staff_edit(request: HttpRequest, version_id: int, payload: GuideEditIn) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    version = services.version_edit(actor=request.user, version=version_id, **data)
    return _guide(request.user, selectors.version_get_for_staff(actor=request.user, pk=version.pk))


@router.post("/staff/guides/versions/{version_id}/publish", response=GuideOut, auth=staff, summary="发布办事指南版本")
def staff_publish(request: HttpRequest, version_id: int) -> dict[str, Any]:
    version = services.version_publish(actor=request.user, version=version_id)
    return _guide(request.user, selectors.version_get_for_staff(actor=request.user, pk=version.pk))


@router.get(
    "/staff/guides/orgs/{org_id}/incomplete",
    response=list[IncompleteOut],
    auth=staff,
    summary="缺少关键要素的办事指南（服务不实用单项否决检查）",
)
def staff_incomplete(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    org = organization_get(pk=org_id)
    if not permissions.can_see_guides(request.user, org):
        raise NotFound("未找到该机构。")
    return [
        {
            "item_id": g.item_id,
            "version_id": g.version_id,
            "name": g.name,
            "org": g.org_name,
            "state": g.state,
            "missing": g.missing,
        }
        for g in selectors.incomplete_guides(org)
    ]

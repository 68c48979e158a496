"""Public press events: those whose transcript is a published interpretation."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from gongkai.api import params
from gongkai.api.opinion.schemas import PressPublicOut
from gongkai.api.opinion.staff import press_out
from gongkai.opinion import selectors
from gongkai.orgs import selectors as orgs

router = Router(tags=["opinion"])


@router.get("/opinion/orgs/{slug}/press", response=list[PressPublicOut], summary="已公开的新闻发布会、吹风会和在线访谈")
def press_list(
    request: HttpRequest, slug: str, kind: str = "", page: int = params.page(), page_size: int = params.page_size()
) -> list[dict[str, Any]]:
    org = orgs.organization_by_slug(slug[:60])
    items = selectors.press_list_public(org=org, kind=kind[:20], limit=page * page_size)
    return [press_out(p) for p in items[(page - 1) * page_size : page * page_size]]


@router.get("/opinion/press/{pk}", response=PressPublicOut, summary="发布活动（文字实录）")
def press_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return press_out(selectors.press_get_public(pk=pk))

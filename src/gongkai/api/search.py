"""全文检索 through the API: the same function and parameters as the portal's search page."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from gongkai.orgs import selectors as org_selectors
from gongkai.search.documents import TYPE_LABELS
from gongkai.search.services import SearchRequest, search

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = ""
    org: str = ""
    type: str = Field("", description="类型：" + "、".join(f"{k}（{v}）" for k, v in TYPE_LABELS.items()))
    kind: str = ""
    node: int | None = None
    topic: str = ""
    year_from: int | None = None
    year_to: int | None = None
    validity: str = ""
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    facets: bool = Field(False, description="为 true 时返回按类型统计的条数（facets）；默认不统计，facets 为空")


class Hit(Schema):
    id: str
    type: str
    title: str
    title_html: str
    snippet: str
    url: str
    date: datetime.date | None
    org_id: int | None
    kind: str
    doc_number: str
    pinned: bool


class SearchOut(Schema):
    total: int
    page: int
    page_size: int
    approximate: bool
    facets: dict[str, dict[str, int]]
    results: list[Hit]


def request_from(params: SearchParams) -> SearchRequest:
    org = org_selectors.organization_by_slug(params.org) if params.org else None
    return SearchRequest(
        q=params.q[:10_000],
        org=org,
        types=[params.type] if params.type else [],
        kinds=[params.kind] if params.kind else [],
        catalog_node=params.node,
        topic=params.topic,
        year_from=params.year_from,
        year_to=params.year_to,
        validity=[params.validity] if params.validity else [],
        sort=params.sort,
        page=params.page,
        page_size=params.page_size,
        facets=params.facets,
    )


@router.get("/search", response=SearchOut, summary="全文检索（繁简通查、同义词、文号与索引号、高亮摘要）")
def search_endpoint(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    result = search(request_from(params))
    return {
        "total": result.total,
        "page": result.page,
        "page_size": result.page_size,
        "approximate": result.approximate,
        "facets": {k: dict(v) for k, v in result.facets.items()},
        "results": [
            {
                "id": h.id,
                "type": h.type,
                "title": h.title,
                "title_html": h.title_html,
                "snippet": h.snippet,
                "url": h.url,
                "date": h.date,
                "org_id": h.org_id,
                "kind": h.kind,
                "doc_number": h.doc_number,
                "pinned": h.pinned,
            }
            for h in result.hits
        ],
    }

"""The CKAN action API, read endpoints (`package_list`, `package_show`, `package_search`), in the
shape CKAN documents (https://docs.ckan.org/en/2.10/api/): `{"help", "success", "result"}`, and on
failure `{"help", "success": false, "error": {"__type", "message"}}` with the HTTP status CKAN uses.
Harvesters (ckanext-harvest, `ckanapi`) read exactly this."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Query, Router, Schema

from gongkai.api.opendata.packages import package_dict
from gongkai.opendata import selectors

router = Router(tags=["opendata-ckan"])
BASE = "/opendata/api/3/action/"
MAX_ROWS = 1000
MAX_LIST = 10_000


class CkanListOut(Schema):
    help: str
    success: bool
    result: list[str]


class CkanShowOut(Schema):
    help: str
    success: bool
    result: dict[str, Any]


class CkanSearchResult(Schema):
    count: int
    sort: str
    results: list[dict[str, Any]]
    facets: dict[str, Any]
    search_facets: dict[str, Any]


class CkanSearchOut(Schema):
    help: str
    success: bool
    result: CkanSearchResult


def _help(request: HttpRequest, action: str) -> str:
    return request.build_absolute_uri(f"/api/v1{BASE}help_show?name={action}")


def _error(request: HttpRequest, action: str, status: int, kind: str, message: str) -> JsonResponse:
    body = {"help": _help(request, action), "success": False, "error": {"__type": kind, "message": message}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


class ListQuery(Schema):
    limit: int | None = Query(None, ge=1, le=MAX_LIST)
    offset: int = Query(0, ge=0, le=MAX_LIST)


@router.get(BASE + "package_list", response=CkanListOut, summary="CKAN package_list：所有已开放数据集的名称")
def package_list(request: HttpRequest, query: Query[ListQuery]) -> dict[str, Any]:
    qs = selectors.catalogue().order_by("pk")
    end = query.offset + (query.limit or MAX_LIST)
    names = [f"dataset-{pk}" for pk in qs.values_list("pk", flat=True)[query.offset : end]]
    return {"help": _help(request, "package_list"), "success": True, "result": names}


@router.get(
    BASE + "package_show", response={200: CkanShowOut, 404: dict[str, Any]}, summary="CKAN package_show：一个数据集"
)
def package_show(request: HttpRequest, id: str = Query(..., max_length=100)) -> Any:
    raw = id.strip()
    pk_text = raw.removeprefix("dataset-")
    dataset = None
    if pk_text.isdigit() and len(pk_text) < 19:
        dataset = selectors.catalogue().filter(pk=int(pk_text)).first()
    if dataset is None:
        return _error(request, "package_show", 404, "Not Found Error", "Not found")
    return {"help": _help(request, "package_show"), "success": True, "result": package_dict(request, dataset)}


class SearchQuery(Schema):
    q: str = Query("", max_length=100)
    rows: int = Query(10, ge=0, le=MAX_ROWS)
    start: int = Query(0, ge=0, le=MAX_LIST)


@router.get(BASE + "package_search", response=CkanSearchOut, summary="CKAN package_search：检索数据集")
def package_search(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    # CKAN's q is Solr syntax; here it is plain words matched in title, summary and keywords
    # (`*:*` and an empty q mean everything, as in CKAN).
    q = "" if query.q.strip() in ("", "*:*") else query.q
    qs = selectors.catalogue(q=q)
    results = [package_dict(request, d) for d in qs[query.start : query.start + query.rows]]
    return {
        "help": _help(request, "package_search"),
        "success": True,
        "result": {
            "count": qs.count(),
            "sort": "score desc, metadata_modified desc",
            "results": results,
            "facets": {},
            "search_facets": {},
        },
    }

import json
from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from gongkai.search import snapshots
from gongkai.search.engine import IndexSchemaMismatch

router = Router(tags=["health"])


class Health(Schema):
    status: str
    database: str


class Unhealthy(Schema):
    status: str
    database: str
    reason: str


@router.get("/health", response={200: Health, 503: Unhealthy}, summary="服务健康检查")
def health(request: HttpRequest) -> Status[dict[str, str]]:
    """Answers only after a real round trip to the database."""
    vendor = connection.vendor
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        # The reason names the failure class, not connection details such as hosts or users.
        return Status(
            503, {"status": "unavailable", "database": vendor, "reason": f"数据库不可用（{type(exc).__name__}）"}
        )
    return Status(200, {"status": "ok", "database": vendor})


class Readiness(Schema):
    status: str
    database: str
    search_index: str
    indexed_documents: int


def _index_state() -> tuple[int | None, str]:
    """(documents, "") when the index opens and a searcher reads it; (None, reason) otherwise."""
    try:
        # A replica reads the snapshot the indexer published (none yet: not ready).
        return snapshots.reader().num_docs, ""
    except snapshots.SearchUnavailable:
        return None, "检索索引快照不可用"
    except IndexSchemaMismatch:
        return None, "检索索引版本与程序不符，需要重建"
    except (OSError, ValueError, RuntimeError) as exc:
        return None, f"检索索引无法打开（{type(exc).__name__}）"


@router.get(
    "/ready",
    response={200: Readiness},
    summary="服务就绪检查",
    description="数据库可查询且检索索引可读取时返回 200；任一不可用时返回 503（problem+json），负载均衡据此摘除实例。",
)
def ready(request: HttpRequest) -> HttpResponse | dict[str, Any]:
    """Readiness (for a load balancer): the database answers a query and the search index
    opens and reads. /health stays the liveness check (the process answers)."""
    components: dict[str, str] = {}
    reasons: list[str] = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        components["database"] = "ok"
    except DatabaseError as exc:
        components["database"] = "unavailable"
        reasons.append(f"数据库不可用（{type(exc).__name__}）")
    documents, reason = _index_state()
    components["search_index"] = "ok" if documents is not None else "unavailable"
    if reason:
        reasons.append(reason)
    if reasons:
        problem = {
            "type": "urn:gongkai:problem:not_ready",
            "title": "服务尚未就绪：" + "；".join(reasons) + "。",
            "status": 503,
            "code": "not_ready",
            "instance": request.path,
            "components": components,
        }
        response = HttpResponse(
            json.dumps(problem, ensure_ascii=False), status=503, content_type="application/problem+json"
        )
        response["Retry-After"] = "10"
        return response
    return {"status": "ok", **components, "indexed_documents": documents or 0}

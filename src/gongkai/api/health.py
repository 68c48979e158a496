from django.db import DatabaseError, connection
from django.http import HttpRequest
from ninja import Router, Schema, Status

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

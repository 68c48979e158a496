"""依申请公开 through the API."""

from ninja import Router

router = Router(tags=["foi"])

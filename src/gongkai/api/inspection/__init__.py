"""REST API of the 网站与新媒体检查 module."""

from ninja import Router

router = Router(tags=["inspection"])

"""REST API of the 标准目录 module."""

from ninja import Router

router = Router(tags=["catalogs"])

"""REST API of the 政府数据开放 module."""

from ninja import Router

router = Router(tags=["opendata"])

"""REST API of the 政府公报 module."""

from ninja import Router

router = Router(tags=["gazette"])

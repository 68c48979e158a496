"""REST API of the 办事指南 module."""

from ninja import Router

router = Router(tags=["guides"])

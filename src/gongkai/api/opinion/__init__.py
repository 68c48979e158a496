"""REST API of the 舆情回应与新闻发布 module."""

from ninja import Router

router = Router(tags=["opinion"])

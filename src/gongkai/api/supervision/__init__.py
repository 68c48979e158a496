"""REST API of the 督查考核 module."""

from ninja import Router

router = Router(tags=["supervision"])

"""公众参与 through the API."""

from ninja import Router

router = Router(tags=["participation"])

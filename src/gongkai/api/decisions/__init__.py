"""REST API of the 重大行政决策与建议提案 module."""

from ninja import Router

router = Router(tags=["decisions"])

"""REST API of the 重大行政决策与建议提案 module: public reads and registration (``public``), staff
work with ``actions`` (``staff``)."""

from ninja import Router

from gongkai.api.decisions import public, staff

router = Router(tags=["decisions"])
router.add_router("", public.router)
router.add_router("", staff.router)

__all__ = ["router"]

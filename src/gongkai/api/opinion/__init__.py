"""REST API of the 舆情回应与新闻发布 module: public press pages (``public``), staff (``staff``)."""

from ninja import Router

from gongkai.api.opinion import public, staff

router = Router(tags=["opinion"])
router.add_router("", public.router)
router.add_router("", staff.router)

__all__ = ["router"]

"""依申请公开 through the API: public apply and tracking (``public``), the staff workflow (``staff``)."""

from ninja import Router

from gongkai.api.foi import public, staff

router = Router()
router.add_router("", public.router)
router.add_router("", staff.router)

__all__ = ["router"]

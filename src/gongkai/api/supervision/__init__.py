"""REST API of the 督查考核 module (staff only, `Authorization: Bearer`): plans and tasks
(``plans``), schemes and score sheets (``assessment``), 专项督查, 约谈 and training (``records``)."""

from ninja import Router

from gongkai.api.supervision import assessment, plans, records

router = Router(tags=["supervision"])
router.add_router("", plans.router)
router.add_router("", assessment.router)
router.add_router("", records.router)

__all__ = ["router"]

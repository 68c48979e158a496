"""REST API of the 开放数据 module: the catalogue and staff actions (``views``), the CKAN-style
action API (``ckan``) and the DCAT catalogue in JSON-LD (``dcat``), so existing harvesters work."""

from ninja import Router

from gongkai.api.opendata import ckan, dcat, views

router = Router()
router.add_router("", views.router)
router.add_router("", ckan.router)
router.add_router("", dcat.router)

__all__ = ["router"]

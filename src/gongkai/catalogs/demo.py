"""Demo content: an org's catalogs for a few areas from the built-in templates, bound to the
columns of its 主动公开目录 and published (`gongkai catalog demo --org shicheng`)."""

from __future__ import annotations

from gongkai.catalogs import services
from gongkai.catalogs.models import CatalogVersion
from gongkai.disclosure import selectors as disclosure
from gongkai.disclosure.services import catalog_ensure_default
from gongkai.orgs.models import Organization

DEMO_AREAS = ("budget", "social_assistance", "rural_housing", "compulsory_education", "health", "employment")
# Which default column (disclosure.catalog.DEFAULT_CATALOG) an item of the template is filed in.
COLUMN_FOR = {"政策文件": "other-docs", "办事服务": "notices", "财政预决算": "budget", "部门预决算": "budget"}
COLUMN_FOR |= {"财政资金": "budget", "最低生活保障": "key-areas", "计划实施": "key-areas"}


def load_demo(org: Organization) -> list[CatalogVersion]:
    """Idempotent enough for a demo: each run makes a new version per area and publishes it."""
    catalog_ensure_default(org=org)
    codes = {c.code: c.pk for c in disclosure.catalog_columns([org.pk])}
    published = []
    for area in DEMO_AREAS:
        draft = services.version_from_template(actor=None, org=org, area=area)
        for item in draft.items.all():
            column = codes.get(COLUMN_FOR.get(item.level1, ""))
            if column is not None:
                services.item_bind(actor=None, item=item, column_id=column)
        published.append(services.version_publish(actor=None, version=draft))
    return published

"""`gongkai catalog demo`: templates for a few areas, bound to default columns, published."""

import io

import pytest
from django.core.management import call_command

from gongkai.catalogs.demo import DEMO_AREAS
from gongkai.catalogs.models import CatalogItem, CatalogVersion, VersionState

pytestmark = pytest.mark.django_db


def test_demo_publishes_bound_catalogs(client, org_tree):
    out = io.StringIO()
    call_command("catalog", "demo", "--org", "shicheng", stdout=out)
    assert f"{len(DEMO_AREAS)} 个领域" in out.getvalue()
    assert CatalogVersion.objects.filter(state=VersionState.PUBLISHED).count() == len(DEMO_AREAS)
    assert not CatalogItem.objects.filter(column__isnull=True).exists()
    page = client.get("/org/shicheng/catalog-standard/?area=budget").content.decode()
    assert "本级人民代表大会或其常务委员会批准后20日内" in page and "/org/shicheng/catalog/budget/" in page

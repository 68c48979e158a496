"""政务公开工作概览 through real HTTP: monthly counts and per-unit rates from the indicator registry,
tables under the charts, the XLSX export, and nobody but the office (and approvers) sees it."""

import datetime
import io

import pytest
import time_machine
from openpyxl import load_workbook

from gongkai.disclosure.services import publication_import
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db
NOON = datetime.datetime(2026, 1, 20, 4, 0, tzinfo=datetime.UTC)


@pytest.fixture
def published(org_tree, superuser):
    for n, (org, day) in enumerate(
        [("county", "2025-03-02"), ("dept", "2025-03-20"), ("dept", "2025-11-05"), ("city", "2025-03-03")]
    ):
        publication_import(
            actor=superuser,
            org=org_tree[org],
            title=f"公开信息{n}",
            body="正文",
            published_on=datetime.date.fromisoformat(day),
            source_key=f"o{n}",
        )


@time_machine.travel(NOON, tick=False)
def test_the_office_sees_its_subtree(client, org_tree, make_user, published):
    county = org_tree["county"]
    client.force_login(make_user("o-admin", org=county, role=Role.ADMIN))
    response = client.get(f"/staff/overview/orgs/{county.pk}/", {"year": "2025"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2025年每月公开信息数" in html and "<svg" in html
    # March: the county's and its department's items (the city above is not counted).
    start = html.index("2025年每月公开信息数（图表数据）")
    cells = html[start:].split("<tbody>")[1].split("</tbody>")[0]
    counts = [c.split("</td>")[0] for c in cells.split("<td>")[1:]]
    assert counts[2] == "2" and counts[10] == "1" and counts[0] == "0"
    assert org_tree["dept"].display_name in html
    assert "20个工作日内公开率" in html and "依申请公开按期答复率" in html

    download = client.get(f"/staff/overview/orgs/{county.pk}/overview.xlsx", {"year": "2025"})
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.content))
    months = {row[0]: row[1] for row in book["每月公开信息数"].iter_rows(min_row=2, values_only=True)}
    assert months["2025年3月"] == 2
    units = [row[0] for row in book["各单位指标"].iter_rows(min_row=3, values_only=True)]
    assert units[0] == county.name and org_tree["dept"].name in units
    assert book.properties.creator == county.name


def test_others_get_not_found(client, org_tree, make_user):
    county = org_tree["county"]
    client.force_login(make_user("o-editor", org=county, role=Role.EDITOR))
    assert client.get(f"/staff/overview/orgs/{county.pk}/").status_code == 404
    client.force_login(make_user("o-stranger", org=org_tree["sibling"], role=Role.ADMIN))
    assert client.get(f"/staff/overview/orgs/{county.pk}/").status_code == 404
    assert client.get(f"/staff/overview/orgs/{2**70}/").status_code == 404


def test_a_year_out_of_range_shows_the_current_year(client, org_tree, make_user):
    county = org_tree["county"]
    client.force_login(make_user("o-admin2", org=county, role=Role.ADMIN))
    with time_machine.travel(NOON, tick=False):
        response = client.get(f"/staff/overview/orgs/{county.pk}/", {"year": "99999"})
    assert response.status_code == 200
    assert "2026年政务公开工作概览" in response.content.decode()

"""Coverage on fixed dates: content filed under bound columns, on-time and overdue items."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from gongkai.catalogs import services
from gongkai.catalogs.coverage import coverage_of_subtree
from gongkai.catalogs.tests.conftest import file_publication
from gongkai.catalogs.tests.workbooks import ALL_FORMS, build
from gongkai.disclosure.services import catalog_ensure_default

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def county_catalog(org_tree, people):
    """社会救助 with every 时限 form, published; each item but 供养标准 bound to its own new column."""
    county = org_tree["county"]
    catalog_ensure_default(org=county)
    version = services.catalog_import(
        actor=people["admin"], org=county, data=build({"社会救助": ALL_FORMS}), publish=True
    ).versions[0]
    columns = {}
    for n, item in enumerate(version.items.order_by("position")):
        if item.level2 in ("供养标准", "个人隐私信息"):
            continue
        bound = services.item_bind(
            actor=people["admin"], item=item, column_id=None, new_column_name=item.level2, new_column_code=f"sa-{n}"
        )
        columns[item.level2] = bound.column_id
    pubs = [
        ("部门文件", D(2025, 9, 26), D(2025, 10, 30)),  # the 20th working day after 9/26 (国庆 and 调休)
        ("部门文件", D(2025, 9, 26), D(2025, 10, 31)),  # one day late
        ("审核信息", D(2025, 3, 3), D(2025, 3, 17)),  # 10 working days
        ("办事指南", D(2025, 1, 2), D(2025, 1, 6)),
        ("资金发放", D(2025, 1, 5), D(2025, 1, 10)),  # Q4 2024 reported by 1/15
        ("其他事项", D(2025, 2, 1), D(2025, 2, 10)),
    ]
    for n, (level2, formed, published) in enumerate(pubs):
        file_publication(
            people, county, columns[level2], formed_on=formed, published_on=published, title=f"{level2}信息{n}"
        )
    return version


def _items(today):
    county = coverage_of_subtree_of("shicheng", today)
    return {i.level2: i for a in county.areas for i in a.items}, county


def coverage_of_subtree_of(slug, today):
    from gongkai.orgs.selectors import organization_by_slug

    return coverage_of_subtree(organization_by_slug(slug), today=today)[0]


def test_coverage_in_the_spring(county_catalog):
    items, county = _items(D(2025, 3, 1))
    status = {k: v.finding for k, v in items.items()}
    assert status == {
        "部门文件": "missing",  # published in October: not yet public on 3/1
        "政府预算": "missing",
        "审核信息": "missing",
        "办事指南": "standing",
        "救助标准": "missing",
        "供养标准": "unbound",
        "资金发放": "on_time",
        "年度统计": "overdue",  # 每年3月底前: the last due date passed (2024-03-31) with nothing since
        "其他事项": "flagged",
        "个人隐私信息": "withheld",
    }
    assert items["资金发放"].next_due == D(2025, 4, 15)
    assert items["资金发放"].last_published_on == D(2025, 1, 10)
    assert items["年度统计"].next_due == D(2025, 3, 31)
    assert [i.level2 for i in county.overdue] == ["年度统计"]
    assert (county.counted, county.covered, county.checked, county.timely) == (9, 3, 2, 1)


def test_coverage_after_the_deadlines(county_catalog):
    items, county = _items(D(2025, 11, 3))
    assert items["部门文件"].finding == "late"
    assert items["部门文件"].late[0][2:] == (D(2025, 10, 31), D(2025, 10, 30))
    assert items["审核信息"].finding == "on_time" and items["审核信息"].publicity_ends == D(2025, 3, 26)
    assert items["资金发放"].finding == "overdue"  # nothing after Q3 ended (2025-09-30), due 10/15
    assert items["资金发放"].next_due == D(2026, 1, 15)
    assert items["年度统计"].finding == "overdue" and items["年度统计"].next_due == D(2026, 3, 31)
    assert sorted(i.level2 for i in county.overdue) == ["年度统计", "资金发放"]
    area = county.areas[0]
    assert area.coverage_rate == pytest.approx(5 / 9)
    assert area.on_time_rate == pytest.approx(1 / 4)


def test_coverage_across_the_subtree_and_the_cli(county_catalog, org_tree, people):
    township = org_tree["township"]
    services.version_from_template(actor=people["admin"], org=township, area="social_assistance")
    out = io.StringIO()
    call_command("catalog", "coverage", "--org", "shicheng", "--json", "--today", "2025-11-03", stdout=out)
    payload = json.loads(out.getvalue())
    by_org = {o["org"]: o for o in payload["orgs"]}
    assert set(by_org) == {"shicheng", "shicheng-wjw", "shicheng-mulan"}
    assert by_org["shicheng"]["covered"] == 5 and by_org["shicheng"]["coverage_rate"] == round(5 / 9, 4)
    assert {o["level2"] for o in by_org["shicheng"]["overdue"]} == {"年度统计", "资金发放"}
    township_area = by_org["shicheng-mulan"]["areas"][0]
    assert township_area["draft"] is True and township_area["covered"] == 0  # a draft, measured and marked
    assert by_org["shicheng-wjw"]["areas"] == []
    text = io.StringIO()
    call_command("catalog", "coverage", "--org", "shicheng", "--today", "2025-11-03", stdout=text)
    assert "逾期未公开：特困人员救助供养 / 资金发放" in text.getvalue()

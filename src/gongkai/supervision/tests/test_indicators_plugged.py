"""The two modules plugged in through their selectors: 标准目录 coverage and timeliness
(``catalogs.coverage``) and site inspections (``inspection.selectors``), on real data and fixed
dates, each against a hand computation."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from gongkai.catalogs import services as catalogs
from gongkai.catalogs.tests.conftest import file_publication
from gongkai.catalogs.tests.workbooks import Row, build
from gongkai.disclosure.services import catalog_ensure_default
from gongkai.inspection import services as inspection
from gongkai.inspection.models import Rectification
from gongkai.inspection.tests.fixture_site import main_site, serve
from gongkai.orgs.roles import Role
from gongkai.supervision.models import Score
from gongkai.supervision.services import assess, indicator_add, scheme_create

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def people(org_tree, make_user):
    county = org_tree["county"]
    return {
        "admin": make_user("plug-admin", org=county, role=Role.ADMIN),
        "editor": make_user("plug-editor", org=county, role=Role.EDITOR),
        "reviewer": make_user("plug-reviewer", org=county, role=Role.REVIEWER),
        "approver": make_user("plug-approver", org=county, role=Role.APPROVER),
        "dept_editor": make_user("plug-dept-editor", org=org_tree["dept"], role=Role.EDITOR),
    }


def _sheet(office, county, year, rows, on):
    scheme = scheme_create(actor=office, org=county, year=year)
    for code, weight, source in rows:
        indicator_add(
            actor=office, scheme=scheme, code=code, name=code, weight=weight, rule="proportional", source=source
        )
    with time_machine.travel(datetime.datetime.combine(on, datetime.time(10), tzinfo=datetime.UTC), tick=False):
        sheet = assess(actor=office, scheme=scheme)
    return {(s.org.slug, s.indicator_code): s for s in Score.objects.filter(sheet=sheet).select_related("org")}


ROWS = [
    Row("政策文件", "部门文件", "信息形成或者变更之日起20个工作日内"),
    Row("最低生活保障", "审核信息", "制定或获取信息之日起10个工作日内，公示7个工作日", specific="√", everyone=""),
    Row("最低生活保障", "办事指南", "实时"),
    Row("最低生活保障", "救助标准", "长期公开"),
    Row("特困人员救助供养", "资金发放", "每季度结束后15日内"),
    Row("临时救助", "个人隐私信息", "", proactive="", basis="《中华人民共和国政府信息公开条例》第十五条"),
]


def test_catalog_coverage_and_timeliness(org_tree, people):
    dept = org_tree["dept"]
    catalog_ensure_default(org=dept)
    version = catalogs.catalog_import(actor=people["admin"], org=dept, data=build({"社会救助": ROWS}), publish=True)
    columns = {}
    for n, item in enumerate(version.versions[0].items.order_by("position")):
        if item.proactive and item.level2 != "救助标准":
            bound = catalogs.item_bind(
                actor=people["admin"], item=item, column_id=None, new_column_name=item.level2, new_column_code=f"c{n}"
            )
            columns[item.level2] = bound.column_id
    for n, (level2, formed, published) in enumerate(
        [
            ("部门文件", D(2025, 9, 26), D(2025, 10, 31)),  # due 10-30 (国庆 and 调休): one day late
            ("审核信息", D(2025, 3, 3), D(2025, 3, 17)),  # 10 working days: on time
            ("办事指南", D(2025, 1, 2), D(2025, 1, 6)),  # 实时: content, no deadline to check
            ("资金发放", D(2025, 1, 5), D(2025, 1, 10)),  # Q4 2024 by 1/15; nothing since
        ]
    ):
        file_publication(people, dept, columns[level2], formed_on=formed, published_on=published, title=f"{level2}{n}")

    got = _sheet(
        people["admin"],
        org_tree["county"],
        2025,
        [("C1", "10", "catalogs.coverage"), ("C2", "6", "catalogs.on_time")],
        D(2026, 1, 20),
    )
    coverage, timely = got[("shicheng-wjw", "C1")], got[("shicheng-wjw", "C2")]
    # By hand, on 2025-12-31: 5 主动公开 items counted (个人隐私信息 is 负面清单); 4 have content
    # (救助标准 is unbound) → 10 × 80% = 8.00.
    assert (coverage.points, coverage.value) == (Decimal("8.00"), "80.0%")
    assert [e["label"] for e in coverage.evidence if not e["ok"]] == ["社会救助·最低生活保障·救助标准：未关联栏目"]
    assert "截至2025-12-31" in coverage.explanation
    # Timeliness checked on 3: 审核信息 on time; 部门文件 late; 资金发放 overdue (Q3 due 10-15,
    # nothing) → 1/3 → 6 × 33.33% = 2.00.
    assert (timely.points, timely.value) == (Decimal("2.00"), "33.3%")
    failed = [e["label"] for e in timely.evidence if not e["ok"]]
    assert (
        "社会救助·政策文件·部门文件：逾期公开" in failed and "社会救助·特困人员救助供养·资金发放：逾期未公开" in failed
    )
    assert any(e["kind"] == "publication" and "部门文件0" in e["label"] for e in timely.evidence)
    # 木兰乡 has no catalog at all: coverage is 0, not "nothing to measure".
    assert got[("shicheng-mulan", "C1")].points == Decimal("0.00")
    assert got[("shicheng-mulan", "C1")].evidence[0]["label"] == "尚未编制基层政务公开标准目录"
    assert got[("shicheng-mulan", "C2")].value == "无记录"


def test_inspection_quarters_passed_and_rectification_verified(org_tree, people):
    dept, admin = org_tree["dept"], people["admin"]
    pages = main_site("http://127.0.0.1:9")
    with serve(pages) as (origin, _log):
        clean = inspection.site_register(actor=admin, org=dept, name="县卫健委网站", url=origin + "/clean/")
        old = inspection.site_register(actor=admin, org=dept, name="县卫健委旧网站", url=origin + "/old/")
        for site in (clean, old):
            inspection.inspection_run(actor=admin, site=site, as_of=D(2024, 6, 30), max_pages=10, timeout=2.0)
        # A second check of the old site in Q2 would replace its Q2 result; one in Q3 adds a quarter.
        inspection.inspection_run(actor=admin, site=old, as_of=D(2024, 9, 30), max_pages=10, timeout=2.0)
    gone = inspection.site_register(actor=admin, org=dept, name="县卫健委专题网站", url="http://127.0.0.1:9/")
    inspection.inspection_run(actor=admin, site=gone, as_of=D(2024, 12, 20), max_pages=5, timeout=1.0)
    # Q2's problems of the old site (限期整改 by 07-30): one reported and verified, one left open.
    items = list(Rectification.objects.filter(site=old).order_by("id"))
    first_due = [i for i in items if i.due_on == D(2024, 7, 30)]
    inspection.rectification_submit(actor=people["dept_editor"], item=first_due[0], response="已更新首页。")
    inspection.rectification_verify(actor=admin, item=first_due[0], note="核验通过。")

    got = _sheet(
        admin,
        org_tree["county"],
        2024,
        [("I1", "9", "inspection.results"), ("I2", "4", "inspection.rectification")],
        D(2025, 1, 20),
    )
    results, rectified = got[("shicheng-wjw", "I1")], got[("shicheng-wjw", "I2")]
    verdicts = sorted((e["label"].split("：")[0], e["ok"]) for e in results.evidence)
    # By hand: 4 site-quarters — the clean site passed Q2; the old site failed Q2 and Q3; the
    # third site could not be reached in Q4 (不合格) → 1/4 → 9 × 25% = 2.25.
    assert verdicts == [
        ("县卫健委专题网站 2024Q4", False),
        ("县卫健委旧网站 2024Q2", False),
        ("县卫健委旧网站 2024Q3", False),
        ("县卫健委网站 2024Q2", True),
    ]
    assert (results.points, results.value) == (Decimal("2.25"), "25.0%")
    # Rectification: the old site's Q2 check left 4 items due 07-30 (首页不更新, 标题被篡改, 无咨询
    # 建言渠道, 无办事服务), its Q3 check 1 more due 10-30 (栏目不更新); 1 verified → 4 × 1/5 = 0.80.
    assert (rectified.points, rectified.value) == (Decimal("0.80"), "20.0%")
    assert [(e["label"], e["ok"]) for e in rectified.evidence][-1] == (
        "县卫健委旧网站：首页不更新，2024-07-30前整改，已核验",
        True,
    )
    assert sum(1 for e in rectified.evidence if not e["ok"]) == 4
    assert got[("shicheng-mulan", "I1")].value == "无记录"

"""政务公开工作概览 through real HTTP: monthly counts and per-unit rates from the indicator registry,
ECharts options with the same figures as the tables under the charts, the XLSX export, and nobody
but the office (and approvers) sees it; in Chromium, the charts drawn from the vendored ECharts
match their tables, pass axe, follow the window's width, and the page works without script."""

import datetime
import io
import json
import re
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from openpyxl import load_workbook

from gongkai.disclosure.services import publication_import
from gongkai.orgs.roles import Role
from gongkai.portal.tests.a11y import assert_reflows, axe_violations, describe
from gongkai.portal.tests.browsing import _orm_beside_playwright, browser, login  # noqa: F401 — shared fixtures

pytestmark = pytest.mark.django_db
NOON = datetime.datetime(2026, 1, 20, 4, 0, tzinfo=datetime.UTC)
ECHARTS = "/static/portal/vendor/echarts/echarts.common.min.js"


@pytest.fixture
def published(org_tree, superuser):
    # 成文日期 on three of them, so 第二十六条's 20-working-day rate has figures: the department's
    # March item came out late (written on 2 January), the others on time.
    for n, (org, day, written) in enumerate(
        [
            ("county", "2025-03-02", "2025-02-20"),
            ("dept", "2025-03-20", "2025-01-02"),
            ("dept", "2025-11-05", "2025-11-01"),
            ("city", "2025-03-03", None),
        ]
    ):
        publication_import(
            actor=superuser,
            org=org_tree[org],
            title=f"公开信息{n}",
            body="正文",
            published_on=datetime.date.fromisoformat(day),
            written_on=datetime.date.fromisoformat(written) if written else None,
            source_key=f"o{n}",
        )


def _chart_payload(html: str, key: str) -> dict[str, Any]:
    match = re.search(rf'<script id="chart-{key}-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no data for chart {key}"
    payload: dict[str, Any] = json.loads(match.group(1))
    return payload


@time_machine.travel(NOON, tick=False)
def test_the_office_sees_its_subtree(client, org_tree, make_user, published):
    county = org_tree["county"]
    client.force_login(make_user("o-admin", org=county, role=Role.ADMIN))
    response = client.get(f"/staff/overview/orgs/{county.pk}/", {"year": "2025"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2025年每月公开信息数" in html
    # March: the county's and its department's items (the city above is not counted).
    start = html.index("2025年每月公开信息数（图表数据）")
    cells = html[start:].split("<tbody>")[1].split("</tbody>")[0]
    counts = [c.split("</td>")[0] for c in cells.split("<td>")[1:]]
    assert counts[2] == "2" and counts[10] == "1" and counts[0] == "0"
    assert org_tree["dept"].display_name in html
    assert "20个工作日内公开率" in html and "依申请公开按期答复率" in html

    # The charts: the vendored ECharts on this page, hidden containers, options with the table's figures.
    assert f'<script src="{ECHARTS}" defer></script>' in html and "/static/portal/charts.js" in html
    assert '<div class="ec-chart" id="chart-months" role="img"' in html
    months = _chart_payload(html, "months")["option"]
    assert months["series"][0]["data"] == [int(c) for c in counts]
    assert months["xAxis"]["data"][2] == "3月" and months["aria"]["enabled"] is True
    # 20-working-day rate: the county (3 items, 1 late) and its department (2, 1 late); 木兰乡 has none.
    timeliness = _chart_payload(html, "rate-1")["option"]
    assert timeliness["yAxis"]["data"] == [org_tree["county"].display_name, org_tree["dept"].display_name]
    assert [d["value"] for d in timeliness["series"][0]["data"]] == [66.7, 50.0] and timeliness["xAxis"]["max"] == 100
    assert [d["label"]["formatter"] for d in timeliness["series"][0]["data"]] == ["66.7%", "50.0%"]
    assert "66.7%（2/3）" in html and "50.0%（1/2）" in html
    assert 'id="chart-rate-2-data"' not in html  # no 解读 to compute: a sentence, not an empty chart

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


# --- in Chromium -------------------------------------------------------------------------------

# Each bar ECharts drew in the chart's SVG, in data order: its extent along the value axis.
_BARS = """([id, vertical]) => {
    const el = document.getElementById(id);
    const colour = JSON.parse(document.getElementById(el.dataset.chart).textContent).option.color[0];
    return [...el.querySelectorAll(`svg path[fill="${colour}"]`)].map(p => {
        const box = p.getBBox();
        return vertical ? box.height : box.width;
    });
}"""


def _table(page: Any, name: str) -> list[list[str]]:
    rows = page.get_by_role("table", name=name).locator("tbody tr")
    return [row.locator("th, td").all_inner_texts() for row in rows.all()]


def _assert_drawn(page: Any, dom_id: str, values: list[Decimal], *, vertical: bool) -> None:
    """The chart's SVG has one bar per value of its table, each as long as its value says."""
    assert page.locator(f"#{dom_id} svg").count() == 1, f"{dom_id}: ECharts drew no SVG"
    bars = page.evaluate(_BARS, [dom_id, vertical])
    assert len(bars) == len(values), (dom_id, bars, values)
    longest, top = max(bars), max(values)
    for bar, value in zip(bars, values, strict=True):
        expected = float(value / top) * longest if top else 0.0
        assert abs(bar - expected) <= 1.0, (dom_id, bars, values)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_charts_are_drawn_from_local_echarts_and_match_their_tables(
    live_server,
    browser,  # noqa: F811
    org_tree,
    make_user,
    published,
):
    county = org_tree["county"]
    make_user("o-charts", org=county, role=Role.ADMIN)
    path = f"/staff/overview/orgs/{county.pk}/?year=2025"
    with time_machine.travel(NOON, tick=True):
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        refused: list[str] = []
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        login(page, live_server.url, "o-charts", "o-charts-password-1")
        page.goto(live_server.url + path)
        page.wait_for_selector("#chart-months svg")

        months = _table(page, "2025年每月公开信息数（图表数据）")[0]
        _assert_drawn(page, "chart-months", [Decimal(n) for n in months], vertical=True)
        # Each rate chart: one bar per unit with a figure in that column of the units table.
        units = _table(page, "2025年各单位政务公开指标")
        headers = page.get_by_role("table", name="2025年各单位政务公开指标").locator("thead th").all_inner_texts()
        drawn = 0
        for n, label in enumerate(headers[1:], start=1):
            figures = [Decimal(row[n].split("%")[0]) for row in units if row[n] != "无记录"]
            chart = page.get_by_role("img", name=label)
            if not figures:
                assert chart.count() == 0, label
                continue
            assert chart.count() == 1, label
            _assert_drawn(page, f"chart-rate-{n}", figures, vertical=False)
            # Each bar's label reads as its cell does ("50.0%", not JSON's "50").
            written = page.locator(f"#chart-rate-{n} svg text").all_text_contents()
            for row in units:
                if row[n] != "无记录":
                    assert row[n].split("（")[0] in written, (label, row[n], written)
            drawn += 1
        assert drawn >= 1  # the fixture gives 第二十六条 figures: something was compared

        blocking = [v for v in axe_violations(page) if v.get("impact") in {"critical", "serious"}]
        assert not blocking, describe(blocking)
        assert_reflows(page)
        narrow = page.evaluate("document.querySelector('#chart-months svg').getBoundingClientRect().width")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.wait_for_function(
            "w => document.querySelector('#chart-months svg').getBoundingClientRect().width > w + 200", arg=narrow
        )
        blocking = [v for v in axe_violations(page) if v.get("impact") in {"critical", "serious"}]
        assert not blocking, describe(blocking)

        # Everything came from this server (ECharts from /static/), and the policy refused nothing.
        origin = urlsplit(live_server.url).netloc
        assert any(urlsplit(url).path == ECHARTS for url in requests)
        assert [
            url for url in requests if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != origin
        ] == []
        assert refused == []
        context.close()

        # Without script: no empty chart boxes, the tables carry the figures.
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", java_script_enabled=False)
        page = context.new_page()
        login(page, live_server.url, "o-charts", "o-charts-password-1")
        page.goto(live_server.url + path)
        assert page.locator(".ec-chart").count() >= 2 and page.locator(".ec-chart:visible").count() == 0
        assert _table(page, "2025年每月公开信息数（图表数据）")[0] == months
        context.close()

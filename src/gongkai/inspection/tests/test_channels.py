"""19号 单项否决 互动回应差 (1) (no 咨询建言 channel at all) and 服务不实用 (1) (no 办事服务),
read from fixture sites on loopback: each finding, and each legitimate look-alike that is not one."""

from __future__ import annotations

import datetime

import pytest

from gongkai.inspection.crawler import CrawlOptions, crawl
from gongkai.inspection.services import evaluate
from gongkai.inspection.tests.fixture_site import HTML, Page, page, rows, serve

AS_OF = datetime.date(2024, 6, 30)
SITE_KINDS = ("no_interaction_channel", "no_service")


def _site(prefix: str, nav: str, extra: str = "") -> dict[str, Page]:
    """A small current site under `prefix`: 工作动态 (updated) plus `nav` columns and `extra` links."""
    news = rows((f"{prefix}news/1.html", "会议", "2024-06-28"))
    home = f"<nav><ul><li><a href='{prefix}news/'>工作动态</a></li>{nav}</ul></nav>{news}<p>{extra}</p>"
    return {
        prefix: (200, HTML, page("某镇人民政府", home), 0),
        f"{prefix}news/": (200, HTML, page("工作动态", news), 0),
        f"{prefix}news/1.html": (200, HTML, page("会议", "<p>会议召开。</p>"), 0),
    }


def _pages(external: str) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    # Nothing at all: both findings, on the home page.
    pages |= _site("/none/", "")
    # Only 网上信访 and 纪检举报 (excluded by 19号) and a service 热线: no 咨询建言 channel; the
    # province's 政务服务网 off-site is a service channel.
    pages |= _site(
        "/petition/",
        "",
        f"<a href='{external}/ok'>网上信访</a> <a href='{external}/ok'>纪检举报信箱</a>"
        f" <a href='{external}/ok'>政务服务网</a>",
    )
    # A 办事服务 column that says 暂无信息, and a 领导信箱 column: 服务不实用, with the column.
    pages |= _site(
        "/emptysvc/",
        "<li><a href='/emptysvc/bs/'>办事服务</a></li><li><a href='/emptysvc/mail/'>领导信箱</a></li>",
    )
    pages["/emptysvc/bs/"] = (200, HTML, page("办事服务", "<ul class='list'><li>暂无信息</li></ul>"), 0)
    pages["/emptysvc/mail/"] = (
        200,
        HTML,
        page("领导信箱", rows(("/emptysvc/mail/1.html", "咨询办证", "2024-06-20 已回复"))),
        0,
    )
    pages["/emptysvc/mail/1.html"] = (200, HTML, page("咨询办证", "<p>已答复。</p>"), 0)
    # A 办事指南 column with entries and an off-site 12345 hotline: neither finding.
    pages |= _site(
        "/full/",
        "<li><a href='/full/guide/'>办事指南</a></li>",
        f"<a href='{external}/ok'>12345政务服务便民热线</a>",
    )
    pages["/full/guide/"] = (200, HTML, page("办事指南", rows(("/full/guide/1.html", "户籍迁移", "2023-01-01"))), 0)
    pages["/full/guide/1.html"] = (200, HTML, page("户籍迁移", "<p>办理材料。</p>"), 0)
    # 政务服务“好差评” rates services and is not 办事服务; 在线咨询 is a channel.
    pages |= _site("/rating/", "", f"<a href='{external}/ok'>政务服务“好差评”</a> <a href='{external}/ok'>在线咨询</a>")
    # A 办事服务 parent judged by its sub-column, which has entries.
    pages |= _site(
        "/parent/",
        "<li><a href='/parent/bs/'>办事服务</a><ul><li><a href='/parent/bs/p/'>个人办事</a></li></ul></li>"
        "<li><a href='/parent/ask/'>咨询留言</a></li>",
    )
    pages["/parent/bs/"] = (200, HTML, page("办事服务", "<p>请选择。</p>"), 0)
    pages["/parent/bs/p/"] = (200, HTML, page("个人办事", rows(("/parent/bs/p/1.html", "社保", "2024-01-01"))), 0)
    pages["/parent/bs/p/1.html"] = (200, HTML, page("社保", "<p>办理。</p>"), 0)
    pages["/parent/ask/"] = (200, HTML, page("咨询留言", rows(("/parent/ask/1.html", "问", "2024-06-01 已回复"))), 0)
    pages["/parent/ask/1.html"] = (200, HTML, page("问", "<p>答。</p>"), 0)
    return pages


@pytest.fixture(scope="module")
def sites():
    with serve({"/ok": (200, HTML, page("平台", "ok"), 0)}) as (ext, _), serve(_pages(ext)) as (origin, _log):
        results = {}
        for prefix in ("none", "petition", "emptysvc", "full", "rating", "parent"):
            snap = crawl(f"{origin}/{prefix}/", options=CrawlOptions(timeout=2.0))
            results[prefix] = evaluate(snap, AS_OF)
        department = evaluate(crawl(f"{origin}/none/", options=CrawlOptions(timeout=2.0)), AS_OF, department=True)
        yield origin, results, department


def _site_findings(result):
    return {f.kind: f for f in result.findings if f.kind in SITE_KINDS}


def test_a_site_without_any_channel(sites):
    origin, results, _ = sites
    found = _site_findings(results["none"])
    assert set(found) == set(SITE_KINDS)
    assert found["no_interaction_channel"].url == f"{origin}/none/"
    assert found["no_service"].url == f"{origin}/none/" and found["no_service"].column == ""
    for finding in found.values():
        assert finding.detail and finding.evidence["at"] and finding.evidence["seen"]
    score = results["none"].score
    assert score.verdict == "fail" and score.score is None
    assert list(score.vetoes) == ["互动回应差", "服务不实用"]
    assert "无有效的在线咨询建言渠道" in score.vetoes["互动回应差"]


def test_petition_and_reporting_are_not_consultation_channels(sites):
    _origin, results, _ = sites
    assert set(_site_findings(results["petition"])) == {"no_interaction_channel"}


def test_an_empty_service_column_is_found_with_the_column(sites):
    origin, results, _ = sites
    found = _site_findings(results["emptysvc"])
    assert set(found) == {"no_service"}
    finding = found["no_service"]
    assert (finding.url, finding.column) == (f"{origin}/emptysvc/bs/", "办事服务")
    assert "暂无信息" in finding.evidence["seen"]
    assert results["emptysvc"].score.vetoes["服务不实用"] == "办事服务栏目没有办事事项"


def test_legitimate_channels_are_not_findings(sites):
    _origin, results, _ = sites
    # 办事指南 with entries + an off-site 12345 hotline; a parent judged by its sub-column.
    assert _site_findings(results["full"]) == {}
    assert _site_findings(results["parent"]) == {}
    assert results["full"].score.verdict == "pass"
    # 好差评 is not 办事服务; 在线咨询 is a channel.
    assert set(_site_findings(results["rating"])) == {"no_service"}


def test_department_sites_are_not_judged_on_services(sites):
    _origin, _results, department = sites
    # 19号: departments without external service functions skip the service indicators.
    assert set(_site_findings(department)) == {"no_interaction_channel"}
    assert "服务不实用" not in department.score.vetoes

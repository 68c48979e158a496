"""The crawler and the checks against a fixture site served on loopback: every planted problem
is found, and every legitimate look-alike is not."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.inspection.crawler import CrawlOptions, crawl
from gongkai.inspection.rules import default_wording_specs
from gongkai.inspection.services import evaluate
from gongkai.inspection.snapshot import KINDS
from gongkai.inspection.tests.fixture_site import external_site, main_site, serve
from gongkai.privacy.content_checks import compile_wording_rules

AS_OF = datetime.date(2024, 6, 30)


@pytest.fixture(scope="module")
def inspected():
    with serve(external_site()) as (ext, ext_log), serve(main_site(ext)) as (origin, log):
        options = CrawlOptions(timeout=1.0)
        snap = crawl(origin + "/", options=options, wording_rules=compile_wording_rules(default_wording_specs()))
        result = evaluate(snap, AS_OF)
        yield origin, ext, result, list(log), list(ext_log)


def _paths(result, origin, kind):
    return {
        (f.url.removeprefix(origin), f.target.removeprefix(origin), f.column) for f in result.findings if f.kind == kind
    }


def test_every_kind_is_found(inspected):
    origin, ext, result, _log, _ = inspected
    found = {f.kind for f in result.findings}
    assert found >= set(KINDS) - {"stale_home"}  # stale_home: the /old/ site below
    assert _paths(result, origin, "unreachable") == {("/key/", "", "重点领域")}
    assert _paths(result, origin, "broken_link") == {
        ("/", f"{ext}/gone", ""),
        ("/", "/files/missing.pdf", ""),
        ("/", "/staff/", "人事信息"),
        ("/policy/1.html", "/nowhere/", "政策文件"),
    }
    assert _paths(result, origin, "stale_column") == {("/notices/", "", "通知公告"), ("/plans/", "", "规划计划")}
    assert _paths(result, origin, "empty_column") == {("/stats/", "", "统计信息")}
    assert _paths(result, origin, "unanswered_message") == {("/ask/1.html", "", "咨询留言")}
    assert _paths(result, origin, "hidden_link") == {
        ("/news/1.html", f"{ext}/casino", "工作动态"),
        ("/news/1.html", f"{ext}/ok", "工作动态"),
    }
    assert _paths(result, origin, "hijacked_title") == {("/news/2.html", "", "工作动态")}
    assert _paths(result, origin, "spam_text") == {("/news/3.html", "", "工作动态")}
    assert _paths(result, origin, "wording_error") == {("/policy/1.html", "", "政策文件")}


def test_look_alikes_are_not_findings(inspected):
    origin, _ext, result, log, _ = inspected
    urls = {f.url.removeprefix(origin) for f in result.findings}
    # The 福利彩票公益金 notice and the anti-gambling sentence are not spam.
    assert "/notices/1.html" not in urls and "/news/4.html" not in urls
    # The mobile menu hidden by a media query and the collapsed internal dropdown: no hidden link on the home page.
    assert not [f for f in result.findings if f.kind == "hidden_link" and f.url.removeprefix(origin) == "/"]
    # 机构职能 is a static column: an old date is not staleness.
    assert "/about/" not in urls
    # Messages: answered, younger than 3 months, and older than the 1-year window are not findings.
    assert not {"/ask/2.html", "/ask/3.html", "/ask/4.html"} & urls
    # A column with sub-columns is judged by them; 工作动态 is current.
    assert "/open/" not in urls and "/news/" not in urls
    # robots.txt: /private/ is never fetched.
    assert not [p for _m, p in log if p.startswith("/private/")]


def test_evidence_says_what_was_seen_and_when(inspected):
    _origin, _ext, result, _log, _ = inspected
    for finding in result.findings:
        assert finding.detail and finding.evidence.get("at")
    spam = next(f for f in result.findings if f.kind == "spam_text")
    assert "时时彩" in spam.evidence["seen"]


def test_score_vetoes_in_19_order(inspected):
    _origin, _ext, result, _log, _ = inspected
    assert result.score.verdict == "fail" and result.score.score is None
    assert list(result.score.vetoes) == ["安全、泄密事故等严重问题", "互动回应差"]
    # It has a 咨询留言 column and an off-site 网上办事大厅: no site-level finding.
    assert not [f for f in result.findings if f.kind in ("no_interaction_channel", "no_service")]
    # One page in ~30 attempts timed out: below the 5% of 站点无法访问.
    assert "站点无法访问" not in result.score.vetoes


def test_page_budget_is_kept():
    with serve(external_site()) as (ext, _), serve(main_site(ext)) as (origin, log):
        snap = crawl(origin + "/", options=CrawlOptions(max_pages=3, timeout=1.0))
        assert snap.attempts == 3
        fetched = [p for m, p in log if m == "GET" and p != "/robots.txt"]
        assert len(fetched) == 3


def _cli(*args: str) -> tuple[int, str]:
    out = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("inspect", *args, stdout=out)
    return int(exited.value.code or 0), out.getvalue()


@pytest.mark.django_db
def test_cli_json_and_exit_codes():
    with serve(main_site("http://127.0.0.1:9")) as (origin, _log):
        code, out = _cli("site", origin + "/old/", "--as-of", "2024-06-30", "--json")
        data = json.loads(out)
        assert code == 1
        assert data["as_of"] == "2024-06-30" and data["verdict"] == "fail" and data["score"] is None
        kinds = {f["kind"] for f in data["findings"]}
        assert kinds == {"stale_home", "hijacked_title"}
        # No channel at all on /old/: the site-level findings are under their own key, so
        # `findings` keeps to the ten kinds of the CLI contract.
        assert set(data) == {"site", "as_of", "verdict", "score", "findings", "site_findings"}
        assert {f["kind"] for f in data["site_findings"]} == {"no_interaction_channel", "no_service"}
        for f in data["findings"] + data["site_findings"]:
            assert set(f) == {"kind", "url", "target", "column", "detail", "evidence"}
        code, out = _cli("site", origin + "/clean/", "--as-of", "2024-06-30", "--json", "--max-pages", "10")
        data = json.loads(out)
        assert (code, data["verdict"], data["score"], data["findings"]) == (0, "pass", 100.0, [])
        assert set(data) == {"site", "as_of", "verdict", "score", "findings"}  # the contract's shape
        # --as-of decides staleness: a year later the same clean site is stale.
        code, out = _cli("site", origin + "/clean/", "--as-of", "2025-06-30", "--json")
        assert code == 1 and {f["kind"] for f in json.loads(out)["findings"]} == {"stale_home", "stale_column"}
        code, out = _cli("site", origin + "/clean/", "--as-of", "2024-06-30")
        assert code == 0 and "结论：合格" in out
    # Nothing listens there any more: the site cannot be inspected at all.
    code, out = _cli("site", origin + "/", "--json")
    assert code == 2 and json.loads(out)["verdict"] == "unreachable"


@pytest.mark.django_db
def test_cli_refuses_bad_input():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("inspect", "site", "ftp://127.0.0.1/", stdout=StringIO())
    with pytest.raises((CommandError, SystemExit)):
        call_command("inspect", "site", "http://127.0.0.1:9/", "--max-pages", "0", stdout=StringIO())

"""Inspecting the demo's own sites from the database gives the same findings as crawling them
over HTTP from a live server (issue 19, acceptance)."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import pytest
import time_machine

from gongkai.disclosure.services import publication_import
from gongkai.inspection.crawler import CrawlOptions, crawl
from gongkai.inspection.dbsource import read_site
from gongkai.inspection.services import evaluate, wording_rules_for
from gongkai.portal import demo

AS_OF = datetime.date(2025, 3, 31)


def _key(finding, origin: str) -> tuple[str, str, str, str]:
    def strip(url: str) -> str:
        return url.removeprefix(origin) if url.startswith(origin) else url

    return (finding.kind, strip(finding.url), strip(finding.target), finding.column)


@pytest.mark.django_db(transaction=True)
def test_database_and_http_give_the_same_findings(live_server):
    with time_machine.travel(datetime.datetime(2025, 3, 20, 10, tzinfo=datetime.UTC), tick=True):
        orgs, _users, _ = demo.build_all()
        operator = demo.ensure_user("demo-operator", operator=True)[0]
        county = orgs["shicheng"] if "shicheng" in orgs else next(iter(orgs.values()))
        # Planted problems in items of the county's site.
        publication_import(
            actor=operator,
            org=county,
            title="关于做好春耕工作的通知",
            body="<p>各乡镇：做好春耕工作。</p><p>时时彩|六合彩|百家乐|真人娱乐 注册送彩金</p>"
            "<p>报道中出现台湾总统字样。</p><p><a href='/no-such-page/'>相关链接</a></p>",
            body_is_html=True,
            kind="notice",
            published_on=datetime.date(2025, 3, 18),
            source_key="test:planted",
            catalog_codes=["notices"],
        )
        rules = wording_rules_for(county)
        options = CrawlOptions(max_pages=200, timeout=15.0)
        # The 信息公开专栏 of the county's site: its columns are the 主动公开目录 both sources read.
        org_path = f"/org/{county.slug}/xxgk/"
        over_http = evaluate(crawl(live_server.url + org_path, options=options, wording_rules=rules), AS_OF)
        from_db = evaluate(read_site(county, options=options, wording_rules=rules), AS_OF)
    origin = live_server.url
    http_keys = sorted(_key(f, origin) for f in over_http.findings)
    db_keys = sorted(_key(f, origin) for f in from_db.findings)
    assert http_keys == db_keys
    kinds = {k[0] for k in db_keys}
    assert {"spam_text", "wording_error", "broken_link", "empty_column"} <= kinds
    assert over_http.score.verdict == from_db.score.verdict and over_http.score.vetoes == from_db.score.vetoes
    assert urlsplit(over_http.site).path == org_path

"""The demo cluster in a real Chromium: three member sites, each opened by its host name and by
path, at desktop width and on a 390 px phone; a search from the header; an item opened from
the results; every page axe-clean (WCAG 2.0/2.1 A and AA, any impact) and no wider than the
viewport. Host names are *.localhost, mapped to the live server by the browser itself."""

from collections.abc import Iterator
from typing import Any

import pytest

from gongkai.disclosure.models import Publication
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Organization
from gongkai.portal import demo
from gongkai.portal.tests.a11y import assert_accessible, assert_reflows
from gongkai.portal.tests.browsing import CHROMIUM_ARGS, _orm_beside_playwright, chromium_path  # noqa: F401
from gongkai.search import indexer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SITES = [
    # (host, slug, site name, theme class)
    ("shicheng.localhost", "shicheng", "石城县人民政府", "theme-red"),
    ("wjw.shicheng.localhost", "shicheng-wjw", "石城县卫生健康委员会", "theme-teal"),
    ("qinjiang.shicheng.localhost", "shicheng-qinjiang", "石城县琴江镇人民政府", "theme-green"),
]
VIEWS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def site_browser(_orm_beside_playwright: None) -> Iterator[Any]:  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # Chromium resolves *.localhost to loopback already; the rule makes it explicit.
        args = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP *.localhost 127.0.0.1"]
        instance = p.chromium.launch(executable_path=chromium_path(), args=args)
        yield instance
        instance.close()


@pytest.fixture
def demo_cluster(settings: Any) -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    demo.build_all()
    indexer.reindex()


def site_name_of_item(url: str) -> str:
    """The name of the site among SITES that the item at url belongs to: its org's own, else
    the nearest ancestor's."""
    pk = int(url.split("/info/", 1)[1].split("/", 1)[0])
    org = Publication.objects.select_related("org").get(pk=pk).org
    names = {slug: name for _host, slug, name, _theme in SITES}
    by_pk = dict(Organization.objects.filter(pk__in=org.ancestor_ids()).values_list("pk", "slug"))
    for ancestor_id in reversed(org.ancestor_ids()):
        if by_pk.get(ancestor_id) in names:
            return names[by_pk[ancestor_id]]
    raise AssertionError(f"{org.slug} is under none of the three sites")


def check(page: Any, what: str, width: str) -> None:
    assert_accessible(page, context=f"{what} ({width})")
    assert_reflows(page)


def test_three_sites_by_host_and_path_search_and_item(live_server, site_browser, demo_cluster, monkeypatch):
    # The county's 信息公开专栏 lists its direct children only (as a province's of thousands of
    # orgs does), the department's and the town's their whole subtree: both forms checked.
    monkeypatch.setattr(org_selectors, "SUBTREE_SHOWN", 3)
    port = live_server.url.rsplit(":", 1)[1]
    failures: list[str] = []
    for width, viewport in VIEWS.items():
        context = site_browser.new_context(viewport=viewport, locale="zh-CN")
        page = context.new_page()
        for host, slug, name, theme in SITES:
            for base, path in ((f"http://{host}:{port}", "/"), (live_server.url, f"/org/{slug}/")):
                response = page.goto(base + path)
                assert response is not None and response.status == 200, (host, path)
                assert page.locator(".site-name").inner_text() == name
                assert theme in (page.locator("body").get_attribute("class") or "")
                try:
                    check(page, f"{name}首页", width)
                except AssertionError as failure:
                    failures.append(str(failure))
            # The site's other public pages, on its own host.
            for sub in ("xxgk/", "xxgk/guide/", "sitemap/", "contact/", "catalog/rules/"):
                response = page.goto(f"http://{host}:{port}/org/{slug}/{sub}")
                assert response is not None and response.status == 200, (host, sub)
                if sub == "xxgk/":
                    note = page.get_by_text("这里列出直属机构")
                    assert note.count() == (1 if slug == "shicheng" else 0), slug
                try:
                    check(page, f"{name} {sub}", width)
                except AssertionError as failure:
                    failures.append(str(failure))
            response = page.goto(f"http://{host}:{port}/no-such-page/")
            assert response is not None and response.status == 404
            assert page.locator(".site-name").inner_text() == name
            try:
                check(page, f"{name} 404", width)
            except AssertionError as failure:
                failures.append(str(failure))
            # Search from the header, within the site, and open the first hit.
            page.goto(f"http://{host}:{port}/")
            page.get_by_role("search").get_by_label("搜索本站").fill("政府信息公开")
            page.get_by_role("search").get_by_role("button", name="搜索").click()
            page.wait_for_url("**/search/**")
            assert f"org={slug}" in page.url
            first = page.locator(".results a").first
            title = first.inner_text()
            first.click()
            page.wait_for_url("**/info/**")
            assert page.locator("h1").inner_text().strip() == title.strip()
            # The item wears the look of its own org's site, which within the county's search can
            # be a department's or a town's (ties in rank fall in index order, which varies).
            assert page.locator(".site-name").inner_text() == site_name_of_item(page.url)
            try:
                check(page, f"{name}信息详情", width)
            except AssertionError as failure:
                failures.append(str(failure))
        # 机构导航 past SUBTREE_SHOWN: two levels, each child with the way to the orgs beneath it.
        response = page.goto(f"{live_server.url}/orgs/")
        assert response is not None and response.status == 200
        assert page.get_by_text("这里列出各级政府及其直属机构").count() == 1
        try:
            check(page, "机构导航", width)
        except AssertionError as failure:
            failures.append(str(failure))
        page.locator("a.below").first.click()
        page.wait_for_url("**/xxgk/#orgs-heading")
        context.close()
    assert not failures, "\n\n".join(failures)

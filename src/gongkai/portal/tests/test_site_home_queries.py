"""Round trips an org's pages save (on PostgreSQL every query is one: issue 24). A site's home
page lists four blocks of its org's subtree (要闻动态, 通知公告, 政策文件, 政策解读): the subtree is
read once for all four, not once a block. The site whose look and footer the pages wear is read
once per outbox generation."""

import datetime
import re

import pytest
from conftest import make_credit_code
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.orgs.roles import Level, Role
from gongkai.orgs.services import organization_create, site_save

pytestmark = pytest.mark.django_db


def _subtree_reads(queries: list[dict[str, str]], path: str) -> int:
    return sum(1 for q in queries if "orgs_organization" in q["sql"] and f"'{path}%'" in q["sql"])


def test_the_home_page_reads_the_subtree_once(org_tree):
    county = org_tree["county"]
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(f"/org/{county.slug}/")
    assert response.status_code == 200
    assert _subtree_reads(captured.captured_queries, county.path) == 1


def test_a_new_org_appears_in_the_next_request(org_tree, superuser):
    """The memo lives on the request's own Organization instance, not beyond it."""
    county = org_tree["county"]
    Client().get(f"/org/{county.slug}/")
    added = organization_create(
        actor=superuser,
        name="石城县教育体育局",
        level=Level.DEPARTMENT,
        credit_code=make_credit_code(),
        slug="shicheng-jtj",
        parent=county,
    )
    with CaptureQueriesContext(connection) as captured:
        Client().get(f"/org/{county.slug}/")
    # The subtree's ids in each list query, as org_id IN (...) (a small subtree) or org_id + 0 IN.
    in_subtree = re.compile(r'"disclosure_publication"\."org_id"(?: \+ 0\))? IN \(([\d, ]+)\)')
    scopes = [in_subtree.search(q["sql"]) for q in captured.captured_queries]
    listed = [{int(i) for i in m.group(1).split(",")} for m in scopes if m]
    subtree = {o.pk for o in (county, org_tree["dept"], org_tree["township"], added)}
    assert len(listed) == 4 and all(ids == subtree for ids in listed)


def test_the_site_an_org_page_wears_is_remembered_until_the_next_change(org_tree, make_user, settings):
    """The site whose look and footer an org's pages wear (orgs.site_of) is read once per outbox
    generation, not on every request; a change of the site is on the next page."""
    settings.GONGKAI_PAGE_CACHE = False
    dept = org_tree["dept"]
    url = f"/org/{dept.slug}/xxgk/"

    def site_reads() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url).status_code == 200
        # orgs.site_of's query: the sites of the org and its ancestors.
        return sum(1 for q in captured.captured_queries if '"orgs_site"."org_id" IN (' in q["sql"])

    assert site_reads() == 1
    assert site_reads() == 0
    admin = make_user("admin", org=org_tree["county"], role=Role.ADMIN)
    site_save(actor=admin, org=dept, today=datetime.date(2026, 12, 2), icp_number="赣ICP备12345678号")
    assert site_reads() == 1
    assert "赣ICP备12345678号" in Client().get(url).content.decode()

"""The demo's public pages and contents over HTTP, and what its staff find waiting (the demo is
built once for the module: demo_db)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from gongkai.disclosure.models import Publication
from gongkai.foi.demo import build_demo_applications
from gongkai.foi.models import Application, Letter, LetterKind, State
from gongkai.orgs.models import Organization
from gongkai.portal import demo
from gongkai.portal.sites.demo import DEMO_SITE_DOCUMENTS

pytestmark = pytest.mark.django_db


def test_home_is_the_cluster_portal_and_the_directory_lists_every_org(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-CN"' in html
    assert 'href="#main"' in html and 'id="main"' in html
    # The demo's cluster portal is 石城县人民政府's site; it lists the member sites and the
    # newest items of its own subtree, and links the directory of every org on the platform.
    for name in ("石城县人民政府", "石城县卫生健康委员会", "石城县琴江镇人民政府", "站群网站"):
        assert name in html
    newest = Publication.objects.filter(org__path__startswith=demo_site["shicheng"].path).order_by("-published_on")[0]
    assert newest.title in html
    assert f'href="/info/{newest.pk}/"' in html
    assert 'href="/orgs/"' in html
    directory = client.get("/orgs/").content.decode()
    for name in (
        "江西省人民政府",
        "石城县人民政府",
        "石城县木兰乡人民政府",
        "本溪市南芬区人民政府",
        "四川省人民政府办公厅",
    ):
        assert name in directory


def test_org_site_carries_the_org_name_and_its_subtree_items(client, demo_site):
    response = client.get("/org/shicheng/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="site-name"><a href="/org/shicheng/">石城县人民政府</a></p>' in html
    assert "关于印发石城县2024年政务公开工作要点的通知" in html  # published by its 县政府办
    assert "南芬区2017年度政府信息公开工作报告" not in html  # another province's


def test_publication_page_shows_metadata_and_clean_body(client, demo_site):
    item = Publication.objects.get(source_key="seed:000_fe679704d659e81b.txt")
    html = client.get(f"/info/{item.pk}/").content.decode()
    assert "柳河县人民政府办公室" in html
    assert "2018-06-01" in html
    assert "聯系電話:7222186、7222730" in html
    assert "发财计划" not in html


def test_missing_pages_answer_404_in_chinese(client, demo_site):
    for path in ("/info/999999/", "/org/no-such-org/", "/nowhere/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "未找到" in response.content.decode()


def test_pages_send_a_content_security_policy(client, demo_site):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_demo_documents_are_in_the_right_orgs_without_the_injected_junk(demo_site):
    placed = {
        p.source_key: (p.org.slug, [n.code for n in p.catalog_nodes.all()], p.state)
        for p in Publication.objects.select_related("org")
    }
    seeds = {f"seed:{d.filename}": (d.org, [d.catalog], "published") for d in demo.DOCUMENTS}
    # Besides the seeds, each demo site's 公开制度 and 年报 (portal.sites.demo), in their columns.
    assert placed == {**seeds, **DEMO_SITE_DOCUMENTS}
    assert sorted(d.catalog for d in demo.DOCUMENTS) == [
        "annual-reports",
        "consultations",
        "consultations",
        "notices",
        "other-docs",
    ]
    bodies = "\n".join(Publication.objects.values_list("body_html", flat=True))
    for junk in (
        "发财计划",
        "百姓快3",
        "app下载",
        "<tbody",
        "扫一扫在手机打开当前页",
        "掃一掃",
        "运行维护单位",
        "相关文章",
    ):
        assert junk not in bodies
    # The 石城县 page carried the document twice; the demo keeps one copy.
    work_plan = Publication.objects.get(source_key="seed:002_0cf31afc2e5c933c.txt").body_html
    assert work_plan.count("石城县2024年政务公开工作要点") == 2  # in the notice and as the heading, once each
    assert "赣江源镇" in work_plan  # the events table is kept


def test_the_demo_shows_the_catalog_and_the_work_plan_of_shicheng(demo_site):
    """The demo's 石城县 has its 标准目录 (published, bound to its columns) and its 2024 工作要点
    (seed 002) as tasks; the public catalog page lists it."""
    from gongkai.catalogs import selectors as catalogs
    from gongkai.supervision import selectors as supervision

    county = Organization.objects.get(slug="shicheng")
    assert catalogs.published_versions(county)
    plan = supervision.plans_of(county).get()
    assert plan.year == 2024 and plan.tasks.count() == 12
    page = Client().get("/org/shicheng/catalog-standard/")
    assert page.status_code == 200 and "公开内容" in page.content.decode()


def test_the_demo_gives_the_foi_officer_three_cases_made_through_the_services(client, demo_site):
    """One to accept, one drafted and waiting for 签发, one answered with its signed letter."""
    county = demo_site["shicheng"]
    officer = get_user_model().objects.get(username="demo-foi")
    cases = {a.state: a for a in Application.objects.filter(org=county)}
    assert set(cases) == {State.REGISTERED, State.IN_PROGRESS, State.REPLIED}
    assert cases[State.IN_PROGRESS].assigned_to == officer
    assert cases[State.REPLIED].assigned_to == officer
    drafted = Letter.objects.get(application=cases[State.IN_PROGRESS], kind=LetterKind.REPLY)
    assert drafted.status == Letter.Status.DRAFT
    signed = Letter.objects.get(application=cases[State.REPLIED], kind=LetterKind.REPLY)
    assert signed.status == Letter.Status.SIGNED
    assert cases[State.REPLIED].outcome == "disclosed"
    # The applicants left no e-mail address: building the demo sends nothing.
    assert all(not a.email for a in cases.values())
    # Made once: running it again (as `gongkai demo` does on every start) adds nothing.
    operator = get_user_model().objects.get(username="demo-operator")
    assert build_demo_applications(actor=operator, org=county, officer=officer, today=timezone.localdate()) == 0
    assert Application.objects.filter(org=county).count() == 3

    # The officer sees the two open cases on the FOI page, not the answered one.
    client.force_login(officer)
    page = client.get("/staff/foi/").content.decode()
    assert cases[State.IN_PROGRESS].registration_number in page
    assert cases[State.REGISTERED].registration_number in page
    assert cases[State.REPLIED].registration_number not in page

import pytest
from conftest import make_credit_code
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from gongkai.disclosure.models import Publication
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Level, Role
from gongkai.orgs.services import organization_create
from gongkai.portal import demo
from gongkai.portal.sites.demo import DEMO_SITE_DOCUMENTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(db):
    orgs, _, _ = demo.build_all()
    return orgs


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


def test_markup_in_names_is_shown_inert(client, superuser):
    organization_create(
        actor=superuser,
        name='<script>alert("x")</script>县',
        level=Level.COUNTY,
        credit_code=make_credit_code(),
        slug="hostile",
    )
    html = client.get("/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;县" in html


def test_pages_send_a_content_security_policy(client, demo_site):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_staff_landing_needs_login_and_shows_roles(client, org_tree, make_user):
    assert client.get("/staff/").status_code == 302
    make_user("clerk", org=org_tree["dept"], role=Role.EDITOR)
    response = client.post("/staff/login/", {"username": "clerk", "password": "clerk-password-1"})
    assert response.status_code == 302
    html = client.get("/staff/").content.decode()
    assert "石城县卫生健康委员会" in html
    assert "起草" in html


def test_user_without_roles_is_told_in_chinese(client, make_user):
    make_user("nobody")
    client.force_login(User.objects.get(username="nobody"))
    response = client.get("/staff/")
    assert response.status_code == 403
    assert "尚未分配任何机构角色" in response.content.decode()


def test_wrong_password_shows_a_chinese_error(client, make_user):
    make_user("clerk")
    response = client.post("/staff/login/", {"username": "clerk", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, make_user):
    make_user("clerk")
    for _ in range(5):
        client.post("/staff/login/", {"username": "clerk", "password": "wrong"})
    response = client.post("/staff/login/", {"username": "clerk", "password": "clerk-password-1"})
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_form_refuses_a_post_without_csrf_token(make_user):
    make_user("clerk")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/staff/login/", {"username": "clerk", "password": "clerk-password-1"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_demo_command_twice_creates_no_duplicates(capsys):
    call_command("demo", "--no-serve")
    first = capsys.readouterr().out
    counts = (Organization.objects.count(), Publication.objects.count())
    call_command("demo", "--no-serve")
    second = capsys.readouterr().out
    assert counts == (Organization.objects.count(), Publication.objects.count())
    assert counts == (len(demo.ORGS), len(demo.DOCUMENTS) + len(DEMO_SITE_DOCUMENTS))
    assert first.count("密码 ") == len(demo.DEMO_USERS)
    assert "密码 " not in second.replace("密码见", "")


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

"""Sites in the cluster over HTTP: routing by host and by /org/<slug>/, the cluster portal and
its member list, the statutory footer, 网站地图, the generated 指南, per-site 404 and 410, the
staff settings page, the theme palette's contrast, and the demo's filled columns."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.disclosure.models import Publication
from gongkai.disclosure.services import publication_withdraw
from gongkai.orgs import selectors as orgs
from gongkai.orgs import services as org_services
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db

WJW = "wjw.shicheng.localhost"
QINJIANG = "qinjiang.shicheng.localhost"


def page(client: Client, path: str, host: str = "testserver", status: int = 200) -> str:
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == status, (path, host, response.status_code)
    return response.content.decode()


def test_a_member_site_answers_at_its_host_name(client, demo_site):
    html = page(client, "/", WJW)
    assert '<body class="theme-teal">' in html
    assert '<p class="site-name"><a href="/">石城县卫生健康委员会</a></p>' in html
    assert "<title>石城县卫生健康委员会</title>" in html
    for block in ("要闻动态", "通知公告", "政策文件", "政策解读", "政府信息公开", "办事服务", "互动交流"):
        assert block in html
    assert "县卫健委政府信息公开保密审查制度" not in html  # titles carry the full name
    assert "石城县卫生健康委员会政府信息公开保密审查制度" in html


def test_the_same_site_answers_by_path_on_any_host(client, demo_site):
    html = page(client, "/org/shicheng-qinjiang/")
    assert '<body class="theme-green">' in html
    assert '<p class="site-name"><a href="/org/shicheng-qinjiang/">石城县琴江镇人民政府</a></p>' in html
    assert 'name="org" value="shicheng-qinjiang"' in html  # the header search stays in the site


def test_an_unknown_host_gets_the_cluster_portal_with_its_members(client, demo_site):
    html = page(client, "/", "elsewhere.localhost")
    assert '<body class="theme-red">' in html
    assert "石城县人民政府" in html and "站群网站" in html
    for name, host in (("石城县卫生健康委员会", WJW), ("石城县琴江镇人民政府", QINJIANG)):
        assert name in html and host in html
    own = page(client, "/", "shicheng.localhost")
    assert '<p class="site-name"><a href="/">石城县人民政府</a></p>' in own and WJW in own


def test_the_footer_carries_what_the_guideline_asks(client, demo_site):
    html = page(client, "/", WJW)
    footer = html[html.index('<footer class="site-footer">') :]
    for text in (
        "主办单位：石城县卫生健康委员会",
        "承办单位：县卫健委办公室",
        "网站标识码：3607350001",
        '<a href="https://beian.miit.gov.cn/" rel="noopener">赣ICP备00000000号</a>',
        "recordcode=36073500000000",
        "赣公网安备 36073500000000号",
        'href="/org/shicheng-wjw/contact/">联系我们',
        'href="/org/shicheng-wjw/sitemap/">网站地图',
    ):
        assert text in footer, text


def test_sitemap_and_contact_pages_list_the_site(client, demo_site):
    html = page(client, "/org/shicheng-wjw/sitemap/", WJW)
    for href in (
        "/org/shicheng-wjw/xxgk/",
        "/org/shicheng-wjw/xxgk/guide/",
        "/org/shicheng-wjw/catalog/rules/",
        "/org/shicheng-wjw/catalog/annual-reports/",
        "/org/shicheng-wjw/foi/apply/",
        "/org/shicheng-wjw/guides/",
    ):
        assert f'href="{href}"' in html
    assert 'aria-current="page">网站地图' in html
    assert "0797-0000000" in page(client, "/org/shicheng-wjw/contact/")


def test_the_guide_is_built_from_the_org_data_with_the_statutory_remedies(client, demo_site):
    html = page(client, "/org/shicheng-wjw/xxgk/guide/")
    for text in ("受理机构", "县卫健委办公室", "法定工作日", "0797-0000000", "20个工作日", "不收取费用"):
        assert text in html, text
    # A county department: 行政复议 to the county government (行政复议法第二十四条).
    assert "60日内向石城县人民政府提出" in html
    assert "6个月内直接向人民法院提起行政诉讼" in html
    assert "应当先申请行政复议" in html  # 复议前置 for a refusal (第二十三条)
    # The county government itself: to the government one level up.
    assert "60日内向赣州市人民政府提出" in page(client, "/org/shicheng/xxgk/guide/")
    # A province: its own government hears the case (第二十四条第二款).
    assert "60日内向江西省人民政府提出" in page(client, "/org/jiangxi/xxgk/guide/")


def test_every_disclosure_column_of_a_demo_site_has_content(client, demo_site):
    for slug, name in (
        ("shicheng", "石城县人民政府"),
        ("shicheng-wjw", "石城县卫生健康委员会"),
        ("shicheng-qinjiang", "石城县琴江镇人民政府"),
    ):
        assert "政府信息公开指南" in page(client, f"/org/{slug}/xxgk/")
        assert "受理机构" in page(client, f"/org/{slug}/xxgk/guide/")
        rules = page(client, f"/org/{slug}/catalog/rules/")
        assert f"{name}政府信息公开保密审查制度" in rules and f"{name}依申请公开政府信息办理制度" in rules
        assert f"{name}2024年政府信息公开工作年度报告（演示）" in page(client, f"/org/{slug}/catalog/annual-reports/")


def test_the_policy_library_lists_the_demo_policy(client, demo_site):
    assert "关于印发石城县2024年政务公开工作要点的通知" in page(client, "/policies/")
    assert "关于印发石城县2024年政务公开工作要点的通知" in page(client, "/org/shicheng/")


def test_a_missing_page_keeps_the_look_of_its_site(client, demo_site):
    html = page(client, "/nowhere/", WJW, status=404)
    assert "石城县卫生健康委员会" in html and "theme-teal" in html and "未找到" in html
    html = page(client, "/org/shicheng-qinjiang/catalog/no-such-column/", status=404)
    assert "theme-green" in html and "返回石城县琴江镇人民政府首页" in html


def test_a_withdrawn_item_answers_410_on_its_site(client, demo_site):
    item = Publication.objects.get(source_key="demo:rules:shicheng-wjw:1")
    operator = User.objects.get(username="demo-operator")
    publication_withdraw(actor=operator, publication=item, reason="制度已修订")
    html = page(client, f"/info/{item.pk}/", WJW, status=410)
    assert "该信息已撤回" in html and "theme-teal" in html


def test_the_login_page_is_branded_with_the_site_not_the_host(client, demo_site):
    html = page(client, "/staff/login/", WJW)
    assert "<title>工作人员登录 - 石城县卫生健康委员会</title>" in html
    assert "wjw.shicheng.localhost" not in html.split("<main")[0]


def test_site_save_checks_its_input_and_the_actor(demo_site, make_user):
    county = demo_site["shicheng"]
    admin = make_user("county-admin", org=county, role=Role.ADMIN)
    editor = make_user("county-editor", org=county, role=Role.EDITOR)
    today = datetime.date(2026, 1, 20)
    with pytest.raises(PermissionDenied):
        org_services.site_save(actor=editor, org=county, today=today, name="改名")
    with pytest.raises(ValidationFailed) as caught:
        org_services.site_save(
            actor=admin,
            org=county,
            today=today,
            name="",
            hosts="http://bad host, wjw.shicheng.localhost",
            site_code="12",
            postcode="x",
            email="not-mail",
            theme="pink",
        )
    fields = caught.value.fields
    assert set(fields) >= {"name", "hosts", "site_code", "postcode", "email", "theme"}
    assert any("石城县卫生健康委员会" in p for p in fields["hosts"])  # the host is taken
    site = org_services.site_save(actor=admin, org=county, today=today, hosts="WWW.Shicheng.localhost", theme="blue")
    assert site.hosts == "www.shicheng.localhost" and site.guide_updated_on == today
    assert orgs.site_for_host("www.shicheng.localhost") == site


def test_a_host_moved_between_sites_answers_for_its_new_site_at_once(client, demo_site, make_user):
    """The site of a host is remembered between requests (portal.sites.middleware); a change of
    hosts through site_save writes an outbox event, so the next request already sees it."""
    admin = make_user("host_admin", org=demo_site["shicheng"], role=Role.ADMIN)
    assert '<body class="theme-teal">' in page(client, "/", WJW)
    assert '<body class="theme-teal">' in page(client, "/", WJW)  # from the memo
    org_services.site_save(
        actor=admin, org=demo_site["shicheng-wjw"], today=datetime.date(2026, 12, 2), hosts="weijian.shicheng.localhost"
    )
    assert '<body class="theme-teal">' not in page(client, "/", WJW)  # the old host: the cluster portal
    assert '<body class="theme-teal">' in page(client, "/", "weijian.shicheng.localhost")


def test_the_staff_settings_page_edits_the_site_and_its_guide(client, demo_site, make_user):
    make_user("wjw-admin", org=demo_site["shicheng-wjw"], role=Role.ADMIN)
    make_user("wjw-editor", org=demo_site["shicheng-wjw"], role=Role.EDITOR)
    url = "/staff/orgs/shicheng-wjw/site/"
    client.force_login(User.objects.get(username="wjw-editor"))
    assert client.get(url).status_code == 403
    client.force_login(User.objects.get(username="wjw-admin"))
    html = client.get(url).content.decode()
    assert '<label for="id_guide_notes">指南补充说明</label>' in html
    form = dict.fromkeys(("hosts", "icp_number", "police_number", "police_record_code", "fax"), "")
    form.update(name="石城县卫生健康委员会", theme="teal", site_code="123", guide_notes="本机关不受理信访事项。")
    response = client.post(url, form)
    assert response.status_code == 422
    assert "网站标识码为10位数字。" in response.content.decode()
    form["site_code"] = "3607350001"
    response = client.post(url, form)
    assert response.status_code == 302
    guide = page(client, "/org/shicheng-wjw/xxgk/guide/")
    assert "六、其他说明" in guide and "本机关不受理信访事项。" in guide
    assert "theme-red" in page(client, "/", WJW)  # its host was cleared: the cluster portal answers


def test_the_public_events_page_keeps_the_internal_overdue_list_out(client, demo_site):
    html = page(client, "/events/?year=2024")
    assert "<tr><td>" in html and 'class="table-scroll"' in html  # the table scrolls in its region
    assert "逾期" not in html  # the departments' overdue follow-up is on the staff page only

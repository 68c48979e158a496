"""The register pages of the inspection back office through the client: sites, the 政务新媒体
register (备案, edit, manual entries, the feed, 动态管理 buttons from the table) and the org's own
wording rules. Errors stay beside their fields; who lacks the right sees no button and gets 403."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from gongkai.core.errors import PermissionDenied
from gongkai.inspection import services
from gongkai.inspection.models import AccountStatus, InspectedSite, MediaAccount, OrgWordingRule
from gongkai.inspection.tests.fixture_site import serve
from gongkai.inspection.transitions import AccountAction
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2024, 7, 10, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def people(org_tree, make_user):
    return {
        "office": make_user("p-county-admin", org=org_tree["county"], role=Role.ADMIN),
        "dept_admin": make_user("p-dept-admin", org=org_tree["dept"], role=Role.ADMIN),
        "editor": make_user("p-dept-editor", org=org_tree["dept"], role=Role.EDITOR),
        "other": make_user("p-other-admin", org=org_tree["sibling"], role=Role.ADMIN),
    }


def _field_error(html: str, field: str, text: str) -> bool:
    """The error text sits in the same field block as the field's input."""
    start = html.index(f'id="id_{field}"')
    block_start = html.rindex('<div class="field', 0, start)
    block_end = html.index("</div>", start)
    return text in html[block_start:block_end]


def test_register_and_edit_a_site(client, org_tree, people):
    client.force_login(people["office"])
    home = client.get("/staff/inspection/").content.decode()
    assert "登记检查对象" in home and "政务新媒体开设备案" in home
    form = client.get("/staff/inspection/sites/new/").content.decode()
    assert '<label for="id_org">' in form and "网站名称" in form and "纳入季度检查" in form
    # Only orgs in the office's own subtree are offered.
    assert "石城县卫生健康委员会" in form and "瑞金市人民政府" not in form
    data = {"org": org_tree["dept"].pk, "name": "县卫健委网站", "url": "ftp://wjw.example/", "scheduled": "on"}
    bad = client.post("/staff/inspection/sites/new/", data)
    assert bad.status_code == 422
    assert _field_error(bad.content.decode(), "url", "网址须以 http:// 或 https:// 开头")
    assert "县卫健委网站" in bad.content.decode()  # what was typed is kept
    assert not InspectedSite.objects.exists()
    outside = client.post("/staff/inspection/sites/new/", {**data, "org": org_tree["sibling"].pk})
    assert outside.status_code == 422 and _field_error(outside.content.decode(), "org", "选择一个有效的选项")
    created = client.post("/staff/inspection/sites/new/", {**data, "url": "https://wjw.example/"})
    site = InspectedSite.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/staff/inspection/sites/{site.pk}/"
    assert site.scheduled and not site.department and site.url == "https://wjw.example/"
    page = client.get(f"/staff/inspection/sites/{site.pk}/").content.decode()
    assert "修改检查对象" in page and "开始检查" in page
    edited = client.post(
        f"/staff/inspection/sites/{site.pk}/edit/",
        {"org": org_tree["dept"].pk, "name": "县卫健委门户", "url": "", "department": "on"},
    )
    assert edited.status_code == 302
    site.refresh_from_db()
    assert (site.name, site.url, site.department, site.scheduled) == ("县卫健委门户", "", True, False)

    # The site's own editor reads the page but may neither edit nor run it.
    client.force_login(people["editor"])
    page = client.get(f"/staff/inspection/sites/{site.pk}/").content.decode()
    assert "修改检查对象" not in page and "开始检查" not in page
    assert client.get(f"/staff/inspection/sites/{site.pk}/edit/").status_code == 403
    assert "登记检查对象" not in client.get("/staff/inspection/").content.decode()
    assert client.post("/staff/inspection/sites/new/", {**data, "url": ""}).status_code == 422  # no org offered
    client.force_login(people["other"])
    assert client.get(f"/staff/inspection/sites/{site.pk}/").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_account_register_edit_and_entries(client, org_tree, people):
    client.force_login(people["dept_admin"])
    form = client.get("/staff/inspection/accounts/new/").content.decode()
    assert "开设备案日期" in form and "责任人" in form and "平台" in form
    data = {
        "org": org_tree["dept"].pk,
        "platform": "wechat",
        "name": "石城卫健",
        "registered_on": "2024-08-01",
        "responsible": "李四",
        "has_interaction": "on",
    }
    future = client.post("/staff/inspection/accounts/new/", data)
    assert future.status_code == 422
    assert _field_error(future.content.decode(), "registered_on", "不晚于今天")
    created = client.post("/staff/inspection/accounts/new/", {**data, "registered_on": "2021-05-01"})
    account = MediaAccount.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/staff/inspection/accounts/{account.pk}/"
    page = client.get(f"/staff/inspection/accounts/{account.pk}/").content.decode()
    assert "修改备案信息" in page and "录入一条更新" in page
    assert "注销账号" in page and "动态关停" not in page  # 动态管理 is the office's
    edit = client.post(
        f"/staff/inspection/accounts/{account.pk}/edit/",
        {**data, "registered_on": "2021-05-01", "responsible": "", "name": "石城卫健发布"},
    )
    assert edit.status_code == 422 and _field_error(edit.content.decode(), "responsible", "这个字段是必填项")
    client.post(
        f"/staff/inspection/accounts/{account.pk}/edit/",
        {**data, "registered_on": "2021-05-01", "responsible": "王五", "name": "石城卫健发布"},
    )
    account.refresh_from_db()
    assert (account.name, account.responsible) == ("石城卫健发布", "王五")

    # The org's editor records what they saw on the account; the date is bounded.
    client.force_login(people["editor"])
    early = client.post(f"/staff/inspection/accounts/{account.pk}/posts/", {"posted_on": "2019-01-01", "title": "旧"})
    assert early.status_code == 422
    assert _field_error(early.content.decode(), "posted_on", "发布日期须在开设备案日期之后")
    posts = f"/staff/inspection/accounts/{account.pk}/posts/"
    ok = client.post(posts, {"posted_on": "2024-07-08", "title": "防汛提示"})
    assert ok.status_code == 302
    page = client.get(f"/staff/inspection/accounts/{account.pk}/").content.decode()
    assert "2024-07-08 防汛提示（人工录入）" in page
    assert client.get(f"/staff/inspection/accounts/{account.pk}/edit/").status_code == 403
    assert client.post(f"/staff/inspection/accounts/{account.pk}/edit/", data).status_code == 403
    client.force_login(people["other"])
    assert client.get(f"/staff/inspection/accounts/{account.pk}/").status_code == 404
    assert client.post(posts, {"posted_on": "2024-07-08"}).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_feed_is_read_on_demand(client, org_tree, people):
    feed = "<rss><channel><item><pubDate>Mon, 08 Jul 2024 08:00:00 +0800</pubDate></item></channel></rss>"
    with serve({"/feed.xml": (200, "application/rss+xml", feed, 0)}) as (origin, _log):
        account = services.account_register(
            actor=people["dept_admin"],
            org=org_tree["dept"],
            platform="weibo",
            name="石城卫健微博",
            registered_on=datetime.date(2020, 1, 1),
            responsible="王五",
            feed_url=origin + "/feed.xml",
        )
        client.force_login(people["editor"])
        page = client.get(f"/staff/inspection/accounts/{account.pk}/").content.decode()
        assert "立即读取信息源" in page
        done = client.post(f"/staff/inspection/accounts/{account.pk}/feed/", follow=True).content.decode()
    assert "已读取信息源，新增 1 条更新记录。" in done and "2024-07-08" in done
    MediaAccount.objects.filter(pk=account.pk).update(feed_url="http://127.0.0.1:9/feed.xml")
    failed = client.post(f"/staff/inspection/accounts/{account.pk}/feed/", follow=True).content.decode()
    assert "无法读取信息源" in failed


def test_officer_without_the_right_sees_no_button_and_gets_403(client, org_tree, people):
    account = services.account_register(
        actor=people["dept_admin"],
        org=org_tree["dept"],
        platform="douyin",
        name="石城卫健抖音",
        registered_on=datetime.date(2022, 3, 1),
        responsible="赵六",
    )
    # The dept's editor: no 动态管理 button, 403 from the page and from the service.
    client.force_login(people["editor"])
    page = client.get(f"/staff/inspection/accounts/{account.pk}/").content.decode()
    assert "动态关停" not in page and "责令限期整改" not in page and "当前没有您可以执行的操作" in page
    refused = client.post(f"/staff/inspection/accounts/{account.pk}/shut_down/", {"reason": "更新不及时"})
    assert refused.status_code == 403
    with pytest.raises(PermissionDenied):
        services.account_act(actor=people["editor"], account=account, action=AccountAction.SHUT_DOWN, reason="其他")
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE
    # The office above sees the table's buttons and takes the step.
    client.force_login(people["office"])
    page = client.get(f"/staff/inspection/accounts/{account.pk}/").content.decode()
    assert "动态关停" in page and "责令限期整改" in page and "关停原因" in page
    client.post(f"/staff/inspection/accounts/{account.pk}/order_rectification/", {"reason": "两周未更新"})
    account.refresh_from_db()
    assert (account.status, account.status_reason) == (AccountStatus.RECTIFYING, "两周未更新")
    page = client.get(f"/staff/inspection/accounts/{account.pk}/").content.decode()
    assert "整改完成，恢复运营" in page and "责令限期整改" not in page


def test_wording_rules_pages(client, org_tree, people):
    client.force_login(people["dept_admin"])
    page = client.get("/staff/inspection/wording/").content.decode()
    assert "添加规则" in page and "暂无本单位规则" in page and "错误表述" in page
    data = {"org": org_tree["dept"].pk, "pattern": "局", "correction": "石城县卫生健康委员会"}
    short = client.post("/staff/inspection/wording/", data)
    assert short.status_code == 422 and _field_error(short.content.decode(), "pattern", "错误表述至少2个字")
    client.post("/staff/inspection/wording/", {**data, "pattern": "石城县卫健局"})
    rule = OrgWordingRule.objects.get()
    duplicate = client.post("/staff/inspection/wording/", {**data, "pattern": "石城县卫健局"})
    assert duplicate.status_code == 422 and _field_error(duplicate.content.decode(), "pattern", "本单位已有该错误表述")
    edited = client.post(
        f"/staff/inspection/wording/{rule.pk}/edit/",
        {"pattern": "石城县卫计委", "correction": "石城县卫生健康委员会", "source": "石机编〔2019〕1号"},
    )
    assert edited.status_code == 302
    rule.refresh_from_db()
    assert (rule.pattern, rule.source) == ("石城县卫计委", "石机编〔2019〕1号")

    client.force_login(people["editor"])
    page = client.get("/staff/inspection/wording/").content.decode()
    assert "石城县卫计委" in page and "添加规则" not in page and f"/wording/{rule.pk}/edit/" not in page
    assert client.post(f"/staff/inspection/wording/{rule.pk}/delete/").status_code == 403
    assert client.get(f"/staff/inspection/wording/{rule.pk}/edit/").status_code == 403
    client.force_login(people["other"])
    assert "石城县卫计委" not in client.get("/staff/inspection/wording/").content.decode()
    assert client.post(f"/staff/inspection/wording/{rule.pk}/delete/").status_code == 404
    client.force_login(people["office"])
    assert client.post(f"/staff/inspection/wording/{rule.pk}/delete/").status_code == 302
    assert not OrgWordingRule.objects.exists()

"""公众参与 in the portal: public forms (token, rate limit, inert hostile text, no personal data on
public pages), the demo consultations, the mailbox wall, statistics, events and the staff pages."""

import datetime
import re
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from gongkai.core.form_tokens import issue_form_token
from gongkai.orgs.roles import Role
from gongkai.participation import demo as participation_demo
from gongkai.participation import services
from gongkai.participation.models import Comment, Consultation, Event, Message
from gongkai.participation.services import ConsultationInput
from gongkai.participation.tests.letters import street_light_letter
from gongkai.portal import demo as portal_demo
from gongkai.portal.participation import public as participation_public

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=TZ), tick=False)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_of(html: str) -> str:
    match = re.search(r'name="token" value="([0-9a-f-]+)"', html)
    assert match, "the form carries an idempotency token"
    return match.group(1)


@pytest.fixture
def people(org_tree, make_user):
    return {
        "admin": make_user("county-admin", org=org_tree["county"], role=Role.ADMIN),
        "approver": make_user("county-approver", org=org_tree["county"], role=Role.APPROVER),
        "reviewer": make_user("county-reviewer", org=org_tree["county"], role=Role.REVIEWER),
        "editor": make_user("dept-editor", org=org_tree["dept"], role=Role.EDITOR),
    }


def open_consultation(people, org_tree, **overrides) -> Consultation:
    data: dict[str, Any] = {
        "title": "石城县城区养犬管理规定（征求意见稿）",
        "draft_type": "normative",
        "draft_html": "<p>第一条 为了规范养犬行为。</p><p>第二条 本规定适用于城区。</p>",
        "starts_on": D(2025, 9, 26),
        "ends_on": D(2025, 10, 13),
    }
    data.update(overrides)
    item = services.consultation_create(actor=people["editor"], org=org_tree["dept"], data=ConsultationInput(**data))
    return services.consultation_open(actor=people["approver"], consultation=item, today=D(2025, 9, 26))


def test_the_two_seed_consultations_in_the_demo(superuser):
    orgs = portal_demo.build_orgs(superuser)
    today = timezone.localdate()
    liuhe, sichuan = participation_demo.build_demo_consultations(actor=superuser, today=today, orgs=orgs)
    client = Client()
    open_list = client.get("/consultations/").content.decode()
    assert "关于全面推进政务公开工作的实施意见（征求意见稿）" in open_list
    closed_list = client.get("/consultations/?which=closed").content.decode()
    assert "2018年全县政务公开工作重点任务分工方案（征求意见稿）" in closed_list and "已公布采纳情况" in closed_list

    closed = client.get(f"/consultations/{liuhe.pk}/").content.decode()
    assert "意见采纳情况" in closed and "共收到意见 <strong>3</strong> 条" in closed
    assert "部分采纳（1 条）" in closed and "保留年底前完成的要求" in closed
    assert "传真至县政府办公室：7222670" in closed and "6月5日11时前" in closed
    assert 'name="body"' not in closed  # closed: no form

    page = client.get(f"/consultations/{sichuan.pk}/").content.decode()
    assert "期限缩短的理由" in page and "未载明缩短期限的理由" in page
    assert "一般不少于7个工作日" in page and "正在征求意见" in page
    assert 'id="p-1"' in page and 'name="body"' in page and 'name="csrfmiddlewaretoken"' in page


def test_comment_form_double_submit_hostile_text_and_no_personal_data(people, org_tree):
    item = open_consultation(people, org_tree)
    client = Client()
    with on(D(2025, 9, 30)):
        form = client.get(f"/consultations/{item.pk}/").content.decode()
        token = token_of(form)
        data = {
            "token": token,
            "paragraph": "2",
            "body": f"建议增设遛狗区。{HOSTILE}",
            "author_name": "张三丰",
            "author_contact": "13812345678",
        }
        first = client.post(f"/consultations/{item.pk}/comment/", data)
        second = client.post(f"/consultations/{item.pk}/comment/", data)
        assert first.status_code == second.status_code == 302
        assert Comment.objects.count() == 1
        services.comment_moderate(actor=people["editor"], comment=Comment.objects.get(), moderation="shown")
        page = client.get(f"/consultations/{item.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert '<script>alert("x")' not in page and "<img src=x" not in page
    assert "张三丰" not in page and "13812345678" not in page
    assert "针对第2段" in page


def test_validation_error_keeps_what_was_typed(people, org_tree):
    item = open_consultation(people, org_tree, identity_required=True)
    client = Client()
    with on(D(2025, 9, 30)):
        token = token_of(client.get(f"/consultations/{item.pk}/").content.decode())
        response = client.post(
            f"/consultations/{item.pk}/comment/", {"token": token, "body": "第二条应包括乡镇。", "author_name": ""}
        )
    assert response.status_code == 422
    html = response.content.decode()
    assert "第二条应包括乡镇。</textarea>" in html and f'value="{token}"' in html
    assert "请填写" in html or "必填" in html or "这个字段是必填项" in html
    assert not Comment.objects.exists()


def test_a_flood_from_one_address_is_answered_429_in_chinese(org_tree):
    client = Client(REMOTE_ADDR="10.2.3.4")
    url = f"/org/{org_tree['county'].slug}/rate/"
    statuses = [
        client.post(url, {"token": issue_form_token(), "level": "5", "channel": "online"}).status_code for _ in range(6)
    ]
    assert statuses[:5] == [200] * 5 and statuses[5] == 429
    limited = client.post(url, {"token": issue_form_token(), "level": "5", "channel": "online"})
    assert limited.status_code == 429 and "提交过于频繁" in limited.content.decode()


def test_csrf_is_required_on_public_forms(org_tree):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/org/{org_tree['county'].slug}/mailbox/", {"subject": "x"})
    assert response.status_code == 403
    assert not Message.objects.exists()


def test_mailbox_from_letter_to_the_wall_and_rating(people, org_tree):
    writer = Client()
    with on(D(2025, 9, 26)):
        token = token_of(writer.get(f"/org/{org_tree['county'].slug}/mailbox/").content.decode())
        letter = {
            "token": token,
            "category": "complain",
            "subject": "路灯损坏",
            "body": f"我叫刘红梅，手机13912345678，路灯坏了三个月。{HOSTILE}",
            "writer_name": "刘红梅",
            "writer_phone": "13912345678",
            "wants_public": "on",
        }
        receipt = writer.post(f"/org/{org_tree['county'].slug}/mailbox/", letter).content.decode()
        again = writer.post(f"/org/{org_tree['county'].slug}/mailbox/", letter).content.decode()
        message = Message.objects.get()
        secret = re.search(r"查询密码：<strong class=\"code\">([0-9a-f]+)</strong>", receipt).group(1)
        assert message.code in receipt and message.code in again and secret in again
        assert "2025年10月16日" in receipt  # 10 working days

        admin = as_user(people["admin"])
        staff_page = admin.get(f"/staff/participation/messages/{message.pk}/").content.decode()
        assert "刘红梅" in staff_page and "13912345678" in staff_page
        admin.post(f"/staff/participation/messages/{message.pk}/route/", {"handling_org": org_tree["dept"].pk})
        editor = as_user(people["editor"])
        editor.post(f"/staff/participation/messages/{message.pk}/reply/", {"reply": "刘红梅您好：路灯已修复。"})
        reviewer = as_user(people["reviewer"])
        reviewer.post(f"/staff/participation/messages/{message.pk}/review/", {"approve": "1", "show_on_wall": "1"})
        message.refresh_from_db()
        assert message.state == "answered"

        wall = Client().get("/mailbox/").content.decode()
        item = Client().get(f"/mailbox/{message.pk}/").content.decode()
        for page in (wall, item):
            assert "刘红梅" not in page and "13912345678" not in page
        assert (
            "路灯损坏" in wall
            and "139****5678" in item
            and "&lt;script&gt;" in item
            and '<script>alert("x")' not in item
        )

        tracked = writer.post("/mailbox/track/", {"code": message.code, "secret": secret}).content.decode()
        assert "刘红梅您好：路灯已修复。" in tracked and 'name="satisfaction"' in tracked
        wrong = writer.post("/mailbox/track/", {"code": message.code, "secret": "0" * 12}).content.decode()
        assert "留言编号或查询密码不正确" in wrong and "路灯已修复" not in wrong
        rated = writer.post("/mailbox/rate/", {"code": message.code, "secret": secret, "satisfaction": "unsatisfied"})
        assert "回访" in rated.content.decode()
        message.refresh_from_db()
        assert message.state == "reopened"
        home = editor.get("/staff/participation/").content.decode()
        assert message.code in home and "待回访（1）" in home and "待答复（0）" in home


def test_a_private_message_stays_off_the_wall(people, org_tree):
    message, _, _ = services.message_submit(
        org=org_tree["county"],
        category="consult",
        subject="咨询低保政策",
        body="家庭困难，咨询低保。",
        writer_name="李四",
        writer_phone="13712345678",
        wants_public=False,
        token=issue_form_token(),
        today=D(2025, 9, 1),
    )
    services.message_route(actor=people["admin"], message=message, handling_org=org_tree["dept"], today=D(2025, 9, 1))
    services.message_reply(actor=people["editor"], message=message, reply="请携带材料到乡镇申请。", today=D(2025, 9, 2))
    services.message_review(actor=people["reviewer"], message=message, approve=True, today=D(2025, 9, 2))
    assert "咨询低保政策" not in Client().get("/mailbox/").content.decode()
    assert Client().get(f"/mailbox/{message.pk}/").status_code == 404


def test_statistics_page_with_figures_and_charts(people, org_tree):
    for received, replied in [(D(2025, 9, 1), D(2025, 9, 5)), (D(2025, 9, 2), D(2025, 9, 12))]:
        m, _, _ = services.message_submit(
            org=org_tree["county"],
            category="consult",
            subject="s",
            body="b",
            writer_name="王五",
            writer_phone="13712345678",
            token=issue_form_token(),
            today=received,
        )
        services.message_route(actor=people["admin"], message=m, handling_org=org_tree["dept"], today=received)
        services.message_reply(actor=people["editor"], message=m, reply="r", today=replied)
        services.message_review(actor=people["reviewer"], message=m, approve=True, today=replied)
    services.rating_submit(org=org_tree["dept"], level=1, token=issue_form_token(), today=D(2025, 9, 3))
    page = Client().get("/participation/statistics/", {"org": "shicheng", "start": "2025-09-01", "end": "2025-09-30"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<dt>受理</dt><dd>2 件</dd>" in html and "<dt>办结率</dt><dd>100.0%</dd>" in html
    assert "6.0 个工作日" in html  # (4 + 8) / 2
    assert "<svg" in html and "受理2" in html and "王五" not in html
    assert "<dt>差评</dt><dd>1</dd>" in html


def test_events_table_from_the_seed_and_registration(people, org_tree, superuser):
    orgs = portal_demo.build_orgs(superuser)
    assert participation_demo.build_demo_events(actor=superuser, year=2024) == 28
    assert participation_demo.build_demo_events(actor=superuser, year=2024) == 0
    page = Client().get("/events/", {"year": 2024}).content.decode()
    assert page.count("<tr><td>") == 28 and "县消防救援大队" in page and "赣江源镇" in page
    event = Event.objects.get(theme="医疗卫生改革", org=orgs["shicheng-wjw"])
    assert event.month == 12
    with on(D(2025, 10, 1)):
        staff_event = services.event_create(
            actor=superuser,
            org=orgs["shicheng-wjw"],
            year=2025,
            data=services.EventInput(
                month=10, theme="医疗卫生改革开放日", held_on=D(2025, 10, 16), registration_open=True
            ),
        )
        client = Client()
        token = token_of(client.get(f"/events/{staff_event.pk}/").content.decode())
        data = {"token": token, "participant_name": "赵敏", "participant_phone": "13612345678"}
        assert client.post(f"/events/{staff_event.pk}/register/", data).status_code == 302
        assert client.post(f"/events/{staff_event.pk}/register/", data).status_code == 302
        assert staff_event.registrations.count() == 1
        assert "赵敏" not in client.get(f"/events/{staff_event.pk}/").content.decode()


def test_staff_consultation_pages_from_draft_to_feedback(people, org_tree):
    editor, approver = as_user(people["editor"]), as_user(people["approver"])
    with on(D(2025, 9, 26)):
        form = {
            "title": "石城县城区养犬管理规定（征求意见稿）",
            "draft_type": "normative",
            "starts_on": "2025-09-26",
            "ends_on": "2025-10-10",
            "draft_html": "<p>第一条</p><p>第二条</p>",
            "accepts_online": "on",
        }
        created = editor.post(f"/staff/participation/orgs/{org_tree['dept'].pk}/consultations/new/", form)
        assert created.status_code == 302, created.content.decode()[:500]
        item = Consultation.objects.get()
        detail = approver.get(f"/staff/participation/consultations/{item.pk}/").content.decode()
        assert "共5个工作日" in detail and "发布前须填写缩短理由" in detail
        refused = approver.post(f"/staff/participation/consultations/{item.pk}/open/", follow=True).content.decode()
        assert "期限缩短的理由" in refused or "少于" in refused
        item.refresh_from_db()
        assert item.state == "draft"
        edited = editor.post(f"/staff/participation/consultations/{item.pk}/edit/", {**form, "ends_on": "2025-10-13"})
        assert edited.status_code == 302
        approver.post(f"/staff/participation/consultations/{item.pk}/open/")
        item.refresh_from_db()
        assert item.state == "published"
    with on(D(2025, 10, 14)):
        registered = editor.post(
            f"/staff/participation/consultations/{item.pk}/register/",
            {"channel": "fax", "received_on": "2025-10-10", "body": "第二条应包括乡镇。", "author_name": "琴江镇"},
        )
        assert registered.status_code == 302
        comment = Comment.objects.get()
        blocked = approver.post(f"/staff/participation/consultations/{item.pk}/feedback/", {"note": ""})
        assert blocked.status_code == 422 and "未审核" in blocked.content.decode()
        editor.post(f"/staff/participation/comments/{comment.pk}/moderate/", {"moderation": "shown"})
        editor.post(
            f"/staff/participation/comments/{comment.pk}/decide/", {"decision": "adopted", "reason": "已采纳。"}
        )
        done = approver.post(f"/staff/participation/consultations/{item.pk}/feedback/", {"note": "共收到意见1条。"})
        assert done.status_code == 302
        public = Client().get(f"/consultations/{item.pk}/").content.decode()
    assert "采纳（1 条）" in public and "第二条应包括乡镇。" in public
    assert "琴江镇" not in public  # who sent a comment is never shown


def test_staff_pages_refuse_outsiders(people, org_tree, make_user):
    outsider = as_user(make_user("sibling-admin", org=org_tree["sibling"], role=Role.ADMIN))
    item = open_consultation(people, org_tree)
    assert outsider.get(f"/staff/participation/consultations/{item.pk}/").status_code == 404
    anonymous = Client().get("/staff/participation/")
    assert anonymous.status_code == 302 and "/staff/login/" in anonymous.url


def test_the_case_pages_offer_exactly_the_available_actions(people, org_tree):
    message = street_light_letter(org_tree["county"])
    # The mailbox office's admin: 转办 and 不予受理, nothing else.
    admin_page = as_user(people["admin"]).get(f"/staff/participation/messages/{message.pk}/").content.decode()
    assert f"/staff/participation/messages/{message.pk}/route/" in admin_page
    assert f"/staff/participation/messages/{message.pk}/dismiss/" in admin_page
    assert f"/staff/participation/messages/{message.pk}/reply/" not in admin_page
    assert f'<option value="{org_tree["dept"].pk}">' in admin_page  # the units it may route to
    with on(D(2025, 9, 26)):
        item = open_consultation(people, org_tree)
        page = as_user(people["editor"]).get(f"/staff/participation/consultations/{item.pk}/").content.decode()
    assert f"/consultations/{item.pk}/do/register_comment/" in page and 'name="received_on"' in page
    assert f"/consultations/{item.pk}/do/publish_feedback/" not in page  # still open; and not the editor's step
    assert f"/consultations/{item.pk}/do/open/" not in page


def test_an_officer_without_the_right_sees_no_button_and_is_refused(people, org_tree):
    """The county's 保密审查 officer may read a new message but not route it."""
    message = street_light_letter(org_tree["county"])
    reviewer = as_user(people["reviewer"])
    page = reviewer.get(f"/staff/participation/messages/{message.pk}/")
    assert page.status_code == 200 and message.subject in page.content.decode()
    html = page.content.decode()
    assert (
        "/route/" not in html
        and "/dismiss/" not in html
        and "<button" not in html.split("办理记录")[0].split("留言内容")[1]
    )
    refused = reviewer.post(f"/staff/participation/messages/{message.pk}/route/", {"handling_org": org_tree["dept"].pk})
    assert refused.status_code == 403
    message.refresh_from_db()
    assert message.state == "received"


def test_unknown_ids_in_urls_and_forms_are_not_found(people, org_tree):
    admin = as_user(people["admin"])
    message = street_light_letter(org_tree["county"])
    missing = 987654321
    huge = 2**70
    for url in (
        f"/staff/participation/consultations/{missing}/",
        f"/staff/participation/consultations/{huge}/",
        f"/staff/participation/messages/{missing}/",
        f"/staff/participation/messages/{huge}/",
        f"/staff/participation/rectifications/{missing}/",
        f"/staff/participation/events/{missing}/",
        f"/consultations/{huge}/",
        f"/mailbox/{huge}/",
        f"/events/{huge}/",
    ):
        assert admin.get(url).status_code == 404, url
    for url, data in (
        (f"/staff/participation/consultations/{missing}/open/", {}),
        (f"/staff/participation/consultations/{missing}/register/", {"channel": "fax"}),
        (f"/staff/participation/comments/{missing}/moderate/", {"moderation": "shown"}),
        (f"/staff/participation/comments/{huge}/decide/", {"decision": "adopted"}),
        (f"/staff/participation/messages/{missing}/route/", {"handling_org": org_tree["dept"].pk}),
        (f"/staff/participation/messages/{message.pk}/route/", {"handling_org": missing}),
        (f"/staff/participation/messages/{message.pk}/no-such-step/", {}),
        (f"/staff/participation/rectifications/{missing}/close/", {"result": "rectified", "note": "x"}),
    ):
        assert admin.post(url, data).status_code == 404, url
    message.refresh_from_db()
    assert message.state == "received" and message.handling_org_id is None


def test_the_consultation_list_pages_with_its_total(people, org_tree):
    """The public lists of this module page through the shared pager, which states the exact
    total below its cap of 1,000 (past it, it says 超过, as the disclosure lists do)."""
    with on(D(2025, 9, 26)):
        for n in range(21):
            open_consultation(people, org_tree, title=f"第{n + 1}号规定（征求意见稿）")
        first = Client().get("/consultations/").content.decode()
        second = Client().get("/consultations/?page=2").content.decode()
    assert "共 21 条，第 1/2 页</p>" in first and "下一页" in first
    assert "共 21 条，第 2/2 页</p>" in second and "超过" not in first + second


def test_a_consultations_public_comments_are_shown_a_page_at_a_time(people, org_tree, monkeypatch):
    """A provincial draft can draw thousands of comments: the page shows COMMENTS_PER_PAGE of
    them with a pager to the consultation's own address (also from the page re-shown after a
    refused comment, whose address is the form's), and every shown comment stays reachable."""
    monkeypatch.setattr(participation_public, "COMMENTS_PER_PAGE", 2)
    item = open_consultation(people, org_tree)
    with on(D(2025, 9, 30)):
        for n in range(5):
            comment, _ = services.comment_submit(consultation=item, body=f"第{n + 1}条意见。", token=issue_form_token())
            services.comment_moderate(actor=people["editor"], comment=comment, moderation="shown")
        client = Client()
        pages = [client.get(f"/consultations/{item.pk}/?page={n}").content.decode() for n in (1, 2, 3)]
        refused = client.post(f"/consultations/{item.pk}/comment/", {"token": issue_form_token(), "body": ""})
    shown = [re.findall(r"<p>(第\d条意见。)</p>", page) for page in pages]
    assert shown == [["第1条意见。", "第2条意见。"], ["第3条意见。", "第4条意见。"], ["第5条意见。"]]
    assert "共 5 条，第 1/3 页" in pages[0]
    assert f'href="/consultations/{item.pk}/?page=2" rel="next"' in pages[0]
    assert refused.status_code == 422
    assert f'href="/consultations/{item.pk}/?page=2" rel="next"' in refused.content.decode()

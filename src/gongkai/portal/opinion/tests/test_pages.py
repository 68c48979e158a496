"""The 舆情 and press pages through the HTTP client: task list with clocks, forms with Chinese
errors beside the fields and nothing saved, buttons from the tables, public press pages."""

import re

import pytest
import time_machine

from gongkai.disclosure import services as disclosure
from gongkai.opinion import services
from gongkai.opinion.models import Event, EventState, PressEvent, PressState, ResponseWindow, Speaker
from gongkai.opinion.tests.conftest import at, publish_policy
from gongkai.opinion.transitions import PRESS

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_the_task_list_shows_clocks_and_flags_late_events(client, staff, make_event):
    event = make_event(EventState.ASSESSED)
    login(client, staff["dept_approver"])
    with time_machine.travel(at("2025-06-02 09:00"), tick=False):
        page = client.get("/staff/opinion/")
    text = page.content.decode()
    assert page.status_code == 200 and "待回应（1" in text and event.title in text
    assert '<tr class="late">' in text and "已超时2.0小时" in text


def test_registering_with_an_unknown_org_shows_the_error_beside_the_field_and_saves_nothing(client, staff, org_tree):
    login(client, staff["admin"])
    url = f"/staff/opinion/orgs/{org_tree['county'].pk}/register/"
    form = {
        "title": "网传某路段积水严重",
        "source": "social",
        "first_seen_at": "2025-06-01T07:00",
        "level": "general",
        "responsible_org": "999999",
    }
    with time_machine.travel(at("2025-06-01 08:00"), tick=False):
        page = client.post(url, form)
        assert page.status_code == 422
        assert "选择一个有效的选项" in page.content.decode()  # not among the offered orgs
        assert not Event.objects.exists()
        form["responsible_org"] = str(org_tree["dept"].pk)
        done = client.post(url, form)
    event = Event.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/staff/opinion/events/{event.pk}/"
    assert event.org == org_tree["dept"] and event.respond_by == at("2025-06-03 07:00")


def test_the_event_page_offers_the_tables_actions_and_refuses_an_early_response(client, staff, make_event):
    event = make_event(EventState.ASSESSED)
    login(client, staff["reviewer"])
    page = client.get(f"/staff/opinion/events/{event.pk}/").content.decode()
    assert "/respond/" not in page  # a 保密审查 reviewer may see it but not answer
    answer = {"responded_at": "2025-06-01T07:30", "channel": "statement", "response_text": "说明"}
    assert client.post(f"/staff/opinion/events/{event.pk}/respond/", answer).status_code == 403
    login(client, staff["dept_approver"])
    assert (
        f"/staff/opinion/events/{event.pk}/respond/"
        in client.get(f"/staff/opinion/events/{event.pk}/").content.decode()
    )
    with time_machine.travel(at("2025-06-01 09:00"), tick=False):
        refused = client.post(
            f"/staff/opinion/events/{event.pk}/respond/",
            {"responded_at": "2025-06-01T06:00", "channel": "statement", "response_text": "说明"},
        )
    assert refused.status_code == 422
    assert "回应时间不能早于舆情首次发现时间。" in refused.content.decode()
    event.refresh_from_db()
    assert event.state == EventState.ASSESSED and event.responded_at is None
    with time_machine.travel(at("2025-06-01 09:00"), tick=False):
        done = client.post(
            f"/staff/opinion/events/{event.pk}/respond/",
            {"responded_at": "2025-06-01T08:30", "channel": "statement", "response_text": "县卫健委已介入调查。"},
        )
    assert done.status_code == 302
    event.refresh_from_db()
    assert event.state == EventState.RESPONDED


def test_sharing_through_the_page(client, staff, make_event, org_tree):
    event = make_event(EventState.REGISTERED)
    login(client, staff["admin"])
    page = client.get(f"/staff/opinion/events/{event.pk}/").content.decode()
    assert org_tree["township"].name in page
    assert (
        client.post(f"/staff/opinion/events/{event.pk}/share/", {"org_ids": [org_tree["township"].pk]}).status_code
        == 302
    )
    assert list(event.related_orgs.all()) == [org_tree["township"]]
    assert client.get(f"/staff/opinion/events/{event.pk}/", follow=False).status_code == 200
    login(client, staff["sibling_admin"])
    assert client.get(f"/staff/opinion/events/{event.pk}/").status_code == 404


def test_a_window_of_zero_hours_is_refused_beside_the_field(client, staff, org_tree):
    login(client, staff["admin"])
    url = f"/staff/opinion/orgs/{org_tree['county'].pk}/settings/"
    page = client.post(url, {"form": "window", "level": "major", "hours": "0"})
    assert page.status_code == 422 and "回应时限须为1至720小时的整数。" in page.content.decode()
    assert not ResponseWindow.objects.exists()
    assert client.post(url, {"form": "window", "level": "major", "hours": "5"}).status_code == 302
    assert ResponseWindow.objects.get().hours == 5
    assert (
        client.post(url, {"form": "route", "subject": "医疗卫生", "responsible": org_tree["dept"].pk}).status_code
        == 302
    )
    assert "医疗卫生" in client.get(url).content.decode()
    login(client, staff["editor"])
    assert client.get(f"/staff/opinion/orgs/{org_tree['dept'].pk}/settings/").status_code == 403


def test_a_press_conference_from_plan_to_public_pages(client, staff, org_tree):
    dept = org_tree["dept"]
    with time_machine.travel(at("2025-04-08 09:00"), tick=False):
        policy = publish_policy(staff, dept)
    login(client, staff["editor"])
    form = {
        "kind": "press_conference",
        "title": "基层医疗卫生服务能力提升新闻发布会",
        "planned_at": "2025-04-10T10:00",
        "policy_id": str(policy.pk),
        "speakers-TOTAL_FORMS": "3",
        "speakers-INITIAL_FORMS": "0",
        "speakers-0-name": "李明",
        "speakers-0-post": "县卫生健康委员会主任",
        "speakers-0-rank": "principal",
    }
    bad = client.post(f"/staff/opinion/orgs/{dept.pk}/press/new/", {**form, "policy_id": "999999"})
    assert bad.status_code == 422 and "未找到可解读的政策文件" in bad.content.decode()
    assert not PressEvent.objects.exists()
    done = client.post(f"/staff/opinion/orgs/{dept.pk}/press/new/", form)
    press = PressEvent.objects.get()
    assert done.status_code == 302 and Speaker.objects.get().rank == "principal"
    # The case page: its state in words, the stages, and exactly the workflow's actions, the
    # suggested one (举行) open with the speakers' formset inside its own form.
    with time_machine.travel(at("2025-04-09 09:00"), tick=False):
        page = client.get(f"/staff/opinion/press/{press.pk}/").content.decode()
    assert "计划于2025年4月10日 10:00举行" in page and "发布活动环节" in page
    offered = re.findall(r'data-action="(\w+)"', page)
    assert set(offered) == {t.action for t in PRESS.available_actions(staff["editor"], press, interactive_only=True)}
    assert offered == ["hold", "cancel"]  # 举行 suggested, 取消 a side task
    hold_form = page.split('data-action="hold"')[1].split("</form>")[0]
    assert "s-action--primary" in hold_form and 'name="speakers-TOTAL_FORMS"' in hold_form
    assert "发布人留空则沿用计划时登记的发布人" in hold_form
    assert 'name="speakers-TOTAL_FORMS"' not in page.split('data-action="cancel"')[1]
    with time_machine.travel(at("2025-04-10 12:00"), tick=False):
        held = client.post(
            f"/staff/opinion/press/{press.pk}/hold/",
            {
                "held_at": "2025-04-10T10:00",
                "transcript_html": "<p>李明：方案提出三方面举措。</p>",
                "speakers-TOTAL_FORMS": "3",
                "speakers-INITIAL_FORMS": "0",
            },
        )
        assert held.status_code == 302
        page = client.get(f"/staff/opinion/press/{press.pk}/").content.decode()
        assert "已于2025年4月10日 10:00举行；文字实录待送审" in page
        assert re.findall(r'data-action="(\w+)"', page) == ["publish_transcript"]
        assert client.post(f"/staff/opinion/press/{press.pk}/publish_transcript/").status_code == 302
    press.refresh_from_db()
    assert press.state == PressState.PUBLISHED and press.interpretation_id
    # Not public until the interpretation passes the org's review.
    assert client.get(f"/org/{dept.slug}/press/{press.pk}/").status_code == 404
    assert "暂无已公开的发布活动" in client.get(f"/org/{dept.slug}/press/").content.decode()
    interpretation = disclosure.publication_decide  # readability: the review steps below
    with time_machine.travel(at("2025-04-11 09:00"), tick=False):
        from gongkai.disclosure.selectors import publication_get_for_staff

        item = publication_get_for_staff(actor=staff["approver"], pk=press.interpretation_id)
        interpretation(actor=staff["reviewer"], publication=item, decision="approve")
        interpretation(actor=staff["approver"], publication=item, decision="approve")
        disclosure.publication_publish(actor=staff["approver"], publication=item)
    client.logout()
    listing = client.get(f"/org/{org_tree['county'].slug}/press/?kind=press_conference").content.decode()
    assert press.title in listing
    detail = client.get(f"/org/{dept.slug}/press/{press.pk}/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "李明（县卫生健康委员会主任）" in body and policy.title in body and "三方面举措" in body
    assert client.get(f"/org/{org_tree['sibling'].slug}/press/{press.pk}/").status_code == 404
    assert client.get("/staff/opinion/").status_code == 302  # staff pages need a login


def test_cancel_needs_a_reason_shown_beside_the_field(client, staff, org_tree):
    press = services.press_plan(
        actor=staff["editor"],
        org=org_tree["dept"],
        data=services.PressInput("online_interview", "在线访谈", at("2025-04-10 10:00")),
    )
    login(client, staff["editor"])
    page = client.post(f"/staff/opinion/press/{press.pk}/cancel/", {"reason": ""})
    assert page.status_code == 422 and "这个字段是必填项" in page.content.decode()
    press.refresh_from_db()
    assert press.state == PressState.PLANNED

"""Issue 15 through real HTTP: the guided case pages' rules that need no browser — 签发 only
with confirmation, the letter preview from the PDF's template, 起草与审核分离, timelines in
Chinese and the clock in words."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.test import Client

from gongkai.core.audit import UNLABELLED, audit_record, timeline_of
from gongkai.core.errors import PermissionDenied
from gongkai.core.form_tokens import issue_form_token
from gongkai.core.transitions import Workflow, audit_labels
from gongkai.decisions.models import Decision, DecisionState, Meeting, MeetingState, ProposalUnit, UnitState
from gongkai.decisions.transitions import DECISION, MEETING, UNIT
from gongkai.disclosure import services as disclosure
from gongkai.disclosure.models import Publication, State
from gongkai.disclosure.tests.conftest import content
from gongkai.disclosure.transitions import PUBLICATION
from gongkai.foi import services
from gongkai.foi.models import Application, Letter
from gongkai.foi.tests.conftest import applicant, request
from gongkai.opinion.models import Event, EventState, PressEvent, PressState
from gongkai.opinion.transitions import EVENT, PRESS
from gongkai.orgs.models import Membership
from gongkai.orgs.roles import Role
from gongkai.participation import services as participation
from gongkai.participation.models import Consultation, Rectification
from gongkai.participation.services import ConsultationInput
from gongkai.participation.tests.letters import street_light_letter
from gongkai.participation.transitions import CONSULTATION, MESSAGE, rectification_actions
from gongkai.portal.casepage import deadline_words, remaining_words
from gongkai.reports.deadlines import report_deadline
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import website as website_services
from gongkai.reports.transitions import REPORT, WEBSITE_REPORT

pytestmark = pytest.mark.django_db
OCT_9 = datetime.datetime(2025, 10, 9, 2, 0, tzinfo=datetime.UTC)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def drafted_case(officer, org) -> Application:
    app, _ = services.application_register(
        actor=officer,
        org=org,
        applicant=applicant(),
        request=request(),
        receipt=services.Receipt("in_person", datetime.date(2025, 9, 26)),
        today=datetime.date(2025, 9, 26),
    )
    app = services.application_accept(actor=officer, application=app, on=datetime.date(2025, 9, 29))
    services.reply_draft(
        actor=officer, application=app, details=services.ReplyDetails(outcome="disclosed", provision="邮寄纸质件")
    )
    return Application.objects.get(pk=app.pk)


@time_machine.travel(OCT_9, tick=False)
def test_signing_without_confirmation_is_refused_in_chinese_and_changes_nothing(org_tree, make_user):
    officer = make_user("sign-officer", org=org_tree["dept"], role=Role.FOI_OFFICER)
    app = drafted_case(officer, org_tree["dept"])
    client = as_user(officer)
    case = f"/staff/foi/cases/{app.pk}/"
    refused = client.post(f"{case}reply/", {"on": "2025-10-09"}, follow=True)
    assert "请先预览答复书并勾选“我已核对答复书内容”，再签发。" in refused.content.decode()
    app.refresh_from_db()
    assert app.state == "in_progress"
    assert list(Letter.objects.filter(application=app).values_list("status", "number")) == [("draft", "")]

    signed = client.post(f"{case}reply/", {"on": "2025-10-09", "confirmed": "on"})
    assert signed.status_code == 302
    app.refresh_from_db()
    assert app.state == "replied" and Letter.objects.get(application=app).number


@time_machine.travel(OCT_9, tick=False)
def test_the_preview_renders_the_letter_template_and_the_page_offers_the_confirmation(org_tree, make_user):
    officer = make_user("preview-officer", org=org_tree["dept"], role=Role.FOI_OFFICER)
    app = drafted_case(officer, org_tree["dept"])
    client = as_user(officer)
    case_page = client.get(f"/staff/foi/cases/{app.pk}/").content.decode()
    # A drafted reply makes 签发 the suggested step, reached through its preview.
    assert case_page.index(f'href="/staff/foi/cases/{app.pk}/sign/"') < case_page.index("/draft_reply/")
    page = client.get(f"/staff/foi/cases/{app.pk}/sign/").content.decode()
    assert f'src="/staff/foi/cases/{app.pk}/sign/letter/"' in page and "我已核对答复书内容" in page
    letter = client.get(f"/staff/foi/cases/{app.pk}/sign/letter/")
    html = letter.content.decode()
    assert letter.status_code == 200 and "<h1>政府信息公开申请答复书</h1>" in html and "@page { size: A4" in html
    assert "2025年10月9日" in html  # dated as it would be signed today
    assert "'unsafe-inline'" in letter["Content-Security-Policy"] and letter["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'none'" in client.get(f"/staff/foi/cases/{app.pk}/")["Content-Security-Policy"]
    # Someone who may not sign gets neither page.
    other = make_user("preview-outsider", org=org_tree["sibling"], role=Role.FOI_OFFICER)
    assert as_user(other).get(f"/staff/foi/cases/{app.pk}/sign/").status_code == 404


@time_machine.travel(OCT_9, tick=False)
def test_case_page_shows_clock_officer_choices_and_a_chinese_timeline(org_tree, make_user):
    officer = make_user("clock-officer", org=org_tree["dept"], role=Role.FOI_OFFICER)
    make_user("clock-colleague", org=org_tree["county"], role=Role.FOI_OFFICER)
    make_user("clock-editor", org=org_tree["dept"], role=Role.EDITOR)
    app = drafted_case(officer, org_tree["dept"])
    page = as_user(officer).get(f"/staff/foi/cases/{app.pk}/").content.decode()
    assert deadline_words("答复期限", app.due_on, datetime.date(2025, 10, 9)) in page
    assert "还剩" in page and "经办人：" in page
    assert '<option value="clock-colleague">' in page and 'value="clock-editor"' not in page
    for step in ("收到申请", "受理", "起草答复书（clock-officer）"):
        assert step in page
    assert "foi.reply_drafted" not in page and "foi.accepted" not in page


def test_timeline_labels_come_from_the_workflow_never_the_raw_code(org_tree, make_user):
    editor = make_user("tl-editor", org=org_tree["dept"], role=Role.EDITOR)
    publication, _ = disclosure.publication_create_draft(actor=editor, org=org_tree["dept"], content=content())
    disclosure.publication_submit(actor=editor, publication=publication)
    audit_record(actor=None, action="publication.something_new", obj=publication, note="系统检查")
    rows = timeline_of(publication, audit_labels(PUBLICATION))
    assert [r.action for r in rows][-2:] == ["送审", UNLABELLED]
    assert rows[-2].who == "tl-editor" and rows[-1].who == "系统" and rows[-1].note == "系统检查"
    assert rows[-2].label == "送审（tl-editor）"


def test_the_drafter_is_not_offered_review_of_their_own_item_and_is_refused(org_tree, make_user):
    both = make_user("both-roles", org=org_tree["dept"], role=Role.EDITOR)
    Membership.objects.create(user=both, org=org_tree["dept"], role=Role.REVIEWER)
    publication, _ = disclosure.publication_create_draft(actor=both, org=org_tree["dept"], content=content())
    disclosure.publication_submit(actor=both, publication=publication)
    page = as_user(both).get(f"/staff/publications/{publication.pk}/").content.decode()
    assert 'data-action="approve"' not in page and 'data-action="reject"' not in page
    refused = as_user(both).post(f"/staff/publications/{publication.pk}/actions/approve/", {"opinion": "同意"})
    assert refused.status_code == 403 and "起草人不能审核本人起草的信息" in refused.content.decode()
    with pytest.raises(PermissionDenied, match="起草人不能审核本人起草的信息"):
        disclosure.publication_decide(actor=both, publication=publication, decision="approve")
    assert Publication.objects.get(pk=publication.pk).state == State.IN_REVIEW
    # Another holder of the step's role decides it, and sees the step named in plain words.
    other = make_user("other-reviewer", org=org_tree["dept"], role=Role.REVIEWER)
    page = as_user(other).get(f"/staff/publications/{publication.pk}/").content.decode()
    assert 'data-action="approve"' in page and "当前环节：保密审查" in page and "公开期限：" in page


def test_remaining_working_days_in_words():
    assert remaining_words(datetime.date(2025, 11, 7), datetime.date(2025, 11, 3)) == "还剩4个工作日"
    assert remaining_words(datetime.date(2025, 11, 3), datetime.date(2025, 11, 3)) == "今天到期"
    assert remaining_words(datetime.date(2025, 11, 3), datetime.date(2025, 11, 5)) == "已逾期2个工作日"
    assert deadline_words("答复期限", datetime.date(2026, 3, 5), datetime.date(2026, 3, 5)) == (
        "答复期限：2026年3月5日（今天到期）"
    )
    assert deadline_words("答复期限", None, datetime.date(2026, 3, 5), stopped="等待补正") == "答复期限：等待补正"


# --- the other case pages: 征求意见, 信箱留言, 差评整改, 年度报告, 网站年度报表 ---------------------------
#
# Each page shows its state with the clock in words, the workflow's actions exactly (each panel
# carries data-action), the suggested next step first (the workflow's own declaration, applied by
# portal._shared.action_rows) and what happened as a timeline.

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def on_day(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=TZ), tick=False)


def panels(page: str) -> list[str]:
    """The actions a case page offers, in its order (the first is the suggested next step)."""
    return re.findall(r'<div data-action="(\w+)">', page.split('id="case-actions-h"', 1)[-1])


def offered(workflow, user, obj) -> set[str]:
    return {t.action for t in workflow.available_actions(user, obj, interactive_only=True)}


@pytest.fixture
def clerks(org_tree, make_user):
    return {
        "admin": make_user("cp-county-admin", org=org_tree["county"], role=Role.ADMIN),
        "approver": make_user("cp-county-approver", org=org_tree["county"], role=Role.APPROVER),
        "reviewer": make_user("cp-county-reviewer", org=org_tree["county"], role=Role.REVIEWER),
        "editor": make_user("cp-dept-editor", org=org_tree["dept"], role=Role.EDITOR),
        "dept_approver": make_user("cp-dept-approver", org=org_tree["dept"], role=Role.APPROVER),
    }


def consultation(clerks, org_tree) -> Consultation:
    data = ConsultationInput(
        title="石城县城区养犬管理规定（征求意见稿）",
        draft_html="<p>第一条 为了规范养犬行为。</p>",
        starts_on=datetime.date(2025, 9, 26),
        ends_on=datetime.date(2025, 10, 27),
    )
    return participation.consultation_create(actor=clerks["editor"], org=org_tree["dept"], data=data)


def test_consultation_page_clock_steps_suggestion_and_timeline(clerks, org_tree):
    with on_day(datetime.date(2025, 9, 20)):
        item = consultation(clerks, org_tree)
        url = f"/staff/participation/consultations/{item.pk}/"
        # A draft: the signer's suggestion is 发布; the drafter's panels are 修改 (its own page) and 上传附件.
        page = as_user(clerks["dept_approver"]).get(url).content.decode()
        assert panels(page)[0] == "open" and set(panels(page)) == offered(CONSULTATION, clerks["dept_approver"], item)
        page = as_user(clerks["editor"]).get(url).content.decode()
        assert (
            panels(page)
            == ["update", "attach"]
            == [a for a in ("update", "attach") if a in offered(CONSULTATION, clerks["editor"], item)]
        )
        assert f'href="/staff/participation/consultations/{item.pk}/edit/"' in page
        assert "征求意见期：拟自2025年9月26日至2025年10月27日" in page and 'aria-current="step"' in page
        done = as_user(clerks["dept_approver"]).post(f"{url}do/open/")
        assert done.status_code == 302
    item.refresh_from_db()
    with on_day(datetime.date(2025, 10, 22)):
        page = as_user(clerks["editor"]).get(url).content.decode()
        assert "征求意见期还剩5天（截至2025年10月27日）" in page
        assert panels(page) == ["register_comment"] and set(panels(page)) == offered(
            CONSULTATION, clerks["editor"], item
        )
        assert "起草（cp-dept-editor）" in page and "发布（cp-dept-approver）" in page  # the timeline
    with on_day(datetime.date(2025, 10, 28)):
        page = as_user(clerks["dept_approver"]).get(url).content.decode()
        # Closed: 公布采纳情况 is the suggestion, 撤回 a side task; its clock is the feedback's due date.
        assert panels(page) == ["publish_feedback", "withdraw"]
        assert set(panels(page)) == offered(CONSULTATION, clerks["dept_approver"], item)
        assert "征求意见已于2025年10月27日截止，公布采纳情况期限：2025年11月24日（还剩19个工作日）" in page


def test_mailbox_page_offers_the_suggested_step_first_for_each_role(clerks, org_tree):
    with on_day(datetime.date(2025, 9, 24)):
        message = street_light_letter(org_tree["county"], today=datetime.date(2025, 9, 22))
        url = f"/staff/participation/messages/{message.pk}/"
        page = as_user(clerks["admin"]).get(url).content.decode()
        assert panels(page) == ["route", "dismiss"] and set(panels(page)) == offered(MESSAGE, clerks["admin"], message)
        assert deadline_words("答复期限", message.due_on, datetime.date(2025, 9, 24)) in page
        assert "当前环节" in page and "收到留言" in page
        reviewer_page = as_user(clerks["reviewer"]).get(url).content.decode()
        assert panels(reviewer_page) == [] and "当前没有需要您办理的操作" in reviewer_page
        assert as_user(clerks["admin"]).post(f"{url}route/", {"handling_org": org_tree["dept"].pk}).status_code == 302
        message.refresh_from_db()
        page = as_user(clerks["editor"]).get(url).content.decode()
        assert panels(page)[0] == "reply" and set(panels(page)) == offered(MESSAGE, clerks["editor"], message)
        assert "转办（cp-county-admin）" in page
        assert as_user(clerks["editor"]).post(f"{url}reply/", {"reply": "张三您好：路灯已修复。"}).status_code == 302
        message.refresh_from_db()
        page = as_user(clerks["reviewer"]).get(url).content.decode()
        # 审核通过 before 退回修改 (the mailbox table's suggestion).
        assert panels(page) == ["release", "return"] and set(panels(page)) == offered(
            MESSAGE, clerks["reviewer"], message
        )
        assert "答复（cp-dept-editor）" in page


def test_rectification_page_suggests_follow_up_then_closing(clerks, org_tree):
    with on_day(datetime.date(2025, 9, 3)):
        rating, _ = participation.rating_submit(
            org=org_tree["dept"], level=1, token=issue_form_token(), rater_name="王五", rater_phone="13900000000"
        )
        task = Rectification.objects.get(rating=rating)
        url = f"/staff/participation/rectifications/{task.pk}/"
        page = as_user(clerks["editor"]).get(url).content.decode()
        assert panels(page) == ["follow_up", "close"] == list(rectification_actions(task))
        assert deadline_words("整改期限", task.due_on, datetime.date(2025, 9, 3)) in page and "整改中（待回访）" in page
        assert panels(as_user(clerks["reviewer"]).get(url).content.decode()) == []  # no right to handle ratings
        assert as_user(clerks["editor"]).post(f"{url}follow_up/", {"note": "电话回访，已说明情况。"}).status_code == 302
        page = as_user(clerks["editor"]).get(url).content.decode()
        assert panels(page) == ["close", "follow_up"] and "回访（cp-dept-editor）" in page
        assert "收到差评，开始整改（系统）" in page


@time_machine.travel(datetime.datetime(2026, 1, 20, 4, 0, tzinfo=datetime.UTC), tick=False)
def test_annual_report_page_clock_and_suggestion_by_role(clerks, org_tree):
    dept = org_tree["dept"]
    editor, approver = as_user(clerks["editor"]), as_user(clerks["dept_approver"])
    base = f"/staff/orgs/{dept.pk}/reports/2025/"
    assert editor.post(f"{base}start/").status_code == 302
    report = AnnualReport.objects.get(org=dept, year=2025)
    page = editor.get(base).content.decode()
    assert panels(page) == ["submit"] and 'data-action="edit"' in page  # 修改 is the page's text form
    assert set(panels(page)) | {"edit"} == offered(REPORT, clerks["editor"], report)
    assert deadline_words("发布期限", report_deadline(dept.level, 2025), datetime.date(2026, 1, 20)) in page
    assert "生成草稿（cp-dept-editor）" in page
    assert editor.post(f"{base}submit/").status_code == 302
    report.refresh_from_db()
    page = approver.get(base).content.decode()
    assert panels(page) == ["publish", "return"] and set(panels(page)) == offered(
        REPORT, clerks["dept_approver"], report
    )
    assert "送审（cp-dept-editor）" in page and 'aria-current="step"' in page
    assert panels(editor.get(base).content.decode()) == []  # the drafter may not decide


@time_machine.travel(datetime.datetime(2026, 1, 20, 4, 0, tzinfo=datetime.UTC), tick=False)
def test_website_report_page_clock_and_suggestion(clerks, org_tree):
    county = org_tree["county"]
    report = website_services.website_report_start(actor=clerks["admin"], org=county, year=2025)
    page = as_user(clerks["admin"]).get(f"/staff/website-reports/{report.pk}/").content.decode()
    assert panels(page) == ["publish", "regenerate"]
    assert set(panels(page)) | {"edit"} == offered(WEBSITE_REPORT, clerks["admin"], report)
    assert "发布期限：2026年1月31日（还剩" in page and "按平台数据生成草稿（cp-county-admin）" in page


def test_opinion_and_decision_tables_declare_their_suggested_step():
    def order(workflow, obj) -> list[str]:
        return [t.action for t in workflow.in_suggested_order(obj, workflow.table.values(), key=lambda t: t.action)]

    assert order(EVENT, Event(state=EventState.REGISTERED))[-1] == "share"
    assert order(PRESS, PressEvent(state=PressState.PLANNED)) == ["hold", "publish_transcript", "cancel"]
    assert order(DECISION, Decision(state=DecisionState.PLANNED)) == ["start", "record_step", "publish", "withdraw"]
    assert order(UNIT, ProposalUnit(state=UnitState.DRAFTED)) == ["sign", "draft"]
    assert order(UNIT, ProposalUnit(state=UnitState.ASSIGNED)) == ["draft", "sign"]
    assert order(MEETING, Meeting(state=MeetingState.ANNOUNCED))[-1] == "set_links"


def test_a_suggestion_must_name_the_tables_actions_and_states():
    def table(**suggestion):
        return Workflow(
            name="probe",
            model=Event,
            states=EventState,
            transitions=list(EVENT.table.values()),
            visible=lambda actor, obj: True,
            **suggestion,
        )

    with pytest.raises(ValueError, match="unknown action 'publish'"):
        table(side_tasks=("publish",))
    with pytest.raises(ValueError, match="unknown state 'draft'"):
        table(suggest={"draft": ("assess",)})
    probe = table(suggest={EventState.ASSESSED: ("share",)})
    assert probe.suggested_first(Event(state=EventState.ASSESSED)) == ("share",)
    assert probe.suggested_first(Event(state=EventState.REGISTERED)) == ()

"""Issue 15 through real HTTP: the guided case pages' rules that need no browser — 签发 only
with confirmation, the letter preview from the PDF's template, 起草与审核分离, timelines in
Chinese and the clock in words."""

import datetime

import pytest
import time_machine
from django.test import Client

from gongkai.core.audit import UNLABELLED, audit_record, timeline_of
from gongkai.core.errors import PermissionDenied
from gongkai.core.transitions import audit_labels
from gongkai.disclosure import services as disclosure
from gongkai.disclosure.models import Publication, State
from gongkai.disclosure.tests.conftest import content
from gongkai.disclosure.transitions import PUBLICATION
from gongkai.foi import services
from gongkai.foi.models import Application, Letter
from gongkai.foi.tests.conftest import applicant, request
from gongkai.orgs.models import Membership
from gongkai.orgs.roles import Role
from gongkai.portal.casepage import deadline_words, remaining_words

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

"""Every kind of public item reaches the one index through the outbox: consultations and their
意见采纳情况, replies on the mailbox wall (masked copies only) and annual reports, beside
publications; drafts, private messages and unpublished reports never do."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.orgs.roles import Role
from gongkai.participation import services as participation
from gongkai.participation.tests.conftest import token
from gongkai.participation.tests.test_consultations import draft
from gongkai.reports import services as reports
from gongkai.search import indexer
from gongkai.search.services import SearchRequest, search

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_index")]
D = datetime.date


@pytest.fixture
def people(org_tree, make_user):
    return {
        "editor": make_user("dept-editor", org=org_tree["dept"], role=Role.EDITOR),
        "approver": make_user("county-approver", org=org_tree["county"], role=Role.APPROVER),
        "reviewer": make_user("county-reviewer", org=org_tree["county"], role=Role.REVIEWER),
        "admin": make_user("county-admin", org=org_tree["county"], role=Role.ADMIN),
    }


def found(q, **kwargs):
    return [(hit.id, hit.type) for hit in search(SearchRequest(q=q, **kwargs)).hits]


def test_a_consultation_is_found_once_opened_and_its_feedback_once_published(people, org_tree):
    item = participation.consultation_create(actor=people["editor"], org=org_tree["dept"], data=draft())
    indexer.apply_pending()
    assert found("养犬") == []  # a draft is not public
    participation.consultation_open(actor=people["approver"], consultation=item, today=D(2025, 9, 26))
    indexer.apply_pending()
    assert found("养犬管理") == [(f"consultation:{item.pk}", "consultation")]
    assert found("犬只登记")[0][0] == f"consultation:{item.pk}"  # a paragraph of the draft

    comment, _ = participation.comment_submit(
        consultation=item, body="建议增设遛狗区。", paragraph=1, token=token(), today=D(2025, 10, 1)
    )
    participation.comment_moderate(actor=people["editor"], comment=comment, moderation="shown")
    participation.comment_decide(
        actor=people["editor"],
        comment=comment,
        decision="adopted",
        reason="已在第五条增加遛狗区。",
        today=D(2025, 10, 14),
    )
    participation.consultation_publish_feedback(
        actor=people["approver"], consultation=item, note="共收到意见1条。", today=D(2025, 10, 14)
    )
    assert indexer.apply_pending().ids == {f"participation.consultation:{item.pk}"}
    hits = found("遛狗区")
    assert (f"feedback:{item.pk}", "feedback") in hits
    assert found("遛狗区", types=["feedback"]) == [(f"feedback:{item.pk}", "feedback")]
    result = search(SearchRequest(q="养犬", facets=True))
    assert result.facets["type"] == {"consultation": 1, "feedback": 1}
    feedback_hit = next(h for h in result.hits if h.type == "feedback")
    assert feedback_hit.url == f"/consultations/{item.pk}/#feedback-h"
    # the page's type facets refine the current search: they keep its other filters
    page = Client().get("/search/", {"q": "养犬", "org": org_tree["county"].slug}).content.decode()
    assert f'href="?q=%E5%85%BB%E7%8A%AC&amp;org={org_tree["county"].slug}&amp;type=feedback"' in page
    assert "意见采纳情况 1" in page and "征求意见 1" in page
    assert indexer.check().ok


def test_only_masked_replies_on_the_wall_are_found(people, org_tree):
    def answered(public: bool, subject: str):
        message, _, _ = participation.message_submit(
            org=org_tree["county"],
            category="complain",
            subject=subject,
            body="我是刘红梅，电话13912345678。小区门口路灯损坏三个月未修。",
            writer_name="刘红梅",
            writer_phone="13912345678",
            wants_public=public,
            token=token(),
            today=D(2025, 10, 9),
        )
        participation.message_route(
            actor=people["admin"], message=message, handling_org=org_tree["dept"], today=D(2025, 10, 9)
        )
        participation.message_reply(
            actor=people["editor"], message=message, reply="已安排维修，三日内修复。", today=D(2025, 10, 10)
        )
        indexer.apply_pending()
        assert found(subject) == []  # replied, not yet released by review
        participation.message_review(actor=people["reviewer"], message=message, approve=True, today=D(2025, 10, 10))
        return message

    shown = answered(True, "城东路灯损坏")
    private = answered(False, "城西路灯损坏")
    indexer.apply_pending()
    assert found("路灯损坏") == [(f"mailbox_reply:{shown.pk}", "mailbox_reply")]
    assert found("三日内修复") == [(f"mailbox_reply:{shown.pk}", "mailbox_reply")]
    assert found("刘红梅") == [] and found("13912345678") == []  # the writer stays out of the index
    assert str(private.pk) not in str(found("城西"))
    # the unit that answered finds it in its own subtree, as does the mailbox's org
    assert found("路灯", org=org_tree["dept"]) == found("路灯", org=org_tree["county"]) != []
    body = Client().get("/search/", {"q": "路灯"}).content.decode()
    assert "信箱答复" in body and "刘红梅" not in body and "13912345678" not in body


def test_a_published_annual_report_is_found_and_a_correction_replaces_it(people, org_tree, make_user):
    county = org_tree["county"]
    writer = make_user("report-editor", org=county, role=Role.EDITOR)
    report = reports.report_start(actor=writer, org=county, year=2025, today=D(2026, 1, 20))
    reports.report_edit(
        actor=writer,
        report=report,
        overview="本年度重点推进政务公开标准化规范化建设。",
        problems="依申请公开答复的规范性有待提高。",
        other="",
    )
    reports.report_submit(actor=writer, report=report)
    indexer.apply_pending()
    assert found("标准化规范化") == []  # submitted, not published
    reports.report_publish(actor=people["approver"], report=report, today=D(2026, 1, 20))
    indexer.apply_pending()
    hits = found("标准化规范化")
    assert hits == [(f"annual_report:{report.pk}", "annual_report")]
    hit = search(SearchRequest(q="标准化规范化")).hits[0]
    assert hit.title == f"{county.name}2025年政府信息公开工作年度报告"
    assert hit.url == f"/org/{county.slug}/reports/2025/"
    assert Client().get(hit.url).status_code == 200

    reports.report_reopen(actor=people["approver"], report=report, note="补充内容")
    reports.report_edit(
        actor=writer,
        report=report,
        overview="本年度重点推进基层政务公开标准化建设。",
        problems="依申请公开答复的规范性有待提高。",
        other="",
    )
    reports.report_submit(actor=writer, report=report)
    indexer.apply_pending()
    assert found("标准化规范化") == hits  # the published version stays public while corrected
    reports.report_publish(actor=people["approver"], report=report, change_note="修改表述。", today=D(2026, 2, 3))
    indexer.apply_pending()
    assert found("标准化规范化") == []
    assert found("基层政务公开标准化") == hits
    assert indexer.check().ok


def test_reindex_and_check_cover_every_type_and_the_type_filter_rejects_unknown_types(people, org_tree):
    item = participation.consultation_create(actor=people["editor"], org=org_tree["dept"], data=draft())
    participation.consultation_open(actor=people["approver"], consultation=item, today=D(2025, 9, 26))
    report = indexer.check()
    assert report.missing == [f"consultation:{item.pk}"]
    # worker processes for the text, the database read in this thread (where the test's data is)
    call_command("search", "reindex", "--processes", "2")
    assert indexer.check().ok
    assert found("养犬", types=["consultation"]) == [(f"consultation:{item.pk}", "consultation")]
    response = Client().get("/api/v1/search", {"q": "养犬", "type": "nonsense"})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "search_bad_type"
    assert "没有“nonsense”这一类型" in response.json()["title"]


def test_inline_indexing_follows_participation_events(people, org_tree, settings, django_capture_on_commit_callbacks):
    settings.GONGKAI_SEARCH_INLINE = True
    item = participation.consultation_create(actor=people["editor"], org=org_tree["dept"], data=draft())
    with django_capture_on_commit_callbacks(execute=True):
        participation.consultation_open(actor=people["approver"], consultation=item, today=D(2025, 9, 26))
    assert found("养犬管理") == [(f"consultation:{item.pk}", "consultation")]

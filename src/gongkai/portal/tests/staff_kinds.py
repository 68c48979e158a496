"""One object of every kind a back-office page shows, on top of the demo site, so a walk over the
back office (test_staff_every_page_a11y) opens every page. Everything goes through the services,
with the values of each app's own test helpers where they exist; no rows are written directly.
Dates are relative to staff_site.TODAY (the clock is frozen there while the fixture runs)."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gongkai.catalogs import selectors as catalogs_selectors
from gongkai.catalogs import services as catalogs
from gongkai.core.form_tokens import issue_form_token
from gongkai.decisions import services as decisions
from gongkai.decisions.models import ProposalUnit
from gongkai.disclosure import services as disclosure
from gongkai.disclosure.models import Publication
from gongkai.disclosure.tests.conftest import content, docx
from gongkai.foi.models import State
from gongkai.foi.tests.cases import make_case
from gongkai.gazette import services as gazette
from gongkai.guides import services as guides
from gongkai.guides.tests.conftest import COMPLETE
from gongkai.inspection import services as inspection
from gongkai.opendata import services as opendata
from gongkai.opendata.tests.conftest import VALID, csv_upload
from gongkai.opinion import services as opinion
from gongkai.opinion.models import Channel, PressKind
from gongkai.opinion.tests.conftest import event_input
from gongkai.orgs.models import Organization
from gongkai.participation import services as participation
from gongkai.participation.models import Consultation, ConsultationState, RatingLevel, Rectification
from gongkai.reports.services import website as website_reports
from gongkai.supervision import services as supervision


def add_every_kind(user: Any, orgs: dict[str, Organization], today: datetime.date) -> list[str]:
    """The kinds the demo lacks, in 石城县 (the county) and its 卫健委 (a department). Returns the
    staff page of each new object: a list page links to the first record of its kind, which need
    not be the one whose state shows the links to the pages further on."""
    county, dept = orgs["shicheng"], orgs["shicheng-wjw"]
    now = timezone.now()
    return [
        *_participation(county, today),
        *_drafts(user, county, dept, today),
        *_inspection(user, county, dept, today),
        *_supervision(user, county),
        *_opinion(user, county, dept, now),
        *_decisions(user, county, dept, today),
        *_meetings(user, county, dept, today, now),
        *_rest(user, county, dept, today),
    ]


def page(name: str, *args: Any) -> str:
    return reverse(f"portal:{name}", args=args)


def _rest(user: Any, county: Organization, dept: Organization, today: datetime.date) -> list[str]:
    statement = website_reports.website_report_start(actor=user, org=county, year=today.year - 1, today=today)
    guide = guides.item_create(
        actor=user, org=dept, name="出生医学证明首次签发", item_type="public_service", **COMPLETE
    )
    issue = gazette.issue_create(actor=user, org=county, year=today.year, number=1, issued_on=today)
    published = Publication.objects.filter(org=county, state="published").order_by("pk").first()
    assert published is not None
    gazette.entry_add(actor=user, issue=issue, publication_id=published.pk)
    # A new version of the county's first catalogue area, copied from the published one (editable).
    catalog_draft = catalogs.version_start_draft(
        actor=user, org=county, area=catalogs_selectors.published_versions(county)[0].catalog.area
    )
    dataset = opendata.dataset_create(actor=user, org=dept, **VALID)
    opendata.resource_add(actor=user, dataset=dataset, name="场所名录", format="csv", upload=csv_upload())
    return [
        page("website_report_staff", statement.pk),
        page("report_figures", county.pk, today.year - 1),
        page("guides_version", guide.pk),
        page("gazette_staff_issue", issue.pk),
        page("opendata_dataset", dataset.pk),
        page("catalogs_version", catalog_draft.pk),
    ]


def _participation(county: Organization, today: datetime.date) -> list[str]:
    # A comment on the open consultation, and a 差评 (it opens a rectification).
    open_one = Consultation.objects.filter(state=ConsultationState.PUBLISHED).order_by("pk").first()
    assert open_one is not None
    participation.comment_submit(
        consultation=open_one, body="建议延长公示期。", token=issue_form_token(), author_name="李四", today=today
    )
    rating, _ = participation.rating_submit(
        org=county,
        level=RatingLevel.VERY_UNSATISFIED,
        token=issue_form_token(),
        comment="窗口排队一个多小时。",
        service_name="不动产登记",
        today=today,
    )
    return [
        page("consultation_staff", open_one.pk),
        page("rating_staff", Rectification.objects.get(rating=rating).pk),
    ]


def _drafts(user: Any, county: Organization, dept: Organization, today: datetime.date) -> list[str]:
    # An 依申请公开 case with its reply letter drafted (the letter's edit and preview pages), a
    # consultation still in draft (its edit page), a new draft, and a published document edited.
    case = make_case(user, county, State.IN_PROGRESS, draft=True, reply_file=True)  # 删除答复附件 too
    consultation = participation.consultation_create(
        actor=user,
        org=county,
        data=participation.ConsultationInput(
            title="石城县农村生活垃圾治理办法（征求意见稿）",
            starts_on=today + datetime.timedelta(days=3),
            ends_on=today + datetime.timedelta(days=40),
            draft_html="<p>第一条 为了改善农村人居环境，制定本办法。</p>",
        ),
    )
    draft, _ = disclosure.publication_create_draft(actor=user, org=dept, content=content())
    disclosure.attachment_add(actor=user, publication=draft, upload=docx("收费目录清单"))  # 删除附件's form
    # A published document edited: its second revision (the diff between revisions).
    edited = Publication.objects.filter(org=county, state="published").order_by("-pk").first()
    assert edited is not None
    disclosure.publication_edit(actor=user, publication=edited, content=content(title=edited.title))
    return [
        page("foi_staff_sign", case.pk),
        page("consultation_staff", consultation.pk),
        page("staff_publication", draft.pk),
        page("staff_publication", edited.pk),
    ]


def _inspection(user: Any, county: Organization, dept: Organization, today: datetime.date) -> list[str]:
    # The county's own site read from the database: its report lists findings to rectify.
    site = inspection.site_register(actor=user, org=county, name="石城县人民政府网站")
    report = inspection.inspection_run(actor=user, site=site, as_of=today)
    account = inspection.account_register(
        actor=user,
        org=dept,
        platform="wechat",
        name="石城卫健",
        registered_on=today - datetime.timedelta(days=400),
        responsible="县卫健委办公室",
    )
    inspection.wording_rule_create(actor=user, org=county, pattern="石城县政府", correction="石城县人民政府")
    return [
        page("inspection_report", report.pk),
        page("inspection_account", account.pk),
        page("inspection_wording"),
    ]


def _supervision(user: Any, county: Organization) -> list[str]:
    scheme = supervision.scheme_create(actor=user, org=county, year=2024)
    sheet = supervision.assess(actor=user, scheme=scheme)
    return [
        page("supervision_scheme", scheme.pk),
        page("supervision_sheet", sheet.pk),
    ]


def _opinion(user: Any, county: Organization, dept: Organization, now: datetime.datetime) -> list[str]:
    event = opinion.event_register(
        actor=user,
        org=county,
        data=event_input(first_seen_at=now - datetime.timedelta(hours=2), responsible_org_id=dept.pk),
    )
    opinion.event_assess(actor=user, event=event, assessment="属实，需回应。")
    opinion.event_respond(
        actor=user,
        event=event,
        responded_at=now - datetime.timedelta(hours=1),
        channel=Channel.STATEMENT,
        response_text="县卫健委已介入调查。",
    )
    press = opinion.press_plan(
        actor=user,
        org=county,
        data=opinion.PressInput(
            kind=PressKind.PRESS_CONFERENCE,
            title="石城县基层医疗卫生服务能力提升新闻发布会",
            planned_at=now + datetime.timedelta(days=3),
            venue="县政府新闻发布厅",
            speakers=[opinion.SpeakerInput(name="刘明", post="县卫健委主任", rank="principal")],
        ),
    )
    return [
        page("opinion_staff_event", event.pk),
        page("opinion_staff_press", press.pk),
    ]


def _decisions(user: Any, county: Organization, dept: Organization, today: datetime.date) -> list[str]:
    catalog = decisions.catalog_create(
        actor=user, org=county, year=today.year, title=f"石城县{today.year}年重大行政决策事项目录"
    )
    decision = decisions.decision_add(
        actor=user,
        catalog=catalog,
        title="县城区公交线网优化调整方案",
        host_org=dept,
        planned_on=today + datetime.timedelta(days=200),
    )
    decisions.catalog_publish(actor=user, catalog=catalog)
    decisions.decision_start(actor=user, decision=decision)
    return [
        page("decisions_staff_catalog", catalog.pk),
        page("decisions_staff_decision", decision.pk),
    ]


def _meetings(
    user: Any, county: Organization, dept: Organization, today: datetime.date, now: datetime.datetime
) -> list[str]:
    meeting = decisions.meeting_create(
        actor=user,
        org=county,
        data=decisions.MeetingInput(
            title="县政府常务会议（公开部分）",
            agenda="审议公交线网优化调整方案",
            held_at=now + datetime.timedelta(days=20),
            location="县政府第一会议室",
            registration_ends_on=today + datetime.timedelta(days=10),
            capacity=3,
        ),
    )
    proposal = decisions.proposal_register(
        actor=user,
        org=county,
        data=decisions.ProposalInput(
            year=today.year,
            kind="suggestion",
            number="1",
            author="王芳",
            delegation="琴江镇代表团",
            subject="关于增设城区公交站点的建议",
            field="城市建设",
            body="建议在县医院门口增设公交站点。",
        ),
    )
    decisions.proposal_assign(actor=user, proposal=proposal, lead=dept)
    return [
        page("decisions_staff_meeting", meeting.pk),
        page("decisions_staff_proposal", proposal.pk),
        *(page("decisions_staff_unit", u.pk) for u in ProposalUnit.objects.filter(proposal=proposal)),
    ]

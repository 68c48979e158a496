"""政府网站工作年度报表 (国办函〔2018〕12号): the counted rows come from the platform's records, the
entered rows are checked, the workflow's table is exercised pair by pair and role by role, and
lateness is judged on 1月31日 of the next year."""

import datetime
from typing import Any

import pytest

from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.disclosure.services import publication_import
from gongkai.inspection.services.media import account_record_post, account_register
from gongkai.orgs.roles import Role
from gongkai.reports import website, website_selectors
from gongkai.reports.models import WebsiteReport, WebsiteReportState
from gongkai.reports.services import website as services
from gongkai.reports.tests.test_transitions import POSITIONS, report_org
from gongkai.reports.transitions import WEBSITE_REPORT, WebsiteAction

pytestmark = pytest.mark.django_db
JAN = datetime.date(2026, 1, 20)

ALLOWED_ROLES = {
    WebsiteAction.EDIT: {Role.EDITOR, Role.ADMIN},
    WebsiteAction.REGENERATE: {Role.EDITOR, Role.ADMIN},
    WebsiteAction.PUBLISH: {Role.APPROVER, Role.ADMIN},
    WebsiteAction.REOPEN: {Role.APPROVER, Role.ADMIN},
}
SOURCE = {row.action: sorted(row.sources)[0] for row in WEBSITE_REPORT.table.values()}


def filled(**overrides: Any) -> dict[str, Any]:
    values = website.blank_values()
    values.update(
        site_name="石城县人民政府门户网站",
        sponsor="石城县人民政府办公室",
        head="张三",
        filler="李四",
        phone="0797-5712345",
        filled_on="2026-01-15",
        page_views="125000",
        unified_platform="是",
    )
    values.update(overrides)
    return values


def make(org: Any, state: str, *, year: int = 2025) -> WebsiteReport:
    values = {k: website.clean_value(website.ROWS[k], v)[0] for k, v in filled().items()}
    published = values if state == WebsiteReportState.PUBLISHED else None
    return WebsiteReport.objects.create(
        org=org,
        year=year,
        state=state,
        values=values,
        published_values=published,
        published_on=JAN if published else None,
    )


def data_for(action: str) -> dict[str, Any]:
    table: dict[str, dict[str, Any]] = {
        WebsiteAction.EDIT: {"values": filled()},
        WebsiteAction.REGENERATE: {"today": JAN},
        WebsiteAction.PUBLISH: {"today": JAN},
        WebsiteAction.REOPEN: {},
    }
    return table[action]


def test_every_action_has_its_roles_listed():
    assert set(ALLOWED_ROLES) == set(WEBSITE_REPORT.table)


def test_due_on_is_31_january_of_the_next_year():
    assert website.due_on(2025) == datetime.date(2026, 1, 31)


@pytest.mark.parametrize(
    ("state", "action", "allowed"),
    [(state, row.action, allowed) for state, row, allowed in WEBSITE_REPORT.pairs()],
    ids=[f"{state}-{row.action}" for state, row, _ in WEBSITE_REPORT.pairs()],
)
def test_state_action_matrix(state, action, allowed, org_tree, superuser):
    report = make(org_tree["county"], state)
    events = AuditEvent.objects.count()
    if not allowed:
        with pytest.raises(Conflict) as info:
            WEBSITE_REPORT.apply(superuser, report, action, **data_for(action))
        assert info.value.code == "illegal_transition"
        assert AuditEvent.objects.count() == events
        report.refresh_from_db()
        assert report.state == state
        return
    WEBSITE_REPORT.apply(superuser, report, action, **data_for(action))
    report.refresh_from_db()
    assert report.state == (WEBSITE_REPORT.transition(action).target or state)
    assert AuditEvent.objects.filter(action=f"website_report.{WEBSITE_AUDIT[action]}").count() == 1


WEBSITE_AUDIT = {
    WebsiteAction.EDIT: "edited",
    WebsiteAction.REGENERATE: "regenerated",
    WebsiteAction.PUBLISH: "published",
    WebsiteAction.REOPEN: "reopened",
}


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("role", list(Role))
def test_role_position_action_matrix(role, position, org_tree, superuser, make_user):
    user = make_user(f"w-{role}", org=org_tree["county"], role=role)
    org = report_org(position, org_tree, superuser)
    org = org_tree[org] if isinstance(org, str) else org
    for year, action in enumerate(WEBSITE_REPORT.table, start=2018):
        report = make(org, SOURCE[action], year=year)
        if position not in ("own", "child"):
            with pytest.raises(NotFound):
                WEBSITE_REPORT.apply(user, report, action, **data_for(action))
        elif role not in ALLOWED_ROLES[action]:
            with pytest.raises(PermissionDenied):
                WEBSITE_REPORT.apply(user, report, action, **data_for(action))
            assert action not in [r.action for r in WEBSITE_REPORT.available_actions(user, report)]
        else:
            WEBSITE_REPORT.apply(user, report, action, **data_for(action))
            assert action in [
                r.action for r in WEBSITE_REPORT.available_actions(user, make(org, SOURCE[action], year=year + 20))
            ]
            continue
        report.refresh_from_db()
        assert report.state == SOURCE[action]


def test_counted_rows_come_from_the_records(org_tree, superuser):
    county = org_tree["county"]
    for n, (kind, day) in enumerate(
        [("notice", "2025-03-01"), ("rule", "2025-06-01"), ("policy", "2024-12-31"), ("notice", "2025-12-31")]
    ):
        publication_import(
            actor=superuser,
            org=county,
            title=f"公开信息{n}",
            body="正文",
            kind=kind,
            published_on=datetime.date.fromisoformat(day),
            source_key=f"k{n}",
        )
    weibo = account_register(
        actor=superuser,
        org=county,
        platform="weibo",
        name="石城发布",
        registered_on=datetime.date(2024, 1, 1),
        responsible="王五",
    )
    for day in ("2025-02-01", "2025-02-02", "2024-11-01"):
        account_record_post(actor=superuser, account=weibo, posted_on=datetime.date.fromisoformat(day))

    report = services.website_report_start(actor=superuser, org=county, year=2025, today=JAN)
    values = report.values
    assert values["posts_total"] == 3  # the 2024 item does not count
    assert values["interpretations_total"] == 0
    assert values["has_new_media"] is True
    assert (values["weibo_name"], values["weibo_posts"]) == ("石城发布", 2)
    assert values["wechat_name"] == "" and values["wechat_posts"] is None
    assert values["page_views"] is None  # entered rows start empty, never 0
    assert values["sponsor"] == county.name
    # Starting twice returns the same statement.
    assert services.website_report_start(actor=superuser, org=county, year=2025, today=JAN).pk == report.pk


def test_regenerate_recounts_data_and_keeps_what_was_entered(org_tree, superuser):
    county = org_tree["county"]
    report = services.website_report_start(actor=superuser, org=county, year=2025, today=JAN)
    report = services.website_report_edit(actor=superuser, report=report, values=filled(posts_total="999"))
    assert report.values["posts_total"] == 999  # a clerk may correct a counted row
    publication_import(
        actor=superuser,
        org=county,
        title="新增信息",
        body="正文",
        published_on=datetime.date(2025, 5, 5),
        source_key="late",
    )
    report = services.website_report_regenerate(actor=superuser, report=report, today=JAN)
    assert report.values["posts_total"] == 1
    assert report.values["page_views"] == 125000
    assert report.values["head"] == "张三"


def test_bad_entries_are_refused_with_chinese_errors_and_nothing_saved(org_tree, superuser):
    report = services.website_report_start(actor=superuser, org=org_tree["county"], year=2025, today=JAN)
    bad = filled(page_views="-3", unique_visitors="1e9", unified_platform="maybe", phone="x" * 500, messages_days="abc")
    with pytest.raises(ValidationFailed) as info:
        services.website_report_edit(actor=superuser, report=report, values=bad)
    fields = info.value.fields
    assert set(fields) == {"page_views", "unique_visitors", "unified_platform", "phone", "messages_days"}
    assert all("\u4e00" <= fields[k][0][0] <= "\u9fff" for k in fields)
    report.refresh_from_db()
    assert report.values["head"] == ""


def test_publish_needs_who_answers_for_it_and_lateness_is_kept_from_the_first_publication(org_tree, superuser):
    county = org_tree["county"]
    report = services.website_report_start(actor=superuser, org=county, year=2025, today=JAN)
    with pytest.raises(ValidationFailed, match="单位负责人"):
        services.website_report_publish(actor=superuser, report=report, today=JAN)
    report = services.website_report_edit(actor=superuser, report=report, values=filled())
    late = datetime.date(2026, 2, 3)
    report = services.website_report_publish(actor=superuser, report=report, today=late)
    assert (report.state, report.published_on) == (WebsiteReportState.PUBLISHED, late)
    status = {row.org.pk: row for row in website_selectors.supervision(org=county, year=2025, today=late)}
    assert status[county.pk].late is True
    assert status[org_tree["dept"].pk].report is None and status[org_tree["dept"].pk].late is True
    # A correction keeps the published statement public until it is published again.
    report = services.website_report_reopen(actor=superuser, report=report)
    report = services.website_report_edit(actor=superuser, report=report, values=filled(page_views="130000"))
    public = website_selectors.website_report_public(org=county, year=2025)
    assert public.published_values["page_views"] == 125000
    report = services.website_report_publish(actor=superuser, report=report, today=datetime.date(2026, 3, 1))
    assert (report.published_on, report.corrections, report.published_values["page_views"]) == (late, 1, 130000)


def test_year_bounds(org_tree, superuser):
    for year in (2016, 2026, 3000):
        with pytest.raises(ValidationFailed):
            services.website_report_start(actor=superuser, org=org_tree["county"], year=year, today=JAN)

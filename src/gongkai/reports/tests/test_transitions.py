"""The report workflow's table, generated: every (state, action) pair through ``REPORT.apply``,
and every role × position in the org tree × action through the services' engine."""

import datetime
from typing import Any

import pytest

from gongkai.core.errors import Conflict, NotFound, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.orgs.credit_code import check_character
from gongkai.orgs.roles import Level, Role
from gongkai.orgs.services import organization_create
from gongkai.reports import selectors, services
from gongkai.reports.models import AnnualReport, ReportSource, ReportState, ReportVersion
from gongkai.reports.tests.conftest import finish_draft, finished
from gongkai.reports.transitions import REPORT, Action

pytestmark = pytest.mark.django_db
JAN = datetime.date(2026, 1, 20)

# The state each action is taken from in the role matrix (the first of its sources).
SOURCE = {row.action: sorted(row.sources)[0] for row in REPORT.table.values()}
# Who may take each action, when the report's org is theirs or below it.
ALLOWED_ROLES = {
    Action.EDIT: {Role.EDITOR, Role.ADMIN},
    Action.SUBMIT: {Role.EDITOR, Role.ADMIN},
    Action.RETURN: {Role.APPROVER, Role.ADMIN},
    Action.PUBLISH: {Role.APPROVER, Role.ADMIN},
    Action.REOPEN: {Role.APPROVER, Role.ADMIN},
    Action.IMPORT: {Role.APPROVER, Role.ADMIN},
}


def test_every_action_has_its_roles_listed():
    assert set(ALLOWED_ROLES) == set(REPORT.table)


def action_data(action: str, org: Any, year: int) -> dict[str, Any]:
    """A small valid input per action."""
    data: dict[str, dict[str, Any]] = {
        Action.EDIT: {"overview": "本年度政府信息公开工作情况。", "problems": "", "other": ""},
        Action.SUBMIT: {},
        Action.RETURN: {"note": "请补充平台建设情况"},
        Action.PUBLISH: {"today": JAN},
        Action.REOPEN: {"note": "补录一件申请"},
        Action.IMPORT: {
            "tables": selectors.build_tables(org, year).to_json(),
            "violations": [],
            "source_name": "2024.html",
            "published_on": JAN,
        },
    }
    return data[action]


def make_report(org: Any, state: str, *, year: int = 2025, action: str = "") -> AnnualReport:
    """A report in `state`, consistent with its org's (empty) data so that publishing passes the
    gate; an imported one for the import step, which only imported reports take."""
    prose = finished(selectors.prose_draft(org, year, selectors.build_tables(org, year)))
    source = ReportSource.IMPORTED if action == Action.IMPORT else ReportSource.GENERATED
    return AnnualReport.objects.create(org=org, year=year, state=state, source=source, **prose)


@pytest.mark.parametrize(
    ("state", "action", "allowed"),
    [(state, row.action, allowed) for state, row, allowed in REPORT.pairs()],
    ids=[f"{state}-{row.action}" for state, row, _ in REPORT.pairs()],
)
def test_state_action_matrix(state, action, allowed, org_tree, superuser):
    org = org_tree["county"]
    report = make_report(org, state, action=action)
    events, versions = AuditEvent.objects.count(), ReportVersion.objects.count()
    row = REPORT.transition(action)
    if not allowed:
        with pytest.raises(Conflict) as info:
            REPORT.apply(superuser, report, action, **action_data(action, org, 2025))
        assert info.value.code == "illegal_transition"
        report.refresh_from_db()
        assert report.state == state
        assert (AuditEvent.objects.count(), ReportVersion.objects.count()) == (events, versions)
        return
    REPORT.apply(superuser, report, action, **action_data(action, org, 2025))
    report.refresh_from_db()
    assert report.state == (row.target or state)
    assert AuditEvent.objects.filter(action=row.audit_action, object_id=str(report.pk)).count() == 1


def test_conditions_beyond_the_state(org_tree, superuser):
    org = org_tree["county"]
    imported = make_report(org, ReportState.PUBLISHED, year=2023, action=Action.IMPORT)
    with pytest.raises(Conflict, match="导入的历史报告不能在平台上更正"):
        REPORT.apply(superuser, imported, Action.REOPEN, note="x")
    generated = make_report(org, ReportState.DRAFT, year=2024)
    with pytest.raises(Conflict) as info:
        REPORT.apply(superuser, generated, Action.IMPORT, **action_data(Action.IMPORT, org, 2024))
    assert info.value.code == "illegal_transition"
    assert REPORT.available_actions(superuser, imported) == []
    assert [r.action for r in REPORT.available_actions(superuser, generated, interactive_only=True)] == [
        Action.EDIT,
        Action.SUBMIT,
    ]


_province_serial = iter(range(1, 10_000))


def other_province(superuser: Any) -> Any:
    body = f"11440300{next(_province_serial):08d}0"
    return organization_create(
        actor=superuser,
        name="广东省人民政府",
        level=Level.PROVINCE,
        credit_code=body + check_character(body),
        slug="guangdong",
    )


POSITIONS = ("own", "child", "parent", "sibling", "other_province")


def report_org(position: str, org_tree: dict[str, Any], superuser: Any) -> Any:
    """The report's org, seen from a user whose role is held at the county."""
    if position == "other_province":
        return other_province(superuser)
    return {"own": "county", "child": "dept", "parent": "city", "sibling": "sibling"}[position]


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("role", list(Role))
def test_role_position_action_matrix(role, position, org_tree, superuser, make_user):
    user = make_user(f"u-{role}", org=org_tree["county"], role=role)
    org = report_org(position, org_tree, superuser)
    org = org_tree[org] if isinstance(org, str) else org
    for year, action in enumerate(REPORT.table, start=2015):
        report = make_report(org, SOURCE[action], year=year, action=action)
        data = action_data(action, org, year)
        if position not in ("own", "child"):
            # Above, beside or elsewhere: the working copy does not exist for them.
            with pytest.raises(NotFound):
                REPORT.apply(user, report, action, **data)
        elif role not in ALLOWED_ROLES[action]:
            with pytest.raises(PermissionDenied):
                REPORT.apply(user, report, action, **data)
        else:
            REPORT.apply(user, report, action, **data)
            report.refresh_from_db()
            assert report.state == (REPORT.transition(action).target or SOURCE[action]), (role, position, action)
            continue
        report.refresh_from_db()
        assert report.state == SOURCE[action]
        offered = [row.action for row in REPORT.available_actions(user, report)]
        assert action not in offered


def test_submit_of_another_orgs_report_is_not_found(fixture_year, staff):
    report = services.report_start(actor=staff["editor"], org=fixture_year, year=2025, today=JAN)
    # the stranger is an admin of the sibling county: the department's draft does not exist for them
    with pytest.raises(NotFound):
        services.report_submit(actor=staff["stranger"], report=report)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert not AuditEvent.objects.filter(action="report.submitted").exists()


def test_editor_may_not_publish(fixture_year, staff):
    report = services.report_start(actor=staff["editor"], org=fixture_year, year=2025, today=JAN)
    report = finish_draft(report, staff["editor"])
    report = services.report_submit(actor=staff["editor"], report=report)
    assert Action.PUBLISH not in [row.action for row in REPORT.available_actions(staff["editor"], report)]
    with pytest.raises(PermissionDenied, match="签发人或政务公开管理员"):
        services.report_publish(actor=staff["editor"], report=report, today=JAN)
    assert Action.PUBLISH in [row.action for row in REPORT.available_actions(staff["approver"], report)]

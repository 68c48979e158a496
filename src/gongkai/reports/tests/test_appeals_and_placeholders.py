"""Issue 14 points 9 and 10: table 四 across two years, and no publication with placeholders."""

import datetime

import pytest

from gongkai.core.errors import ValidationFailed
from gongkai.foi import services as foi
from gongkai.foi.models import State
from gongkai.foi.tests.cases import make_case
from gongkai.reports import selectors, services
from gongkai.reports.models import ReportState
from gongkai.reports.tests.conftest import finish_draft

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat


def _table4(org, year):
    tables = selectors.build_tables(org, year)
    return {g: {c: int(cell.value) for c, cell in cols.items()} for g, cols in tables.tables["table4"].items()}


def test_an_appeal_filed_in_one_year_and_decided_in_the_next_counts_in_both(org_tree, superuser):
    """Filed 2025-11-20 (before New Year 2026), decided 2026-01-15: 尚未审结 in 2025's table 四,
    counted with its result in 2026's (carried over, as table 三 carries applications); not in 2027's."""
    app = make_case(superuser, org_tree["dept"], State.REPLIED)
    appeal = foi.appeal_record(
        actor=superuser, application=app, kind="review", filed_on=D("2025-11-20"), body="石城县人民政府"
    )
    foi.appeal_decide(actor=superuser, appeal=appeal, result="corrected", decided_on=D("2026-01-15"))
    zero = {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
    assert _table4(org_tree["dept"], 2025)["review"] == {**zero, "pending": 1, "total": 1}
    assert _table4(org_tree["dept"], 2026)["review"] == {**zero, "corrected": 1, "total": 1}
    assert _table4(org_tree["dept"], 2027)["review"] == zero
    # still pending at the end of 2026 it would be carried again
    other = foi.appeal_record(
        actor=superuser, application=app, kind="litigation_direct", filed_on=D("2025-12-30"), body="石城县人民法院"
    )
    assert _table4(org_tree["dept"], 2026)["litigation_direct"] == {**zero, "pending": 1, "total": 1}
    foi.appeal_decide(actor=superuser, appeal=other, result="upheld", decided_on=D("2027-03-01"))
    assert _table4(org_tree["dept"], 2027)["litigation_direct"] == {**zero, "upheld": 1, "total": 1}


def test_publishing_with_placeholders_is_refused_with_the_list_and_no_override(fixture_year, staff):
    jan = D("2026-01-20")
    report = services.report_start(actor=staff["editor"], org=fixture_year, year=2025, today=jan)
    assert "（请填写）" in report.overview
    services.report_submit(actor=staff["editor"], report=report)
    with pytest.raises(ValidationFailed) as refused:  # not even the admin, not even with a reason
        services.report_publish(actor=staff["county_admin"], report=report, override_reason="时间紧，先发布", today=jan)
    assert refused.value.code == "report_incomplete"
    assert set(refused.value.fields) == {"overview", "problems"}
    assert (
        refused.value.message.startswith("年度报告尚有4处未完成")
        and "不可由管理员说明理由后发布" in refused.value.message
    )
    report.refresh_from_db()
    assert report.state == ReportState.REVIEW and not report.versions.exists()
    services.report_return(actor=staff["approver"], report=report, note="请补全正文")
    report = finish_draft(report, staff["editor"])
    services.report_edit(
        actor=staff["editor"], report=report, overview=report.overview, problems="  ", other=report.other
    )
    services.report_submit(actor=staff["editor"], report=report)
    with pytest.raises(ValidationFailed) as empty:
        services.report_publish(actor=staff["approver"], report=report, today=jan)
    assert "“五、存在的主要问题及改进情况”为空" in empty.value.message
    services.report_return(actor=staff["approver"], report=report, note="请填写第五部分")
    finish_draft(report, staff["editor"])
    services.report_submit(actor=staff["editor"], report=report)
    version = services.report_publish(actor=staff["approver"], report=report, today=jan)
    assert "请填写" not in str(version.prose)

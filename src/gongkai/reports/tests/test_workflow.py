"""draft → review → published with a frozen snapshot, the publish gate, corrections, supervision."""

import datetime

import pytest

from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.foi.models import Application
from gongkai.reports import selectors, services
from gongkai.reports.models import ReportState
from gongkai.reports.tests.conftest import CE, finish_draft, finished, make_application

pytestmark = pytest.mark.django_db
JAN = datetime.date(2026, 1, 20)


def start_and_submit(org, staff):
    report = services.report_start(actor=staff["editor"], org=org, year=2025, today=JAN)
    report = finish_draft(report, staff["editor"])  # issue 14: placeholders block publication
    return services.report_submit(actor=staff["editor"], report=report)


def test_publishing_freezes_the_numbers(fixture_year, staff):
    report = start_and_submit(fixture_year, staff)
    version = services.report_publish(actor=staff["approver"], report=report, today=JAN)
    assert version.number == 1
    assert version.tables["table3"]["carried_forward"]["commercial_enterprise"] == 1
    # the case open since 2024 is answered (late) in December 2025, after publication
    Application.objects.filter(org=fixture_year, received_on=datetime.date(2024, 11, 1)).update(
        state="replied", outcome="disclosed", replied_on=datetime.date(2025, 12, 30)
    )
    assert selectors.build_tables(fixture_year, 2025).get("table3", "carried_forward", CE).value == 0
    public = selectors.report_get_public(org=fixture_year, year=2025)
    assert public.tables.get("table3", "carried_forward", CE).value == 1
    assert public.tables.get("table3", "disclosed", "total").value == 3
    assert AuditEvent.objects.filter(action="report.published").count() == 1


def test_correction_is_a_new_version_with_its_note(fixture_year, staff):
    report = start_and_submit(fixture_year, staff)
    services.report_publish(actor=staff["approver"], report=report, today=JAN)
    make_application(fixture_year, CE, "2025-06-01", outcome="disclosed", replied="2025-06-10")  # entered late
    services.report_reopen(actor=staff["approver"], report=report, note="补录一件申请")
    assert selectors.report_get_public(org=fixture_year, year=2025).tables.get("table3", "new", "total").value == 26
    services.report_submit(actor=staff["editor"], report=report)
    with pytest.raises(ValidationFailed) as err:
        services.report_publish(actor=staff["approver"], report=report, today=JAN)
    assert err.value.code == "report_invalid"  # I6: the text still quotes the old figures
    assert "“新收政府信息公开申请26件”为 26" in str(err.value)
    services.report_return(actor=staff["approver"], report=report, note="正文数字未更新")
    text = report.overview.replace("申请26件", "申请27件").replace("办结26件", "办结27件")
    services.report_edit(
        actor=staff["editor"],
        report=report,
        overview=text.replace("予以公开3件", "予以公开4件"),
        problems="依申请公开答复的规范性有待提高，下一步将加强培训。",
        other="",
    )
    services.report_submit(actor=staff["editor"], report=report)
    with pytest.raises(ValidationFailed) as err:
        services.report_publish(actor=staff["approver"], report=report, today=JAN)
    assert "change_note" in err.value.fields
    v2 = services.report_publish(
        actor=staff["approver"], report=report, change_note="补录漏登的申请1件。", today=datetime.date(2026, 2, 3)
    )
    assert v2.number == 2
    public = selectors.report_get_public(org=fixture_year, year=2025)
    assert public.tables.get("table3", "new", "total").value == 27
    assert [v.number for v in public.versions] == [1, 2]
    first = selectors.report_get_public(org=fixture_year, year=2025, version=1)
    assert first.tables.get("table3", "new", "total").value == 26


def test_the_gate_blocks_a_failing_report_unless_an_admin_records_why(fixture_year, staff):
    # a replied case without an outcome breaks I1/I2 (counted in no outcome row, no longer open)
    make_application(fixture_year, CE, "2025-07-01", outcome="", replied="2025-07-10", state="replied")
    report = start_and_submit(fixture_year, staff)
    with pytest.raises(ValidationFailed) as err:
        services.report_publish(actor=staff["approver"], report=report, today=JAN)
    assert err.value.code == "report_invalid"
    assert "I1" in str(err.value)
    with pytest.raises(PermissionDenied):
        services.report_publish(actor=staff["approver"], report=report, override_reason="数据待核", today=JAN)
    version = services.report_publish(
        actor=staff["admin"], report=report, override_reason="一件申请的办理结果漏登，已核实将在更正版补正。", today=JAN
    )
    assert version.override_reason.startswith("一件申请")
    assert {v["identity"] for v in version.violations if v["severity"] == "error"} >= {"I1"}
    event = AuditEvent.objects.get(action="report.published")
    assert "漏登" in event.note


def test_transitions_and_permissions(fixture_year, staff):
    with pytest.raises(PermissionDenied):
        services.report_start(actor=staff["officer"], org=fixture_year, year=2025, today=JAN)
    with pytest.raises(ValidationFailed):
        services.report_start(actor=staff["editor"], org=fixture_year, year=2026, today=JAN)
    report = services.report_start(actor=staff["editor"], org=fixture_year, year=2025, today=JAN)
    with pytest.raises(Conflict):
        services.report_publish(actor=staff["approver"], report=report, today=JAN)
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=staff["approver"], report=report)
    services.report_submit(actor=staff["editor"], report=report)
    with pytest.raises(Conflict):
        services.report_edit(actor=staff["editor"], report=report, overview="x", problems="", other="")
    with pytest.raises(PermissionDenied):
        services.report_publish(actor=staff["editor"], report=report, today=JAN)
    with pytest.raises(ValidationFailed):
        services.report_return(actor=staff["approver"], report=report, note=" ")
    report = services.report_return(actor=staff["approver"], report=report, note="请补充平台建设情况")
    assert report.state == ReportState.DRAFT and report.review_note == "请补充平台建设情况"
    # drafts are for the org's staff only; the public sees nothing before publication
    with pytest.raises(NotFound):
        selectors.report_get_for_staff(actor=staff["stranger"], org=fixture_year, year=2025)
    with pytest.raises(NotFound):
        selectors.report_get_public(org=fixture_year, year=2025)


def test_supervisor_page_lists_unpublished_and_failing(fixture_year, staff, org_tree):
    report = start_and_submit(fixture_year, staff)
    services.report_publish(actor=staff["approver"], report=report, today=datetime.date(2026, 2, 2))  # late
    township_report = services.report_start(actor=staff["county_admin"], org=org_tree["township"], year=2025, today=JAN)
    township_report.overview = "本年新收政府信息公开申请9件。"
    township_report.save()
    rows = selectors.supervision(
        actor=staff["county_admin"], org=org_tree["county"], year=2025, today=datetime.date(2026, 2, 10)
    )
    by_org = {row.org.slug: row for row in rows}
    assert set(by_org) == {"shicheng", "shicheng-wjw", "shicheng-mulan"}
    assert by_org["shicheng-wjw"].state == "late"
    assert by_org["shicheng"].state == "pending"  # governments: 3月31日
    assert by_org["shicheng"].deadline == datetime.date(2026, 3, 31)
    assert by_org["shicheng-mulan"].state == "pending"
    # issue 14: the supervisor also sees what is left to fill in (the prefilled placeholders)
    assert [e["identity"] for e in by_org["shicheng-mulan"].errors] == ["PLACEHOLDER", "I6"]
    later = selectors.supervision(
        actor=staff["county_admin"], org=org_tree["county"], year=2025, today=datetime.date(2026, 4, 1)
    )
    assert {r.org.slug: r.state for r in later}["shicheng"] == "overdue"
    with pytest.raises(PermissionDenied):
        selectors.supervision(actor=staff["editor"], org=org_tree["county"], year=2025, today=JAN)


def test_rollup_sums_the_published_reports_of_the_subtree(fixture_year, staff, org_tree):
    report = start_and_submit(fixture_year, staff)
    services.report_publish(actor=staff["approver"], report=report, today=JAN)
    county = services.report_start(actor=staff["county_admin"], org=org_tree["county"], year=2025, today=JAN)
    county = finish_draft(county, staff["county_admin"])
    services.report_submit(actor=staff["county_admin"], report=county)
    services.report_publish(actor=staff["county_admin"], report=county, today=JAN)
    result = selectors.rollup(actor=staff["county_admin"], org=org_tree["county"], year=2025)
    assert {o.slug for o in result.included} == {"shicheng", "shicheng-wjw"}
    assert [o.slug for o in result.missing] == ["shicheng-mulan"]
    assert result.tables.get("table3", "new", "total").value == 27
    assert result.tables.get("table3", "disclosed", "natural_person").value == 4
    assert result.tables.get("table4", "review", "total").value == 3
    assert [v for v in result.violations if v.is_error] == []


def test_last_years_published_report_feeds_i5(fixture_year, staff):
    last = services.report_start(actor=staff["editor"], org=fixture_year, year=2024, today=JAN)
    last = finish_draft(last, staff["editor"])
    services.report_submit(actor=staff["editor"], report=last)
    services.report_publish(actor=staff["approver"], report=last, today=JAN)
    start_and_submit(fixture_year, staff)
    view = selectors.report_get_for_staff(actor=staff["editor"], org=fixture_year, year=2025)
    assert view.errors == []
    # a case of 2024 registered late changes this year's 上年结转 but not last year's published report
    make_application(fixture_year, CE, "2024-12-29")
    view = selectors.report_get_for_staff(actor=staff["editor"], org=fixture_year, year=2025)
    i5 = [v["scope"] for v in view.errors if v["identity"] == "I5"]
    assert i5 == ["commercial_enterprise", "total"]


def test_figures_import_csv_all_or_nothing(fixture_year, staff):
    good = "机构,年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）\nshicheng-wjw,2025,40,5,1,0.35\n"
    rows = services.figures_import(actor=staff["editor"], content=good.encode(), filename="f.csv", today=JAN)
    assert rows[0].licensing == 40 and str(rows[0].fee_amount.normalize()) == "0.35"
    assert rows[0].entered_by == staff["editor"] and rows[0].source == "导入：f.csv"
    bad = good + "shicheng,2025,-1,,,\nnowhere,2025,1,1,1,1\n"
    with pytest.raises(ValidationFailed) as err:
        services.figures_import(actor=staff["editor"], content=bad.encode("gb18030"), filename="f.csv", today=JAN)
    assert set(err.value.fields) == {"第3行", "第4行"}


def test_cli_figures_import(fixture_year, staff, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from gongkai.reports.models import ReportFigures

    good = tmp_path / "figures.csv"
    good.write_text(
        "机构,年度,行政许可,行政处罚,行政强制,行政事业性收费\nshicheng-wjw,2025,9,2,0,0.12\n", encoding="utf-8"
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("report", "figures", "import", str(good), "--user", "rep-editor", stdout=out, stderr=err)
    assert exited.value.code == 0, err.getvalue()
    assert "共导入1行" in out.getvalue()
    row = ReportFigures.objects.get(org=fixture_year, year=2025)
    assert (row.licensing, row.entered_by, row.source) == (9, staff["editor"], "导入：figures.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("机构,年度,行政许可\nshicheng-wjw,2025,九\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        call_command("report", "figures", "import", str(bad), "--user", "rep-editor", stdout=out, stderr=err)
    assert exited.value.code == 1
    assert "第2行" in err.getvalue()


def test_imported_report_of_last_year_feeds_i5_and_the_copy_check(fixture_year, staff, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from gongkai.reports.render import Document, render_html

    # last year's report as it was published on the old portal, with a slip in its carried-forward row
    last = selectors.build_tables(fixture_year, 2024)
    last.set("table3", "carried_forward", "natural_person", 2)
    last.set("table3", "carried_forward", "total", 4)
    last.set("table3", "total", "natural_person", 0)
    last.set("table3", "disclosed", "natural_person", 0)
    last.set("table3", "total", "total", 0)
    last.set("table3", "disclosed", "total", 0)
    this_year = selectors.prose_draft(fixture_year, 2025, selectors.build_tables(fixture_year, 2025))
    page = tmp_path / "2024.html"
    page.write_text(render_html(Document(fixture_year.name, 2024, last, {**this_year})), encoding="utf-8")
    out, err = StringIO(), StringIO()
    args = ["report", "import", str(page), "--org", "shicheng-wjw", "--year", "2024", "--published-on", "2025-01-20"]
    with pytest.raises(SystemExit) as exited:
        call_command(*args, "--user", "rep-approver", stdout=out, stderr=err)
    assert exited.value.code == 0, err.getvalue()
    assert "已导入石城县卫生健康委员会2024年度报告" in out.getvalue()
    with pytest.raises(SystemExit) as exited:
        call_command(*args, "--user", "rep-approver", stdout=out, stderr=err)
    assert exited.value.code == 1 and "已存在" in err.getvalue()

    report = services.report_start(actor=staff["editor"], org=fixture_year, year=2025, today=JAN)
    services.report_edit(
        actor=staff["editor"],
        report=report,
        **finished(
            {
                "overview": report.overview
                + "\n本机关高度重视政府信息公开工作，主要负责同志亲自部署推动各项任务落实。",
                "problems": report.problems,
                "other": report.other,
            }
        ),
    )
    view = selectors.report_get_for_staff(actor=staff["editor"], org=fixture_year, year=2025)
    assert [(v["identity"], v["scope"]) for v in view.errors] == [("I5", "natural_person"), ("I5", "total")]
    assert "COPIED" in {w["identity"] for w in view.warnings}

"""Tables 二/三/四 generated from the data equal the hand-computed tables, cell by cell."""

import datetime
from decimal import Decimal

import pytest

from gongkai.foi.outcomes import APPLICANT_KIND_KEYS, OUTCOME_KEYS
from gongkai.reports import selectors, services
from gongkai.reports.deadlines import report_deadline
from gongkai.reports.format import APPLICANT_KINDS, OUTCOME_ROW_KEYS, SPEC_2021
from gongkai.reports.tests.conftest import COLUMNS, EXPECTED_TABLE3, EXPECTED_TABLE4
from gongkai.reports.validation import validate

pytestmark = pytest.mark.django_db


def test_foi_outcome_keys_are_the_table3_outcome_rows():
    assert OUTCOME_KEYS == OUTCOME_ROW_KEYS
    assert tuple(c.key for c in APPLICANT_KINDS) == APPLICANT_KIND_KEYS


def test_table3_equals_the_hand_computed_table_cell_by_cell(fixture_year):
    tables = selectors.build_tables(fixture_year, 2025)
    expected_rows = [r.key for r in SPEC_2021.table3_rows]
    assert sorted(tables.tables["table3"]) == sorted(expected_rows)
    for row in expected_rows:
        want = EXPECTED_TABLE3.get(row, (0,) * 7)
        got = tuple(int(tables.get("table3", row, col).value) for col in COLUMNS)
        assert got == want, row


def test_table4_from_the_appeals(fixture_year):
    tables = selectors.build_tables(fixture_year, 2025)
    got = {g: {c: int(cell.value) for c, cell in cols.items()} for g, cols in tables.tables["table4"].items()}
    assert got == EXPECTED_TABLE4


def test_identities_hold_including_i5_with_last_years_report(fixture_year):
    tables = selectors.build_tables(fixture_year, 2025)
    previous = selectors.build_tables(fixture_year, 2024)
    assert [int(previous.get("table3", "carried_forward", c).value) for c in COLUMNS] == [1, 1, 0, 0, 1, 0, 3]
    errors = [v for v in validate(tables, previous=previous) if v.is_error]
    assert errors == []
    # I5 does fail when last year's report says otherwise
    previous.set("table3", "carried_forward", "natural_person", 2)
    assert {v.identity for v in validate(tables, previous=previous) if v.is_error} == {"I5"}


def test_a_government_report_covers_its_own_office_not_its_departments(fixture_year, org_tree):
    county = selectors.build_tables(org_tree["county"], 2025)
    assert county.get("table3", "new", "total").value == 1
    assert county.get("table3", "disclosed", "natural_person").value == 1
    city = selectors.build_tables(org_tree["city"], 2025)
    assert city.get("table3", "new", "total").value == 0


def test_table2_from_publications_and_entered_figures(fixture_year, staff):
    from django.utils import timezone

    from gongkai.disclosure.models import Publication

    now = timezone.now()

    def pub(kind, published, validity="valid", changed=None, org=fixture_year):
        return Publication.objects.create(
            org=org,
            title="规范性文件",
            kind=kind,
            state="published",
            published_on=datetime.date.fromisoformat(published),
            public_from=now,
            validity=validity,
            validity_changed_on=datetime.date.fromisoformat(changed) if changed else None,
        )

    items = [
        pub("normative", "2025-03-01"),
        pub("normative", "2025-06-01", "repealed", "2025-11-01"),
        pub("normative", "2023-01-01", "expired", "2026-02-01"),  # still valid on 31 December 2025
        pub("normative", "2022-01-01", "repealed", "2024-05-01"),  # ended before the year
        pub("rule", "2024-02-01"),
        pub("normative", "2026-01-05"),  # next year
    ]
    from gongkai.disclosure.models import Revision

    for item in items:
        rev = Revision.objects.create(publication=item, number=1, title=item.title, kind=item.kind)
        Publication.objects.filter(pk=item.pk).update(published_revision=rev)

    services.figures_set(
        actor=staff["editor"],
        org=fixture_year,
        year=2025,
        figures=services.Figures(12, 3, 0, Decimal("1.25")),
        today=datetime.date(2026, 1, 10),
    )
    tables = selectors.build_tables(fixture_year, 2025).to_json()["table2"]
    assert tables == {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 1},
        "normative_documents": {"issued": 2, "repealed": 1, "in_force": 2},
        "licensing": {"decisions": 12},
        "punishment": {"decisions": 3},
        "coercion": {"decisions": 0},
        "fees": {"fee_amount": 1.25},
    }


def test_deadlines_by_level():
    assert report_deadline("department", 2025) == datetime.date(2026, 1, 31)
    assert report_deadline("county", 2025) == datetime.date(2026, 3, 31)
    assert report_deadline("province", 2025) == datetime.date(2026, 3, 31)
    assert report_deadline("township", 2025) == datetime.date(2026, 3, 31)


def test_prefilled_prose_quotes_the_tables_correctly(fixture_year, staff):
    report = services.report_start(actor=staff["editor"], org=fixture_year, year=2025, today=datetime.date(2026, 1, 5))
    assert "本年新收政府信息公开申请26件" in report.overview
    assert "结转下年度继续办理3件" in report.overview
    assert report.other == "本年未收取信息处理费。"
    view = selectors.report_get_for_staff(actor=staff["editor"], org=fixture_year, year=2025)
    assert [v for v in view.violations if v["identity"] == "I6"] == []
    # a wrong figure typed into the text is caught (I6)
    services.report_edit(
        actor=staff["editor"],
        report=report,
        overview=report.overview.replace("申请26件", "申请25件"),
        problems=report.problems,
        other=report.other,
    )
    view = selectors.report_get_for_staff(actor=staff["editor"], org=fixture_year, year=2025)
    # the prefilled placeholders are listed too (issue 14: reports.completeness)
    assert [v["identity"] for v in view.errors if v["identity"] != "PLACEHOLDER"] == ["I6"]

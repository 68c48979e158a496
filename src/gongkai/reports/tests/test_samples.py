"""The auditor against the sample reports: it finds exactly the planted violations."""

from decimal import Decimal

import pytest

from gongkai.reports.audit import ReportUnreadable, audit_file
from gongkai.reports.tests.samples import SAMPLES_DIR, Sample, samples

ALL = samples()
READABLE = [s for s in ALL if not s.unreadable]


def test_there_are_enough_samples_including_clean_and_planted_ones():
    assert len(ALL) >= 12
    assert any(not s.expected for s in READABLE)
    assert {i for s in READABLE for i, _ in s.expected} >= {"I1", "I2", "I3", "I4", "I5", "I6", "I7", "FORMAT"}
    assert any(s.format == "2019" for s in READABLE)
    assert any(s.unreadable for s in ALL)


@pytest.mark.parametrize("sample", ALL, ids=lambda s: s.name)
def test_committed_file_is_what_the_generator_produces(sample: Sample):
    assert (SAMPLES_DIR / sample.name).read_bytes() == sample.build().encode(sample.encoding)


@pytest.mark.parametrize("sample", READABLE, ids=lambda s: s.name)
def test_auditor_reports_exactly_the_planted_violations(sample: Sample):
    previous = SAMPLES_DIR / sample.previous if sample.previous else None
    result = audit_file(SAMPLES_DIR / sample.name, previous_path=previous)
    assert {(v.identity, v.scope) for v in result.errors} == sample.expected
    assert {v.identity for v in result.warnings} == sample.warnings
    assert result.parsed.tables.format == sample.format
    assert result.exit_code == (1 if sample.expected else 0)


def _expected_json(value):
    if value is None:
        return None
    if isinstance(value, int):
        return value
    number = Decimal(value.removesuffix("元"))
    return int(number) if number == number.to_integral_value() else float(number)


@pytest.mark.parametrize("sample", [s for s in READABLE if s.data is not None], ids=lambda s: s.name)
def test_every_figure_is_read_into_its_cell(sample: Sample):
    data = sample.data
    assert data is not None
    tables = audit_file(SAMPLES_DIR / sample.name).parsed.tables.to_json()
    for table, grid in (("table2", data.table2), ("table3", data.table3), ("table4", data.table4)):
        expected = {row: {col: _expected_json(v) for col, v in cols.items()} for row, cols in grid.items()}
        assert tables[table] == expected, table


def test_truncated_table_keeps_the_rows_before_the_cut():
    result = audit_file(SAMPLES_DIR / "2022_truncated.txt")
    table3 = result.parsed.tables.to_json()["table3"]
    assert table3["unavailable_needs_creation"] == {"natural_person": 2, "commercial_enterprise": 0}
    assert "total" not in table3
    assert not result.parsed.tables.has_table("table4")
    (format_table3,) = [v for v in result.errors if v.scope == "table3"]
    assert "可能被截断" in format_table3.message


def test_not_a_report_is_refused_with_a_chinese_message():
    with pytest.raises(ReportUnreadable) as caught:
        audit_file(SAMPLES_DIR / "not_a_report.html")
    assert caught.value.code == "report_not_a_report"
    assert "不像是政府信息公开工作年度报告" in caught.value.message


def test_2019_format_is_reported_as_such():
    result = audit_file(SAMPLES_DIR / "2020_format2019.html")
    assert result.as_json()["format"] == "2019"
    assert any("2019年试行格式" in note for note in result.parsed.notes)

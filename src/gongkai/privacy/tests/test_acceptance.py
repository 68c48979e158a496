"""The issue's acceptance statements, on the real seed documents and an applicant draft."""

from pathlib import Path

import pytest

import gongkai
from gongkai.privacy.findings import Kind, Severity
from gongkai.privacy.scanner import CHECK_PERSONAL, preview_masking, scan_file, scan_text
from gongkai.privacy.tests.helpers import make_id

SEEDS = sorted((Path(gongkai.__file__).parent / "portal" / "seeds").glob("*.txt"))
JUNK_KINDS = {Kind.SPAM, Kind.LINK_FARM}


def test_there_are_five_seed_documents():
    assert [p.name[:3] for p in SEEDS] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_documents_have_no_personal_data(path):
    report = scan_file(path)
    assert report.personal == ()
    # What the detectors do find there is the offices' own contact data, reported as info.
    assert {f.severity for f in report.findings if f.kind not in JUNK_KINDS} <= {Severity.INFO}


@pytest.mark.parametrize(
    ("index", "expected"), [(0, {Kind.SPAM, Kind.LINK_FARM}), (1, {Kind.SPAM}), (2, set()), (3, set()), (4, set())]
)
def test_injected_junk_is_found_only_at_the_end_of_000_and_001(index, expected):
    report = scan_file(SEEDS[index])
    junk = [f for f in report.findings if f.kind in JUNK_KINDS]
    assert {f.kind for f in junk} == expected
    last_line_start = report.text.rstrip().rfind("\n") + 1
    assert all(f.start >= last_line_start and f.severity is Severity.ERROR for f in junk)
    if junk:
        # The junk runs to the very end of the document.
        assert max(f.end for f in junk) == len(report.text.rstrip())


def test_seed_office_phone_numbers_are_institutional():
    report = scan_file(SEEDS[4])
    contacts = {(f.kind, f.text) for f in report.findings if f.severity is Severity.INFO}
    assert {(Kind.LANDLINE, "028-86604811"), (Kind.EMAIL, "gkzqyj@sc.gov.cn")} <= contacts


def test_applicant_table_draft_is_blocked_until_masked_and_then_only_masked_text_remains():
    number = make_id(region="360735", born="19870214", serial="031")
    draft = (
        "关于张红梅政府信息公开申请的答复\n"
        "申请人信息\n姓名\t身份证号码\t联系电话\n"
        f"张红梅\t{number}\t13907971234\n"
        "你于2024年5月12日提出的政府信息公开申请收悉，现答复如下。"
    )
    report = scan_text(draft)
    blocking = {(f.kind, f.severity) for f in report.blocking}
    assert {
        (Kind.ID_CARD, Severity.ERROR),
        (Kind.MOBILE, Severity.ERROR),
        (Kind.PERSON_NAME, Severity.ERROR),
    } <= blocking
    preview = preview_masking(draft)
    assert preview.counts == {"id_card": 1, "mobile": 1, "person_name": 2}
    assert "张红梅" not in preview.masked and number not in preview.masked and "13907971234" not in preview.masked
    assert "张**\t360735********" in preview.masked
    assert scan_text(preview.masked, checks={CHECK_PERSONAL}).blocking == ()

"""A fixture year of applications (2025) for 石城县卫生健康委员会, covering every outcome row, every
applicant column and cases open across both year boundaries, plus appeals and publications."""

import datetime
import itertools
from typing import Any

import pytest

from gongkai.orgs.roles import Role

_serial = itertools.count(1)

NP, CE, RI, SW, LS, OO = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
)


def d(text):
    return datetime.date.fromisoformat(text)


def make_application(org, kind, received, *, outcome="", replied=None, state=None, withdrawn=None, closed=None):
    """A case row as the foi services leave it (the statutory steps are foi's own tests)."""
    from gongkai.foi.models import Application

    n = next(_serial)
    if state is None:
        state = "withdrawn" if withdrawn else "closed" if closed else "replied" if replied else "in_progress"
    return Application.objects.create(
        org=org,
        registration_number=f"T{n:05d}",
        year=d(received).year,
        serial=n,
        tracking_hash=f"{n:064x}",
        state=state,
        channel="in_person",
        submitted_on=d(received),
        received_on=d(received),
        applicant_kind=kind,
        applicant_name="申请人",
        id_type="other",
        id_number="X",
        applicant_key=f"k{n}",
        description="请公开有关信息",
        info_form="electronic",
        delivery="email",
        outcome=outcome,
        replied_on=d(replied) if replied else None,
        closed_on=d(closed) if closed else None,
        withdrawn_on=d(withdrawn) if withdrawn else None,
    )


# (outcome, applicant kind) of the cases received and replied in 2025.
REPLIED_2025 = [
    ("disclosed", NP),
    ("partly_disclosed", CE),
    ("withheld_state_secret", RI),
    ("withheld_prohibited_by_law", SW),
    ("withheld_three_security_one_stability", LS),
    ("withheld_third_party", OO),
    ("withheld_internal_affairs", NP),
    ("withheld_process_info", CE),
    ("withheld_enforcement_file", RI),
    ("withheld_inquiry_matter", SW),
    ("unavailable_not_held", LS),
    ("unavailable_not_held", NP),
    ("unavailable_needs_creation", OO),
    ("unavailable_unclear_after_correction", NP),
    ("not_processed_petition", CE),
    ("not_processed_repeated", RI),
    ("not_processed_publication", SW),
    ("not_processed_excessive", LS),
    ("not_processed_confirmation", OO),
    ("other_no_correction", NP),
    ("other_fee_unpaid", CE),
    ("other_reason", RI),
]


@pytest.fixture
def fixture_year(org_tree):
    dept = org_tree["dept"]
    for i, (outcome, kind) in enumerate(REPLIED_2025):
        month = 2 + i % 10
        make_application(dept, kind, f"2025-{month:02d}-03", outcome=outcome, replied=f"2025-{month:02d}-20")
    # replied, then 办结 (closed): still one disclosed case
    make_application(dept, NP, "2025-05-06", outcome="disclosed", replied="2025-05-20", closed="2025-05-28")
    # withdrawn in 2025: （六）其他处理 3.其他
    make_application(dept, OO, "2025-03-01", outcome="other_reason", withdrawn="2025-03-05")
    # across 1 January 2025
    a = make_application(dept, NP, "2024-12-20", outcome="disclosed", replied="2025-01-10")
    make_application(dept, CE, "2024-11-01")  # still open at the end of 2025
    make_application(dept, LS, "2024-12-30", outcome="other_reason", withdrawn="2025-01-08")
    make_application(dept, NP, "2024-06-01", outcome="disclosed", replied="2024-07-01")  # all in 2024
    # across 1 January 2026
    make_application(dept, RI, "2025-12-28")
    make_application(dept, SW, "2025-12-15", outcome="disclosed", replied="2026-01-05")
    make_application(dept, NP, "2026-01-03")
    # another org's case (the county government's own office): not in the department's report
    make_application(org_tree["county"], NP, "2025-04-01", outcome="disclosed", replied="2025-04-10")

    from gongkai.foi.models import Appeal

    def appeal(kind, filed, result="pending", decided=None):
        Appeal.objects.create(
            application=a,
            kind=kind,
            filed_on=d(filed),
            body="石城县人民政府",
            result=result,
            decided_on=d(decided) if decided else None,
        )

    appeal("review", "2025-02-01", "upheld", "2025-04-01")
    appeal("review", "2025-06-01", "other", "2025-07-01")
    appeal("review", "2025-11-01")
    appeal("litigation_direct", "2025-03-01", "corrected", "2026-02-01")  # decided after the year: 尚未审结
    appeal("litigation_after_review", "2024-10-01", "upheld", "2025-01-20")  # filed the year before
    return dept


# Table 三 computed by hand from the cases above: row → (NP, CE, RI, SW, LS, OO, 总计); rows not
# listed are all zero.
EXPECTED_TABLE3 = {
    "new": (6, 4, 5, 4, 3, 4, 26),
    "carried_over": (1, 1, 0, 0, 1, 0, 3),
    "disclosed": (3, 0, 0, 0, 0, 0, 3),
    "partly_disclosed": (0, 1, 0, 0, 0, 0, 1),
    "withheld_state_secret": (0, 0, 1, 0, 0, 0, 1),
    "withheld_prohibited_by_law": (0, 0, 0, 1, 0, 0, 1),
    "withheld_three_security_one_stability": (0, 0, 0, 0, 1, 0, 1),
    "withheld_third_party": (0, 0, 0, 0, 0, 1, 1),
    "withheld_internal_affairs": (1, 0, 0, 0, 0, 0, 1),
    "withheld_process_info": (0, 1, 0, 0, 0, 0, 1),
    "withheld_enforcement_file": (0, 0, 1, 0, 0, 0, 1),
    "withheld_inquiry_matter": (0, 0, 0, 1, 0, 0, 1),
    "unavailable_not_held": (1, 0, 0, 0, 1, 0, 2),
    "unavailable_needs_creation": (0, 0, 0, 0, 0, 1, 1),
    "unavailable_unclear_after_correction": (1, 0, 0, 0, 0, 0, 1),
    "not_processed_petition": (0, 1, 0, 0, 0, 0, 1),
    "not_processed_repeated": (0, 0, 1, 0, 0, 0, 1),
    "not_processed_publication": (0, 0, 0, 1, 0, 0, 1),
    "not_processed_excessive": (0, 0, 0, 0, 1, 0, 1),
    "not_processed_confirmation": (0, 0, 0, 0, 0, 1, 1),
    "other_no_correction": (1, 0, 0, 0, 0, 0, 1),
    "other_fee_unpaid": (0, 1, 0, 0, 0, 0, 1),
    "other_reason": (0, 0, 1, 0, 1, 1, 3),
    "total": (7, 4, 4, 3, 4, 4, 26),
    "carried_forward": (0, 1, 1, 1, 0, 0, 3),
}
COLUMNS = (NP, CE, RI, SW, LS, OO, "total")

EXPECTED_TABLE4 = {
    "review": {"upheld": 1, "corrected": 0, "other": 1, "pending": 1, "total": 3},
    "litigation_direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1},
    # filed 2024-10-01, decided 2025-01-20: carried over into 2025 and counted there with its
    # result (issue 14 point 9; foi.selectors.appeals_by_kind_result)
    "litigation_after_review": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1},
}


def finished(prose: dict[str, str]) -> dict[str, str]:
    """The prefilled prose with its placeholders written out, as a clerk completes a draft
    before publication (a placeholder blocks publishing: reports.completeness)."""
    import re

    done = {key: re.sub(r"（请填写[^）]*）", "本年度按要求落实，工作情况良好。", text) for key, text in prose.items()}
    if not done.get("problems", "").strip():
        done["problems"] = "依申请公开答复的规范性有待提高，下一步将加强培训。"
    return done


def finish_draft(report: Any, actor: Any) -> Any:
    """Complete a draft's prose through the service (the editor's step before 送审)."""
    from gongkai.reports import selectors, services

    return services.report_edit(actor=actor, report=report, **finished(selectors.prose_of(report)))


@pytest.fixture
def staff(org_tree, make_user):
    dept, county = org_tree["dept"], org_tree["county"]
    return {
        "editor": make_user("rep-editor", org=dept, role=Role.EDITOR),
        "approver": make_user("rep-approver", org=dept, role=Role.APPROVER),
        "admin": make_user("rep-admin", org=dept, role=Role.ADMIN),
        "county_admin": make_user("rep-county-admin", org=county, role=Role.ADMIN),
        "stranger": make_user("rep-stranger", org=org_tree["sibling"], role=Role.ADMIN),
        "officer": make_user("rep-officer", org=dept, role=Role.FOI_OFFICER),
    }

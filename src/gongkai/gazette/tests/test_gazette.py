"""Services, pages, PDF and API of 政府公报 on the real stack (search: search/tests/test_sources_modules.py)."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from gongkai.core.errors import ValidationFailed
from gongkai.gazette import selectors, services
from gongkai.gazette.models import Section
from gongkai.guides.tests.helpers import publish
from gongkai.orgs.services import api_token_create

pytestmark = pytest.mark.django_db


def test_rules_and_normative_documents_are_marked_standard_text(issue_in, staff, org_tree, superuser, rule):
    issue = issue_in("draft")
    normative = publish(
        staff, org_tree["county"], title="石城县养犬管理规定", kind="normative", doc_number="石府规〔2025〕1号"
    )
    notice = publish(staff, org_tree["county"], title="石城县关于开展秋季造林的通知", kind="notice")
    services.entry_add(actor=superuser, issue=issue, publication_id=normative.pk)
    services.entry_add(actor=superuser, issue=issue, publication_id=notice.pk)
    entries = {e.title: e for e in selectors.entries_of(issue)}
    assert entries[rule.title].standard_text and entries[rule.title].section == Section.RULE
    assert entries[normative.title].standard_text and entries[normative.title].doc_number == "石府规〔2025〕1号"
    assert not entries[notice.title].standard_text and entries[notice.title].section == Section.DOCUMENT
    with pytest.raises(ValidationFailed) as refused:
        services.entry_add(actor=superuser, issue=issue, publication_id=rule.pk)
    assert refused.value.code == "gazette_duplicate_entry"


def test_rules_cannot_be_typed_by_hand_and_unknown_publications_are_refused(issue_in, superuser):
    issue = issue_in("draft")
    with pytest.raises(ValidationFailed) as refused:
        services.entry_add(actor=superuser, issue=issue, section="rule", title="某某办法")
    assert "section" in refused.value.fields
    with pytest.raises(ValidationFailed) as missing:
        services.entry_add(actor=superuser, issue=issue, publication_id=987_654)
    assert missing.value.code == "gazette_publication_not_public"
    assert issue.entries.count() == 1


@pytest.mark.parametrize(
    ("year", "number", "issued_on", "field"),
    [
        (1900, 1, datetime.date(1900, 1, 1), "year"),
        (2025, 0, datetime.date(2025, 1, 1), "number"),
        (2025, 400, datetime.date(2025, 1, 1), "number"),
        (2025, 1, datetime.date(2024, 12, 31), "issued_on"),
    ],
)
def test_issue_bounds(year, number, issued_on, field, superuser, org_tree):
    with pytest.raises(ValidationFailed) as refused:
        services.issue_create(actor=superuser, org=org_tree["county"], year=year, number=number, issued_on=issued_on)
    assert field in refused.value.fields


def test_duplicate_number_is_refused(issue_in, superuser, org_tree):
    issue = issue_in("draft")
    with pytest.raises(ValidationFailed) as refused:
        services.issue_create(
            actor=superuser, org=org_tree["county"], year=2025, number=issue.number, issued_on=datetime.date(2025, 3, 1)
        )
    assert refused.value.code == "gazette_duplicate"


def test_pdf_is_generated_and_entries_link_to_items(issue_in, client, rule):
    issue = issue_in("published")
    page = client.get(reverse("portal:gazette_issue", args=[issue.pk])).content.decode()
    assert reverse("portal:publication", args=[rule.pk]) in page and "标准文本" in page
    response = client.get(reverse("portal:gazette_issue_pdf", args=[issue.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "石城县人民政府公报" in text and rule.title in text and "标准文本" in text
    # WeasyPrint writes each <a href> as a link annotation with its (absolute) URI.
    uris = [
        str(annot.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object()
    ]
    assert "http://testserver" + reverse("portal:publication", args=[rule.pk]) in uris


def test_archive_by_year_and_drafts_stay_private(issue_in, client, org_tree):
    draft = issue_in("draft")
    published = issue_in("published")
    assert client.get(reverse("portal:gazette_issue", args=[draft.pk])).status_code == 404
    assert client.get(reverse("portal:gazette_issue_pdf", args=[draft.pk])).status_code == 404
    archive = client.get(reverse("portal:gazette_archive", args=[org_tree["county"].slug]) + "?year=2025")
    text = archive.content.decode()
    assert "2025年（1期）" in text and reverse("portal:gazette_issue", args=[published.pk]) in text
    assert (
        client.get(reverse("portal:gazette_archive", args=[org_tree["county"].slug]) + "?year=abc").status_code == 404
    )


def test_staff_pages_and_api(issue_in, staff, client, org_tree):
    issue = issue_in("draft")
    client.force_login(staff["admin"])
    page = client.get(reverse("portal:gazette_staff_issue", args=[issue.pk])).content.decode()
    assert ">出版<" in page and "添加条目" in page
    bad = client.post(
        reverse("portal:gazette_issue_action", args=[issue.pk, "edit"]), {"op": "add", "section": "rule", "title": "x"}
    )
    assert bad.status_code == 422 and "规章和行政规范性文件请从已公开的政府信息中选择收录" in bad.content.decode()
    created = client.post(
        reverse("portal:gazette_org", args=[org_tree["county"].pk]),
        {"year": "2025", "number": "40", "issued_on": "2025-10-20"},
    )
    assert created.status_code == 302
    client.force_login(staff["reviewer"])
    assert ">出版<" not in client.get(reverse("portal:gazette_staff_issue", args=[issue.pk])).content.decode()
    _, token = api_token_create(actor=staff["approver"], user=staff["approver"], name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    data = client.get(f"/api/v1/staff/gazette/issues/{issue.pk}", **auth).json()
    assert [a["action"] for a in data["actions"]] == ["publish"]
    published = client.post(f"/api/v1/staff/gazette/issues/{issue.pk}/publish", **auth).json()
    assert published["state"] == "published" and published["entries"][0]["standard_text"] is True
    public = client.get(f"/api/v1/gazette/orgs/{org_tree['county'].slug}?year=2025").json()
    assert public["issues"][0]["id"] == issue.pk
    assert client.get(f"/api/v1/gazette/orgs/{org_tree['county'].slug}?year=3000").status_code == 422

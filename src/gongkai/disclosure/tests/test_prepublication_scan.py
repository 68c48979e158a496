"""发布前审查 in the workflow: personal data blocks publication until masked or overridden."""

import pytest
from django.test import Client

from gongkai.core.errors import ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.disclosure import selectors, services
from gongkai.disclosure.models import State
from gongkai.disclosure.tests.conftest import content

pytestmark = pytest.mark.django_db

# A valid 18-digit ID (GB 11643 check character X), a mobile number, and names in an applicant table.
ID_NUMBER = "11010519491231002X"
APPLICANT_TABLE = (
    "<p>现将2025年临时救助对象公示如下：</p>"
    "<table><tr><th>申请人</th><th>身份证号</th><th>联系电话</th></tr>"
    f"<tr><td>张三丰</td><td>{ID_NUMBER}</td><td>13812345678</td></tr></table>"
)


def approved(staff, org_tree, body=APPLICANT_TABLE):
    publication, _ = services.publication_create_draft(
        actor=staff["editor"], org=org_tree["dept"], content=content(body_html=body)
    )
    services.publication_submit(actor=staff["editor"], publication=publication)
    services.publication_decide(actor=staff["reviewer"], publication=publication, decision="approve")
    services.publication_decide(actor=staff["approver"], publication=publication, decision="approve")
    publication.refresh_from_db()
    return publication


def test_submit_records_what_the_scan_found_without_the_values(staff, org_tree):
    publication = approved(staff, org_tree)
    summary = publication.working_revision.scan_summary
    assert summary["blocking"] >= 3
    assert {"id_card", "mobile", "person_name"} <= set(summary["counts"])
    submitted = AuditEvent.objects.get(action="publication.submitted")
    assert ID_NUMBER not in str(submitted.after) and "13812345678" not in str(submitted.after)


def test_personal_data_blocks_publication_until_masked(staff, org_tree):
    publication = approved(staff, org_tree)
    with pytest.raises(ValidationFailed) as exc:
        services.publication_publish(actor=staff["approver"], publication=publication)
    assert exc.value.code == "scan_findings_unresolved"
    assert all(ID_NUMBER not in f["text"] for f in exc.value.extra["findings"])
    publication.refresh_from_db()
    assert publication.state == State.APPROVED

    counts = services.publication_mask_personal_data(actor=staff["reviewer"], publication=publication)
    assert counts["id_card"] == 1 and counts["mobile"] == 1 and counts["person_name"] == 1
    masked = AuditEvent.objects.get(action="privacy.masked")
    assert masked.after["total"] == sum(counts.values())
    assert ID_NUMBER not in str(masked.after)

    services.publication_publish(actor=staff["approver"], publication=publication)
    public = selectors.publication_get_public(pk=publication.pk)
    for secret in (ID_NUMBER, "13812345678", "张三丰"):
        assert secret not in public.body_html
    assert "110105********002X" in public.body_html
    assert "138****5678" in public.body_html
    html = Client().get(f"/info/{publication.pk}/").content.decode()
    assert ID_NUMBER not in html and "13812345678" not in html and "张三丰" not in html


def test_publishing_despite_findings_needs_an_audited_reason(staff, org_tree):
    publication = approved(staff, org_tree)
    services.publication_publish(
        actor=staff["approver"], publication=publication, override_reason="公示对象名单依法须公开（民政部门规定）"
    )
    override = AuditEvent.objects.get(action="privacy.override")
    assert override.note == "公示对象名单依法须公开（民政部门规定）"
    assert override.actor == staff["approver"]
    assert ID_NUMBER not in str(override.after)


def test_clean_text_publishes_without_override(staff, org_tree):
    publication = approved(staff, org_tree, body="<p>各乡镇卫生院：请于10月底前报送材料。</p>")
    assert publication.working_revision.scan_summary["blocking"] == 0
    services.publication_publish(actor=staff["approver"], publication=publication)
    assert not AuditEvent.objects.filter(action="privacy.override").exists()


def test_injected_spam_is_found_and_reviewers_see_it_inline(staff, org_tree, client):
    body = (
        "<p>正文内容。</p><p>发财计划|发财计划下载APP|发财计划网址 多伦县 平塘县 顺义区 辽中县 南乐县 陇南市 昆山市</p>"
    )
    publication = approved(staff, org_tree, body=body)
    client.force_login(staff["reviewer"])
    html = client.get(f"/staff/publications/{publication.pk}/").content.decode()
    assert "<mark" in html and "发财计划" in html
    with pytest.raises(ValidationFailed):
        services.publication_publish(actor=staff["approver"], publication=publication)


def test_one_click_masking_is_previewed_before_it_is_saved(staff, org_tree, client):
    publication = approved(staff, org_tree)
    client.force_login(staff["reviewer"])
    preview = client.get(f"/staff/publications/{publication.pk}/mask/").content.decode()
    assert "110105********002X" in preview
    publication.refresh_from_db()
    assert ID_NUMBER in publication.working_revision.body_html  # nothing saved by the preview
    assert client.post(f"/staff/publications/{publication.pk}/mask/").status_code == 302
    publication.refresh_from_db()
    assert ID_NUMBER not in publication.working_revision.body_html


def test_a_policy_without_its_written_date_is_held_for_missing_metadata(staff, org_tree):
    publication, _ = services.publication_create_draft(
        actor=staff["editor"],
        org=org_tree["dept"],
        content=content(kind="policy", written_on=None, body_html="<p>第一条 为规范……制定本办法。</p>"),
    )
    services.publication_submit(actor=staff["editor"], publication=publication)
    publication.refresh_from_db()
    assert publication.working_revision.scan_summary["counts"] == {"missing_metadata": 1}

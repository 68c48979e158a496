"""Services, selectors, pages and API of 办事指南 on the real stack."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.errors import ValidationFailed
from gongkai.guides import selectors, services
from gongkai.guides.models import VersionState
from gongkai.guides.tests.conftest import COMPLETE
from gongkai.guides.tests.helpers import publish
from gongkai.orgs.services import api_token_create
from gongkai.workdays import selectors as workdays

pytestmark = pytest.mark.django_db


def test_missing_materials_is_reported_by_the_check(guide_in, org_tree):
    complete = guide_in("published")
    lacking = guide_in("draft", materials="")
    found = {g.version_id: g.missing for g in selectors.incomplete_guides(org_tree["county"])}
    assert complete.pk not in found
    assert found[lacking.pk] == ["申请材料"]


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("basis", "设定依据"),
        ("conditions", "受理条件"),
        ("process", "办理流程"),
        ("fees", "收费标准"),
        ("place_and_hours", "办理地点和时间"),
        ("consult_phone", "咨询电话"),
        ("complaint_phone", "监督投诉电话"),
    ],
)
def test_each_key_element_is_checked(field, label, guide_in, org_tree):
    version = guide_in("draft", **{field: ""})
    assert [g.missing for g in selectors.incomplete_guides(org_tree["dept"])] == [[label]]
    assert version.pk


def test_time_limit_needs_one_of_legal_or_promised(guide_in, org_tree):
    guide_in("draft", legal_days=None, promised_days=None)
    assert selectors.incomplete_guides(org_tree["dept"])[0].missing == ["办理时限"]


def test_change_is_due_within_one_working_day_and_lateness_is_recorded(guide_in, superuser):
    version = guide_in("published")
    # 2025-09-30 (Tuesday) a condition changed; 10-01..10-08 is the 国庆 holiday, so the one
    # working day is 2025-10-09 (Thursday; 10-11 is a 调休 Saturday after it).
    with time_machine.travel(datetime.datetime(2025, 9, 30, 9, tzinfo=datetime.UTC), tick=False):
        draft = services.version_new_draft(actor=superuser, item=version.item, changed_on=datetime.date(2025, 9, 30))
    assert draft.publish_due == workdays.add_working_days(datetime.date(2025, 9, 30), 1).date
    assert draft.publish_due == datetime.date(2025, 10, 9)
    tracked = workdays.deadlines_for("guides.guideversion", draft.pk).get()
    assert tracked.is_open and tracked.due_date == draft.publish_due
    with time_machine.travel(datetime.datetime(2025, 10, 10, 9, tzinfo=datetime.UTC), tick=False):
        assert list(selectors.overdue_changes(version.item.org, today=datetime.date(2025, 10, 10))) == [draft]
        services.version_publish(actor=superuser, version=draft)
    draft.refresh_from_db()
    version.refresh_from_db()
    assert draft.published_late and version.state == VersionState.SUPERSEDED
    assert not workdays.deadlines_for("guides.guideversion", draft.pk).get().is_open


def test_change_published_on_time_is_not_late(guide_in, superuser):
    version = guide_in("published")
    draft = services.version_new_draft(actor=superuser, item=version.item, changed_on=datetime.date(2025, 9, 22))
    services.version_edit(actor=superuser, version=draft, materials=COMPLETE["materials"] + "\n户口簿")
    services.version_publish(actor=superuser, version=draft)
    draft.refresh_from_db()
    assert draft.publish_due == datetime.date(2025, 9, 23) and not draft.published_late
    assert selectors.guide_get_public(pk=version.item_id).pk == draft.pk
    assert version.material_lines() != draft.material_lines()  # the old text stays on record


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"legal_days": 0}, "legal_days"),
        ({"legal_days": 400}, "legal_days"),
        ({"legal_days": 5, "promised_days": 9}, "promised_days"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"basis": "法" * 5001}, "basis"),
        ({"changed_on": datetime.date(2026, 1, 1)}, "changed_on"),
    ],
)
def test_bad_content_is_refused_and_nothing_is_lost(data, field, guide_in, superuser):
    version = guide_in("draft")
    with pytest.raises(ValidationFailed) as refused:
        services.version_edit(actor=superuser, version=version, **data)
    assert field in refused.value.fields
    version.refresh_from_db()
    assert version.basis == COMPLETE["basis"]


def test_forms_upload_checks_content(guide_in, superuser):
    version = guide_in("draft")
    with pytest.raises(ValidationFailed) as refused:
        services.form_add(
            actor=superuser, version=version, upload=SimpleUploadedFile("申请表.pdf", b"MZ\x90\x00 not a pdf")
        )
    assert refused.value.code == "attachment_type"
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with pytest.raises(ValidationFailed):
        services.form_add(actor=superuser, version=version, upload=SimpleUploadedFile("申请表.docx", pdf))
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (services.MAX_FORM_BYTES + 1))
    with pytest.raises(ValidationFailed) as too_big:
        services.form_add(actor=superuser, version=version, upload=big)
    assert too_big.value.code == "attachment_too_large"
    assert version.forms.count() == 0


def test_policy_page_lists_linked_guides_and_guide_lists_policy_and_interpretation(guide_in, staff, org_tree, client):
    version = guide_in("published")
    policy = publish(staff, org_tree["dept"], title="石城县出生医学证明管理办法")
    reading = publish(
        staff,
        org_tree["dept"],
        title="《石城县出生医学证明管理办法》政策解读",
        kind="interpretation",
        interprets_id=policy.pk,
        interpretation_form="text",
    )
    services.policy_link(actor=staff["editor"], item=version.item, publication_id=policy.pk)
    page = client.get(reverse("portal:publication", args=[policy.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "相关办事指南" in text and reverse("portal:guide_detail", args=[version.item_id]) in text
    # The interpretation's page leads to the same guide.
    assert "出生医学证明首次签发" in client.get(reverse("portal:publication", args=[reading.pk])).content.decode()
    guide = client.get(reverse("portal:guide_detail", args=[version.item_id])).content.decode()
    assert policy.title in guide and reading.title in guide and "0797-12345" in guide


def test_policy_link_refuses_unpublished_and_other_orgs(guide_in, staff):
    version = guide_in("published")
    with pytest.raises(ValidationFailed) as refused:
        services.policy_link(actor=staff["editor"], item=version.item, publication_id=999_999)
    assert refused.value.code == "guide_policy_not_public"


def test_draft_is_not_public_and_public_pages_render(guide_in, client, org_tree):
    draft = guide_in("draft")
    assert client.get(reverse("portal:guide_detail", args=[draft.item_id])).status_code == 404
    published = guide_in("published")
    listing = client.get(reverse("portal:guide_list", args=[org_tree["county"].slug])).content.decode()
    assert reverse("portal:guide_detail", args=[published.item_id]) in listing


def test_staff_pages_show_table_actions_and_edit_errors_beside_fields(guide_in, staff, client):
    version = guide_in("draft", materials="")
    client.force_login(staff["editor"])
    page = client.get(reverse("portal:guides_version", args=[version.pk])).content.decode()
    assert "缺少关键要素：申请材料" in page and ">修改<" in page and ">发布<" not in page
    org_page = client.get(reverse("portal:guides_org", args=[version.item.org_id])).content.decode()
    assert "申请材料" in org_page
    bad = client.post(
        reverse("portal:guides_version_action", args=[version.pk, "edit"]),
        {"name": "出生医学证明首次签发", "legal_days": "5", "promised_days": "9"},
    )
    assert bad.status_code == 422 and "承诺时限不能长于法定时限" in bad.content.decode()
    client.force_login(staff["approver"])
    page = client.get(reverse("portal:guides_version", args=[version.pk])).content.decode()
    assert ">发布<" in page and ">修改<" not in page
    done = client.post(reverse("portal:guides_version_action", args=[version.pk, "publish"]))
    assert done.status_code == 302
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED


def test_new_item_page(staff, org_tree, client, at_now):
    client.force_login(staff["editor"])
    url = reverse("portal:guides_item_new", args=[org_tree["dept"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "", "item_type": "licensing"})
    assert response.status_code == 422 and "请填写事项名称" in response.content.decode()
    response = client.post(url, {"name": "医疗机构执业登记", "item_type": "licensing", **dict(COMPLETE.items())})
    assert response.status_code == 302


def test_api_public_and_staff_actions(guide_in, staff, client):
    version = guide_in("draft")
    _, token = api_token_create(actor=staff["approver"], user=staff["approver"], name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    data = client.get(f"/api/v1/staff/guides/versions/{version.pk}", **auth).json()
    assert [a["action"] for a in data["actions"]] == ["publish"]
    assert client.get(f"/api/v1/guides/{version.item_id}").status_code == 404
    published = client.post(f"/api/v1/staff/guides/versions/{version.pk}/publish", **auth).json()
    assert published["state"] == "published" and published["actions"] == []
    public = client.get(f"/api/v1/guides/{version.item_id}").json()
    assert public["materials"][0] == "出生医学证明首次签发申请表" and public["missing_elements"] == []
    listing = client.get(f"/api/v1/guides/orgs/{version.item.org.slug}?page_size=101")
    assert listing.status_code == 422
    incomplete = client.get(f"/api/v1/staff/guides/orgs/{version.item.org_id}/incomplete", **auth)
    assert incomplete.status_code == 200 and incomplete.json() == []


@pytest.mark.parametrize("name", ["portal:guides_home", "portal:gazette_home", "portal:opendata_home"])
def test_back_office_homes_list_the_staff_orgs(name, staff, client, org_tree):
    client.force_login(staff["admin"])
    page = client.get(reverse(name))
    assert page.status_code == 200 and org_tree["county"].name in page.content.decode()
    client.force_login(staff["nobody"])
    assert client.get(reverse(name)).status_code == 403


def test_new_draft_page_and_invisible_items(guide_in, staff, client):
    version = guide_in("published")
    client.force_login(staff["editor"])
    response = client.post(reverse("portal:guides_new_draft", args=[version.pk]), {"changed_on": "2025-09-22"})
    draft = version.item.versions.get(state=VersionState.DRAFT)
    assert response.status_code == 302 and response["Location"] == reverse("portal:guides_version", args=[draft.pk])
    assert draft.publish_due == datetime.date(2025, 9, 23) and draft.basis == version.basis
    again = client.post(reverse("portal:guides_new_draft", args=[version.pk]), {})
    assert again.status_code == 302 and version.item.versions.count() == 2
    client.force_login(staff["sibling_admin"])
    assert client.get(reverse("portal:guides_version", args=[version.pk])).status_code == 404
    assert client.post(reverse("portal:guides_new_draft", args=[version.pk])).status_code == 404

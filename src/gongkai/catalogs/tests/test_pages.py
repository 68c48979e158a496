"""The portal: the public catalog with area tabs and linked content; the back office through
HTTP (import preview and refusal beside the field, publish from the table, edit, bind, coverage)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.catalogs import services
from gongkai.catalogs.models import CatalogItem, CatalogVersion, VersionState
from gongkai.catalogs.tests.conftest import file_publication
from gongkai.catalogs.tests.workbooks import ALL_FORMS, build, with_row
from gongkai.disclosure import selectors as disclosure
from gongkai.disclosure.services import catalog_ensure_default

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(data, name="目录.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX)


def test_public_page_has_area_tabs_items_and_linked_content(client, org_tree, people):
    county = org_tree["county"]
    catalog_ensure_default(org=county)
    services.catalog_import(actor=people["admin"], org=county, data=build({"社会救助": ALL_FORMS}), publish=True)
    draft_only = services.version_from_template(actor=people["admin"], org=county, area="budget")
    item = CatalogItem.objects.get(version__state=VersionState.PUBLISHED, level2="审核信息")
    column = next(c for c in disclosure.catalog_columns([county.pk]) if c.code == "key-areas")
    services.item_bind(actor=people["admin"], item=item, column_id=column.pk)
    file_publication(
        people,
        county,
        column.pk,
        formed_on=datetime.date(2025, 3, 3),
        published_on=datetime.date(2025, 3, 17),
        title="低保初审对象名单公示",
    )
    page = client.get("/org/shicheng/catalog-standard/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "社会救助</a>" in html and "制定或获取信息之日起10个工作日内，公示7个工作日" in html
    assert "/org/shicheng/catalog/key-areas/" in html and "1 条，最近 2025-03-17" in html
    assert "不予公开（《中华人民共和国政府信息公开条例》第十五条）" in html
    assert draft_only.items.first().level2 not in html  # a draft is not public
    assert client.get("/org/shicheng/catalog-standard/?area=<script>").status_code == 200
    assert "尚未发布" in client.get("/org/shicheng-mulan/catalog-standard/").content.decode()
    assert client.get("/org/nowhere/catalog-standard/").status_code == 404


def test_import_preview_then_refusal_beside_the_field_then_import(client, org_tree, people):
    client.force_login(people["admin"])
    url = f"/staff/catalogs/orgs/{org_tree['county'].pk}/import/"
    assert client.get(url).status_code == 200
    preview = client.post(url, {"file": upload(build({"社会救助": ALL_FORMS})), "dry_run": "on"})
    assert preview.status_code == 200 and "预览：10 个事项，1 个领域" in preview.content.decode()
    assert CatalogVersion.objects.count() == 0
    bad = client.post(url, {"file": upload(build({"社会救助": with_row(ALL_FORMS, 1, level2="")}))})
    text = bad.content.decode()
    assert bad.status_code == 422 and "工作表“社会救助”第5行C列" in text and "未导入任何内容" in text
    assert CatalogVersion.objects.count() == 0
    assert client.post(url, {"file": upload(b"not excel", "x.xlsx")}).status_code == 422
    done = client.post(url, {"file": upload(build({"社会救助": ALL_FORMS}))})
    assert done.status_code == 302 and CatalogVersion.objects.get().state == VersionState.DRAFT


def test_version_page_publishes_edits_and_binds(client, org_tree, people):
    county = org_tree["county"]
    catalog_ensure_default(org=county)
    version = services.catalog_import(actor=people["admin"], org=county, data=build({"社会救助": ALL_FORMS})).versions[
        0
    ]
    client.force_login(people["admin"])
    page = client.get(f"/staff/catalogs/versions/{version.pk}/").content.decode()
    assert "/publish/" in page and "待人工确认" in page and "新增事项" in page
    item = version.items.get(level2="其他事项")
    form = {
        "level1": "临时救助",
        "level2": "其他事项",
        "deadline_text": "及时公开",
        "manual_kind": "working_day",
        "manual_days": "5",
        "proactive": "on",
        "channels": ["政府网站"],
    }
    assert client.post(f"/staff/catalogs/items/{item.pk}/edit/", form).status_code == 302
    item.refresh_from_db()
    assert not item.deadline_flagged and item.deadline_rule["days"] == 5
    refused = client.post(f"/staff/catalogs/items/{item.pk}/edit/", {**form, "level2": "", "manual_kind": ""})
    assert refused.status_code == 422 and "field-error" in refused.content.decode()
    bind = client.post(
        f"/staff/catalogs/items/{item.pk}/bind/",
        {f"i{item.pk}-new_column_name": "临时救助", f"i{item.pk}-new_column_code": "linshi"},
    )
    assert bind.status_code == 302
    item.refresh_from_db()
    assert item.column is not None and item.column.code == "linshi"
    assert client.post(f"/staff/catalogs/versions/{version.pk}/publish/").status_code == 302
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED
    after = client.get(f"/staff/catalogs/versions/{version.pk}/").content.decode()
    assert "/publish/" not in after and "新增事项" not in after
    coverage = client.get(f"/staff/catalogs/orgs/{county.pk}/coverage/")
    assert coverage.status_code == 200 and "社会救助" in coverage.content.decode()


def test_staff_without_the_right_see_no_button_and_are_refused(client, org_tree, people):
    version = services.catalog_import(
        actor=people["admin"], org=org_tree["county"], data=build({"社会救助": ALL_FORMS})
    ).versions[0]
    client.force_login(people["editor"])
    page = client.get(f"/staff/catalogs/versions/{version.pk}/").content.decode()
    assert "/publish/" not in page and "新增事项" not in page
    assert client.post(f"/staff/catalogs/versions/{version.pk}/publish/").status_code == 403
    assert client.get(f"/staff/catalogs/orgs/{org_tree['county'].pk}/import/").status_code == 403
    client.force_login(people["sibling_admin"])
    assert client.get(f"/staff/catalogs/versions/{version.pk}/").status_code == 404
    assert client.get(f"/staff/catalogs/orgs/{org_tree['county'].pk}/coverage/").status_code == 404
    client.logout()
    assert client.get(f"/staff/catalogs/versions/{version.pk}/").status_code == 302  # to the login page

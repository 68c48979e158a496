"""标准目录 through the REST API: public catalogs, import (dry run, refusal, save), a version's
`actions`, publish, bind, coverage; problem+json errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.catalogs.models import CatalogVersion, VersionState
from gongkai.catalogs.tests.workbooks import ALL_FORMS, build, with_row
from gongkai.orgs.services import api_token_create

pytestmark = pytest.mark.django_db


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, user=user, name='t')[1]}"}


def xlsx(data):
    return SimpleUploadedFile("目录.xlsx", data, content_type="application/octet-stream")


def test_import_publish_bind_and_read_through_the_api(client, org_tree, people):
    admin, editor = bearer(people["admin"]), bearer(people["editor"])
    county = org_tree["county"]
    url = f"/api/v1/staff/catalogs/orgs/{county.pk}/import"
    preview = client.post(url, {"file": xlsx(build({"社会救助": ALL_FORMS}))}, **admin)
    assert preview.status_code == 200 and preview.json()["saved"] is False and len(preview.json()["items"]) == 10
    assert CatalogVersion.objects.count() == 0
    bad = client.post(
        url + "?dry_run=false", {"file": xlsx(build({"社会救助": with_row(ALL_FORMS, 1, level2="")}))}, **admin
    )
    assert bad.status_code == 422 and bad["Content-Type"].startswith("application/problem+json")
    assert bad.json()["code"] == "catalog_import_rejected" and "第5行C列" in bad.json()["errors"]["file"][0]
    assert client.post(url, {"file": xlsx(b"junk")}, **admin).json()["code"] == "catalog_workbook_unreadable"
    assert client.post(url, {"file": xlsx(build({"社会救助": ALL_FORMS}))}, **editor).status_code == 403
    saved = client.post(url + "?dry_run=false", {"file": xlsx(build({"社会救助": ALL_FORMS}))}, **admin)
    version_id = saved.json()["versions"][0]
    body = client.get(f"/api/v1/staff/catalogs/versions/{version_id}", **admin).json()
    assert {a["action"] for a in body["actions"]} == {"edit", "publish", "discard", "bind"}
    assert client.get(f"/api/v1/staff/catalogs/versions/{version_id}", **editor).json()["actions"] == []
    assert client.post(f"/api/v1/staff/catalogs/versions/{version_id}/publish", **editor).status_code == 403
    assert client.get("/api/v1/catalogs/shicheng").json()["areas"] == []  # a draft is not public
    published = client.post(f"/api/v1/staff/catalogs/versions/{version_id}/publish", **admin).json()
    assert published["state"] == VersionState.PUBLISHED
    again = client.post(f"/api/v1/staff/catalogs/versions/{version_id}/publish", **admin)
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"
    item = published["items"][2]
    bound = client.post(
        f"/api/v1/staff/catalogs/items/{item['id']}/bind",
        {"new_column_name": "低保审核", "new_column_code": "dibao"},
        content_type="application/json",
        **admin,
    ).json()
    assert bound["items"][2]["column_code"] == "dibao"
    public = client.get("/api/v1/catalogs/shicheng").json()
    assert public["areas"][0]["area_label"] == "社会救助" and public["areas"][0]["actions"] == []
    assert public["areas"][0]["items"][2]["deadline"]["publicity_days"] == 7
    coverage = client.get(f"/api/v1/staff/catalogs/orgs/{county.pk}/coverage?today=2025-06-01", **admin).json()
    assert coverage["orgs"][0]["counted"] == 9 and coverage["orgs"][0]["areas"][0]["area_code"] == "social_assistance"
    hidden = client.get(f"/api/v1/staff/catalogs/orgs/{county.pk}/coverage", **bearer(people["sibling_admin"]))
    assert hidden.status_code == 404
    assert client.get(f"/api/v1/staff/catalogs/versions/{version_id}").status_code == 401

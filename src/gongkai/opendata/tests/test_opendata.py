"""Uploads and previews, downloads, the CKAN and DCAT exports, the stale check, pages (search: search/tests)."""

import datetime
import json
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyld import jsonld

from gongkai.core.errors import ValidationFailed
from gongkai.opendata import selectors, services
from gongkai.opendata.models import Dataset
from gongkai.opendata.tests.conftest import CSV, csv_upload, xlsx_upload
from gongkai.orgs.services import api_token_create

pytestmark = pytest.mark.django_db
RECORDED = json.loads((Path(__file__).parent / "ckan_recorded.json").read_text(encoding="utf-8"))


def add(dataset, upload, fmt="csv", actor=None):
    return services.resource_add(actor=actor, dataset=dataset, name="数据", format=fmt, upload=upload)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_or_gb18030_is_previewed(encoding, dataset_in, superuser):
    dataset = dataset_in("draft", resource=False)
    resource = add(dataset, csv_upload(encoding=encoding), actor=superuser)
    assert resource.columns == ["站点名称", "地址", "开放时间"]
    assert resource.preview[0][0] == "石城县图书馆" and resource.row_count == 2
    assert resource.encoding == ("gb18030" if encoding == "gb18030" else "utf-8")


@pytest.mark.parametrize(
    ("upload", "fmt", "code"),
    [
        (SimpleUploadedFile("a.csv", "名称\n测试\n".encode("utf-16")), "csv", "opendata_csv_encoding"),
        (SimpleUploadedFile("a.csv", b"\xff\xfe\x00\x00\x01\x02" * 10), "csv", "opendata_csv_encoding"),
        (SimpleUploadedFile("a.json", b'{"not": "a list"}'), "json", "opendata_json_shape"),
        (SimpleUploadedFile("a.json", b"[{broken"), "json", "opendata_json_invalid"),
        (SimpleUploadedFile("a.csv", CSV.encode()), "json", "attachment_disguised"),
        (SimpleUploadedFile("a.xlsx", b"PK\x03\x04 not really"), "xlsx", "attachment_type"),
    ],
    ids=["utf16-csv", "binary-csv", "json-object", "json-broken", "wrong-ending", "fake-xlsx"],
)
def test_bad_files_get_clear_errors_and_nothing_is_saved(upload, fmt, code, dataset_in, superuser):
    dataset = dataset_in("draft", resource=False)
    with pytest.raises(ValidationFailed) as refused:
        add(dataset, upload, fmt, actor=superuser)
    assert refused.value.code == code and refused.value.message
    assert dataset.resources.count() == 0


def test_a_200_mb_file_is_refused_before_it_is_read(dataset_in, superuser):
    dataset = dataset_in("draft", resource=False)

    class Huge:
        name = "big.csv"
        size = 200 * 1024 * 1024

        def read(self, *args):  # never reached: the size is checked first
            raise AssertionError("read")

    with pytest.raises(ValidationFailed) as refused:
        add(dataset, Huge(), actor=superuser)
    assert refused.value.code == "attachment_too_large" and "MB" in refused.value.message


def test_a_spreadsheet_with_formulas_is_refused(dataset_in, superuser):
    dataset = dataset_in("draft", resource=False)
    with pytest.raises(ValidationFailed) as refused:
        add(dataset, xlsx_upload([["数量", "合计"], [1, "=SUM(A2:A3)"]]), "xlsx", actor=superuser)
    assert refused.value.code == "opendata_xlsx_formula" and "公式" in refused.value.message


def test_a_plain_spreadsheet_is_previewed_as_text(dataset_in, superuser, client):
    dataset = dataset_in("draft", resource=False)
    resource = add(dataset, xlsx_upload([["站点", "说明"], ["图书馆", "<script>alert(1)</script>"]]), "xlsx", superuser)
    assert resource.columns == ["站点", "说明"] and resource.preview == [["图书馆", "<script>alert(1)</script>"]]
    services.dataset_publish(actor=superuser, dataset=dataset)
    page = client.get(reverse("portal:dataset_detail", args=[dataset.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_json_preview(dataset_in, superuser):
    dataset = dataset_in("draft", resource=False)
    data = json.dumps(
        [{"名称": "图书馆", "座位": 120}, {"名称": "文化站", "座位": 40, "备注": {"a": 1}}], ensure_ascii=False
    )
    resource = add(dataset, SimpleUploadedFile("a.json", data.encode()), "json", superuser)
    assert resource.columns == ["名称", "座位", "备注"] and resource.row_count == 2


def test_download_counts_and_conditional_datasets_are_not_downloadable(dataset_in, client):
    dataset = dataset_in("published")
    resource = dataset.resources.get()
    url = reverse("portal:dataset_download", args=[dataset.pk, resource.pk])
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content).decode() == CSV
    dataset.refresh_from_db()
    resource.refresh_from_db()
    assert dataset.download_count == 2 and resource.download_count == 2
    conditional = dataset_in("published", open_type="conditional", open_conditions="须签订协议。")
    other = conditional.resources.get()
    assert client.get(reverse("portal:dataset_download", args=[conditional.pk, other.pk])).status_code == 404
    draft = dataset_in("draft")
    assert client.get(reverse("portal:dataset_download", args=[draft.pk, draft.resources.get().pk])).status_code == 404


def test_conditional_request_from_the_public_page(dataset_in, client, staff):
    dataset = dataset_in("published", open_type="conditional", open_conditions="须签订协议。")
    url = reverse("portal:dataset_request", args=[dataset.pk])
    bad = client.post(url, {"applicant": "", "contact": "", "purpose": ""})
    assert bad.status_code == 422
    ok = client.post(url, {"applicant": "某研究所", "contact": "13800000000", "purpose": "研究"})
    assert ok.status_code == 302
    # The applicant's contact is not on the public page; the approver sees it with the buttons.
    assert "13800000000" not in client.get(reverse("portal:dataset_detail", args=[dataset.pk])).content.decode()
    client.force_login(staff["approver"])
    page = client.get(reverse("portal:opendata_dataset", args=[dataset.pk])).content.decode()
    assert "13800000000" in page and ">同意<" in page
    client.force_login(staff["editor"])
    assert "13800000000" not in client.get(reverse("portal:opendata_dataset", args=[dataset.pk])).content.decode()


def test_stale_check_against_update_frequency(dataset_in, org_tree):
    dataset = dataset_in("published")  # monthly, updated 2025-09-22
    assert selectors.stale_datasets(org_tree["county"], today=datetime.date(2025, 10, 27)) == []
    stale = selectors.stale_datasets(org_tree["county"], today=datetime.date(2025, 11, 10))
    assert [(s.pk, s.days_overdue) for s in stale] == [(dataset.pk, 14)]
    dataset_in("published", update_frequency="irregular")
    assert len(selectors.stale_datasets(org_tree["county"], today=datetime.date(2026, 11, 10))) == 1


def _shape(value):
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def _same_shape(recorded, ours, path="result"):
    """Every key of the recorded answer is in ours, with the same JSON type (null matches any)."""
    if isinstance(recorded, dict):
        assert isinstance(ours, dict), path
        for key, value in recorded.items():
            assert key in ours, f"{path}.{key} missing"
            _same_shape(value, ours[key], f"{path}.{key}")
    elif isinstance(recorded, list):
        assert isinstance(ours, list), path
        if recorded and ours:
            _same_shape(recorded[0], ours[0], f"{path}[0]")
    elif recorded is not None and ours is not None:
        assert type(recorded) is type(ours), f"{path}: {type(ours).__name__} is not {type(recorded).__name__}"


def test_ckan_client_requests_get_the_ckan_shape(dataset_in, client):
    dataset = dataset_in("published")
    dataset_in("draft")
    base = "/api/v1/opendata/api/3/action/"
    listing = client.get(base + "package_list").json()
    _same_shape(RECORDED["package_list"], listing)
    assert listing["result"] == [f"dataset-{dataset.pk}"]
    for ident in (str(dataset.pk), f"dataset-{dataset.pk}"):
        shown = client.get(base + "package_show", {"id": ident}).json()
        _same_shape(RECORDED["package_show"], shown)
        assert shown["success"] is True and shown["result"]["title"] == dataset.title
    resource = shown["result"]["resources"][0]
    assert resource["format"] == "CSV" and resource["url"].startswith("http://testserver/")
    found = client.get(base + "package_search", {"q": "图书馆"}).json()
    _same_shape(RECORDED["package_search"], found)
    assert found["result"]["count"] == 1
    _same_shape(RECORDED["package_show"]["result"], found["result"]["results"][0])
    assert client.get(base + "package_search", {"q": "*:*", "rows": 0}).json()["result"]["count"] == 1
    missing = client.get(base + "package_show", {"id": "no-such-thing"})
    assert missing.status_code == 404
    _same_shape(RECORDED["not_found"], missing.json())
    assert client.get(base + "package_search", {"rows": 5000}).status_code == 422


def test_dcat_export_is_valid_json_ld(dataset_in):
    from django.test import Client

    dataset = dataset_in("published")
    response = Client().get("/api/v1/opendata/catalog.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    document = response.json()
    expanded = jsonld.expand(document)  # raises on invalid JSON-LD; the context is inline, no network
    catalog = next(n for n in expanded if "http://www.w3.org/ns/dcat#Catalog" in n.get("@type", []))
    datasets = catalog["http://www.w3.org/ns/dcat#dataset"]
    assert len(datasets) == 1
    node = datasets[0]
    assert node["http://purl.org/dc/terms/title"][0]["@value"] == dataset.title
    dist = node["http://www.w3.org/ns/dcat#distribution"][0]
    assert dist["http://www.w3.org/ns/dcat#downloadURL"][0]["@id"].startswith("http://testserver/")
    nquads = jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads"})
    assert "<http://www.w3.org/ns/dcat#Dataset>" in nquads


def test_staff_pages_and_api(dataset_in, staff, client, org_tree):
    client.force_login(staff["editor"])
    org_url = reverse("portal:opendata_org", args=[org_tree["dept"].pk])
    bad = client.post(
        org_url,
        {
            "title": "x",
            "update_frequency": "monthly",
            "licence": "cc-by",
            "open_type": "conditional",
            "open_conditions": "",
        },
    )
    assert bad.status_code == 422 and "须写明开放条件" in bad.content.decode()
    created = client.post(
        org_url,
        {
            "title": "石城县停车场名录",
            "update_frequency": "monthly",
            "licence": "cc-by",
            "open_type": "unconditional",
            "fields_text": "名称|文本|停车场名称",
        },
    )
    assert created.status_code == 302
    dataset = Dataset.objects.get(title="石城县停车场名录")
    assert dataset.fields == [{"name": "名称", "type": "文本", "description": "停车场名称"}]
    action = reverse("portal:opendata_dataset_action", args=[dataset.pk, "add_resource"])
    refused = client.post(
        action, {"name": "名录", "format": "csv", "upload": SimpleUploadedFile("a.csv", "名称\n一\n".encode("utf-16"))}
    )
    assert refused.status_code == 422 and "UTF-8 或 GB18030" in refused.content.decode()
    assert client.post(action, {"name": "名录", "format": "csv", "upload": csv_upload()}).status_code == 302
    page = client.get(reverse("portal:opendata_dataset", args=[dataset.pk])).content.decode()
    assert ">开放<" not in page and ">修改<" in page
    _, token = api_token_create(actor=staff["approver"], user=staff["approver"], name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    data = client.get(f"/api/v1/staff/opendata/datasets/{dataset.pk}", **auth).json()
    assert [a["action"] for a in data["actions"]] == ["publish"]
    assert client.post(f"/api/v1/staff/opendata/datasets/{dataset.pk}/publish", **auth).json()["state"] == "published"
    public = client.get(f"/api/v1/opendata/datasets/{dataset.pk}").json()
    assert public["resources"][0]["columns"] == ["站点名称", "地址", "开放时间"]
    with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)):
        stale = client.get(f"/api/v1/staff/opendata/orgs/{org_tree['dept'].pk}/stale", **auth).json()
    assert [s["id"] for s in stale] == [dataset.pk]
    assert client.get("/opendata/?q=停车场").status_code == 200

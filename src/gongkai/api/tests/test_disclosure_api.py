"""The publishing workflow through the API, end to end, with its error answers."""

import pytest

from gongkai.core.models import AuditEvent
from gongkai.disclosure.models import Publication
from gongkai.orgs.roles import Role
from gongkai.orgs.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokens(org_tree, make_user):
    holders = {
        "editor": ("dept", Role.EDITOR),
        "reviewer": ("county", Role.REVIEWER),
        "approver": ("county", Role.APPROVER),
        "other": ("township", Role.EDITOR),
    }
    result = {}
    for name, (org_key, role) in holders.items():
        user = make_user(f"api-{name}", org=org_tree[org_key], role=role)
        result[name] = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, user=user, name='t')[1]}"}
    return result


DRAFT = {
    "title": "关于公布2025年度行政事业性收费目录清单的通知",
    "kind": "notice",
    "body_html": "<p>现将收费目录清单公布如下。</p>",
    "doc_number": "石卫字[2025]3号",
    "formed_on": "2025-09-26",
}


def post(client, url, data, headers):
    return client.post(url, data=data, content_type="application/json", **headers)


def test_draft_to_published_through_the_api(client, org_tree, tokens):
    created = post(client, "/api/v1/staff/publications", {**DRAFT, "org_id": org_tree["dept"].pk}, tokens["editor"])
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["state"] == "draft"
    assert post(client, f"/api/v1/staff/publications/{pk}/submit", {}, tokens["editor"]).json()["state"] == "in_review"
    step1 = post(client, f"/api/v1/staff/publications/{pk}/decisions", {"decision": "approve"}, tokens["reviewer"])
    assert step1.json()["current_step"] == "签发"
    step2 = post(client, f"/api/v1/staff/publications/{pk}/decisions", {"decision": "approve"}, tokens["approver"])
    assert step2.json()["state"] == "approved"
    published = post(client, f"/api/v1/staff/publications/{pk}/publish", {}, tokens["approver"])
    assert published.status_code == 200
    body = published.json()
    assert body["state"] == "published"
    assert body["index_number"].startswith(org_tree["dept"].credit_code)
    assert [d["step"] for d in body["decisions"]] == ["保密审查", "签发"]

    public = client.get(f"/api/v1/publications/{pk}").json()
    assert public["doc_number"] == "石卫字〔2025〕3号"
    listing = client.get("/api/v1/publications", {"org": "shicheng", "kind": "notice"}).json()
    assert [r["id"] for r in listing["results"]] == [pk]
    assert AuditEvent.objects.filter(object_id=str(pk), object_type="disclosure.publication").count() == 5


def test_wrong_role_wrong_org_and_illegal_transition(client, org_tree, tokens):
    pk = post(client, "/api/v1/staff/publications", {**DRAFT, "org_id": org_tree["dept"].pk}, tokens["editor"]).json()[
        "id"
    ]
    hidden = client.get(f"/api/v1/staff/publications/{pk}", **tokens["other"])
    assert hidden.status_code == 404
    missing = client.get("/api/v1/staff/publications/999999", **tokens["other"])
    assert hidden.json() == {**missing.json(), "instance": hidden.json()["instance"]}
    illegal = post(client, f"/api/v1/staff/publications/{pk}/publish", {}, tokens["approver"])
    assert illegal.status_code == 409
    assert illegal["Content-Type"] == "application/problem+json"
    assert illegal.json()["code"] == "illegal_transition"
    post(client, f"/api/v1/staff/publications/{pk}/submit", {}, tokens["editor"])
    post(client, f"/api/v1/staff/publications/{pk}/decisions", {"decision": "approve"}, tokens["reviewer"])
    wrong_role = post(client, f"/api/v1/staff/publications/{pk}/decisions", {"decision": "approve"}, tokens["reviewer"])
    assert wrong_role.status_code == 403
    assert Publication.objects.get(pk=pk).state == "in_review"


def test_invalid_draft_is_422_with_field_errors(client, org_tree, tokens):
    response = post(
        client,
        "/api/v1/staff/publications",
        {**DRAFT, "doc_number": "第三号", "org_id": org_tree["dept"].pk},
        tokens["editor"],
    )
    assert response.status_code == 422
    assert "doc_number" in response.json()["errors"]
    assert not Publication.objects.exists()


def test_a_topic_longer_than_its_column_is_422_in_chinese_and_nothing_is_saved(client, org_tree, tokens):
    """Left to the column, PostgreSQL refused the row with a server error and SQLite stored it."""
    response = post(
        client,
        "/api/v1/staff/publications",
        {**DRAFT, "topic": "财政\\" + "预" * 98, "org_id": org_tree["dept"].pk},
        tokens["editor"],
    )
    assert response.status_code == 422
    assert response.json()["code"] == "publication_invalid"
    assert response.json()["errors"]["topic"] == ["主题分类不能超过100字。"]
    assert not Publication.objects.exists()
    # At the bound, and with the blanks around it trimmed, it is kept.
    topic = "财政\\" + "预" * 97
    created = post(
        client,
        "/api/v1/staff/publications",
        {**DRAFT, "topic": f" {topic} ", "org_id": org_tree["dept"].pk},
        tokens["editor"],
    )
    assert created.status_code == 201, created.json()
    assert Publication.objects.get().working_revision.topic == topic


def test_withdrawn_item_answers_410(client, org_tree, tokens):
    pk = post(client, "/api/v1/staff/publications", {**DRAFT, "org_id": org_tree["dept"].pk}, tokens["editor"]).json()[
        "id"
    ]
    post(client, f"/api/v1/staff/publications/{pk}/submit", {}, tokens["editor"])
    post(client, f"/api/v1/staff/publications/{pk}/decisions", {"decision": "approve"}, tokens["reviewer"])
    post(client, f"/api/v1/staff/publications/{pk}/decisions", {"decision": "approve"}, tokens["approver"])
    post(client, f"/api/v1/staff/publications/{pk}/publish", {}, tokens["approver"])
    post(client, f"/api/v1/staff/publications/{pk}/withdraw", {"reason": "重复发布"}, tokens["approver"])
    gone = client.get(f"/api/v1/publications/{pk}")
    assert gone.status_code == 410
    assert gone.json()["code"] == "gone"
    assert client.get("/api/v1/publications").json()["total"] == 0


def test_catalog_endpoint_counts_public_items(client, org_tree, tokens):
    post(client, "/api/v1/staff/publications", {**DRAFT, "org_id": org_tree["dept"].pk}, tokens["editor"])
    tree = client.get(f"/api/v1/orgs/{org_tree['dept'].pk}/catalog").json()
    names = [n["name"] for n in tree]
    assert names == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]
    assert all(n["count"] == 0 for n in tree)  # a draft is not counted


def test_attachment_and_catalog_endpoints(client, org_tree, tokens, make_user):
    import io

    from docx import Document

    pk = post(client, "/api/v1/staff/publications", {**DRAFT, "org_id": org_tree["dept"].pk}, tokens["editor"]).json()[
        "id"
    ]
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("附件正文")
    document.save(buffer)
    buffer.seek(0)
    buffer.name = "附件.docx"
    uploaded = client.post(f"/api/v1/staff/publications/{pk}/attachments", {"file": buffer}, **tokens["editor"])
    assert uploaded.status_code == 201, uploaded.content
    assert uploaded.json()["media_type"].endswith("wordprocessingml.document")
    fake = io.BytesIO(b"MZ\x90\x00 not really a pdf")
    fake.name = "说明.pdf"
    refused = client.post(f"/api/v1/staff/publications/{pk}/attachments", {"file": fake}, **tokens["editor"])
    assert refused.status_code == 422
    assert refused.json()["code"] == "attachment_type"

    admin = make_user("api-admin", org=org_tree["dept"], role=Role.ADMIN)
    admin_auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=admin, user=admin, name='t')[1]}"}
    url = f"/api/v1/staff/orgs/{org_tree['dept'].pk}/catalog"
    created = post(client, url, {"name": "疫情防控", "code": "epidemic", "parent_code": "key-areas"}, admin_auth)
    assert created.status_code == 201
    assert post(client, url, {"name": "重复", "code": "epidemic"}, admin_auth).status_code == 422
    assert post(client, url, {"name": "编辑无权", "code": "x"}, tokens["editor"]).status_code == 403
    assert client.delete(f"{url}/epidemic", **admin_auth).status_code == 204
    assert client.delete(f"{url}/notices", **tokens["editor"]).status_code == 403


def test_scan_findings_mask_and_override_through_the_api(client, org_tree, tokens):
    body = "<p>申请人：王小明，手机13912345678。</p>"
    pk = post(
        client,
        "/api/v1/staff/publications",
        {**DRAFT, "body_html": body, "org_id": org_tree["dept"].pk},
        tokens["editor"],
    ).json()["id"]
    post(client, f"/api/v1/staff/publications/{pk}/submit", {}, tokens["editor"])
    post(client, f"/api/v1/staff/publications/{pk}/decisions", {"decision": "approve"}, tokens["reviewer"])
    post(client, f"/api/v1/staff/publications/{pk}/decisions", {"decision": "approve"}, tokens["approver"])
    findings = client.get(f"/api/v1/staff/publications/{pk}/findings", **tokens["reviewer"]).json()
    assert {f["kind"] for f in findings["findings"]} >= {"mobile", "person_name"}
    assert "13912345678" not in str(findings)
    blocked = post(client, f"/api/v1/staff/publications/{pk}/publish", {}, tokens["approver"])
    assert blocked.status_code == 422
    assert blocked.json()["code"] == "scan_findings_unresolved"
    masked = post(client, f"/api/v1/staff/publications/{pk}/mask", {}, tokens["reviewer"])
    assert masked.json()["counts"]["mobile"] == 1
    assert post(client, f"/api/v1/staff/publications/{pk}/publish", {}, tokens["approver"]).status_code == 200
    assert "139****5678" in client.get(f"/api/v1/publications/{pk}").json()["body_html"]


def test_staff_detail_lists_exactly_the_actions_open_to_the_token(client, org_tree, tokens):
    pk = post(client, "/api/v1/staff/publications", {**DRAFT, "org_id": org_tree["dept"].pk}, tokens["editor"]).json()[
        "id"
    ]
    editor_view = client.get(f"/api/v1/staff/publications/{pk}", **tokens["editor"]).json()
    assert [a["action"] for a in editor_view["actions"]] == ["edit", "submit", "attach", "mask"]
    assert editor_view["actions"][1] == {"action": "submit", "label": "送审"}
    # The county reviewer sees the draft but may not send it to review: no entry, and 403.
    reviewer_view = client.get(f"/api/v1/staff/publications/{pk}", **tokens["reviewer"]).json()
    assert [a["action"] for a in reviewer_view["actions"]] == ["mask"]
    assert post(client, f"/api/v1/staff/publications/{pk}/submit", {}, tokens["reviewer"]).status_code == 403
    submitted = post(client, f"/api/v1/staff/publications/{pk}/submit", {}, tokens["editor"]).json()
    assert [a["action"] for a in submitted["actions"]] == ["edit", "mask"]
    reviewer_view = client.get(f"/api/v1/staff/publications/{pk}", **tokens["reviewer"]).json()
    assert [a["action"] for a in reviewer_view["actions"]] == ["approve", "reject", "mask"]
    approver_view = client.get(f"/api/v1/staff/publications/{pk}", **tokens["approver"]).json()
    assert [a["action"] for a in approver_view["actions"]] == ["mask"]  # 签发 is the second step


def test_an_interpretation_interprets_a_policy_of_its_own_tree_through_the_api(client, org_tree, tokens):
    def create(token, org_key, **fields):
        return post(client, "/api/v1/staff/publications", {**DRAFT, "org_id": org_tree[org_key].pk, **fields}, token)

    own_policy = create(tokens["editor"], "dept", kind="policy", title="本委的办法").json()["id"]
    other_policy = create(tokens["other"], "township", kind="policy", title="木兰乡的办法").json()["id"]
    interpretation = {"kind": "interpretation", "doc_number": "", "interpretation_form": "text"}

    outside = create(tokens["editor"], "dept", title="解读乡里的办法", interprets_id=other_policy, **interpretation)
    assert outside.status_code == 422
    assert "interprets" in outside.json()["errors"]
    accepted = create(tokens["editor"], "dept", title="解读本委的办法", interprets_id=own_policy, **interpretation)
    assert accepted.status_code == 201, accepted.content
    nested = create(tokens["editor"], "dept", title="解读的解读", interprets_id=accepted.json()["id"], **interpretation)
    assert nested.status_code == 422
    assert "interprets" in nested.json()["errors"]
    # Editing is held to the same rule.
    changed = client.put(
        f"/api/v1/staff/publications/{accepted.json()['id']}",
        data={**DRAFT, **interpretation, "interprets_id": other_policy},
        content_type="application/json",
        **tokens["editor"],
    )
    assert changed.status_code == 422
    assert Publication.objects.get(pk=accepted.json()["id"]).working_revision.interprets_id == own_policy


def test_another_orgs_draft_and_a_missing_id_are_refused_alike(client, org_tree, tokens):
    """Linking an interpretation must not reveal whether another org's draft exists."""

    def create(token, org_key, **fields):
        return post(client, "/api/v1/staff/publications", {**DRAFT, "org_id": org_tree[org_key].pk, **fields}, token)

    other_draft = create(tokens["other"], "township", kind="policy", title="木兰乡未公开的办法").json()["id"]
    interpretation = {"kind": "interpretation", "doc_number": "", "interpretation_form": "text"}
    to_draft = create(tokens["editor"], "dept", title="解读", interprets_id=other_draft, **interpretation)
    to_nothing = create(tokens["editor"], "dept", title="解读", interprets_id=other_draft + 10_000, **interpretation)
    assert to_draft.status_code == to_nothing.status_code == 422
    assert to_draft.json()["errors"] == to_nothing.json()["errors"]
    assert "木兰乡" not in to_draft.content.decode()


def test_co_issuers_are_agencies_of_the_same_locality(client, org_tree, tokens):
    """联合发文: a county department issues jointly with its county government or another county
    department, never with an agency of another county."""
    base = {**DRAFT, "org_id": org_tree["dept"].pk}
    same = post(
        client, "/api/v1/staff/publications", {**base, "co_issuer_ids": [org_tree["county"].pk]}, tokens["editor"]
    )
    assert same.status_code == 201, same.content
    elsewhere = post(
        client, "/api/v1/staff/publications", {**base, "co_issuer_ids": [org_tree["sibling"].pk]}, tokens["editor"]
    )
    assert elsewhere.status_code == 422
    assert "co_issuers" in elsewhere.json()["errors"]


def test_a_column_change_through_the_api_waits_for_release(client, org_tree, tokens):
    from gongkai.disclosure.models import CatalogNode

    pk = post(client, "/api/v1/staff/publications", {**DRAFT, "org_id": org_tree["dept"].pk}, tokens["editor"]).json()[
        "id"
    ]
    notices = CatalogNode.objects.get(org=org_tree["dept"], code="notices")
    plans = CatalogNode.objects.get(org=org_tree["dept"], code="plans")
    draft = client.get(f"/api/v1/staff/publications/{pk}", **tokens["editor"]).json()
    assert (draft["catalog_node_ids"], draft["public_catalog_node_ids"]) == ([notices.pk], [])

    def release():
        post(client, f"/api/v1/staff/publications/{pk}/submit", {}, tokens["editor"])
        post(client, f"/api/v1/staff/publications/{pk}/decisions", {"decision": "approve"}, tokens["reviewer"])
        post(client, f"/api/v1/staff/publications/{pk}/decisions", {"decision": "approve"}, tokens["approver"])
        return post(client, f"/api/v1/staff/publications/{pk}/publish", {}, tokens["approver"]).json()

    assert release()["public_catalog_node_ids"] == [notices.pk]
    moved = client.put(
        f"/api/v1/staff/publications/{pk}",
        data={**DRAFT, "catalog_node_ids": [plans.pk], "co_issuer_ids": [org_tree["county"].pk]},
        content_type="application/json",
        **tokens["editor"],
    ).json()
    assert (moved["catalog_node_ids"], moved["co_issuer_ids"]) == ([plans.pk], [org_tree["county"].pk])
    assert moved["public_catalog_node_ids"] == [notices.pk]
    public = client.get("/api/v1/publications", {"org": "shicheng-wjw", "node": "plans"}).json()
    assert public["results"] == []
    assert release()["public_catalog_node_ids"] == [plans.pk]
    public = client.get("/api/v1/publications", {"org": "shicheng-wjw", "node": "plans"}).json()
    assert [r["id"] for r in public["results"]] == [pk]


def test_the_public_list_counts_and_pages_up_to_its_cap(client, org_tree, superuser, monkeypatch):
    """An exact count of a province's million items cost 380 ms a request, a deep page 400 ms:
    the list counts and pages through at most API_MAX_ROWS rows and says when there are more;
    a page past them is refused with a problem+json that says how to narrow the list."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gongkai.api import disclosure as api_disclosure
    from gongkai.disclosure import services

    for n in range(5):
        services.publication_import(
            actor=superuser,
            org=org_tree["dept"],
            title=f"第{n + 1}份通知",
            body="正文",
            kind="notice",
            published_on=timezone.localdate(),
            source_key=f"cap-{n}",
        )
    everything = client.get("/api/v1/publications", {"page_size": 2}).json()
    assert (everything["total"], everything["total_capped"], len(everything["results"])) == (5, False, 2)
    monkeypatch.setattr(api_disclosure, "API_MAX_ROWS", 3)
    with CaptureQueriesContext(connection) as queries:
        capped = client.get("/api/v1/publications", {"page_size": 2, "page": 2}).json()
    assert (capped["total"], capped["total_capped"]) == (3, True)
    assert [r["title"] for r in capped["results"]] == ["第3份通知"]  # the third row, the last one reached
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 4" in sql for sql in counts)
    assert not any("ORDER BY" in sql.upper() for sql in counts), counts  # any four rows will do
    beyond = client.get("/api/v1/publications", {"page_size": 2, "page": 3})
    assert beyond.status_code == 422 and beyond["Content-Type"].startswith("application/problem+json")
    assert beyond.json()["code"] == "page_beyond_limit" and "缩小范围" in beyond.json()["title"]

"""主动公开 in the portal: the staff web workflow, public pages, feeds and the sitemap."""

import datetime
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.disclosure import services
from gongkai.disclosure.models import Publication, State
from gongkai.disclosure.tests.conftest import content
from gongkai.orgs.roles import Role
from gongkai.portal import sitemaps

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def people(org_tree, make_user):
    return {
        "editor": make_user("editor", org=org_tree["dept"], role=Role.EDITOR),
        "reviewer": make_user("reviewer", org=org_tree["county"], role=Role.REVIEWER),
        "approver": make_user("approver", org=org_tree["county"], role=Role.APPROVER),
    }


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def published_item(people, org_tree, **overrides) -> Publication:
    publication, _ = services.publication_create_draft(
        actor=people["editor"], org=org_tree["dept"], content=content(**overrides)
    )
    services.publication_submit(actor=people["editor"], publication=publication)
    services.publication_decide(actor=people["reviewer"], publication=publication, decision="approve")
    services.publication_decide(actor=people["approver"], publication=publication, decision="approve")
    return services.publication_publish(actor=people["approver"], publication=publication)


def test_web_ui_workflow_from_draft_to_public_page(org_tree, people):
    editor = as_user(people["editor"])
    form = editor.get(f"/staff/orgs/{org_tree['dept'].pk}/publications/new/")
    assert form.status_code == 200
    response = editor.post(
        f"/staff/orgs/{org_tree['dept'].pk}/publications/new/",
        {
            "title": "石城县卫生健康委员会2025年部门预算公开",
            "kind": "budget",
            "doc_number": "",
            "topic": "财政、金融、审计\\财政",
            "written_on": "2025-03-01",
            "formed_on": "2025-03-05",
            "disclosure_mode": "proactive",
            "keywords": "部门预算",
            "body_html": "<p>根据《中华人民共和国预算法》，现将2025年部门预算公开如下。</p>",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    publication = Publication.objects.get()
    detail = response.url
    assert editor.post(f"{detail}submit/").status_code == 302
    reviewer = as_user(people["reviewer"])
    assert "待我审核（1）" in reviewer.get("/staff/").content.decode()
    assert reviewer.post(f"{detail}decide/", {"decision": "approve", "opinion": "无涉密内容"}).status_code == 302
    approver = as_user(people["approver"])
    assert approver.post(f"{detail}decide/", {"decision": "approve"}).status_code == 302
    assert approver.post(f"{detail}publish/", {}).status_code == 302
    publication.refresh_from_db()
    assert publication.state == State.PUBLISHED

    page = Client().get(f"/info/{publication.pk}/").content.decode()
    for label, value in [
        ("索引号", publication.index_number),
        ("发布机构", "石城县卫生健康委员会"),
        ("主题分类", "财政、金融、审计\\财政"),
        ("成文日期", "2025-03-01"),
        ("有效性", "有效"),
        ("关键词", "部门预算"),
    ]:
        assert re.search(rf"<th scope=\"row\">{label}</th><td[^>]*>{re.escape(value)}", page), label
    assert "根据《中华人民共和国预算法》" in page
    assert f'src="/info/{publication.pk}/qr.svg"' in page


def test_validation_error_keeps_what_was_typed(org_tree, people):
    editor = as_user(people["editor"])
    response = editor.post(
        f"/staff/orgs/{org_tree['dept'].pk}/publications/new/",
        {
            "title": "保留我输入的标题",
            "kind": "notice",
            "doc_number": "乱写",
            "disclosure_mode": "proactive",
            "body_html": "<p>保留我输入的正文</p>",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "文号格式应为" in html
    assert 'value="保留我输入的标题"' in html
    assert "保留我输入的正文" in html
    assert not Publication.objects.exists()


def test_illegal_action_in_the_web_ui_is_409_page(org_tree, people):
    publication, _ = services.publication_create_draft(actor=people["editor"], org=org_tree["dept"], content=content())
    response = as_user(people["approver"]).post(f"/staff/publications/{publication.pk}/publish/", {})
    assert response.status_code == 409
    assert "不能发布" in response.content.decode()


def test_staff_page_of_another_orgs_draft_is_404(org_tree, people, make_user):
    publication, _ = services.publication_create_draft(actor=people["editor"], org=org_tree["dept"], content=content())
    outsider = make_user("outsider", org=org_tree["sibling"], role=Role.EDITOR)
    assert as_user(outsider).get(f"/staff/publications/{publication.pk}/").status_code == 404
    assert Client().get(f"/info/{publication.pk}/").status_code == 404  # drafts are not public


def test_withdrawn_page_answers_410_with_a_notice(org_tree, people):
    item = published_item(people, org_tree)
    services.publication_withdraw(actor=people["approver"], publication=item, reason="重复发布")
    response = Client().get(f"/info/{item.pk}/")
    assert response.status_code == 410
    assert "该信息已撤回" in response.content.decode()
    assert Client().get(f"/info/{item.pk}/qr.svg").status_code == 404


def test_repealed_page_shows_banner_and_replacement(org_tree, people):
    old = published_item(people, org_tree)
    new = published_item(people, org_tree, title="新的通知", doc_number="石卫字〔2025〕40号")
    services.publication_change_validity(
        actor=people["approver"],
        publication=old,
        validity="repealed",
        changed_on=datetime.date(2025, 12, 1),
        replaced_by_id=new.pk,
    )
    html = Client().get(f"/info/{old.pk}/").content.decode()
    assert "本文件已废止（2025年12月1日）" in html
    assert f'<a href="/info/{new.pk}/">新的通知</a>' in html


def test_diff_between_revisions(org_tree, people):
    item = published_item(people, org_tree)
    services.publication_edit(
        actor=people["editor"], publication=item, content=content(title="改后的标题", body_html="<p>新增一段</p>")
    )
    html = as_user(people["editor"]).get(f"/staff/publications/{item.pk}/diff/?a=1&b=2").content.decode()
    assert "改后的标题" in html
    assert "新增一段" in html
    assert 'class="diff_next"></td>' in html and ">n</a>" not in html and ">t</a>" not in html
    assert '<table class="diff" tabindex="0"' in html  # it scrolls: reachable by keyboard
    same = as_user(people["editor"]).get(f"/staff/publications/{item.pk}/diff/?a=2&b=2").content.decode()
    assert "正文没有变化。" in same
    assert "No Differences Found" not in same


def test_attachment_upload_checks_the_content_not_the_name(org_tree, people):
    from docx import Document

    publication, _ = services.publication_create_draft(actor=people["editor"], org=org_tree["dept"], content=content())
    editor = as_user(people["editor"])
    document = Document()
    document.add_paragraph("附件：收费目录清单")
    buffer = io.BytesIO()
    document.save(buffer)
    ok = editor.post(
        f"/staff/publications/{publication.pk}/attach/",
        {"file": SimpleUploadedFile("清单.docx", buffer.getvalue())},
    )
    assert ok.status_code == 302
    assert "收费目录清单" in publication.attachments.get().text
    disguised = editor.post(
        f"/staff/publications/{publication.pk}/attach/",
        {"file": SimpleUploadedFile("报告.pdf", b"<html><script>alert(1)</script></html>")},
    )
    assert disguised.status_code == 422
    assert "只接受" in disguised.content.decode()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    renamed = editor.post(
        f"/staff/publications/{publication.pk}/attach/", {"file": SimpleUploadedFile("文件.pdf", png)}
    )
    assert renamed.status_code == 422
    assert "扩展名" in renamed.content.decode()
    assert publication.attachments.count() == 1


def test_oversized_attachment_is_refused(org_tree, people, settings):
    settings.GONGKAI_MAX_ATTACHMENT_BYTES = 1024
    publication, _ = services.publication_create_draft(actor=people["editor"], org=org_tree["dept"], content=content())
    response = as_user(people["editor"]).post(
        f"/staff/publications/{publication.pk}/attach/",
        {"file": SimpleUploadedFile("大文件.pdf", b"%PDF-1.4\n" + b"0" * 4096)},
    )
    assert response.status_code == 422
    assert "不能超过" in response.content.decode()
    assert not publication.attachments.exists()


def test_catalog_node_page_filters_and_pages(org_tree, people):
    for i in range(23):
        published_item(people, org_tree, title=f"通知{i:02d}", doc_number=f"石卫字〔2025〕{i + 1}号")
    published_item(people, org_tree, title="一份计划", kind="plan", doc_number="")
    url = "/org/shicheng-wjw/catalog/statutory/"
    first = Client().get(url).content.decode()
    assert "共 24 条" in first and "下一页" in first
    plans = Client().get(url, {"kind": "plan"}).content.decode()
    assert "一份计划" in plans and "通知00" not in plans
    hostile = Client().get(url, {"kind": "<script>", "year": "2025'--", "page": "-1"})
    assert hostile.status_code == 200
    assert "<script>" not in hostile.content.decode().split("<main", 1)[1]


def test_atom_feeds_are_valid_atom(org_tree, people):
    item = published_item(people, org_tree)
    for url in ("/org/shicheng/feed.atom", "/org/shicheng-wjw/catalog/notices/feed.atom"):
        response = Client().get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = ET.fromstring(response.content)
        assert feed.tag == f"{ATOM}feed"
        # RFC 4287 §4.1.1: a feed has exactly one id, title and updated; each entry likewise, plus a link.
        for name in ("id", "title", "updated"):
            assert len(feed.findall(f"{ATOM}{name}")) == 1, name
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 1
        for name in ("id", "title", "updated"):
            assert len(entries[0].findall(f"{ATOM}{name}")) == 1, name
        assert entries[0].find(f"{ATOM}link").get("href").endswith(f"/info/{item.pk}/")
        assert entries[0].find(f"{ATOM}author/{ATOM}name") is not None


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_urls(client: Client) -> dict[str, list[ET.Element]]:
    """Every sitemap the index at /sitemap.xml names (by its path), with its <url> entries."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and index["Content-Type"].startswith("application/xml")
    found = {}
    for loc in ET.fromstring(index.content).iter(f"{SITEMAP}loc"):
        location = loc.text or ""
        assert location.startswith("http://testserver/"), location  # absolute, as the protocol requires
        path = location.removeprefix("http://testserver")
        page = client.get(path)
        assert page.status_code == 200, path
        found[path] = list(ET.fromstring(page.content).iter(f"{SITEMAP}url"))
    return found


def test_the_sitemaps_list_every_public_item_once_and_no_other(org_tree, people, monkeypatch):
    """Through the index, in blocks of ids (two here): every public item in exactly one sitemap,
    with its address and date; no withdrawn item or draft; the orgs in their own sitemap. Django's
    sitemap view answered 404 for any page after the first, so a search engine saw 5,000 items."""
    monkeypatch.setattr(sitemaps, "SITEMAP_IDS", 2)
    kept = [published_item(people, org_tree, title=f"公开信息{n}", doc_number="") for n in range(4)]
    withdrawn = published_item(people, org_tree, title="将撤回", doc_number="")
    services.publication_withdraw(actor=people["approver"], publication=withdrawn, reason="错误")
    draft, _ = services.publication_create_draft(actor=people["editor"], org=org_tree["dept"], content=content())
    client = Client()
    found = sitemap_urls(client)
    items = [url.find(f"{SITEMAP}loc").text for path, urls in found.items() if "publications" in path for url in urls]
    assert sorted(items) == sorted(f"http://testserver/info/{item.pk}/" for item in kept)
    assert len([path for path in found if "publications" in path]) >= 3  # the items span blocks
    dated = [url.find(f"{SITEMAP}lastmod") for urls in found.values() for url in urls if "/info/" in url[0].text]
    assert all(d is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.text) for d in dated)
    orgs = {url.find(f"{SITEMAP}loc").text for url in found["/sitemap-orgs.xml"]}
    assert f"http://testserver/org/{org_tree['dept'].slug}/" in orgs and len(orgs) == len(org_tree)
    last = max(draft.pk, withdrawn.pk, *(item.pk for item in kept)) // 2 + 1
    for bad in (str(last + 1), "0", "-1", "x", "9" * 7):
        assert client.get("/sitemap-publications.xml", {"p": bad}).status_code == 404, bad


def test_a_sitemap_block_is_read_by_its_ids_not_past_the_items_before_it(org_tree, people):
    published_item(people, org_tree)
    with CaptureQueriesContext(connection) as queries:
        assert Client().get("/sitemap-publications.xml", {"p": "1"}).status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if '"disclosure_publication"."id" >=' in q["sql"]]
    assert len(reads) == 1 and " OFFSET " not in reads[0].upper() and "COUNT(" not in reads[0].upper()


def test_policy_library_lists_policies_across_orgs(org_tree, people):
    published_item(people, org_tree, title="某某管理办法", kind="normative")
    published_item(people, org_tree, title="一则通知", kind="notice", doc_number="")
    html = Client().get("/policies/").content.decode()
    assert "某某管理办法" in html and "一则通知" not in html


def test_staff_see_empty_columns_flagged_and_the_public_does_not(org_tree, people):
    published_item(people, org_tree)
    public = Client().get("/org/shicheng-wjw/xxgk/").content.decode()
    staff_page = as_user(people["editor"]).get("/org/shicheng-wjw/xxgk/").content.decode()
    assert "空栏目" not in public
    assert staff_page.count("空栏目") >= 5
    compliance = as_user(people["editor"]).get("/staff/orgs/shicheng-wjw/compliance/?year=2025").content.decode()
    assert "空栏目" in compliance and "政府信息公开指南" in compliance


def _buttons(html: str) -> set[str]:
    return set(re.findall(r'data-action="([a-z_]+)"', html))


def test_the_item_page_offers_exactly_the_open_actions_and_refuses_the_others(org_tree, people):
    publication, _ = services.publication_create_draft(actor=people["editor"], org=org_tree["dept"], content=content())
    url = f"/staff/publications/{publication.pk}/"
    editor_page = as_user(people["editor"]).get(url).content.decode()
    assert _buttons(editor_page) == {"submit", "attach"}
    assert f"/staff/publications/{publication.pk}/edit/" in editor_page
    # The county reviewer sees the draft, but no 送审 or 修改 and cannot take them.
    reviewer = as_user(people["reviewer"])
    reviewer_page = reviewer.get(url).content.decode()
    assert "submit" not in _buttons(reviewer_page) and "送审</button>" not in reviewer_page
    assert f"/staff/publications/{publication.pk}/edit/" not in reviewer_page
    assert reviewer.post(f"{url}submit/").status_code == 403
    assert reviewer.post(f"{url}actions/submit/").status_code == 403
    assert reviewer.get(f"{url}edit/").status_code == 403
    assert Publication.objects.get(pk=publication.pk).state == State.DRAFT

    as_user(people["editor"]).post(f"{url}actions/submit/")
    assert _buttons(reviewer.get(url).content.decode()) == {"approve", "reject"}
    # 签发 is the second step: the approver has nothing to decide yet.
    approver = as_user(people["approver"])
    assert _buttons(approver.get(url).content.decode()) == set()
    assert approver.post(f"{url}decide/", {"decision": "approve"}).status_code == 403
    assert reviewer.post(f"{url}decide/", {"decision": "approve"}).status_code == 302
    assert _buttons(approver.get(url).content.decode()) == {"approve", "reject"}
    assert approver.post(f"{url}actions/approve/", {"opinion": "同意"}).status_code == 302
    # An editor may not release what was signed off.
    editor = as_user(people["editor"])
    assert "publish" not in _buttons(editor.get(url).content.decode())
    assert editor.post(f"{url}publish/", {}).status_code == 403
    assert _buttons(approver.get(url).content.decode()) == {"publish"}
    assert Publication.objects.get(pk=publication.pk).state == State.APPROVED


def test_an_unknown_action_or_item_is_404(org_tree, people):
    publication, _ = services.publication_create_draft(actor=people["editor"], org=org_tree["dept"], content=content())
    editor = as_user(people["editor"])
    assert editor.post(f"/staff/publications/{publication.pk}/actions/explode/").status_code == 404
    assert editor.post("/staff/publications/999999/actions/submit/").status_code == 404


def test_a_rejection_needs_its_reason_on_the_page(org_tree, people):
    publication, _ = services.publication_create_draft(actor=people["editor"], org=org_tree["dept"], content=content())
    services.publication_submit(actor=people["editor"], publication=publication)
    reviewer = as_user(people["reviewer"])
    response = reviewer.post(f"/staff/publications/{publication.pk}/actions/reject/", {"opinion": ""})
    assert response.status_code == 422
    assert "请填写退回理由" in response.content.decode()
    assert Publication.objects.get(pk=publication.pk).state == State.IN_REVIEW


class _FormValues(HTMLParser):
    """What a browser would send back for the page's edit form, unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "hidden"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values.append((a["name"], ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, text = self.values[-1]
            self.values[-1] = (name, text + data)


def test_opening_the_edit_form_and_saving_it_unchanged_keeps_the_dates(org_tree, people):
    publication, _ = services.publication_create_draft(actor=people["editor"], org=org_tree["dept"], content=content())
    editor = as_user(people["editor"])
    url = f"/staff/publications/{publication.pk}/edit/"
    html = editor.get(url).content.decode()
    # <input type=date> reads ISO dates only.
    assert 'type="date" name="written_on" value="2025-09-20"' in html
    assert 'type="date" name="formed_on" value="2025-09-26"' in html
    parser = _FormValues()
    parser.feed(html.split('<form method="post" class="form wide"', 1)[1].split("</form>", 1)[0])
    data: dict[str, list[str]] = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value)
    assert data["written_on"] == ["2025-09-20"]
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    revision = Publication.objects.get(pk=publication.pk).working_revision
    assert revision.written_on == datetime.date(2025, 9, 20)
    assert revision.formed_on == datetime.date(2025, 9, 26)
    assert revision.title == content().title

"""The publication form's editor and Word import, through HTTP: local static files only, a .docx
upload fills 正文 and offers the metadata, and bodies render with paragraphs and tables."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from gongkai.disclosure import services
from gongkai.disclosure.models import Publication
from gongkai.disclosure.tests.conftest import content
from gongkai.disclosure.tests.test_wordimport import sample_docx
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db


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


def test_editor_assets_are_our_own_static_files(org_tree, people):
    page = as_user(people["editor"]).get(f"/staff/orgs/{org_tree['dept'].pk}/publications/new/")
    html = page.content.decode()
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert "/static/portal/editor.js" in assets
    assert "/static/portal/vendor/django-prose-editor/editor.css" in assets
    assert all(a.startswith("/static/") for a in assets), assets
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    # No inline script or style: the content security policy allows our files only.
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html)
    assert "<style" not in html and " style=" not in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    # The module imports resolve to files that exist, with their licence beside the vendored build.
    for name in ("editor.js", "editor-i18n.js", "editor.css"):
        assert finders.find(f"portal/{name}")
    for name in ("editor.js", "editor.css", "overrides.css", "material-icons.css", "material-icons.woff2", "LICENSE"):
        assert finders.find(f"portal/vendor/django-prose-editor/{name}")
    with open(finders.find("portal/editor.js"), encoding="utf-8") as file:
        own = file.read()
    assert re.findall(r'from "([^"]+)"', own) == ["./vendor/django-prose-editor/editor.js"]
    # Progressive enhancement: the textarea is in the page, marked for the editor.
    assert 'data-rich-editor="publication"' in html and '<textarea name="body_html"' in html


def test_docx_upload_fills_the_body_and_offers_the_metadata(org_tree, people):
    editor = as_user(people["editor"])
    url = f"/staff/orgs/{org_tree['dept'].pk}/publications/new/"
    response = editor.post(
        url,
        {
            "import_word": "1",
            "title": "",
            "kind": "notice",
            "keywords": "我输入的关键词",
            "word_file": SimpleUploadedFile("通知.docx", sample_docx(image=True)),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    # Prefilled, not saved: nothing was created.
    assert Publication.objects.count() == 0
    assert 'value="关于开展基本公共卫生服务项目的通知"' in html
    assert 'value="石卫字〔2025〕12号"' in html
    assert 'value="2025-09-20"' in html
    assert 'value="我输入的关键词"' in html
    assert "请核对后保存" in html
    assert "1张图片未导入" in html
    body = re.search(r'<textarea name="body_html"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert "&lt;h2&gt;关于开展基本公共卫生服务项目的通知&lt;/h2&gt;" in body
    assert body.count("&lt;td&gt;") == 9


def test_import_does_not_overwrite_what_the_clerk_typed(org_tree, people):
    response = as_user(people["editor"]).post(
        f"/staff/orgs/{org_tree['dept'].pk}/publications/new/",
        {"import_word": "1", "title": "我的标题", "word_file": SimpleUploadedFile("a.docx", sample_docx())},
    )
    html = response.content.decode()
    assert 'value="我的标题"' in html
    assert "与已填写的不同，未覆盖" in html


def test_a_wrong_file_is_refused_beside_the_field(org_tree, people):
    response = as_user(people["editor"]).post(
        f"/staff/orgs/{org_tree['dept'].pk}/publications/new/",
        {"import_word": "1", "title": "保留", "word_file": SimpleUploadedFile("a.docx", b"not a zip at all")},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="field-error" id="id_word_file_error"' in html
    assert 'value="保留"' in html


def body_of(response) -> str:
    match = re.search(r'<div class="body-text">(.*?)</div>', response.content.decode(), re.S)
    assert match is not None
    return match.group(1)


def test_public_page_renders_paragraphs_and_tables(org_tree, people):
    table = (
        "<table><tbody>"
        + "".join("<tr>" + "".join(f"<td>格{r}{c}</td>" for c in range(3)) + "</tr>" for r in range(3))
        + "</tbody></table>"
    )
    publication, _ = services.publication_create_draft(
        actor=people["editor"], org=org_tree["dept"], content=content(body_html=f"<p>第一段</p>{table}")
    )
    services.publication_submit(actor=people["editor"], publication=publication)
    services.publication_decide(actor=people["reviewer"], publication=publication, decision="approve")
    services.publication_decide(actor=people["approver"], publication=publication, decision="approve")
    services.publication_publish(actor=people["approver"], publication=publication)
    html = body_of(Client().get(f"/info/{publication.pk}/"))
    assert html.startswith("<p>第一段</p><table>") and html.count("<td>") == 9
    # A body stored before the editor, as plain lines, still shows them as paragraphs.
    Publication.objects.filter(pk=publication.pk).update(body_html="旧的第一段\n\n旧的第二段")
    with override_settings(GONGKAI_PAGE_CACHE=False):  # a direct write passes no outbox event
        html = body_of(Client().get(f"/info/{publication.pk}/"))
    assert "<p>旧的第一段</p>" in html and "<p>旧的第二段</p>" in html

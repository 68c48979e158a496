"""Word import (mammoth) and plain-text bodies: structure kept, hostile content dropped."""

import datetime
import io
from html.parser import HTMLParser

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image

from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.disclosure import services
from gongkai.disclosure.services.wordimport import publication_import_word
from gongkai.disclosure.tests.conftest import content
from gongkai.disclosure.wordimport import convert_docx

TODAY = datetime.date(2026, 11, 30)


def _hyperlink(paragraph, url: str, text: str) -> None:
    """A real w:hyperlink whose target is an external relationship (what Word writes)."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def sample_docx(*, image: bool = False, hostile: bool = False) -> bytes:
    document = docx.Document()
    document.add_paragraph("石卫字〔2025〕12号")
    document.add_heading("关于开展基本公共卫生服务项目的通知", level=1)
    document.add_paragraph("各乡镇卫生院：")
    document.add_paragraph("现将有关事项通知如下。")
    document.add_heading("一、工作目标", level=2)
    document.add_paragraph("建立居民健康档案", style="List Bullet")
    document.add_paragraph("开展健康教育", style="List Bullet")
    table = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"格{r}{c}"
    if image:
        document.add_picture(io.BytesIO(_png()))
    if hostile:
        document.add_paragraph('<script>alert("x")</script><img src=x onerror=alert(1)>')
        p = document.add_paragraph("链接：")
        _hyperlink(p, "javascript:alert(document.cookie)", "点我")
        _hyperlink(p, 'https://example.org/" onmouseover="alert(1)', "坏链接")
        _hyperlink(p, "https://www.gov.cn/", "中国政府网")
    document.add_paragraph("石城县卫生健康委员会")
    document.add_paragraph("2025年9月20日")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_paragraphs_headings_lists_and_a_3x3_table_survive():
    document = convert_docx(sample_docx(), today=TODAY)
    html = document.body_html
    assert "<p>各乡镇卫生院：</p>" in html
    assert "<p>现将有关事项通知如下。</p>" in html
    # Word's heading 1/2 become h2/h3: the page's own <h1> is the title.
    assert "<h2>关于开展基本公共卫生服务项目的通知</h2>" in html
    assert "<h3>一、工作目标</h3>" in html
    assert "<ul><li>建立居民健康档案</li><li>开展健康教育</li></ul>" in html
    tags = [t for t, _ in parse(html)]
    assert tags.count("table") == 1 and tags.count("tr") == 3 and tags.count("td") == 9
    assert all(f"格{r}{c}" in html for r in range(3) for c in range(3))
    assert html.index("格00") < html.index("格01") < html.index("格10") < html.index("格22")


def test_metadata_found_for_the_clerk_to_confirm():
    document = convert_docx(sample_docx(), today=TODAY)
    assert document.doc_number == "石卫字〔2025〕12号"
    assert document.written_on == datetime.date(2025, 9, 20)
    assert document.title == "关于开展基本公共卫生服务项目的通知"


def test_a_date_in_the_future_is_not_offered_as_written_on():
    document = convert_docx(sample_docx(), today=datetime.date(2025, 9, 1))
    assert document.written_on is None


def test_hostile_html_in_a_docx_does_not_survive():
    html = convert_docx(sample_docx(hostile=True), today=TODAY).body_html
    tags = parse(html)
    assert "script" not in [t for t, _ in tags] and "img" not in [t for t, _ in tags]
    for tag, attrs in tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript"), attrs
    # The typed text stays visible as text, escaped; the safe link is kept.
    assert "&lt;script&gt;" in html
    assert '<a href="https://www.gov.cn/" rel="noopener noreferrer">中国政府网</a>' in html
    assert "点我" in html


def test_plain_text_body_keeps_its_paragraphs(staff, org_tree):
    publication, _ = services.publication_create_draft(
        actor=staff["editor"],
        org=org_tree["dept"],
        content=content(body_html="第一段 甲 < 乙 & 丙\r\n\r\n  第二段\n第三段"),
    )
    assert publication.current_revision.body_html == "<p>第一段 甲 &lt; 乙 &amp; 丙</p><p>第二段</p><p>第三段</p>"


def test_html_body_is_sanitised_not_wrapped(staff, org_tree):
    publication, _ = services.publication_create_draft(
        actor=staff["editor"],
        org=org_tree["dept"],
        content=content(body_html='<p onclick="x()">一段</p><script>1</script>'),
    )
    assert publication.current_revision.body_html == "<p>一段</p>"


def _upload(data: bytes, name: str = "通知.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_import_on_a_new_draft_drops_images_with_a_note(staff, org_tree):
    outcome = publication_import_word(
        actor=staff["editor"], org=org_tree["dept"], upload=_upload(sample_docx(image=True))
    )
    assert outcome.attached == []
    assert any("1张图片未导入" in note for note in outcome.notes)
    assert "<img" not in outcome.document.body_html


def test_import_on_an_existing_draft_attaches_images(staff, org_tree):
    publication, _ = services.publication_create_draft(actor=staff["editor"], org=org_tree["dept"], content=content())
    outcome = publication_import_word(
        actor=staff["editor"], org=org_tree["dept"], upload=_upload(sample_docx(image=True)), publication=publication
    )
    assert outcome.attached == ["正文图片1.png"]
    attachment = publication.attachments.get()
    assert attachment.media_type == "image/png" and attachment.size > 0
    # The body itself is only offered, not saved.
    publication.current_revision.refresh_from_db()
    assert publication.current_revision.body_html == content().body_html


def test_import_refuses_other_files_and_outsiders(staff, org_tree):
    with pytest.raises(ValidationFailed) as refused:
        publication_import_word(actor=staff["editor"], org=org_tree["dept"], upload=_upload(_png(), "图.png"))
    assert refused.value.code == "word_import_type"
    with pytest.raises(ValidationFailed):
        publication_import_word(
            actor=staff["editor"], org=org_tree["dept"], upload=_upload(b"PK\x03\x04broken", "坏.docx")
        )
    with pytest.raises(PermissionDenied):
        publication_import_word(actor=staff["other_editor"], org=org_tree["dept"], upload=_upload(sample_docx()))

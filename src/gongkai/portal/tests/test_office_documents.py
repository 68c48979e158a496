"""Office documents carry the issuing organisation as author and the real creation time (not
python-docx's template: "python-docx", 2013-12-23), and GB/T 9704 layout and fonts: 仿宋_GB2312
body, 方正小标宋简体 title, Noto CJK as fallback, A4 with 37/35/28/26 mm margins."""

import datetime
import io
from typing import Any

import time_machine
from docx import Document
from docx.oxml.ns import qn

from gongkai.core import officedocs
from gongkai.foi import letters

WHEN = datetime.datetime(2026, 1, 20, 2, 30, tzinfo=datetime.UTC)


def _letter() -> bytes:
    content = letters.LetterContent(
        title="政府信息公开申请答复书",
        number="石府信公开〔2026〕1号",
        recipient="王五",
        body="经审查，您申请获取的政府信息属于公开范围，本机关予以公开。\n如对本答复不服，可以依法申请行政复议。",
        signer="石城县人民政府",
        date=datetime.date(2026, 1, 20),
    )
    with time_machine.travel(WHEN, tick=False):
        return letters.render_docx(content)


def test_letter_docx_names_the_org_and_the_real_time() -> None:
    document = Document(io.BytesIO(_letter()))
    props = document.core_properties
    assert props.author == props.last_modified_by == "石城县人民政府"
    assert props.title == "政府信息公开申请答复书"
    assert props.created == props.modified == WHEN
    assert "python-docx" not in f"{props.author}{props.comments}{props.last_modified_by}"


def test_letter_docx_uses_gb_t_9704_layout_and_government_fonts() -> None:
    document = Document(io.BytesIO(_letter()))
    section = document.sections[0]
    sizes = (section.page_width, section.page_height)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in (*sizes, *margins) if m is not None] == [210, 297, 37, 35, 28, 26]
    normal: Any = document.styles["Normal"].element.rPr
    assert (
        normal.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and normal.rFonts.get(qn("w:ascii")) == "Noto Serif CJK SC"
    )
    size = document.styles["Normal"].font.size
    assert size is not None and size.pt == officedocs.BODY_PT
    title_run = document.paragraphs[0].runs[0]
    title_fonts: Any = title_run._element.rPr
    assert title_run.text == "政府信息公开申请答复书"
    assert title_fonts.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title_run.font.size is not None and title_run.font.size.pt == officedocs.TITLE_PT


def test_pdf_font_lists_name_government_fonts_first_and_noto_as_fallback() -> None:
    html = letters.render_html(
        letters.LetterContent("告知书", "", "王五", "正文。", "石城县人民政府", datetime.date(2026, 1, 20))
    )
    body = officedocs.BODY_FONTS_CSS
    assert body.index("仿宋_GB2312") < body.index("FangSong") < body.index("Noto Serif CJK SC")
    assert officedocs.TITLE_FONTS_CSS.startswith('"方正小标宋简体"')
    assert body in html and officedocs.TITLE_FONTS_CSS in html

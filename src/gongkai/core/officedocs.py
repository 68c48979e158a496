"""Office documents the platform writes (letters, reports, notices): GB/T 9704-2012 layout, the
fonts government PCs have, and honest document properties.

GB/T 9704《党政机关公文格式》: A4 paper; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm
right; body text 3号 (16 pt) 仿宋_GB2312, 22 lines of 28 characters; the title 2号 (22 pt)
方正小标宋简体. Government PCs have 仿宋_GB2312 and 方正小标宋简体 installed, so they are named
first; Noto CJK (what the server and most Linux desktops have) is the fallback, in CSS for the
PDF (WeasyPrint takes the first installed font) and as the Latin/"other" font in DOCX.

python-docx's default template carries the core properties "python-docx" (author) and
2013-12-23 (created); every document is stamped with the issuing organisation and the real time
instead.
"""

import datetime
from typing import Any

from django.utils import timezone

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
FALLBACK_SERIF = "Noto Serif CJK SC"
FALLBACK_SANS = "Noto Sans CJK SC"

# CSS font-family lists for HTML→PDF letters and reports.
BODY_FONTS_CSS = (
    '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", '
    '"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", serif'
)
TITLE_FONTS_CSS = (
    '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "小标宋", '
    '"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", serif'
)
HEADING_FONTS_CSS = '"黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'

# Sizes in points: 2号 22 pt (title), 3号 16 pt (body), 4号 14 pt, 小4 12 pt.
TITLE_PT = 22
BODY_PT = 16


def stamp_properties(
    document: Any, *, author: str, title: str, subject: str = "", when: datetime.datetime | None = None
) -> None:
    """Author = the organisation, created/modified = now, the title; nothing of the template's."""
    now = when or timezone.now()
    props = document.core_properties
    props.author = author[:255]
    props.last_modified_by = author[:255]
    props.title = title[:255]
    props.subject = subject[:255]
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.created = now
    props.modified = now
    props.last_printed = now
    props.revision = 1


def _fonts(run_properties: Any, east_asia: str) -> None:
    from docx.oxml.ns import qn

    fonts = run_properties.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), FALLBACK_SERIF)
    fonts.set(qn("w:hAnsi"), FALLBACK_SERIF)


def new_document(*, author: str, title: str, subject: str = "", body_pt: float = BODY_PT) -> Any:
    """A python-docx Document on A4 with GB/T 9704 margins, 仿宋_GB2312 body text, 方正小标宋简体
    for the title style and 黑体 headings, its properties stamped (see stamp_properties)."""
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = FALLBACK_SERIF
    normal.font.size = Pt(body_pt)
    _fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    title_style = document.styles["Title"]
    title_style.font.size = Pt(TITLE_PT)
    _fonts(title_style.element.get_or_add_rPr(), TITLE_FONT)
    for level in (1, 2, 3):
        heading = document.styles[f"Heading {level}"]
        heading.font.color.rgb = None
        _fonts(heading.element.get_or_add_rPr(), "黑体")
    stamp_properties(document, author=author, title=title, subject=subject)
    return document


def add_title(document: Any, text: str) -> Any:
    """The document's title: centred, 2号 方正小标宋简体 (not bold: the typeface is already heavy)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(TITLE_PT)
    run.font.name = FALLBACK_SERIF
    _fonts(run._element.get_or_add_rPr(), TITLE_FONT)
    return paragraph

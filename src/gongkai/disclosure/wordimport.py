"""Word (.docx) to 正文: mammoth's semantic conversion, then the project's sanitiser, then the
metadata a clerk would otherwise retype (文号, 成文日期, title), offered for confirmation.

mammoth maps Word *styles* to HTML (headings, lists, tables) and ignores direct formatting
(fonts, colours), which is what the public page wants: the portal's own stylesheet typesets the
body. The result always goes through ``richtext.sanitize_html`` — a .docx can carry hyperlinks
to ``javascript:`` targets or raw HTML in text, and mammoth's output is not a trust boundary.
"""

import datetime
import io
import re
from dataclasses import dataclass, field

import mammoth

from gongkai.disclosure.doc_number import InvalidDocNumber, parse_doc_number
from gongkai.disclosure.richtext import html_to_text, sanitize_html

# The sanitiser keeps h2–h4 (the page's own <h1> is the item's title), so Word's heading levels
# move down one; "Title" is the document's own title line.
STYLE_MAP = """
p[style-name='Title'] => h2:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h4:fresh
p[style-name='Heading 4'] => h4:fresh
p[style-name='Heading 5'] => h4:fresh
p[style-name='Heading 6'] => h4:fresh
p[style-name='标题'] => h2:fresh
p[style-name='标题 1'] => h2:fresh
p[style-name='标题 2'] => h3:fresh
p[style-name='标题 3'] => h4:fresh
"""

# Bounds on what one document may hand over: images kept as attachments, lines looked at for
# metadata (the 版头 and 版记 of GB/T 9704 sit in the first and last lines).
MAX_IMAGES = 20
MAX_IMAGE_BYTES = 10 * 1024 * 1024
METADATA_LINES = 40

_DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,20}\s*[\[［(（【﹝〔]\s*\d{4}\s*[\]］)）】﹞〕]\s*\d{1,5}\s*号")
# GB/T 9704-2012 §7.3.5.1: 成文日期 is written in Arabic numerals, year, month and day in full.
_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_HEADING_RE = re.compile(r"<h[234]>(.*?)</h[234]>", re.S)


@dataclass(frozen=True)
class WordImage:
    """An image found in the document; the service decides whether it becomes an attachment."""

    name: str
    content_type: str
    data: bytes


@dataclass
class WordDocument:
    body_html: str
    title: str = ""
    doc_number: str = ""
    written_on: datetime.date | None = None
    images: list[WordImage] = field(default_factory=list)
    skipped_images: int = 0
    messages: list[str] = field(default_factory=list)


_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}


def convert_docx(data: bytes, *, today: datetime.date) -> WordDocument:
    """Convert a checked .docx (size and zip bounds already verified by the caller)."""
    images: list[WordImage] = []
    skipped = 0

    def take_image(image: mammoth.documents.Image) -> list[object]:
        # Images never stay inline (a data: URI would bloat the body and bypass the attachment
        # checks); they are collected and the service turns them into attachments.
        nonlocal skipped
        extension = _EXTENSIONS.get(image.content_type or "")
        if extension is None or len(images) >= MAX_IMAGES:
            skipped += 1
            return []
        with image.open() as stream:
            content = stream.read(MAX_IMAGE_BYTES + 1)
        if len(content) > MAX_IMAGE_BYTES:
            skipped += 1
            return []
        images.append(WordImage(f"正文图片{len(images) + 1}.{extension}", image.content_type, content))
        return []

    result = mammoth.convert_to_html(
        io.BytesIO(data),
        style_map=STYLE_MAP,
        convert_image=take_image,
        include_default_style_map=True,
        external_file_access=False,  # a .docx may link files on this server: never read them
    )
    body = sanitize_html(result.value)
    document = WordDocument(body_html=body, images=images, skipped_images=skipped)
    _find_metadata(document, today=today)
    return document


def _find_metadata(document: WordDocument, *, today: datetime.date) -> None:
    lines = [line.strip() for line in html_to_text(document.body_html).splitlines() if line.strip()]
    head, tail = lines[:METADATA_LINES], lines[-METADATA_LINES:]
    for line in head:
        match = _DOC_NUMBER_RE.search(line)
        if not match:
            continue
        try:
            parsed = parse_doc_number(match.group(0), latest_year=today.year + 1)
        except InvalidDocNumber:
            continue
        document.doc_number = parsed.normalized
        break
    # 成文日期 stands under the signature, after the text: the last full date of the document.
    for line in reversed(tail):
        found = _DATE_RE.findall(line)
        if not found:
            continue
        year, month, day = (int(x) for x in found[-1])
        try:
            written = datetime.date(year, month, day)
        except ValueError:
            continue
        if written <= today:
            document.written_on = written
            break
    heading = _HEADING_RE.search(document.body_html)
    if heading:
        document.title = html_to_text(heading.group(1))[:300]
    else:
        candidates = [line for line in head if not _DOC_NUMBER_RE.fullmatch(line) and len(line) <= 120]
        document.title = candidates[0][:300] if candidates else ""

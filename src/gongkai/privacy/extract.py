"""Text extraction for scanning: plain text, HTML, Word (.docx) and PDF.

Findings are spans into the *extracted* text, so every format is turned into one string
first. For HTML the walker also records where each link and each hidden element landed in
that string, so hidden links (暗链) and broken internal links can be reported with spans.

Publishing reuses `extract_file` / `extract_bytes` for attachments.
"""

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag

from gongkai.core.errors import ValidationFailed

SUPPORTED_SUFFIXES = {".txt": "txt", ".text": "txt", ".htm": "html", ".html": "html", ".docx": "docx", ".pdf": "pdf"}


@dataclass(frozen=True, slots=True)
class Link:
    start: int
    end: int
    href: str
    hidden_reason: str = ""  # why the link cannot be seen, "" when visible


@dataclass(frozen=True, slots=True)
class TextPiece:
    """Where a piece of the extracted text came from: a text node of the parsed HTML, and
    for each character of the piece its index in that node (whitespace is collapsed)."""

    start: int
    node: NavigableString
    source_index: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    format: str
    links: tuple[Link, ...] = field(default=())
    # HTML only: the parsed document and the origin of every piece, for masking in place.
    soup: BeautifulSoup | None = None
    pieces: tuple[TextPiece, ...] = field(default=())


class ExtractionFailed(ValidationFailed):
    """A file that cannot be read or is of a type the scanner does not support."""

    default_code = "unreadable_file"


# ------------------------------------------------------------------------- plain text


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, which covers GBK and GB2312."""
    if b"\x00" in data[:4096]:
        raise ExtractionFailed("文件不是文本文件（含有二进制内容），无法检查。", code="unsupported_file")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractionFailed("无法识别文本编码（仅支持 UTF-8 和 GB18030/GBK），无法检查。")


# ------------------------------------------------------------------------------- HTML

_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "object", "iframe"})
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "blockquote",
        "pre",
        "form",
        "fieldset",
        "figure",
        "figcaption",
        "address",
        "hr",
        "title",
        "marquee",
    }
)
# HTML whitespace; U+3000 (ideographic space) is kept: "姓　　名" is written with it.
_WHITESPACE_RE = re.compile(r"[ \t\n\r\f\v\xa0]+")
_STYLE_DECL_RE = re.compile(r"([a-zA-Z\-]+)\s*:\s*([^;]+)")
_LENGTH_RE = re.compile(r"^\s*(-?[\d.]+)\s*(px|pt|em|rem|%|vw|vh)?", re.I)


def _length_px(value: str) -> float | None:
    """A CSS length in px (approximately: 1pt = 1.33px, 1em = 16px), None if not a length."""
    m = _LENGTH_RE.match(value)
    if m is None:
        return None
    try:
        number = float(m.group(1))
    except ValueError:
        return None
    unit = (m.group(2) or "px").lower()
    return number * {"px": 1.0, "pt": 4 / 3, "em": 16.0, "rem": 16.0, "%": 0.16, "vw": 13.66, "vh": 7.68}[unit]


def hidden_reason(tag: Tag) -> str:
    """Why this element is invisible to a reader (in Chinese), or "" if it is visible.

    The tricks injected spam uses on government sites: display:none, visibility:hidden,
    a font of a pixel or two, a box of no height or width with overflow hidden, opacity 0,
    and positioning or indenting the element far off screen.
    """
    if tag.has_attr("hidden"):
        return "hidden 属性"
    style = str(tag.get("style", ""))
    if not style:
        return ""
    decls = {k.lower(): v.strip().lower().replace("!important", "").strip() for k, v in _STYLE_DECL_RE.findall(style)}
    if decls.get("display") == "none":
        return "display:none"
    if decls.get("visibility") in {"hidden", "collapse"}:
        return "visibility:hidden"
    if decls.get("opacity") is not None:
        try:
            if float(decls["opacity"]) <= 0.05:
                return "opacity:0"
        except ValueError:
            pass
    size = _length_px(decls.get("font-size", ""))
    if size is not None and size <= 2:
        return "字号过小（font-size ≤ 2px）"
    overflow_hidden = decls.get("overflow") == "hidden"
    for prop in ("height", "width", "max-height", "max-width"):
        px = _length_px(decls.get(prop, ""))
        if px is not None and px <= 2 and (overflow_hidden or px <= 0):
            return f"{prop} 过小"
    if decls.get("position") in {"absolute", "fixed"}:
        for prop in ("left", "top", "right", "bottom"):
            px = _length_px(decls.get(prop, ""))
            if px is not None and px <= -500:
                return "定位到屏幕之外"
    indent = _length_px(decls.get("text-indent", ""))
    if indent is not None and abs(indent) >= 500:
        return "文字缩进到屏幕之外"
    return ""


_WHITESPACE_CHARS = frozenset(" \t\n\r\f\v\xa0")


def _collapse(value: str) -> tuple[str, tuple[int, ...]]:
    """Collapse whitespace runs to one space, remembering each kept character's index."""
    chars: list[str] = []
    index: list[int] = []
    previous_space = False
    for i, ch in enumerate(value):
        if ch in _WHITESPACE_CHARS:
            if previous_space:
                continue
            previous_space = True
            chars.append(" ")
        else:
            previous_space = False
            chars.append(ch)
        index.append(i)
    return "".join(chars), tuple(index)


class _HtmlWalker:
    def __init__(self, *, track_pieces: bool) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.links: list[Link] = []
        self.track_pieces = track_pieces
        self.pieces: list[TextPiece] = []

    def _append(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self._append("\n")

    def walk(self, node: Tag, hidden: str) -> None:
        for child in node.children:
            if isinstance(child, Comment | Doctype):
                continue
            if isinstance(child, NavigableString):
                raw = str(child)
                if not _WHITESPACE_RE.sub("", raw):
                    if raw and self.parts and not self.parts[-1].endswith((" ", "\n", "\t")):
                        self._append(" ")
                    continue
                if self.track_pieces:
                    piece, index = _collapse(raw)
                    self.pieces.append(TextPiece(self.length, child, index))
                else:
                    piece = _WHITESPACE_RE.sub(" ", raw)
                self._append(piece)
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name in _SKIPPED_TAGS:
                continue
            if name == "br":
                self._append("\n")
                continue
            reason = hidden or hidden_reason(child)
            block = name in _BLOCK_TAGS
            if block:
                self._newline()
            if name in {"td", "th"} and self.parts and not self.parts[-1].endswith(("\n", "\t")):
                self._append("\t")
            start = self.length
            self.walk(child, reason)
            if name == "a" and child.get("href"):
                self.links.append(Link(start, self.length, str(child["href"]).strip(), reason))
            if block:
                self._newline()


def extract_html(html: str, *, track_pieces: bool = False) -> Extracted:
    """Text of an HTML document or fragment, with its links and where they are hidden.

    `track_pieces` also returns the parsed document and the origin of each text piece, so
    that scanner.mask_html can mask text nodes in place.
    """
    soup = BeautifulSoup(html, "html.parser")
    walker = _HtmlWalker(track_pieces=track_pieces)
    title = soup.find("title")
    if isinstance(title, Tag) and title.get_text(strip=True):
        # Hacked pages put their spam in the <title> too; it is shown in search results.
        walker._append(_WHITESPACE_RE.sub(" ", title.get_text()).strip())
        walker._append("\n")
    walker.walk(soup, "")
    text = "".join(walker.parts)
    return Extracted(
        text=text,
        format="html",
        links=tuple(walker.links),
        soup=soup if track_pieces else None,
        pieces=tuple(walker.pieces),
    )


# ------------------------------------------------------------------------ docx and pdf


def _extract_docx(data: bytes) -> str:
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for a bad file
        raise ExtractionFailed("无法打开 Word 文档（文件已损坏或不是 .docx 格式）。") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                previous = None
                for cell in row.cells:
                    # Merged cells come back once per grid column; keep one copy.
                    if cell._tc is previous:
                        continue
                    previous = cell._tc
                    cells.append(cell.text.replace("\n", " ").replace("\t", " "))
                lines.append("\t".join(cells))
    return "\n".join(lines)


def _extract_pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionFailed("PDF 文件已加密，无法读取文字。", code="unreadable_file")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except ExtractionFailed:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ExtractionFailed("无法读取 PDF 文件（文件已损坏或不是 PDF 格式）。") from exc


def extract_bytes(data: bytes, file_format: str) -> Extracted:
    """Extract text from the content of a file of `file_format` (txt, html, docx or pdf)."""
    if file_format == "txt":
        return Extracted(text=decode_text(data), format="txt")
    if file_format == "html":
        return extract_html(decode_text(data))
    if file_format == "docx":
        return Extracted(text=_extract_docx(data), format="docx")
    if file_format == "pdf":
        return Extracted(text=_extract_pdf(data), format="pdf")
    raise ExtractionFailed(f"不支持的文件格式：{file_format}。", code="unsupported_file")


def file_format_of(path: Path) -> str:
    file_format = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if file_format is None:
        suffix = path.suffix or "（无扩展名）"
        raise ExtractionFailed(
            f"不支持的文件类型：{suffix}（支持 .txt、.html、.docx、.pdf）。", code="unsupported_file"
        )
    return file_format


def extract_file(path: Path) -> Extracted:
    if path.is_dir():
        raise ExtractionFailed("这是一个目录，不是文件。", code="unreadable_file")
    if not path.exists():
        raise ExtractionFailed("文件不存在。", code="file_not_found")
    file_format = file_format_of(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ExtractionFailed("文件不存在。", code="file_not_found") from exc
    except OSError as exc:
        raise ExtractionFailed(f"无法读取文件：{exc.strerror or exc}。") from exc
    return extract_bytes(data, file_format)


# Upload types accepted for documents that are published or sent out: detected media type →
# (accepted file-name endings, format for text extraction; "" = no text, e.g. images).
UPLOAD_TYPES: dict[str, tuple[tuple[str, ...], str]] = {
    "application/pdf": ((".pdf",), "pdf"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ((".docx",), "docx"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ((".xlsx",), "xlsx"),
    "image/png": ((".png",), ""),
    "image/jpeg": ((".jpg", ".jpeg"), ""),
    "image/gif": ((".gif",), ""),
}


# Office files are zip archives: a small upload can unpack to gigabytes of XML (a zip bomb).
# Bounds on what one archive may hold, checked from its directory before anything is unpacked;
# zipfile never yields more than a member's declared size, so the declared sizes are the bound.
MAX_ZIP_MEMBERS = 5_000


def check_zip_bounds(data: bytes) -> None:
    """Refuse an Office/zip file whose members would unpack past GONGKAI_MAX_UNZIPPED_BYTES."""
    import zipfile

    from django.conf import settings

    limit = settings.GONGKAI_MAX_UNZIPPED_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ExtractionFailed("无法读取该文件的内容，文件可能已损坏。", code="attachment_unreadable") from exc
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > limit:
        raise ExtractionFailed(
            f"文件解压后超过 {limit // (1024 * 1024)} MB，不予接收。",
            code="attachment_too_large_unpacked",
            fields={"file": ["文件解压后过大。"]},
        )


def _bounded_text(text: str) -> str:
    from django.conf import settings

    limit = settings.GONGKAI_MAX_EXTRACTED_CHARS
    if len(text) > limit:
        raise ExtractionFailed(
            f"文件中的文字超过 {limit:,} 字，不予接收，请拆分后上传。",
            code="attachment_text_too_long",
            fields={"file": ["文字过多。"]},
        )
    return text


@dataclass(frozen=True)
class SniffedUpload:
    media_type: str
    file_format: str
    text: str


def sniff_upload(data: bytes, name: str) -> SniffedUpload:
    """Check an upload by its content (never by its name alone) and extract its text.

    Refuses other types, a name whose ending disagrees with the content (a disguised file),
    and a document that cannot be read, each with a message in Chinese.
    """
    import filetype

    guessed = filetype.guess(data[:8192])
    media_type = guessed.mime if guessed is not None else ""
    if media_type not in UPLOAD_TYPES:
        raise ExtractionFailed(
            "只接受 PDF、DOCX、XLSX 和图片（PNG、JPEG、GIF）附件。",
            code="attachment_type",
            fields={"file": ["文件类型不允许。"]},
        )
    endings, file_format = UPLOAD_TYPES[media_type]
    if not name.lower().endswith(endings):
        raise ExtractionFailed(
            "文件内容与扩展名不符，请检查文件。", code="attachment_disguised", fields={"file": ["扩展名与内容不一致。"]}
        )
    if not file_format:
        return SniffedUpload(media_type, file_format, "")
    if file_format in ("docx", "xlsx"):
        check_zip_bounds(data)
    if file_format == "xlsx":
        import io

        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # a damaged workbook is the uploader's problem, not a crash
            raise ExtractionFailed("无法读取该文件的内容，文件可能已损坏。", code="attachment_unreadable") from exc
        cells = [str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
        return SniffedUpload(media_type, file_format, _bounded_text("\n".join(cells)))
    return SniffedUpload(media_type, file_format, _bounded_text(extract_bytes(data, file_format).text))


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    size: int
    media_type: str
    text: str


def check_upload(upload: Any) -> CheckedUpload:
    """Every upload that will be published or sent out: a clean file name, the size limit
    (GONGKAI_MAX_ATTACHMENT_BYTES), the type from the content, and its text. The upload is
    rewound afterwards so the caller can store it."""
    from django.conf import settings

    limit = settings.GONGKAI_MAX_ATTACHMENT_BYTES
    name = (getattr(upload, "name", "") or "附件").replace("\\", "/").rsplit("/", 1)[-1][:200]
    if upload.size is None or upload.size > limit:
        raise ExtractionFailed(
            f"附件不能超过 {limit // (1024 * 1024)} MB。", code="attachment_too_large", fields={"file": ["文件过大。"]}
        )
    data = upload.read()
    sniffed = sniff_upload(data, name)
    upload.seek(0)
    return CheckedUpload(name, len(data), sniffed.media_type, sniffed.text)

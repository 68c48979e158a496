"""Office uploads are zip archives: a small file that unpacks to far more is refused before it is
unpacked, and so is a document whose text runs past the limit."""

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.privacy.extract import ExtractionFailed, check_upload


def _docx_bytes(text: str = "正文") -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


def _bomb(unpacked_bytes: int) -> bytes:
    """A real .docx with one extra member of `unpacked_bytes` of XML that compresses to little."""
    source = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/padding.xml", b"<a>" + b" " * unpacked_bytes + b"</a>")
    return out.getvalue()


def test_a_docx_bomb_is_refused_from_its_directory(settings):
    settings.GONGKAI_MAX_UNZIPPED_BYTES = 4 * 1024 * 1024
    data = _bomb(20 * 1024 * 1024)
    assert len(data) < 200_000  # small on the wire
    with pytest.raises(ExtractionFailed) as info:
        check_upload(SimpleUploadedFile("通知.docx", data))
    assert info.value.code == "attachment_too_large_unpacked"
    assert "解压后" in info.value.message


def test_an_ordinary_docx_passes_and_too_much_text_is_refused(settings):
    checked = check_upload(SimpleUploadedFile("通知.docx", _docx_bytes("关于开展政务公开工作的通知")))
    assert "政务公开" in checked.text
    settings.GONGKAI_MAX_EXTRACTED_CHARS = 1_000
    with pytest.raises(ExtractionFailed) as info:
        check_upload(SimpleUploadedFile("长文.docx", _docx_bytes("公开" * 600)))
    assert info.value.code == "attachment_text_too_long"


def test_a_damaged_archive_is_a_chinese_error_not_a_crash():
    data = _docx_bytes()
    broken = data[:30] + b"\x00" * 200 + data[230:]
    with pytest.raises(ExtractionFailed):
        check_upload(SimpleUploadedFile("坏.docx", broken))

import docx
import pytest

from gongkai.privacy.extract import ExtractionFailed, extract_bytes, extract_file, extract_html
from gongkai.privacy.tests.pdf import make_pdf


def test_txt_in_utf8_with_bom_and_gb18030(tmp_path):
    text = "申请人：张三\n联系电话：13812345678"
    (tmp_path / "a.txt").write_bytes("\ufeff".encode() + text.encode())
    (tmp_path / "b.txt").write_bytes(text.encode("gb18030"))
    assert extract_file(tmp_path / "a.txt").text == text
    assert extract_file(tmp_path / "b.txt").text == text


def test_binary_missing_and_unsupported_files_fail_with_chinese_messages(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(ExtractionFailed, match="二进制") as caught:
        extract_file(tmp_path / "bin.txt")
    assert caught.value.code == "unsupported_file"
    with pytest.raises(ExtractionFailed, match="文件不存在") as caught:
        extract_file(tmp_path / "missing.docx")
    assert caught.value.code == "file_not_found"
    (tmp_path / "sheet.xlsx").write_bytes(b"PK")
    with pytest.raises(ExtractionFailed, match=r"不支持的文件类型：\.xlsx") as caught:
        extract_file(tmp_path / "sheet.xlsx")
    assert caught.value.code == "unsupported_file"
    with pytest.raises(ExtractionFailed, match="目录"):
        extract_file(tmp_path)


def test_corrupt_docx_and_pdf(tmp_path):
    with pytest.raises(ExtractionFailed, match="Word"):
        extract_bytes(b"not a zip", "docx")
    with pytest.raises(ExtractionFailed, match="PDF"):
        extract_bytes(b"%PDF-1.4 garbage", "pdf")


def test_html_text_blocks_tables_and_link_spans():
    html = (
        "<html><head><title>标题</title><style>p{}</style></head><body>"
        "<p>第一段  文字</p><table><tr><th>序号</th><th>姓名</th></tr><tr><td>1</td><td>张三</td></tr></table>"
        '<p>见<a href="/a/">链接</a>。<script>var x = "13812345678";</script></p></body></html>'
    )
    extracted = extract_html(html)
    assert extracted.text == "标题\n第一段 文字\n序号\t姓名\n1\t张三\n见链接。\n"
    [link] = extracted.links
    assert extracted.text[link.start : link.end] == "链接" and link.href == "/a/" and link.hidden_reason == ""


def test_docx_paragraphs_and_tables(tmp_path):
    document = docx.Document()
    document.add_paragraph("政府信息公开申请表")
    table = document.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["序号", "姓名", "联系电话"], strict=True):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["1", "王小明", "13812345678"], strict=True):
        cell.text = value
    document.add_paragraph("以上信息仅用于办理申请。")
    path = tmp_path / "form.docx"
    document.save(str(path))
    assert (
        extract_file(path).text
        == "政府信息公开申请表\n序号\t姓名\t联系电话\n1\t王小明\t13812345678\n以上信息仅用于办理申请。"
    )


def test_pdf_text(tmp_path):
    path = tmp_path / "reply.pdf"
    path.write_bytes(make_pdf(["Reply letter", "Mobile 13812345678"]))
    extracted = extract_file(path)
    assert "13812345678" in extracted.text and "Reply letter" in extracted.text

import json
from io import StringIO

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from gongkai.privacy.services import wording_rule_save
from gongkai.privacy.tests.helpers import make_id
from gongkai.privacy.tests.pdf import make_pdf

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("scan", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_clean_file_exits_0(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("县政府办公室联系电话：0797-5712345。\n本通知自2024年1月1日起施行。", encoding="utf-8")
    code, out, err = run(str(path))
    assert (code, err) == (0, "")
    assert out == f"{path}: 未发现问题。\n"
    code, out, _ = run(str(path), "--all")
    assert code == 0 and "机关单位联系电话" in out and "0797-5712345" in out


def test_findings_exit_1_with_masked_human_output(tmp_path):
    number = make_id()
    path = tmp_path / "reply.txt"
    path.write_text(f"答复\n申请人：张三\n身份证号：{number}\n", encoding="utf-8")
    code, out, _ = run(str(path))
    assert code == 1
    assert out.splitlines() == [
        f"{path}:2:5: [严重] 姓名（person_name） “张*” 个人姓名，公开前须去标识化处理。",
        f"{path}:3:6: [严重] 居民身份证号码（id_card） “110105********{number[-4:]}” "
        "居民身份证号码，公开前须去标识化处理。",
    ]
    assert number not in out


def test_json_shape_over_docx_pdf_and_html(tmp_path):
    document = docx.Document()
    document.add_paragraph("联系人：王小明")
    document.save(str(tmp_path / "a.docx"))
    (tmp_path / "b.pdf").write_bytes(make_pdf(["Mobile 13812345678"]))
    (tmp_path / "c.html").write_text(
        '<p>正文</p><div style="display:none"><a href="http://x.example/">快3</a></div>', encoding="utf-8"
    )
    code, out, _ = run("--json", *(str(tmp_path / n) for n in ("a.docx", "b.pdf", "c.html")))
    assert code == 1
    files = json.loads(out)["files"]
    assert [f["path"] for f in files] == [str(tmp_path / n) for n in ("a.docx", "b.pdf", "c.html")]
    [name] = files[0]["findings"]
    assert {k: name[k] for k in ("kind", "start", "end", "text", "severity")} == {
        "kind": "person_name", "start": 4, "end": 7, "text": "王**", "severity": "warning",
    }  # fmt: skip
    assert set(name) == {"kind", "start", "end", "text", "severity", "confidence", "message", "line", "column"}
    assert [(f["kind"], f["text"]) for f in files[1]["findings"]] == [("mobile", "138****5678")]
    assert {f["kind"] for f in files[2]["findings"]} == {"hidden_link", "spam"}
    assert "13812345678" not in out and "王小明" not in out


def test_unreadable_and_unsupported_files_exit_2_and_others_are_still_scanned(tmp_path):
    (tmp_path / "ok.txt").write_text("手机13812345678", encoding="utf-8")
    (tmp_path / "table.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    code, out, err = run(str(tmp_path / "table.xls"), str(tmp_path / "missing.pdf"), str(tmp_path / "ok.txt"))
    assert code == 2
    assert f"{tmp_path / 'table.xls'}: 错误：不支持的文件类型：.xls（支持 .txt、.html、.docx、.pdf）。" in err
    assert f"{tmp_path / 'missing.pdf'}: 错误：文件不存在。" in err
    assert "138****5678" in out
    code, out, _ = run("--json", str(tmp_path / "table.xls"))
    assert code == 2
    assert json.loads(out)["files"][0]["code"] == "unsupported_file"


def test_wording_rules_from_the_database_are_applied(tmp_path):
    admin = get_user_model().objects.create_superuser("rules-admin", password="rules-admin-password-1")
    wording_rule_save(actor=admin, pattern="政府信息公开条列", correction="政府信息公开条例")
    path = tmp_path / "draft.txt"
    path.write_text("依据《政府信息公开条列》第二十条。", encoding="utf-8")
    code, out, _ = run(str(path))
    assert code == 1 and "应改为“政府信息公开条例”" in out
    assert run(str(path), "--no-rules")[0] == 0

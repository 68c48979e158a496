import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.reports.tests.samples import SAMPLES_DIR


def run(*args: str) -> tuple[object, str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("report", "audit", *args, stdout=out, stderr=err)
    return exited.value.code, out.getvalue(), err.getvalue()


def test_clean_report_exits_0():
    code, out, _ = run(str(SAMPLES_DIR / "2022_clean.html"))
    assert code == 0
    assert "所有勾稽关系均成立" in out
    assert out.rstrip().endswith("结论：通过")


def test_failed_identity_exits_1_and_lists_its_cells():
    code, out, _ = run(str(SAMPLES_DIR / "2022_i1.txt"))
    assert code == 1
    assert "[I1] 自然人列：一（新收 42）+ 二（上年结转 3）= 45，而 三（七）总计 42 + 四（结转下年度 2）= 44" in out
    assert "单元格：表三 一、本年新收政府信息公开申请数量 / 自然人 = 42" in out
    assert out.rstrip().endswith("结论：未通过")


def test_json_output_shape():
    code, out, _ = run(str(SAMPLES_DIR / "2022_i4.html"), "--json")
    assert code == 1
    data = json.loads(out)
    assert data["format"] == "2021"
    assert data["tables"]["table3"]["new"]["natural_person"] == 41
    assert data["tables"]["table4"]["review"] == {"upheld": 1, "corrected": 1, "other": 0, "pending": 1, "total": 4}
    assert data["tables"]["table2"]["fees"] == {"fee_amount": 0.35}
    (violation,) = data["violations"]
    assert violation["identity"] == "I4"
    assert violation["message"] == "行政复议：结果维持 1 + 结果纠正 1 + 其他结果 0 + 尚未审结 1 = 3，而 总计 为 4"
    assert [c["column"] for c in violation["cells"]] == ["upheld", "corrected", "other", "pending", "total"]
    assert data["warnings"] == []


def test_2019_format_is_named_in_both_outputs():
    code, out, _ = run(str(SAMPLES_DIR / "2020_format2019.html"))
    assert code == 0
    assert "格式：2019年试行格式（国办公开办函〔2019〕60号）" in out
    code, out, _ = run(str(SAMPLES_DIR / "2020_format2019.html"), "--json")
    assert json.loads(out)["format"] == "2019"


def test_previous_year_enables_i5_and_copied_text_warning():
    code, out, _ = run(
        str(SAMPLES_DIR / "2022_copied.html"), "--previous", str(SAMPLES_DIR / "2021_previous.txt"), "--json"
    )
    data = json.loads(out)
    assert code == 1
    assert {(v["identity"], v["scope"]) for v in data["violations"]} == {("I5", "natural_person"), ("I5", "total")}
    assert [w["identity"] for w in data["warnings"]] == ["COPIED"]
    code, _, _ = run(str(SAMPLES_DIR / "2022_clean.html"), "--previous", str(SAMPLES_DIR / "2021_previous.txt"))
    assert code == 0


def test_unreadable_input_exits_2_with_a_message():
    code, out, err = run(str(SAMPLES_DIR / "not_a_report.html"))
    assert code == 2
    assert out == ""
    assert "不像是政府信息公开工作年度报告" in err
    code, out, _ = run(str(SAMPLES_DIR / "missing.html"), "--json")
    assert code == 2
    assert json.loads(out) == {
        "format": None,
        "error": {"code": "report_file_not_found", "message": f"找不到文件：{SAMPLES_DIR / 'missing.html'}"},
    }


def test_truncated_report_exits_1_naming_what_is_missing():
    code, out, _ = run(str(SAMPLES_DIR / "2022_truncated.txt"))
    assert code == 1
    assert "缺少表四" in out
    assert "表三（收到和处理政府信息公开申请情况）不完整（可能被截断）" in out


def test_console_script_on_a_pdf_exits_2_without_traceback(tmp_path):
    # One run of the real console script (Django start-up is slow; the other cases run in-process).
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    completed = subprocess.run(
        [sys.executable, "-m", "gongkai", "report", "audit", str(pdf)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert "这是PDF文件" in completed.stderr
    assert "Traceback" not in completed.stderr

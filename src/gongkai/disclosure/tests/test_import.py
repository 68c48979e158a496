"""gongkai import: a 1,000-row manifest with 3 bad rows, run twice; files of every type."""

import csv
import datetime

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from gongkai.disclosure.models import Publication, State
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db


def write_xlsx(path, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)


HEADER = ["机构", "信息名称", "体裁", "文号", "成文日期", "发布日期", "主题分类", "栏目", "正文"]


def manifest_rows(n, bad_lines):
    rows = [HEADER]
    for i in range(n):
        row = [
            "shicheng-wjw",
            f"关于第{i}号事项的通知",
            "通知公告",
            f"石卫字〔2023〕{i + 1}号",
            "2023-03-01",
            datetime.date(2023, 3, 2),
            "卫生、体育\\卫生",
            "notices",
            f"第{i}号事项正文。",
        ]
        rows.append(row)
    rows[bad_lines[0] - 1][0] = "no-such-org"
    rows[bad_lines[1] - 1][5] = "2023-13-45"
    rows[bad_lines[2] - 1][2] = "诗歌"
    return rows


def test_thousand_rows_with_three_bad_ones_then_a_second_run(tmp_path, org_tree, superuser, capsys):
    path = tmp_path / "清单.xlsx"
    write_xlsx(path, manifest_rows(1000, bad_lines=[10, 500, 1001]))
    with pytest.raises(CommandError) as exc:
        call_command("import", str(path), "--as", superuser.username)
    assert exc.value.returncode == 1
    out = capsys.readouterr().out
    assert "第10行：未导入——机构“no-such-org”不存在" in out
    assert "第500行：未导入——发布日期“2023-13-45”不是有效日期" in out
    assert "第1001行：未导入——体裁“诗歌”不存在" in out
    assert "导入 997，已存在跳过 0，拒绝 3" in out
    assert Publication.objects.count() == 997
    assert Publication.objects.filter(state=State.PUBLISHED, catalog_nodes__code="notices").count() == 997
    with pytest.raises(CommandError):
        call_command("import", str(path), "--as", superuser.username)
    assert "导入 0，已存在跳过 997，拒绝 3" in capsys.readouterr().out
    assert Publication.objects.count() == 997


def test_dry_run_writes_nothing(tmp_path, org_tree, superuser, capsys):
    path = tmp_path / "m.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(manifest_rows(5, bad_lines=[2, 3, 4])[:6])
    with pytest.raises(CommandError):
        call_command("import", str(path), "--as", superuser.username, "--dry-run")
    assert "（试运行）共 5 行：导入 2" in capsys.readouterr().out
    assert not Publication.objects.exists()


def test_files_of_each_type_are_read(tmp_path, org_tree, make_user, capsys):
    from docx import Document

    admin = make_user("county-admin", org=org_tree["county"], role=Role.ADMIN)
    (tmp_path / "a.txt").write_text("纯文本正文", encoding="gb18030")
    (tmp_path / "b.html").write_text("<p>网页正文<script>x()</script></p>", encoding="utf-8")
    document = Document()
    document.add_paragraph("Word 正文")
    document.save(tmp_path / "c.docx")
    rows = [["机构", "信息名称", "发布日期", "文件"]]
    rows += [["shicheng", f"文件{n}", "2024-01-0" + str(i + 1), n] for i, n in enumerate(["a.txt", "b.html", "c.docx"])]
    rows += [["shicheng", "越界", "2024-01-05", "../secret.txt"], ["shicheng", "缺失", "2024-01-05", "none.pdf"]]
    path = tmp_path / "m.xlsx"
    write_xlsx(path, rows)
    with pytest.raises(CommandError):
        call_command("import", str(path), "--as", admin.username)
    out = capsys.readouterr().out
    assert "不在清单所在目录之下" in out and "none.pdf”不存在" in out
    bodies = {p.title: p.body_html for p in Publication.objects.all()}
    assert "纯文本正文" in bodies["文件a.txt"]
    assert "网页正文" in bodies["文件b.html"] and "<script" not in bodies["文件b.html"]
    assert "Word 正文" in bodies["文件c.docx"]


def test_bad_manifest_gets_a_clear_message(tmp_path, superuser, org_tree):
    path = tmp_path / "m.csv"
    path.write_text("标题,正文\n某,某\n", encoding="utf-8")
    with pytest.raises(CommandError, match="缺少必需的列") as exc:
        call_command("import", str(path), "--as", superuser.username)
    assert exc.value.returncode == 2
    with pytest.raises(CommandError, match="不存在"):
        call_command("import", str(tmp_path / "none.xlsx"), "--as", superuser.username)


def test_only_admins_import(tmp_path, org_tree, make_user, capsys):
    editor = make_user("editor", org=org_tree["county"], role=Role.EDITOR)
    path = tmp_path / "m.csv"
    path.write_text("机构,信息名称,发布日期,正文\nshicheng,某通知,2024-01-01,正文\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import", str(path), "--as", editor.username)
    assert "只有政务公开管理员可以导入" in capsys.readouterr().out
    assert not Publication.objects.exists()

"""gongkai import streams its manifest, WINDOW_ROWS rows at a time: the same outcome as reading it
whole, the encoding judged on the whole file, a damaged row or file stopping only what it must."""

import csv
import datetime
import zipfile

import pytest
from django.core.management import CommandError, call_command

from gongkai.disclosure import importing
from gongkai.disclosure.importing import ManifestError, import_manifest
from gongkai.disclosure.models import Publication

pytestmark = pytest.mark.django_db

HEADER = ["机构", "信息名称", "体裁", "发布日期", "正文"]


def write_csv(path, rows, *, encoding="utf-8-sig", header=HEADER):
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def mixed_rows(n):
    """Rows of two orgs in turn, with a bad one every seventh (an unknown org)."""
    rows = []
    for i in range(n):
        org = "no-such-org" if i % 7 == 3 else ["shicheng-wjw", "ruijin"][i % 2]
        day = datetime.date(2023, 1, 1) + datetime.timedelta(days=i)
        rows.append([org, f"第{i}号通知", "通知公告", day.isoformat(), f"第{i}号通知的正文。"])
    return rows


@pytest.mark.parametrize("window", [3, 7, 1000])
def test_every_window_size_gives_the_report_and_items_of_one_pass(tmp_path, org_tree, superuser, monkeypatch, window):
    monkeypatch.setattr(importing, "WINDOW_ROWS", window)
    report = import_manifest(write_csv(tmp_path / "m.csv", mixed_rows(20)), actor=superuser)
    assert [r.line for r in report.rows] == list(range(2, 22))  # the manifest's order
    assert [r.status for r in report.rows] == ["rejected" if i % 7 == 3 else "imported" for i in range(20)]
    imported = {r.publication_id for r in report.rows if r.status == "imported"}
    assert imported == set(Publication.objects.values_list("pk", flat=True)) and len(imported) == 17
    titles = dict(Publication.objects.values_list("pk", "title"))
    assert all(titles[r.publication_id] == f"第{r.line - 2}号通知" for r in report.rows if r.publication_id)
    again = import_manifest(tmp_path / "m.csv", actor=superuser)
    assert again.count("skipped") == 17 and Publication.objects.count() == 17


def test_a_gb18030_manifest_is_read_as_such_even_when_its_first_megabyte_is_ascii(tmp_path, org_tree, superuser):
    """Excel saves CSV in the system's code page; the encoding is judged on the whole file, not on
    a first chunk that happens to be valid UTF-8."""
    padding = [["shicheng", f"notice {i}", "other", "2024-01-02", "x" * 2000] for i in range(600)]
    path = write_csv(
        tmp_path / "m.csv",
        [*padding, ["shicheng", "关于做好政务公开工作的通知", "通知公告", "2024-01-03", "石城县人民政府办公室"]],
        encoding="gb18030",
        header=["org", "title", "kind", "published_on", "body"],
    )
    assert path.stat().st_size > 1 << 20
    report = import_manifest(path, actor=superuser)
    assert report.count("imported") == 601
    item = Publication.objects.get(title="关于做好政务公开工作的通知")
    assert "石城县人民政府办公室" in item.body_html and item.kind == "notice"


def test_a_row_the_csv_reader_cannot_take_stops_there_and_says_what_went_before(
    tmp_path, org_tree, superuser, monkeypatch
):
    """The rows of the windows before it are written (running again skips them); the message
    names the row and what to do."""
    monkeypatch.setattr(importing, "WINDOW_ROWS", 5)
    rows = mixed_rows(12)
    rows.insert(10, ["shicheng", "长文", "其他", "2024-01-01", "字" * 140_000])  # past the csv module's limit
    with pytest.raises(ManifestError) as exc:
        import_manifest(write_csv(tmp_path / "m.csv", rows), actor=superuser)
    assert "第12行无法读取" in exc.value.message and "“文件”列" in exc.value.message
    assert "此前的10行已处理" in exc.value.message
    assert Publication.objects.count() == 9  # the two windows before it, less their one bad row


def test_a_body_cell_past_the_csv_limit_is_refused_with_what_to_do(tmp_path, org_tree, superuser, capsys):
    path = write_csv(tmp_path / "m.csv", [["shicheng", "长文", "其他", "2024-01-01", "字" * 140_000]])
    with pytest.raises(CommandError) as exc:
        call_command("import", str(path), "--as", superuser.username)
    assert exc.value.returncode == 2
    assert "第2行无法读取" in str(exc.value) and "“文件”列" in str(exc.value)
    assert not Publication.objects.exists()  # counted for the progress bar first: nothing written


def test_a_damaged_or_oversized_body_file_rejects_its_row_only(tmp_path, org_tree, superuser, settings):
    settings.GONGKAI_MAX_ATTACHMENT_BYTES = 200_000
    settings.GONGKAI_MAX_UNZIPPED_BYTES = 1024 * 1024
    settings.GONGKAI_MAX_EXTRACTED_CHARS = 50
    (tmp_path / "damaged.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with zipfile.ZipFile(tmp_path / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("word/document.xml", "0" * (settings.GONGKAI_MAX_UNZIPPED_BYTES + 1))
    (tmp_path / "big.txt").write_bytes(b"a" * 200_001)
    (tmp_path / "long.txt").write_text("字" * 51, encoding="utf-8")
    (tmp_path / "fine.txt").write_text("正常的正文", encoding="utf-8")
    rows = [
        ["shicheng", name, "其他", "2024-01-01", name]
        for name in ("damaged.docx", "bomb.docx", "big.txt", "long.txt", "fine.txt")
    ]
    report = import_manifest(
        write_csv(tmp_path / "m.csv", rows, header=["机构", "信息名称", "体裁", "发布日期", "文件"]), actor=superuser
    )
    reasons = {r.line: (r.status, r.reason) for r in report.rows}
    assert reasons[2][0] == "rejected" and "damaged.docx”无法读取" in reasons[2][1]
    assert reasons[3] == ("rejected", "文件“bomb.docx”无法读取：文件解压后超过 1 MB，不予接收。")
    assert reasons[4] == ("rejected", "文件“big.txt”超过 0 MB")
    assert reasons[5] == ("rejected", "文件“long.txt”的文字超过 50 字，请拆分")
    assert reasons[6][0] == "imported"
    assert list(Publication.objects.values_list("title", flat=True)) == ["fine.txt"]

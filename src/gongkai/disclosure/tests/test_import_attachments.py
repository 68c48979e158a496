"""The manifest's 附件 column: an archive's documents come with their files, checked as uploads
are, stored under random directories, public with the imported item (and in its search text),
through both import paths; a bad file rejects its row only, and a dry run stores nothing."""

import csv
import re
from pathlib import Path

import pytest
from django.test import Client

from gongkai.disclosure import selectors
from gongkai.disclosure.importing import import_manifest
from gongkai.disclosure.models import Attachment, Publication
from gongkai.disclosure.tests.conftest import docx

pytestmark = pytest.mark.django_db
HEADER = ["机构", "信息名称", "文号", "发布日期", "正文", "附件"]


@pytest.fixture
def archive(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    folder = tmp_path / "archive"
    (folder / "files").mkdir(parents=True)
    (folder / "files" / "收费目录清单.docx").write_bytes(docx("二〇二三年收费目录清单").read())
    (folder / "files" / "分配表.docx").write_bytes(docx("医疗救助资金分配表").read())
    (folder / "files" / "伪装.pdf").write_bytes(b"MZ\x90\x00 not a pdf")
    (tmp_path / "outside.docx").write_bytes(docx("清单目录外的文件").read())
    rows = [
        [
            "shicheng-wjw",
            "关于公布收费目录清单的通知",
            "石卫字〔2023〕1号",
            "2023-03-01",
            "正文一",
            "files/收费目录清单.docx；files/分配表.docx",
        ],
        ["shicheng-wjw", "关于医疗救助的通知", "石卫字〔2023〕2号", "2023-03-02", "正文二", "files/伪装.pdf"],
        ["shicheng-wjw", "关于目录外文件的通知", "石卫字〔2023〕3号", "2023-03-03", "正文三", "../outside.docx"],
        ["shicheng-wjw", "关于缺失文件的通知", "石卫字〔2023〕4号", "2023-03-04", "正文四", "files/没有.docx"],
        ["shicheng-wjw", "关于没有附件的通知", "石卫字〔2023〕5号", "2023-03-05", "正文五", ""],
    ]
    manifest = folder / "清单.csv"
    with manifest.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return manifest


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.parametrize("bulk", [True, False])
def test_an_archive_comes_with_its_files(archive, org_tree, superuser, settings, bulk):
    media = Path(settings.MEDIA_ROOT)
    checked = import_manifest(archive, actor=superuser, bulk=bulk, dry_run=True)
    assert [r.status for r in checked.rows] == ["imported", "rejected", "rejected", "rejected", "imported"]
    assert stored_files(media) == [] and not Attachment.objects.exists()  # a dry run stores nothing

    report = import_manifest(archive, actor=superuser, bulk=bulk)
    statuses = {r.line: (r.status, r.reason) for r in report.rows}
    assert statuses[2][0] == statuses[6][0] == "imported"
    assert statuses[3][0] == "rejected"
    assert statuses[3][1] == "附件“伪装.pdf”：只接受 PDF、DOCX、XLSX 和图片（PNG、JPEG、GIF）附件。"
    assert "附件“../outside.docx”不在清单所在目录之下" in statuses[4][1]
    assert "附件“files/没有.docx”不存在" in statuses[5][1]
    item = Publication.objects.get(doc_number="石卫字〔2023〕1号")
    files = list(selectors.public_attachments(item))
    assert [a.name for a in files] == ["收费目录清单.docx", "分配表.docx"]
    for attachment in files:  # stored as uploads are: a random directory each, the archive's name
        assert re.fullmatch(rf"attachments/\d{{4}}/\d{{2}}/[A-Za-z0-9_-]{{16}}/{attachment.name}", attachment.file.name)
    assert len(stored_files(media)) == 2
    response = Client().get(f"/info/{item.pk}/attachments/{files[0].pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (archive.parent / "files" / "收费目录清单.docx").read_bytes()
    (text,) = selectors.public_publication_texts({item.pk})
    assert "收费目录清单" in text.text and "医疗救助资金分配表" in text.text
    assert not Publication.objects.filter(doc_number="石卫字〔2023〕2号").exists()

    again = import_manifest(archive, actor=superuser, bulk=bulk)  # already there: nothing stored twice
    assert again.rows[0].status == "skipped"
    assert len(stored_files(media)) == 2 and Attachment.objects.count() == 2

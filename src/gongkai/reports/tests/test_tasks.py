"""reports.render_version / render_published: rendering twice keeps the same files."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command

from gongkai.core.tasks import run_now
from gongkai.reports import services
from gongkai.reports.tests.conftest import finish_draft

pytestmark = pytest.mark.django_db
JAN = datetime.date(2026, 1, 20)


def published_version(org, staff):
    report = services.report_start(actor=staff["editor"], org=org, year=2025, today=JAN)
    report = finish_draft(report, staff["editor"])
    services.report_submit(actor=staff["editor"], report=report)
    return services.report_publish(actor=staff["admin"], report=report, override_reason="测试数据", today=JAN)


def rendered(version_id):
    return {fmt: cache.get(f"reports:file:{version_id}:{fmt}") for fmt in ("pdf", "docx", "xlsx")}


def test_rendering_twice_keeps_the_files(fixture_year, staff):
    cache.clear()
    version = published_version(fixture_year, staff)
    assert run_now("reports.render_version", version_id=version.pk) == 3
    files = rendered(version.pk)
    assert files["pdf"].startswith(b"%PDF") and files["docx"].startswith(b"PK") and files["xlsx"].startswith(b"PK")
    assert run_now("reports.render_version", version_id=version.pk) == 3
    assert rendered(version.pk) == files  # kept, not rendered again
    assert run_now("reports.render_version", version_id=version.pk + 1000) == 0  # gone: nothing to do


def test_the_periodic_run_renders_what_was_published_lately(fixture_year, staff, capsys):
    cache.clear()
    version = published_version(fixture_year, staff)
    assert run_now("reports.render_published", today=JAN + datetime.timedelta(days=30)) == 0
    assert rendered(version.pk)["pdf"] is None
    for args in (["render"], ["render", "--version-id", str(version.pk)]):  # the first: nothing recent today
        with pytest.raises(SystemExit) as exited:
            call_command("report", *args)
        assert exited.value.code == 0
    assert "已生成文件 3 个" in capsys.readouterr().out
    assert run_now("reports.render_published", today=JAN) == 3

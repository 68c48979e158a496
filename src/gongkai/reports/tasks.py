"""Annual report tasks: rendering published versions as files (gongkai.core.tasks).

A published version never changes, so its PDF, DOCX and XLSX are rendered once and kept in the
cache that the download views read (selectors.report_file): a reader never waits for WeasyPrint.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from gongkai.core.tasks import task
from gongkai.reports import selectors
from gongkai.reports.models import ReportVersion

FORMATS = ("pdf", "docx", "xlsx")
# The periodic run renders what was published lately; older files are rendered on first download.
RECENT_DAYS = 2


@task(name="reports.render_version")
def render_version(version_id: int) -> int:
    """Render one published version in every format. Idempotent: a file already in the cache is
    kept, and rendering the same version again gives the same file."""
    version = ReportVersion.objects.select_related("report__org").filter(pk=version_id).first()
    if version is None:
        return 0  # deleted since it was queued: nothing to render
    report = version.report
    view = selectors.report_get_public(org=report.org, year=report.year, version=version.number)
    for fmt in FORMATS:
        selectors.report_file(view, fmt)
    return len(FORMATS)


@task(name="reports.render_published")
def render_published(today: datetime.date | None = None) -> int:
    """Render the latest version of every report published in the last RECENT_DAYS days."""
    since = (today or timezone.localdate()) - datetime.timedelta(days=RECENT_DAYS)
    done = 0
    for _report, version in selectors.reports_published():
        if version.published_on >= since:
            done += render_version(version.pk)
    return done

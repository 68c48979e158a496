"""The PDF of one gazette issue (WeasyPrint with the Noto CJK fonts, as the annual reports)."""

from __future__ import annotations

from django.template.loader import render_to_string

from gongkai.core import officedocs
from gongkai.gazette.models import GazetteIssue
from gongkai.gazette.selectors import entries_of

# The CJK fonts installed by scripts/services.sh (fonts-noto-cjk), the same list as reports.render.
CJK_FONTS = officedocs.BODY_FONTS_CSS  # GB/T 9704 fonts first, Noto CJK as the fallback


def render_html(issue: GazetteIssue, *, entry_urls: dict[int, str] | None = None) -> str:
    entries = list(entries_of(issue))
    for entry in entries:
        # The public link of the item the entry reprints (absolute when the caller built it so).
        entry.link = (entry_urls or {}).get(entry.pk, "")  # type: ignore[attr-defined]
    return render_to_string(
        "gazette/issue.html",
        {"issue": issue, "entries": entries, "fonts": CJK_FONTS, "title_fonts": officedocs.TITLE_FONTS_CSS},
    )


def render_pdf(issue: GazetteIssue, *, entry_urls: dict[int, str] | None = None) -> bytes:
    from weasyprint import HTML  # imported here: loading it costs ~0.5 s

    return bytes(HTML(string=render_html(issue, entry_urls=entry_urls)).write_pdf())

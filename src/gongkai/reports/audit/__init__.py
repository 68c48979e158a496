"""Read an annual report as published on a government site and check its identities.

Supervisors audit reports they did not produce, so the input is whatever the portal shows:

(a) HTML, the tables as <table> with rowspan/colspan, empty cells (&nbsp;), labels broken by
    <br> or split over <p>/<span>, sometimes inside a layout table;
(b) page text with one table row per line, cells separated by "|", tabs or runs of spaces;
(c) page text with one cell per line (an empty line is an empty cell).

Every source becomes the same thing: a list of rows of cell texts in reading order (for HTML,
the rows of the expanded span grid, each cell once, None where the grid has a hole). Tables and
their rows are then found by their labels, compared through `textnorm.label_key` (no ordinals,
brackets, punctuation or spaces; traditional characters converted), and a row's figures are the
cells after its label: the rest of its line (a, b) or the following lines (c).

Exit codes of the CLI follow `AuditResult.exit_code`: 0 every identity holds, 1 any fails
(including a truncated table), 2 the file is not a readable report (`ReportUnreadable`).

The modules, in reading order: `grid` (any source as rows of cells, and the reader over them),
`parse` (the tables found by their labels; reading a file), `check` (the audit and its text).
"""

from gongkai.reports.audit.check import AuditResult, audit_file, audit_text, render_text
from gongkai.reports.audit.grid import ReportUnreadable
from gongkai.reports.audit.parse import ParsedReport, parse_report, read_text

__all__ = [
    "AuditResult",
    "ParsedReport",
    "ReportUnreadable",
    "audit_file",
    "audit_text",
    "parse_report",
    "read_text",
    "render_text",
]

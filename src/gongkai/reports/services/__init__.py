"""The only write path for annual reports, one module per stage: the working copy and its
workflow (`workflow`), table 二 figures (`figures`), reports published before the platform
(`history`). Importing this package registers the workflow's effects (REPORT.effects_module)."""

from gongkai.reports.services.common import FIRST_REPORT_YEAR, REPORT_CHANGED
from gongkai.reports.services.figures import IMPORT_COLUMNS, Figures, figures_import, figures_set
from gongkai.reports.services.history import report_import
from gongkai.reports.services.workflow import (
    MAX_PROSE,
    report_edit,
    report_publish,
    report_reopen,
    report_return,
    report_start,
    report_submit,
)

__all__ = [
    "FIRST_REPORT_YEAR",
    "IMPORT_COLUMNS",
    "MAX_PROSE",
    "REPORT_CHANGED",
    "Figures",
    "figures_import",
    "figures_set",
    "report_edit",
    "report_import",
    "report_publish",
    "report_reopen",
    "report_return",
    "report_start",
    "report_submit",
]

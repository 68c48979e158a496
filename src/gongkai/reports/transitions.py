"""The report workflow as a table: draft → review → published; a correction reopens it.

A published report is never edited: reopening starts the next version's draft while the
published version stays public, and publishing again adds a version (with its change note).
"""

from enum import StrEnum

from gongkai.core.errors import Conflict
from gongkai.reports.models import AnnualReport, ReportState


class Action(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    RETURN = "return"
    PUBLISH = "publish"
    REOPEN = "reopen"


TRANSITIONS: dict[Action, tuple[tuple[str, ...], str | None]] = {
    Action.EDIT: ((ReportState.DRAFT,), None),
    Action.SUBMIT: ((ReportState.DRAFT,), ReportState.REVIEW),
    Action.RETURN: ((ReportState.REVIEW,), ReportState.DRAFT),
    Action.PUBLISH: ((ReportState.REVIEW,), ReportState.PUBLISHED),
    Action.REOPEN: ((ReportState.PUBLISHED,), ReportState.DRAFT),
}

_LABELS = {
    Action.EDIT: "修改",
    Action.SUBMIT: "送审",
    Action.RETURN: "退回",
    Action.PUBLISH: "发布",
    Action.REOPEN: "更正",
}


def allowed(action: Action, report: AnnualReport) -> bool:
    return report.state in TRANSITIONS[action][0]


def check(action: Action, report: AnnualReport) -> str | None:
    """The state after `action`; Conflict (409) when the report's state does not allow it."""
    sources, target = TRANSITIONS[action]
    if report.state not in sources:
        state = ReportState(report.state).label
        raise Conflict(f"报告当前状态为“{state}”，不能{_LABELS[action]}。")
    return target

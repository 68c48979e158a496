"""The report workflow as a table: draft → review → published; a correction reopens it.

A published report is never edited: reopening starts the next version's draft while the
published version stays public, and publishing again adds a version (with its change note).
A report published before the platform is imported: created as a draft and published at once
by the import (a program's step, never a button).

The effects (each action's own validation and changes) are in reports/services/ (workflow.py, history.py).
"""

from enum import StrEnum

from gongkai.core.transitions import Transition, Workflow
from gongkai.reports.models import AnnualReport, ReportSource, ReportState, WebsiteReport, WebsiteReportState
from gongkai.reports.permissions import (
    can_draft_report,
    can_edit_website_report,
    can_publish_website_report,
    can_review_report,
    can_see_report,
    can_see_website_report,
)


class Action(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    RETURN = "return"
    PUBLISH = "publish"
    REOPEN = "reopen"
    IMPORT = "import"


_DRAFTERS = "只有本机关的起草人员或政务公开管理员可以{}年度报告。"
_REVIEWERS = "只有本机关的签发人或政务公开管理员可以{}年度报告。"


def _generated(report: AnnualReport) -> bool:
    return report.source != ReportSource.IMPORTED


def _imported(report: AnnualReport) -> bool:
    return report.source == ReportSource.IMPORTED


REPORT: Workflow[AnnualReport] = Workflow(
    name="report",
    model=AnnualReport,
    states=ReportState,
    visible=can_see_report,
    not_found="未找到该年度报告。",
    lock_related=("org",),
    effects_module="gongkai.reports.services",
    # The suggested next step: 送审, then 发布 (退回修改 and the text's 修改 are never the suggestion).
    side_tasks=(Action.EDIT, Action.RETURN),
    transitions=[
        Transition(
            Action.EDIT,
            "修改",
            frozenset({ReportState.DRAFT}),
            None,
            can_draft_report,
            denied=_DRAFTERS.format("修改"),
            audit_action="report.edited",
        ),
        Transition(
            Action.SUBMIT,
            "送审",
            frozenset({ReportState.DRAFT}),
            ReportState.REVIEW,
            can_draft_report,
            denied=_DRAFTERS.format("送审"),
            audit_action="report.submitted",
        ),
        Transition(
            Action.RETURN,
            "退回修改",
            frozenset({ReportState.REVIEW}),
            ReportState.DRAFT,
            can_review_report,
            denied=_REVIEWERS.format("审核"),
            audit_action="report.returned",
        ),
        Transition(
            Action.PUBLISH,
            "发布",
            frozenset({ReportState.REVIEW}),
            ReportState.PUBLISHED,
            can_review_report,
            denied=_REVIEWERS.format("发布"),
            audit_action="report.published",
        ),
        Transition(
            Action.REOPEN,
            "更正（生成新版本）",
            frozenset({ReportState.PUBLISHED}),
            ReportState.DRAFT,
            can_review_report,
            denied=_REVIEWERS.format("更正已发布的"),
            # An imported report is the old portal's text: there is no working copy to correct.
            when=_generated,
            when_fails="导入的历史报告不能在平台上更正。",
            audit_action="report.reopened",
        ),
        Transition(
            Action.IMPORT,
            "导入历史报告",
            frozenset({ReportState.DRAFT}),
            ReportState.PUBLISHED,
            can_review_report,
            denied=_REVIEWERS.format("导入历史"),
            when=_imported,
            when_fails="只有导入的历史报告可以直接发布。",
            audit_action="report.imported",
            interactive=False,
        ),
    ],
)


# --- 政府网站工作年度报表 (国办函〔2018〕12号) -----------------------------------------------------
#
# draft --edit / regenerate--> draft --publish--> published --reopen--> draft (the published
# statement stays on the home page until the corrected one is published). No review step: the
# form carries its own 单位负责人 and 审核人, and publishing is the approver's or admin's act.


class WebsiteAction(StrEnum):
    EDIT = "edit"
    REGENERATE = "regenerate"
    PUBLISH = "publish"
    REOPEN = "reopen"


W = WebsiteReportState
_WEB_DRAFTERS = "只有本单位的起草人员或政务公开管理员可以填报网站年度报表。"
_WEB_PUBLISHERS = "只有本单位的签发人或政务公开管理员可以发布或更正网站年度报表。"

WEBSITE_REPORT: Workflow[WebsiteReport] = Workflow(
    name="website_report",
    model=WebsiteReport,
    states=WebsiteReportState,
    visible=can_see_website_report,
    not_found="未找到该网站年度报表。",
    lock_related=("org",),
    effects_module="gongkai.reports.services.website",
    # The suggested next step: 发布 (保存 is the page's own form, 重新生成 a side task); then 更正.
    side_tasks=(WebsiteAction.EDIT, WebsiteAction.REGENERATE),
    transitions=[
        Transition(
            WebsiteAction.EDIT,
            "保存",
            frozenset({W.DRAFT}),
            None,
            can_edit_website_report,
            denied=_WEB_DRAFTERS,
            audit_action="website_report.edited",
        ),
        Transition(
            WebsiteAction.REGENERATE,
            "按平台数据重新生成",
            frozenset({W.DRAFT}),
            None,
            can_edit_website_report,
            denied=_WEB_DRAFTERS,
            audit_action="website_report.regenerated",
        ),
        Transition(
            WebsiteAction.PUBLISH,
            "在网站首页发布",
            frozenset({W.DRAFT}),
            W.PUBLISHED,
            can_publish_website_report,
            denied=_WEB_PUBLISHERS,
            audit_action="website_report.published",
        ),
        Transition(
            WebsiteAction.REOPEN,
            "更正",
            frozenset({W.PUBLISHED}),
            W.DRAFT,
            can_publish_website_report,
            denied=_WEB_PUBLISHERS,
            audit_action="website_report.reopened",
        ),
    ],
)

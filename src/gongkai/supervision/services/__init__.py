"""The only write path of 督查考核. Importing this package registers the workflows' effects."""

from gongkai.supervision.services.assessment import (
    assess,
    indicator_add,
    manual_point_add,
    scheme_create,
    scheme_units,
    sheet_draft,
    sheet_publish,
    sheet_recompute,
)
from gongkai.supervision.services.plans import ImportResult, plan_import, plan_read, unit_map
from gongkai.supervision.services.records import interview_record, special_check_record, training_record
from gongkai.supervision.services.tasks import (
    assignment_accept,
    assignment_escalate,
    assignment_report,
    assignment_return,
)

__all__ = [
    "ImportResult",
    "assess",
    "assignment_accept",
    "assignment_escalate",
    "assignment_report",
    "assignment_return",
    "indicator_add",
    "interview_record",
    "manual_point_add",
    "plan_import",
    "plan_read",
    "scheme_create",
    "scheme_units",
    "sheet_draft",
    "sheet_publish",
    "sheet_recompute",
    "special_check_record",
    "training_record",
    "unit_map",
]

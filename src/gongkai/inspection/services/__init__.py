"""The only write path of inspections. Importing this package registers the workflows' effects."""

from gongkai.inspection.services.media import (
    SHUT_DOWN_REASONS,
    account_act,
    account_check,
    account_read_feed,
    account_record_post,
    account_register,
    account_update,
)
from gongkai.inspection.services.rectification import (
    rectification_reopen,
    rectification_submit,
    rectification_verify,
)
from gongkai.inspection.services.registers import (
    site_register,
    site_update,
    wording_rule_create,
    wording_rule_delete,
    wording_rule_update,
)
from gongkai.inspection.services.runs import (
    InspectionResult,
    evaluate,
    inspect_org,
    inspect_url,
    inspection_run,
    scheduled_run,
    wording_rules_for,
)

__all__ = [
    "SHUT_DOWN_REASONS",
    "InspectionResult",
    "account_act",
    "account_check",
    "account_read_feed",
    "account_record_post",
    "account_register",
    "account_update",
    "evaluate",
    "inspect_org",
    "inspect_url",
    "inspection_run",
    "rectification_reopen",
    "rectification_submit",
    "rectification_verify",
    "scheduled_run",
    "site_register",
    "site_update",
    "wording_rule_create",
    "wording_rule_delete",
    "wording_rule_update",
    "wording_rules_for",
]

"""The only write path of 重大行政决策, 会议开放 and 建议提案 (one module per area)."""

from gongkai.decisions.services.decisions import (
    catalog_create,
    catalog_publish,
    decision_add,
    decision_publish,
    decision_record_step,
    decision_start,
    decision_withdraw,
)
from gongkai.decisions.services.meetings import (
    MeetingInput,
    meeting_announce,
    meeting_create,
    meeting_record_attendance,
    meeting_register,
    meeting_select,
    meeting_set_links,
)
from gongkai.decisions.services.proposals import (
    ProposalInput,
    proposal_assign,
    proposal_evaluate,
    proposal_publish,
    proposal_register,
    proposal_settings_set,
    unit_draft,
    unit_sign,
)

__all__ = [
    "MeetingInput",
    "ProposalInput",
    "catalog_create",
    "catalog_publish",
    "decision_add",
    "decision_publish",
    "decision_record_step",
    "decision_start",
    "decision_withdraw",
    "meeting_announce",
    "meeting_create",
    "meeting_record_attendance",
    "meeting_register",
    "meeting_select",
    "meeting_set_links",
    "proposal_assign",
    "proposal_evaluate",
    "proposal_publish",
    "proposal_register",
    "proposal_settings_set",
    "unit_draft",
    "unit_sign",
]

"""The only write path for information applications (依申请公开), one module per stage.

Every action on a case goes through the transition engine (``foi.transitions.APPLICATION``):
one durable transaction with the row locked, visibility (404), permission (403), state (409),
the action's validation (422), its clock event, the due date derived again and stored, one audit
row, and side effects (files, e-mail) after commit. Personal data of applicants never goes into
the audit log. Importing this package registers every effect.

``from gongkai.foi import services; services.application_reply(...)`` keeps working: the public
names of the stage modules are re-exported here.
"""

from gongkai.foi.selectors import clock_of, correction_deadline, hash_tracking_code
from gongkai.foi.services._common import DEADLINE_OWNER, on_deadlines_moved
from gongkai.foi.services.appeals import appeal_decide, appeal_record
from gongkai.foi.services.fees import (
    application_record_fee_delivery,
    application_record_payment,
    application_send_fee_notice,
    pieces_earlier_this_month,
)
from gongkai.foi.services.handling import (
    WITHDRAWAL_OUTCOME,
    application_accept,
    application_assign,
    application_end_consultation,
    application_extend,
    application_record_correction,
    application_request_correction,
    application_start_consultation,
    application_transfer,
    application_withdraw,
    application_withdraw_online,
)
from gongkai.foi.services.intake import (
    TRACKING_CODE_BYTES,
    Applicant,
    Receipt,
    Request,
    application_register,
    application_submit,
    receipt_date,
    receipt_of,
    registration_number,
)
from gongkai.foi.services.letters import (
    applicant_letter_pdf,
    letter_content,
    letter_edit,
    letter_number,
    letter_render_files,
)
from gongkai.foi.services.notices import (
    Verdict,
    application_notify_third_party,
    application_record_reasons,
    application_request_reasons,
    application_set_reasonable_period,
)
from gongkai.foi.services.reminders import REMINDER_TEXT, ScanResult, foi_scan
from gongkai.foi.services.reply import (
    ReplyDetails,
    application_close,
    application_reply,
    reply_attachment_add,
    reply_attachment_remove,
    reply_draft,
)
from gongkai.foi.services.review_body import review_body_clear, review_body_set

__all__ = [
    "DEADLINE_OWNER",
    "REMINDER_TEXT",
    "TRACKING_CODE_BYTES",
    "WITHDRAWAL_OUTCOME",
    "Applicant",
    "Receipt",
    "ReplyDetails",
    "Request",
    "ScanResult",
    "Verdict",
    "appeal_decide",
    "appeal_record",
    "applicant_letter_pdf",
    "application_accept",
    "application_assign",
    "application_close",
    "application_end_consultation",
    "application_extend",
    "application_notify_third_party",
    "application_record_correction",
    "application_record_fee_delivery",
    "application_record_payment",
    "application_record_reasons",
    "application_register",
    "application_reply",
    "application_request_correction",
    "application_request_reasons",
    "application_send_fee_notice",
    "application_set_reasonable_period",
    "application_start_consultation",
    "application_submit",
    "application_transfer",
    "application_withdraw",
    "application_withdraw_online",
    "clock_of",
    "correction_deadline",
    "foi_scan",
    "hash_tracking_code",
    "letter_content",
    "letter_edit",
    "letter_number",
    "letter_render_files",
    "on_deadlines_moved",
    "pieces_earlier_this_month",
    "receipt_date",
    "receipt_of",
    "registration_number",
    "reply_attachment_add",
    "reply_attachment_remove",
    "reply_draft",
    "review_body_clear",
    "review_body_set",
]

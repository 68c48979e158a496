"""The shapes the 公众参与 API reads and answers (one module, shared by the area routers)."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from gongkai.api.actions import ActionOut

# --- consultations -------------------------------------------------------------------------------


class ConsultationSummary(Schema):
    id: int
    title: str
    org_id: int
    org_name: str
    draft_type: str
    draft_type_label: str
    starts_on: datetime.date
    ends_on: datetime.date
    ends_note: str
    phase: str
    phase_label: str
    url: str


class ParagraphOut(Schema):
    number: int
    html: str


class AttachmentLink(Schema):
    name: str
    media_type: str
    size: int
    url: str


class PublicCommentOut(Schema):
    id: int
    paragraph: int | None
    text: str
    received_on: datetime.date
    channel: str
    decision: str
    decision_reason: str


class QuotedComment(Schema):
    id: int
    paragraph: int | None
    text: str


class ReasonGroup(Schema):
    reason: str
    count: int
    comments: list[QuotedComment]


class DecisionGroup(Schema):
    decision: str
    label: str
    count: int
    reasons: list[ReasonGroup]


class FeedbackOut(Schema):
    """意见采纳情况: counts and reasons by decision (published, or the staff preview)."""

    received: int
    valid: int
    invalid: int
    by_channel: dict[str, int]
    undecided: int
    pending_moderation: int
    groups: list[DecisionGroup]
    adoption_rate: str | None


class ConsultationDetail(ConsultationSummary):
    notice_html: str
    explanation_html: str
    paragraphs: list[ParagraphOut]
    channels: str
    accepts_online: bool
    identity_required: bool
    minimum_period: str | None
    shortened_reason: str
    attachments: list[AttachmentLink]
    comments: list[PublicCommentOut]
    feedback: FeedbackOut | None
    feedback_note: str
    feedback_published_on: datetime.date | None
    final_publication_id: int | None
    final_document_title: str


class CommentIn(Schema):
    body: str
    token: str
    paragraph: int | None = None
    author_name: str = ""
    author_contact: str = ""


class CommentReceipt(Schema):
    id: int
    received_on: datetime.date
    moderation: str
    message: str


class ConsultationIn(Schema):
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    draft_type: str = "normative"
    notice_html: str = ""
    draft_html: str = ""
    explanation_html: str = ""
    channels: str = ""
    accepts_online: bool = True
    identity_required: bool = False
    ends_note: str = ""
    shortened_reason: str = ""


class ConsultationCreateIn(ConsultationIn):
    org_id: int


class StaffCommentOut(Schema):
    id: int
    channel: str
    paragraph: int | None
    body: str
    public_body: str
    received_on: datetime.date
    author_name: str
    author_contact: str
    moderation: str
    moderation_note: str
    decision: str
    decision_reason: str
    actions: list[ActionOut]


class StaffConsultationOut(ConsultationSummary):
    state: str
    shortened_reason: str
    period_check: list[str]
    comments: list[StaffCommentOut]
    feedback_preview: FeedbackOut
    actions: list[ActionOut]


class AttachmentOut(Schema):
    id: int
    name: str
    media_type: str
    size: int


class RegisterCommentIn(Schema):
    channel: str
    body: str
    received_on: datetime.date
    paragraph: int | None = None
    author_name: str = ""
    author_contact: str = ""


class ModerationIn(Schema):
    moderation: str
    note: str = ""


class DecisionIn(Schema):
    decision: str
    reason: str = ""


class FeedbackIn(Schema):
    note: str = ""
    final_publication_id: int | None = None
    final_document_title: str = ""


class WithdrawIn(Schema):
    reason: str


class AwaitingFeedbackOut(Schema):
    id: int
    title: str
    org_name: str
    ends_on: datetime.date
    due_on: datetime.date
    overdue_by: int
    undecided: int


# --- mailbox ---------------------------------------------------------------------------------------


class WallItem(Schema):
    id: int
    code: str
    org_name: str
    handling_org_name: str | None
    category: str
    subject: str
    body: str
    reply: str
    received_on: datetime.date
    answered_on: datetime.date | None
    state_label: str
    satisfaction: str


class MessageIn(Schema):
    category: str
    subject: str
    body: str
    writer_name: str
    token: str
    writer_phone: str = ""
    writer_email: str = ""
    wants_public: bool = True


class MessageReceipt(Schema):
    code: str
    secret: str
    received_on: datetime.date
    due_on: datetime.date | None
    message: str


class WriterIn(Schema):
    code: str
    secret: str


class WriterView(Schema):
    code: str
    org_name: str
    handling_org_name: str | None
    subject: str
    body: str
    state: str
    state_label: str
    received_on: datetime.date
    due_on: datetime.date | None
    reply: str
    answered_on: datetime.date | None
    satisfaction: str
    can_rate: bool


class RateIn(WriterIn):
    satisfaction: str


class FiguresOut(Schema):
    received: int
    closed: int
    closure_rate: Decimal | None
    rated: int
    satisfied: int
    satisfaction_rate: Decimal | None
    unsatisfied: int
    average_reply_working_days: Decimal | None
    overdue_open: int


class OrgFiguresOut(FiguresOut):
    org_id: int
    org_name: str


class MailboxStatsOut(Schema):
    org_name: str
    start: datetime.date
    end: datetime.date
    total: FiguresOut
    by_org: list[OrgFiguresOut]


class MessageEventOut(Schema):
    kind: str
    label: str
    on: datetime.date
    note: str


class StaffMessageOut(Schema):
    id: int
    code: str
    org_id: int
    handling_org_id: int | None
    category: str
    subject: str
    body: str
    wants_public: bool
    writer_name: str
    writer_phone: str
    writer_email: str
    received_on: datetime.date
    due_on: datetime.date | None
    due_provisional: bool
    state: str
    state_label: str
    reply: str
    answered_on: datetime.date | None
    on_wall: bool
    satisfaction: str
    reopen_count: int
    events: list[MessageEventOut]
    actions: list[ActionOut]


class StaffMessageRow(Schema):
    id: int
    code: str
    subject: str
    state: str
    received_on: datetime.date
    due_on: datetime.date | None


class RouteIn(Schema):
    handling_org_id: int
    note: str = ""


class ReplyIn(Schema):
    reply: str


class ReviewIn(Schema):
    approve: bool
    note: str = ""
    show_on_wall: bool = True
    # The reviewer's edits of the masked public copies (empty: the masked originals).
    public_subject: str = Field("", max_length=100)
    public_body: str = Field("", max_length=5000)
    public_reply: str = Field("", max_length=5000)


class FollowUpIn(Schema):
    note: str
    reply: str


class DismissIn(Schema):
    reason: str


class OverdueOut(Schema):
    id: int
    code: str
    subject: str
    org_name: str
    handling_org_name: str | None
    due_on: datetime.date
    late_by: int


class SettingsIn(Schema):
    mailbox_reply_working_days: int | None = None
    rectification_working_days: int | None = None
    feedback_working_days: int | None = None
    event_report_working_days: int | None = None


# --- 好差评 ----------------------------------------------------------------------------------------


class RatingIn(Schema):
    level: int
    token: str
    comment: str = ""
    service_name: str = ""
    channel: str = "online"
    rater_name: str = ""
    rater_phone: str = ""


class RatingReceipt(Schema):
    id: int
    level_label: str
    rectification_due_on: datetime.date | None


class RatingStatsOut(Schema):
    org_name: str
    start: datetime.date
    end: datetime.date
    total: int
    by_level: list[tuple[str, int]]
    satisfied: int
    satisfaction_rate: Decimal | None
    bad: int
    rectified: int
    rectification_rate: Decimal | None
    overdue: int


class RectificationOut(Schema):
    id: int
    org_name: str
    level_label: str
    service_name: str
    comment: str
    rater_name: str
    rater_phone: str
    due_on: datetime.date
    followup_note: str
    followed_up_on: datetime.date | None
    result: str
    result_note: str
    closed_on: datetime.date | None


class NoteIn(Schema):
    note: str


class CloseIn(Schema):
    result: str
    note: str


# --- events ----------------------------------------------------------------------------------------


class EventOut(Schema):
    id: int
    year: int
    month: int
    theme: str
    org_id: int
    org_name: str
    form: str
    form_label: str
    held_on: datetime.date | None
    location: str
    registration_open: bool
    places_left: int | None
    report_html: str
    report_published_on: datetime.date | None
    participant_count: int | None


class RegistrationIn(Schema):
    participant_name: str
    participant_phone: str
    token: str
    participant_unit: str = ""


class RegistrationReceipt(Schema):
    id: int
    message: str


class ImportOut(Schema):
    created: int
    existing: int


class EventIn(Schema):
    month: int
    theme: str
    form: str = "open_day"
    held_on: datetime.date | None = None
    location: str = ""
    capacity: int | None = None
    registration_open: bool = False


class EventCreateIn(EventIn):
    year: int


class ReportIn(Schema):
    report_html: str
    participant_count: int | None = None


class ParticipantOut(Schema):
    id: int
    participant_name: str
    participant_phone: str
    participant_unit: str


class EventOverdueOut(Schema):
    id: int
    theme: str
    org_name: str
    year: int
    month: int
    due_on: datetime.date
    late_by: int

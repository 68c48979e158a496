"""The 依申请公开 API's request and response schemas (typed all the way down)."""

import datetime
from typing import Any

from ninja import Field, Schema

from gongkai.api.actions import ActionOut


class ApplicantIn(Schema):
    kind: str
    name: str
    id_type: str
    id_number: str
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


class RequestIn(Schema):
    description: str
    info_form: str
    delivery: str
    doc_numbers: str = ""
    purpose: str = ""


class PublicApplyIn(Schema):
    applicant: ApplicantIn
    request: RequestIn
    submission_token: str = ""


class ApplyOut(Schema):
    registration_number: str
    tracking_code: str | None
    received_on: datetime.date
    due_on: datetime.date | None
    repeated_submission: bool


class TrackEventOut(Schema):
    on: datetime.date
    label: str


class TrackOut(Schema):
    registration_number: str
    org_name: str
    state: str
    state_label: str
    received_on: datetime.date
    due_on: datetime.date | None
    due_explanation: list[str]
    paused: bool
    replied_on: datetime.date | None
    closed_on: datetime.date | None
    outcome_label: str
    events: list[TrackEventOut]


class FeeOut(Schema):
    method: str
    quantity: int
    already_this_month: int
    amount: int
    explanation: list[str]


class RegisterIn(Schema):
    org_id: int
    channel: str
    submitted_on: datetime.date
    signed_on: datetime.date | None = None
    confirmed_on: datetime.date | None = None
    oral: bool = False
    applicant: ApplicantIn
    request: RequestIn


class StaffSummary(Schema):
    id: int
    registration_number: str
    org_id: int
    org_name: str
    state: str
    state_label: str
    channel: str
    applicant_kind: str
    received_on: datetime.date
    due_on: datetime.date | None
    outcome: str
    assigned_to: str


class LetterOut(Schema):
    id: int
    kind: str
    status: str
    number: str
    title: str
    recipient: str
    outcome: str
    body: str
    signed_on: datetime.date | None


class ApplicantOut(Schema):
    name: str
    id_type: str
    id_number: str
    contact_person: str
    phone: str
    email: str
    address: str


class RequestOut(Schema):
    description: str
    doc_numbers: str
    purpose: str
    info_form: str
    delivery: str


class ClockOut(Schema):
    start: datetime.date | None
    working_days: int
    due_on: datetime.date | None = Field(..., description="答复期限：与列表中的 due_on 为同一存储值")
    paused: bool
    explanation: list[str]


class EventOut(Schema):
    kind: str
    label: str
    on: datetime.date
    data: dict[str, Any]


class ConsultationOut(Schema):
    id: int
    kind: str
    party_name: str
    sent_on: datetime.date
    reply_due_on: datetime.date
    answered_on: datetime.date | None
    answer: str
    deemed_consent: bool
    late: bool = Field(..., description="第三十二条：超过15个工作日才提出的意见")
    notified_on: datetime.date | None = Field(..., description="第三十二条：书面告知第三方决定公开之日")
    disclose_on: datetime.date | None


class FeeNoticeOut(Schema):
    method: str
    quantity: int
    amount: int
    sent_on: datetime.date
    delivery: str
    delivered_on: datetime.date | None
    pay_by: datetime.date | None = Field(..., description="缴费期限（含当日）；邮寄送达在登记签收前为空")
    paid_on: datetime.date | None
    status: str


class AppealOut(Schema):
    id: int
    kind: str
    filed_on: datetime.date
    body: str
    result: str
    actions: list[ActionOut]


class RepeatOut(Schema):
    id: int
    registration_number: str
    similarity: float


class MatchOut(Schema):
    pk: int
    title: str
    doc_number: str
    url: str
    reason: str


class StaffDetail(StaffSummary):
    applicant: ApplicantOut | None
    request: RequestOut | None
    receipt_basis: str
    replied_on: datetime.date | None
    closed_on: datetime.date | None
    clock: ClockOut
    events: list[EventOut]
    consultations: list[ConsultationOut]
    fee_notice: FeeNoticeOut | None
    letters: list[LetterOut]
    appeals: list[AppealOut]
    actions: list[ActionOut] = Field(..., description="当前用户此时可以执行的操作（与后台页面显示的按钮一致）")
    repeat_candidates: list[RepeatOut]
    published_matches: list[MatchOut]


class OnIn(Schema):
    on: datetime.date | None = None
    note: str = ""


class CorrectionIn(Schema):
    items: list[str]
    deadline: datetime.date
    on: datetime.date | None = None


class ConsultationIn(Schema):
    kind: str
    party_name: str
    party_address: str = ""
    matter: str = ""
    sent_on: datetime.date | None = None


class ConsultationAnswerIn(Schema):
    answer: str
    on: datetime.date | None = None
    reasons: str = ""


class PeriodIn(Schema):
    working_days: int
    reason: str
    on: datetime.date | None = None


class FeeNoticeIn(Schema):
    method: str
    quantity: int
    payment_method: str
    delivery: str = Field("in_person", description="in_person（当面）、online（网上或电子邮件）、mail（邮寄）")
    delivered_on: datetime.date | None = None
    on: datetime.date | None = None


class FeeDeliveryIn(Schema):
    delivered_on: datetime.date


class ReasonsRequestIn(Schema):
    note: str = Field(..., max_length=1000)
    reply_by: datetime.date | None = None
    on: datetime.date | None = None


class RecordReasonsIn(Schema):
    verdict: str = Field(..., description="reasonable（理由合理）、unreasonable（理由不合理）、not_given（逾期未说明）")
    reasons: str = Field("", max_length=2000)
    assessment: str = Field("", max_length=2000)
    on: datetime.date | None = None


class ThirdPartyNoticeIn(Schema):
    reasons: str = Field(..., max_length=2000)
    disclose_on: datetime.date
    consultation_id: int | None = None
    on: datetime.date | None = None


class ReviewBodyOut(Schema):
    name: str = Field(..., description="答复书告知的行政复议机关；空表示未能确定")
    basis: str
    source: str = Field(..., description="derived、vertical、override 或 unresolved")
    vertical_system: str
    body_name: str
    reason: str


class ReviewBodyIn(Schema):
    vertical_system: str = ""
    body_name: str = Field(..., max_length=200)
    reason: str = Field(..., max_length=500)


class ReplyDraftIn(Schema):
    outcome: str
    provision: str = ""
    published_url: str = ""
    reasons: str = ""
    withheld_ground: str = ""
    responsible_agency: str = ""
    responsible_contact: str = ""
    legal_basis: str = ""
    law_article: str = Field("", max_length=200)
    earlier_application: str = Field("", max_length=40)


class LetterEditIn(Schema):
    body: str


class TransferIn(Schema):
    agency_name: str = ""
    agency_contact: str = ""
    to_org_id: int | None = None
    on: datetime.date | None = None


class AssignIn(Schema):
    user_id: int


class AppealIn(Schema):
    kind: str
    filed_on: datetime.date
    body: str
    case_number: str = ""
    note: str = ""


class AppealDecisionIn(Schema):
    result: str
    decided_on: datetime.date


class DeadlineOut(StaffSummary):
    working_days_left: int


class DeadlinesOut(Schema):
    overdue: list[DeadlineOut]
    due_soon: list[DeadlineOut]


class ReplyIn(OnIn):
    override_reason: str = ""


class ScanSummaryOut(Schema):
    blocking: int
    counts: dict[str, int]


class ReplyAttachmentOut(Schema):
    id: int
    name: str
    media_type: str
    size: int
    scan: ScanSummaryOut

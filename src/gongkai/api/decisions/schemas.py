"""Typed schemas of the 重大行政决策与建议提案 API: every answer field named and typed, every input bounded."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from gongkai.api.actions import ActionOut
from gongkai.api.params import FIRST_YEAR, LAST_YEAR

FIRST_DAY = datetime.date(FIRST_YEAR, 1, 1)
LAST_DAY = datetime.date(LAST_YEAR, 12, 31)
MAX_ID = 2**63 - 1


class StepOut(Schema):
    kind: str
    label: str
    article: str = Field(..., description="法定依据")
    required: bool = Field(..., description="是否必须履行（不能记为不适用）")
    status: str = Field(..., description="in_progress/done/not_applicable，空为未记录")
    status_label: str
    done_on: datetime.date | None
    summary: str
    reason: str = Field(..., description="不适用理由")
    document_title: str
    document_url: str
    consultation_url: str


class DecisionOut(Schema):
    id: int
    catalog_id: int
    year: int
    seq: int
    title: str
    org: str
    host_org: str
    planned_on: datetime.date
    technical: bool
    affects_stability: bool
    state: str
    state_label: str
    published_on: datetime.date | None
    steps: list[StepOut]
    missing_steps: list[str] = Field(..., description="公布前尚需履行或记录的程序")
    actions: list[ActionOut] = Field(default_factory=list, description="调用者现在可以执行的操作（仅工作人员接口）")


class CatalogOut(Schema):
    id: int
    org: str
    year: int
    title: str
    published_on: datetime.date | None
    items: list[DecisionOut]


class PreAnnouncementOut(Schema):
    decision_id: int
    title: str
    org_name: str
    host_org_name: str
    consultation_id: int
    consultation_title: str
    starts_on: datetime.date
    ends_on: datetime.date
    url: str
    decision_url: str


class StepIn(Schema):
    kind: Literal["participation", "expert", "risk", "legality", "collective"]
    status: Literal["in_progress", "done", "not_applicable"]
    done_on: datetime.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    summary: str = Field("", max_length=5000)
    reason: str = Field("", max_length=2000, description="记为不适用时必填")
    consultation_id: int | None = Field(None, ge=1, le=MAX_ID, description="公众参与：关联的征求意见编号")
    document_title: str = Field("", max_length=200)
    document_url: str = Field("", max_length=500)


class DecisionPublishIn(Schema):
    decision_html: str = Field(..., max_length=200000)
    interpretation_html: str = Field(..., max_length=100000)
    adoption_note: str = Field("", max_length=5000)


class MeetingOut(Schema):
    id: int
    org: str
    title: str
    agenda: str
    held_at: datetime.datetime
    location: str
    registration_ends_on: datetime.date
    capacity: int
    selection: str
    state: str
    state_label: str
    live_url: str
    record_url: str
    registered: int
    selected: int
    attended: int
    actions: list[ActionOut] = Field(default_factory=list)


class RegistrationIn(Schema):
    token: str = Field(..., max_length=64, description="GET /decisions/meetings/{id}/token 取得的表单令牌")
    kind: Literal["observe", "attend"] = "observe"
    name: str = Field(..., max_length=50)
    phone: str = Field(..., max_length=30)
    unit: str = Field("", max_length=100)


class RegistrationOut(Schema):
    id: int
    created: bool = Field(..., description="false：同一令牌的重复提交，未新建")


class TokenOut(Schema):
    token: str


class ReplyOut(Schema):
    id: int
    year: int
    kind_label: str
    number: str
    author: str
    delegation: str
    subject: str
    field: str
    org_name: str
    lead_org_name: str
    answered_on: datetime.date | None
    published_on: datetime.date | None
    mode: str
    mode_label: str
    text: str


class FieldCountOut(Schema):
    field: str
    count: int


class SummaryOut(Schema):
    year: int
    kind: str
    kind_label: str
    total: int
    published: int
    by_field: list[FieldCountOut]
    sentence: str = Field(..., description="年度报告中的表述")


class UnitOut(Schema):
    id: int
    org: str
    role: str
    state: str
    state_label: str
    reply: str
    signed_by: str
    answered_on: datetime.date | None
    actions: list[ActionOut] = Field(default_factory=list)


class ProposalOut(Schema):
    id: int
    year: int
    kind: str
    number: str
    author: str
    delegation: str
    subject: str
    field: str
    state: str
    state_label: str
    assigned_on: datetime.date | None
    due_on: datetime.date | None
    answered_on: datetime.date | None
    satisfaction: str
    publish_mode: str
    units: list[UnitOut]
    actions: list[ActionOut]


class ProposalIn(Schema):
    year: int = Field(..., ge=FIRST_YEAR, le=LAST_YEAR)
    kind: Literal["suggestion", "proposal"]
    number: str = Field(..., max_length=30)
    author: str = Field(..., max_length=100)
    delegation: str = Field("", max_length=100)
    subject: str = Field(..., max_length=200)
    field: str = Field(..., max_length=30)
    body: str = Field("", max_length=20000)


class AssignIn(Schema):
    lead_org_id: int = Field(..., ge=1, le=MAX_ID)
    joint_org_ids: list[int] = Field(default_factory=list, max_length=10)


class ReplyDraftIn(Schema):
    reply: str = Field(..., max_length=20000)


class SignIn(Schema):
    signed_by: str = Field(..., max_length=50)


class EvaluateIn(Schema):
    satisfaction: Literal["satisfied", "basic", "unsatisfied"]
    note: str = Field("", max_length=2000)


class PublishReplyIn(Schema):
    mode: Literal["full", "summary"]
    consent: bool
    public_summary: str = Field("", max_length=5000)
    summary_reason: str = Field("", max_length=1000)

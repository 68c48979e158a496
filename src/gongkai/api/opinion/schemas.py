"""Request and response schemas of the 舆情 and press API (typed, with bounds)."""

import datetime

from ninja import Field, Schema

from gongkai.api.actions import ActionOut


class EventIn(Schema):
    org_id: int = Field(..., ge=1, le=2**62, description="登记单位")
    title: str = Field(..., max_length=200)
    source: str = Field(..., max_length=20, description="来源代码：online_media、news_media、social、hotline 等")
    first_seen_at: datetime.datetime = Field(..., description="首次发现时间（带时区）；时钟自此起算")
    level: str = Field(..., max_length=20, description="especially_major、major、general")
    subject: str = Field("", max_length=40, description="主管事项：按分办规则确定责任单位（谁主管谁回应）")
    source_detail: str = Field("", max_length=500)
    summary: str = Field("", max_length=20_000)
    responsible_org_id: int | None = Field(None, ge=1, le=2**62, description="直接指定责任单位（本单位或下属单位）")
    related_org_ids: list[int] = Field(default_factory=list, max_length=20, description="共享给的相关单位")


class AssessIn(Schema):
    assessment: str = Field(..., max_length=20_000)
    level: str = Field("", max_length=20, description="研判后的级别；改变级别则按首次发现时间重新计算时限")


class RespondIn(Schema):
    responded_at: datetime.datetime
    channel: str = Field(..., max_length=20, description="publication、press、statement")
    publication_id: int | None = Field(None, ge=1, le=2**62)
    press_id: int | None = Field(None, ge=1, le=2**62)
    response_text: str = Field("", max_length=20_000)
    response_url: str = Field("", max_length=500)


class CloseIn(Schema):
    effect: str = Field(..., max_length=10, description="good、fair、poor")
    effect_note: str = Field("", max_length=20_000)


class ShareIn(Schema):
    org_ids: list[int] = Field(..., min_length=1, max_length=20)


class ClockOut(Schema):
    due: datetime.datetime
    window_hours: int
    hours_left: float | None = Field(..., description="未回应时距截止的小时数（负数为已超时）")
    late: bool
    answered: bool
    label: str


class EventSummary(Schema):
    id: int
    title: str
    state: str
    state_label: str
    level: str
    org_id: int
    org_name: str
    registered_in_id: int
    first_seen_at: datetime.datetime
    respond_by: datetime.datetime
    clock: ClockOut


class EventDetail(EventSummary):
    subject: str
    source: str
    source_detail: str
    summary: str
    related_org_ids: list[int]
    assessment: str
    assessed_at: datetime.datetime | None
    responded_at: datetime.datetime | None
    channel: str
    response_publication_id: int | None
    response_press_id: int | None
    response_text: str
    response_url: str
    effect: str
    effect_note: str
    closed_at: datetime.datetime | None
    actions: list[ActionOut] = Field(..., description="当前用户此时可以执行的操作（与后台页面显示的按钮一致）")


class LedgerOut(Schema):
    to_assess: list[EventSummary]
    to_respond: list[EventSummary]
    responded: list[EventSummary]
    shared: list[EventSummary]


class WindowIn(Schema):
    level: str = Field(..., max_length=20)
    hours: int = Field(..., description="1至720小时")


class WindowOut(Schema):
    level: str
    label: str
    hours: int
    set_by_org_id: int | None = Field(..., description="设置该时限的机构；为空表示使用默认值")


class RouteIn(Schema):
    subject: str = Field(..., max_length=40)
    responsible_org_id: int = Field(..., ge=1, le=2**62)


class RouteOut(Schema):
    scope_org_id: int
    subject: str
    responsible_org_id: int


class SpeakerIO(Schema):
    name: str = Field(..., max_length=40)
    post: str = Field(..., max_length=100)
    rank: str = Field(
        ..., max_length=20, description="principal（主要负责同志）、other_leader、spokesperson、expert、other"
    )


class PressIn(Schema):
    org_id: int = Field(..., ge=1, le=2**62)
    kind: str = Field(..., max_length=20, description="press_conference、briefing、online_interview")
    title: str = Field(..., max_length=200)
    planned_at: datetime.datetime
    venue: str = Field("", max_length=200)
    policy_id: int | None = Field(None, ge=1, le=2**62, description="解读的政策文件（本机构或下属机构的）")
    speakers: list[SpeakerIO] = Field(default_factory=list, max_length=20)


class HoldIn(Schema):
    held_at: datetime.datetime
    transcript_html: str = Field(..., max_length=200_000)
    media_url: str = Field("", max_length=500)
    speakers: list[SpeakerIO] | None = Field(None, max_length=20, description="不传则沿用计划时的发布人")


class CancelIn(Schema):
    reason: str = Field(..., max_length=200)


class PressOut(Schema):
    id: int
    org_id: int
    org_name: str
    kind: str
    kind_label: str
    title: str
    planned_at: datetime.datetime
    held_at: datetime.datetime | None
    venue: str
    policy_id: int | None
    interpretation_id: int | None
    media_url: str
    state: str
    state_label: str
    speakers: list[SpeakerIO]


class PressStaffOut(PressOut):
    transcript_html: str
    actions: list[ActionOut]


class PressPublicOut(PressOut):
    transcript_html: str


class FiguresOut(Schema):
    year: int
    by_form: dict[str, int] = Field(..., description="已公开的政策解读按形式计数")
    form_labels: dict[str, str]
    press_by_kind: dict[str, int]
    press_kind_labels: dict[str, str]
    speakers_by_rank: dict[str, int] = Field(..., description="发布人按身份计人次")
    rank_labels: dict[str, str]
    principal_events: int = Field(..., description="主要负责同志出席的发布活动场次")
    responses: dict[str, object] = Field(..., description="舆情回应：总数、按时、超时、未回应，按级别")

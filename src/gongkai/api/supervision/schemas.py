"""Typed schemas of the 督查考核 API: every answer field named and typed, every input bounded."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from gongkai.api.actions import ActionOut
from gongkai.api.params import FIRST_YEAR, LAST_YEAR

FIRST_DAY = datetime.date(FIRST_YEAR, 1, 1)
LAST_DAY = datetime.date(LAST_YEAR, 12, 31)
MAX_ID = 2**63 - 1


def day(description: str) -> datetime.date:
    """A date field bounded to the years the platform holds records of."""
    result: datetime.date = Field(..., ge=FIRST_DAY, le=LAST_DAY, description=description)
    return result


class OrgRef(Schema):
    id: int
    slug: str
    name: str


# --- plans and tasks --------------------------------------------------------------------------------


class UnitMatchOut(Schema):
    name: str = Field(..., description="文件中写的单位名称")
    org: str | None = Field(..., description="对应到的唯一机构标识；对应到多个（各乡镇）或未对应时为空")
    orgs: list[str] = Field(..., description="对应到的全部机构标识")
    matched: bool


class ImportTaskOut(Schema):
    number: str
    title: str
    section: str
    lead: list[UnitMatchOut]
    units: list[UnitMatchOut]
    due: datetime.date | None
    recurrence: str | None = Field(..., description="monthly、quarterly、half_yearly、yearly 或空")
    unmatched: list[str]


class PlanImportOut(Schema):
    dry_run: bool
    plan: int | None = Field(..., description="导入后的工作要点编号（预览时为空）")
    tasks: list[ImportTaskOut]
    unmatched: list[str] = Field(..., description="须人工对应的单位名称")


class PlanOut(Schema):
    id: int
    org: OrgRef
    year: int
    title: str
    source_name: str
    task_count: int
    unmatched: list[str]


class UnitNameOut(Schema):
    name: str
    role: str = Field(..., description="lead（牵头单位）或 support（责任单位）")
    resolved: bool


class AssignmentBrief(Schema):
    id: int
    org: OrgRef
    role: str
    state: str
    state_label: str
    period: int
    due_on: datetime.date
    done_on: datetime.date | None


class TaskOut(Schema):
    id: int
    seq: int
    number: str
    title: str
    body: str
    units_text: str
    due: datetime.date | None
    recurrence: str
    unit_names: list[UnitNameOut]
    assignments: list[AssignmentBrief]


class PlanDetail(PlanOut):
    tasks: list[TaskOut] = Field(..., description="任务及其分工")


class MapIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, description="文件中写的单位名称")
    org_id: int | None = Field(None, ge=1, le=MAX_ID, description="对应机构；为空表示该名称不指向单一单位")


class MapOut(Schema):
    created: int = Field(..., description="新增的任务分工数")
    plan: PlanDetail


class TaskRef(Schema):
    id: int
    number: str
    title: str
    due: datetime.date | None
    recurrence: str
    plan_id: int
    plan_title: str


class AssignmentOut(AssignmentBrief):
    task: TaskRef
    overdue: bool
    actions: list[ActionOut] = Field(..., description="当前用户此时可以执行的操作（与后台页面一致）")


class LinkOut(Schema):
    publication_id: int
    title: str
    url: str


class AttachmentOut(Schema):
    id: int
    name: str
    media_type: str
    size: int


class ProgressReportOut(Schema):
    id: int
    period: int
    text: str
    reported_on: datetime.date
    review_note: str
    accepted: bool
    links: list[LinkOut]
    attachments: list[AttachmentOut]


class EscalationOut(Schema):
    id: int
    period: int
    due_on: datetime.date
    on: datetime.date
    note: str


class AssignmentDetail(AssignmentOut):
    body: str
    reports: list[ProgressReportOut]
    escalations: list[EscalationOut]


class NoteIn(Schema):
    note: str = Field(..., min_length=1, max_length=5000)


class OptionalNoteIn(Schema):
    note: str = Field("", max_length=5000)


class ReportIn(Schema):
    text: str = Field(..., min_length=1, max_length=5000, description="进展情况")
    links: str = Field(
        "", max_length=200, description="关联的已公开信息编号，用逗号分隔，最多10条（附件以 files 上传，最多5个）"
    )


class UnitProgressOut(Schema):
    org: OrgRef
    total: int
    done: int
    overdue: int
    assigned: int
    reported: int
    returned: int


class ProgressOut(Schema):
    plan: int | None
    units: list[UnitProgressOut]
    overdue: list[AssignmentBrief]
    escalations: int


# --- assessment ---------------------------------------------------------------------------------------


class SourceOut(Schema):
    key: str
    label: str
    module: str
    higher_is_better: bool


class SchemeIn(Schema):
    year: int = Field(..., ge=FIRST_YEAR, le=LAST_YEAR)
    title: str = Field("", max_length=200)


class IndicatorIn(Schema):
    code: str = Field(..., min_length=1, max_length=20)
    name: str = Field(..., min_length=1, max_length=100)
    weight: str = Field(..., max_length=12, description="分值，0至1000")
    rule: str = Field(..., max_length=16, description="proportional、threshold、deduct 或 manual")
    source: str = Field("", max_length=40, description="数据来源（见 /staff/supervision/sources）")
    target: str = Field("", max_length=12, description="目标值，0至1（达标规则）")
    per_item: str = Field("", max_length=12, description="每项扣分，0至100（扣分规则）")


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    weight: str
    rule: str
    rule_label: str
    source: str
    source_label: str
    target: str | None
    per_item: str | None


class ManualPointIn(Schema):
    org_id: int = Field(..., ge=1, le=MAX_ID)
    points: str = Field(..., max_length=12, description="分数，−100至100")
    reason: str = Field(..., min_length=1, max_length=500)
    indicator_code: str = Field("", max_length=20, description="人工评分指标编号；不填为总分加减分")


class ManualPointOut(Schema):
    id: int
    org: OrgRef
    indicator_code: str
    points: str
    reason: str
    on: datetime.date


class SheetBrief(Schema):
    id: int
    state: str
    state_label: str
    computed_on: datetime.date
    published_on: datetime.date | None


class SchemeOut(Schema):
    id: int
    org: OrgRef
    year: int
    title: str


class SchemeDetail(SchemeOut):
    indicators: list[IndicatorOut]
    manual_points: list[ManualPointOut]
    units: list[OrgRef]
    sheets: list[SheetBrief]


class EvidenceOut(Schema):
    label: str
    ok: bool = Field(..., description="该记录是否对被考核单位有利")
    kind: str = Field(..., description="链接类型（空为仅工作人员可见的记录）")
    ids: dict[str, int | str] = Field(..., description="记录编号")
    url: str | None = Field(..., description="公开页面地址（如有）")


class ScoreOut(Schema):
    org: OrgRef
    indicator_code: str
    indicator_name: str
    weight: str
    points: str
    value: str
    explanation: str
    evidence: list[EvidenceOut]


class RankOut(Schema):
    rank: int
    org: OrgRef
    total: str


class SheetDetail(SheetBrief):
    scheme: SchemeOut
    ranking: list[RankOut]
    scores: list[ScoreOut]
    actions: list[ActionOut]


# --- records and training ---------------------------------------------------------------------------


class SpecialCheckIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    held_on: datetime.date = day("督查日期")
    unit_ids: list[int] = Field(..., min_length=1, max_length=500, description="被督查单位（本级的下级单位）")
    findings: str = Field(..., min_length=1, max_length=10000)
    requirements: str = Field("", max_length=10000)


class SpecialCheckOut(Schema):
    id: int
    title: str
    held_on: datetime.date
    units: list[OrgRef]
    findings: str
    requirements: str


class InterviewIn(Schema):
    unit_id: int = Field(..., ge=1, le=MAX_ID)
    held_on: datetime.date = day("约谈日期")
    reason: str = Field(..., min_length=1, max_length=5000)
    attendees: str = Field(..., min_length=1, max_length=300)
    outcome: str = Field("", max_length=5000)


class InterviewOut(Schema):
    id: int
    unit: OrgRef
    held_on: datetime.date
    reason: str
    attendees: str
    outcome: str


class RecordsOut(Schema):
    year: int
    special_checks: list[SpecialCheckOut]
    required_checks: int = Field(..., description="每年至少开展的专项督查次数")
    interviews: list[InterviewOut]


class AttendeeIn(Schema):
    org_id: int = Field(..., ge=1, le=MAX_ID)
    name: str = Field(..., min_length=1, max_length=50)
    position: str = Field("", max_length=50)


class TrainingIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    held_on: datetime.date = day("培训日期")
    hours: str = Field(..., max_length=6, description="学时，0.5至80")
    place: str = Field("", max_length=200)
    attendees: list[AttendeeIn] = Field(..., max_length=2000)


class AttendeeOut(Schema):
    org: OrgRef
    name: str
    position: str


class TrainingSessionOut(Schema):
    id: int
    title: str
    held_on: datetime.date
    hours: str
    place: str
    attendees: list[AttendeeOut]


class TrainedUnitOut(Schema):
    org: OrgRef
    people: int
    hours: str


class TrainingOut(Schema):
    year: int
    sessions: list[TrainingSessionOut]
    trained: list[TrainedUnitOut]
    untrained: list[OrgRef] = Field(..., description="本年无人参训的下级单位")

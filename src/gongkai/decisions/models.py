"""重大行政决策 (目录, procedure steps), 会议开放 (open meetings) and 建议提案 办理: data and invariants only.

States are moved only by the transition engine (``decisions.transitions``); rules live in the
services. A consultation of the 公众参与 module is referred to by its id (domain apps never share
models) and checked through ``participation.selectors`` when it is linked.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from gongkai.core.years import FIRST_YEAR, LAST_YEAR
from gongkai.orgs.models import Organization

YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]

# --- 重大行政决策事项目录 ----------------------------------------------------------------------


class CatalogState(models.TextChoices):
    DRAFT = "draft", "编制中"
    PUBLISHED = "published", "已公布"


class DecisionCatalog(models.Model):
    """One org's 年度重大行政决策事项目录 (《重大行政决策程序暂行条例》第三条第三款: 向社会公布)."""

    org = models.ForeignKey(Organization, verbose_name="决策机关", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度", validators=YEAR_VALIDATORS)
    title = models.CharField("目录名称", max_length=200)
    state = models.CharField("状态", max_length=20, choices=CatalogState.choices, default=CatalogState.DRAFT)
    published_on = models.DateField("公布日期", null=True, blank=True)

    class Meta:
        verbose_name = "重大行政决策事项目录"
        verbose_name_plural = verbose_name
        ordering = ["-year", "org_id"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="decisions_one_catalog_per_org_year")]

    def __str__(self) -> str:
        return self.title


class DecisionState(models.TextChoices):
    PLANNED = "planned", "已列入目录"
    IN_PROGRESS = "in_progress", "履行程序中"
    PUBLISHED = "published", "已公布"
    WITHDRAWN = "withdrawn", "已调整出目录"


class Decision(models.Model):
    """A 决策事项 of the catalogue, taken through the statutory steps to its publication."""

    catalog = models.ForeignKey(DecisionCatalog, verbose_name="目录", on_delete=models.PROTECT, related_name="items")
    seq = models.PositiveSmallIntegerField("序号", validators=[MinValueValidator(1), MaxValueValidator(999)])
    title = models.CharField("决策事项名称", max_length=200)
    summary = models.TextField("主要内容", blank=True, max_length=2000)
    host_org = models.ForeignKey(Organization, verbose_name="承办单位", on_delete=models.PROTECT, related_name="+")
    planned_on = models.DateField("计划完成时间")
    # Which steps the decision needs (第十九条 专家论证: 专业性、技术性较强; 第二十二条 风险评估:
    # 可能对社会稳定、公共安全等造成不利影响). Shown on the page; the rule is in decisions.steps.
    technical = models.BooleanField("专业性、技术性较强", default=True)
    affects_stability = models.BooleanField("可能影响社会稳定、公共安全", default=True)
    state = models.CharField("状态", max_length=20, choices=DecisionState.choices, default=DecisionState.PLANNED)
    decision_html = models.TextField("决策文件", blank=True)
    interpretation_html = models.TextField("政策解读", blank=True)
    adoption_note = models.TextField("公众意见、专家论证意见采纳情况", blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    withdrawn_reason = models.TextField("调整理由", blank=True)

    class Meta:
        verbose_name = "重大行政决策事项"
        verbose_name_plural = verbose_name
        ordering = ["catalog_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["catalog", "seq"], name="decisions_unique_seq")]

    def __str__(self) -> str:
        return self.title


class StepKind(models.TextChoices):
    # The statutory order of 《重大行政决策程序暂行条例》第二章.
    PARTICIPATION = "participation", "公众参与"
    EXPERT = "expert", "专家论证"
    RISK = "risk", "风险评估"
    LEGALITY = "legality", "合法性审查"
    COLLECTIVE = "collective", "集体讨论决定"


class StepStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "进行中"
    DONE = "done", "已履行"
    NOT_APPLICABLE = "not_applicable", "不适用"


class DecisionStep(models.Model):
    """The record of one statutory step: done (with date, summary, documents) or not applicable (with why)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField("程序", max_length=20, choices=StepKind.choices)
    status = models.CharField("履行情况", max_length=20, choices=StepStatus.choices)
    done_on = models.DateField("完成日期", null=True, blank=True)
    summary = models.TextField("情况说明", blank=True)
    reason = models.TextField("不适用理由", blank=True)
    consultation_id = models.PositiveBigIntegerField("征求意见（公众参与编号）", null=True, blank=True)
    document_title = models.CharField("文书名称", max_length=200, blank=True)
    document_url = models.URLField("文书链接", blank=True, max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "决策程序记录"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["decision", "kind"], name="decisions_one_record_per_step")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.get_status_display()}"


# --- 会议开放 ---------------------------------------------------------------------------------------


class MeetingState(models.TextChoices):
    DRAFT = "draft", "草稿"
    ANNOUNCED = "announced", "报名中"
    SELECTED = "selected", "已确定参会人员"
    HELD = "held", "已召开"


class Selection(models.TextChoices):
    FIRST_COME = "first_come", "按报名先后"
    LOTTERY = "lottery", "随机抽取"


class Meeting(models.Model):
    """A government meeting opened to 列席/旁听 (seed 004（三）: 旁听政府有关会议、网络直播)."""

    org = models.ForeignKey(Organization, verbose_name="召开机关", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("会议名称", max_length=200)
    agenda = models.TextField("会议议题", max_length=5000)
    held_at = models.DateTimeField("召开时间")
    location = models.CharField("地点", max_length=200)
    registration_ends_on = models.DateField("报名截止日期")
    capacity = models.PositiveSmallIntegerField("名额", validators=[MinValueValidator(1), MaxValueValidator(500)])
    selection = models.CharField("遴选方式", max_length=20, choices=Selection.choices, default=Selection.FIRST_COME)
    decision = models.ForeignKey(
        Decision, verbose_name="相关决策事项", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    live_url = models.URLField("直播链接", blank=True, max_length=500)
    record_url = models.URLField("会议记录或回放链接", blank=True, max_length=500)
    state = models.CharField("状态", max_length=20, choices=MeetingState.choices, default=MeetingState.DRAFT)
    lottery_seed = models.CharField("抽签种子", max_length=64, blank=True)

    class Meta:
        verbose_name = "开放会议"
        verbose_name_plural = verbose_name
        ordering = ["-held_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.TextChoices):
    OBSERVE = "observe", "旁听"
    ATTEND = "attend", "列席"


class MeetingRegistration(models.Model):
    """报名 to a meeting. Personal data: never public; the page shows counts only."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    kind = models.CharField("参会方式", max_length=20, choices=Attendance.choices, default=Attendance.OBSERVE)
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=30)
    unit = models.CharField("身份或单位", max_length=100, blank=True)
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    selected = models.BooleanField("入选", null=True)
    attended = models.BooleanField("实际出席", default=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "phone"], name="decisions_one_registration_per_phone")
        ]

    def __str__(self) -> str:
        return f"报名 {self.pk}"


# --- 建议提案 --------------------------------------------------------------------------------------


class ProposalKind(models.TextChoices):
    SUGGESTION = "suggestion", "人大代表建议"
    PROPOSAL = "proposal", "政协委员提案"


class ProposalState(models.TextChoices):
    REGISTERED = "registered", "已登记"
    HANDLING = "handling", "办理中"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"
    PUBLISHED = "published", "已公开"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class PublishMode(models.TextChoices):
    FULL = "full", "公开全文"
    SUMMARY = "summary", "公开摘要"


class Proposal(models.Model):
    """One 人大代表建议 or 政协委员提案, 交办 by the government office (``org``)."""

    org = models.ForeignKey(Organization, verbose_name="交办机关", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度", validators=YEAR_VALIDATORS)
    kind = models.CharField("类别", max_length=20, choices=ProposalKind.choices)
    number = models.CharField("编号", max_length=30)
    author = models.CharField("领衔代表/委员", max_length=100)
    delegation = models.CharField("代表团/界别", max_length=100, blank=True)
    subject = models.CharField("标题", max_length=200)
    field = models.CharField("领域", max_length=30)
    body = models.TextField("内容", max_length=20000, blank=True)
    state = models.CharField("状态", max_length=20, choices=ProposalState.choices, default=ProposalState.REGISTERED)
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    due_on = models.DateField("办理期限", null=True, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    satisfaction = models.CharField("满意度", max_length=20, choices=Satisfaction.choices, blank=True)
    satisfaction_note = models.TextField("代表/委员意见", blank=True)
    consent = models.BooleanField("代表/委员同意公开", default=False)
    publish_mode = models.CharField("公开方式", max_length=20, choices=PublishMode.choices, blank=True)
    public_summary = models.TextField("公开摘要", blank=True)
    summary_reason = models.TextField("不公开全文的理由", blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)

    class Meta:
        verbose_name = "建议提案"
        verbose_name_plural = verbose_name
        ordering = ["-year", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "kind", "number"], name="decisions_unique_proposal_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"


class UnitRole(models.TextChoices):
    LEAD = "lead", "主办"
    JOINT = "joint", "会办"


class UnitState(models.TextChoices):
    ASSIGNED = "assigned", "待办理"
    DRAFTED = "drafted", "答复已拟稿"
    ANSWERED = "answered", "已答复"


class ProposalUnit(models.Model):
    """One unit's part of a proposal: 主办 answers the 代表/委员, 会办 gives its 会办意见."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="units")
    org = models.ForeignKey(Organization, verbose_name="承办单位", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("分工", max_length=10, choices=UnitRole.choices)
    state = models.CharField("状态", max_length=20, choices=UnitState.choices, default=UnitState.ASSIGNED)
    reply = models.TextField("答复内容", blank=True)
    signed_by = models.CharField("签发人", max_length=50, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)

    class Meta:
        ordering = ["role", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "org"], name="decisions_one_part_per_unit")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}：{self.org_id}"


class ProposalSettings(models.Model):
    """The office's 办理期限 (commonly 3 months from 交办; set per org, inherited down the tree)."""

    org = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    reply_months = models.PositiveSmallIntegerField(
        "办理期限（月）", default=3, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )

    def __str__(self) -> str:
        return f"办理期限 {self.reply_months} 个月"

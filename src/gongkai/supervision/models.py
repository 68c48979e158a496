"""督查考核 data: the year's 工作要点 (Plan) and its tasks, each responsible unit's assignment with
its progress reports and 督办 records; the assessment scheme, its score sheets and manual
points; 专项督查 and 约谈 records; training sessions and attendance.

Data and invariants only. States move through the engine (``supervision.transitions``); the
period due dates are derived in one place (``supervision.schedule``)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gongkai.core.uploads import UploadPath
from gongkai.orgs.models import Organization


class Recurrence(models.TextChoices):
    NONE = "", "不重复"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    HALF_YEARLY = "half_yearly", "每半年"
    YEARLY = "yearly", "每年"


class Plan(models.Model):
    """One org's 工作要点 for a year, as imported from the published document."""

    org = models.ForeignKey(Organization, verbose_name="制定机关", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField("标题", max_length=200)
    source_name = models.CharField("来源文件", max_length=200, blank=True)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "工作要点"
        verbose_name_plural = "工作要点"
        ordering = ["-year", "org_id"]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    seq = models.PositiveIntegerField("顺序")
    number = models.CharField("序号", max_length=40)
    title = models.CharField("任务", max_length=300)
    body = models.TextField("内容")
    units_text = models.CharField("责任单位（原文）", max_length=1000, blank=True)
    due = models.DateField("完成时限", null=True, blank=True)
    recurrence = models.CharField("周期", max_length=16, choices=Recurrence.choices, blank=True, default="")

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["plan_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="supervision_uniq_task_seq")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class UnitRole(models.TextChoices):
    LEAD = "lead", "牵头单位"
    SUPPORT = "support", "责任单位"


class UnitName(models.Model):
    """A unit name as the document writes it, on a task; matched to an org or waiting for a person."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="unit_names")
    name = models.CharField("单位名称（原文）", max_length=100)
    role = models.CharField("职责", max_length=10, choices=UnitRole.choices)
    resolved = models.BooleanField("已匹配", default=False)

    class Meta:
        ordering = ["task_id", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class UnitAlias(models.Model):
    """A name mapped by a person, remembered for the next import under the same org: to one org,
    or (org empty) to nothing, for a phrase that names no single unit ("县直有关单位")."""

    scope = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("单位名称（原文）", max_length=100)
    org = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "name"], name="supervision_uniq_alias")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", "待报送"
    REPORTED = "reported", "已报送"
    RETURNED = "returned", "已退回"
    DONE = "done", "已办结"


class Assignment(models.Model):
    """One responsible unit's part of a task: what its 工作台 lists and the workflow moves."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    org = models.ForeignKey(Organization, verbose_name="责任单位", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("职责", max_length=10, choices=UnitRole.choices)
    state = models.CharField("状态", max_length=16, choices=AssignmentState.choices, default=AssignmentState.ASSIGNED)
    period = models.PositiveSmallIntegerField("当前报送期次", default=0)
    due_on = models.DateField("本期报送期限", db_index=True)
    done_on = models.DateField("办结日期", null=True, blank=True)

    class Meta:
        verbose_name = "任务分工"
        verbose_name_plural = "任务分工"
        ordering = ["task__plan_id", "task__seq", "role", "org__path"]
        constraints = [models.UniqueConstraint(fields=["task", "org"], name="supervision_uniq_assignment")]

    def __str__(self) -> str:
        return f"{self.task} · {self.org}"


class ProgressReport(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    period = models.PositiveSmallIntegerField("期次")
    text = models.TextField("进展情况")
    reported_on = models.DateField("报送日期")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    review_note = models.TextField("审核意见", blank=True)
    accepted = models.BooleanField("已通过", default=False)

    class Meta:
        ordering = ["assignment_id", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=UploadPath("supervision"))
    name = models.CharField(max_length=200)
    media_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class ReportLink(models.Model):
    """A publication the report points to (its pk in disclosure, and its title when linked)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="links")
    publication_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Escalation(models.Model):
    """督办: an overdue assignment pressed by the office, with what was said and when."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="escalations")
    period = models.PositiveSmallIntegerField("期次")
    due_on = models.DateField("逾期的期限")
    on = models.DateField("督办日期")
    note = models.TextField("督办要求")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-id"]

    # --- assessment ----------------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Scheme(models.Model):
    """The year's assessment scheme of an org over the units beneath it."""

    org = models.ForeignKey(Organization, verbose_name="考核机关", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField("名称", max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="supervision_uniq_scheme")]

    def __str__(self) -> str:
        return self.title


class Rule(models.TextChoices):
    PROPORTIONAL = "proportional", "按比例得分（满分×比率）"
    THRESHOLD = "threshold", "达到目标值得满分，否则不得分"
    DEDUCT = "deduct", "每项问题扣分，扣完为止"
    MANUAL = "manual", "人工评分"


class Indicator(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("编号", max_length=20)
    name = models.CharField("指标", max_length=100)
    weight = models.DecimalField(
        "分值", max_digits=6, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(1000)]
    )
    source = models.CharField("数据来源", max_length=40, blank=True)  # a key of indicators.REGISTRY
    rule = models.CharField("评分规则", max_length=16, choices=Rule.choices)
    target = models.DecimalField("目标值", max_digits=6, decimal_places=4, null=True, blank=True)
    per_item = models.DecimalField("每项扣分", max_digits=6, decimal_places=2, null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scheme_id", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="supervision_uniq_indicator")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class SheetState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class ScoreSheet(models.Model):
    """Scores of every unit on every indicator. A published sheet is frozen: recomputing writes
    a new draft, never a published sheet."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="sheets")
    state = models.CharField("状态", max_length=16, choices=SheetState.choices, default=SheetState.DRAFT)
    computed_on = models.DateField("计算日期")
    published_on = models.DateField("发布日期", null=True, blank=True)

    class Meta:
        ordering = ["scheme_id", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    indicator_code = models.CharField(max_length=20)
    indicator_name = models.CharField(max_length=100)
    weight = models.DecimalField(max_digits=6, decimal_places=2)
    points = models.DecimalField(max_digits=7, decimal_places=2)
    value = models.CharField("取值", max_length=100, blank=True)
    explanation = models.TextField("计分说明", blank=True)
    evidence = models.JSONField("依据", default=list)

    class Meta:
        ordering = ["sheet_id", "org__path", "indicator_code"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class ManualPoint(models.Model):
    """Points added or deducted by hand, with the reason (an indicator's manual score or a bonus)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="manual_points")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    indicator_code = models.CharField(max_length=20, blank=True)
    points = models.DecimalField(
        "分数", max_digits=6, decimal_places=2, validators=[MinValueValidator(-100), MaxValueValidator(100)]
    )
    reason = models.CharField("理由", max_length=500)
    on = models.DateField("日期")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class SpecialCheck(models.Model):
    """专项督查 (国办发〔2016〕8号 实施细则: 每年至少开展两次专项督查)."""

    org = models.ForeignKey(Organization, verbose_name="督查机关", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("督查事项", max_length=200)
    held_on = models.DateField("督查日期")
    units = models.ManyToManyField(Organization, verbose_name="被督查单位", related_name="+")
    findings = models.TextField("发现的问题")
    requirements = models.TextField("整改要求", blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Interview(models.Model):
    """约谈: a unit's head called in over work not done or problems with bad effects."""

    org = models.ForeignKey(Organization, verbose_name="约谈机关", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Organization, verbose_name="被约谈单位", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("约谈日期")
    reason = models.TextField("约谈事由")
    attendees = models.CharField("参加人员", max_length=300)
    outcome = models.TextField("约谈结果及整改要求", blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class TrainingSession(models.Model):
    org = models.ForeignKey(Organization, verbose_name="主办机关", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("培训主题", max_length=200)
    held_on = models.DateField("培训日期")
    hours = models.DecimalField(
        "学时", max_digits=4, decimal_places=1, validators=[MinValueValidator(0.5), MaxValueValidator(80)]
    )
    place = models.CharField("地点或方式", max_length=200, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    org = models.ForeignKey(Organization, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务或岗位", max_length=50, blank=True)

    class Meta:
        ordering = ["session_id", "org__path", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

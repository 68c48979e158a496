"""Annual reports (政府信息公开工作年度报告): the working copy, its published versions, and the
business figures of table 二 that the platform does not hold.

A draft's tables are never stored: they are computed from the data whenever they are read. At
publication the tables, the text and the validation result are frozen into a `ReportVersion`
(条例第五十条; evaluators check 发布后有变动, so a correction is a new version with its note,
never an edit of a published one).
"""

from django.conf import settings
from django.db import models

from gongkai.orgs.models import Organization


class ReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEW = "review", "待审核"
    PUBLISHED = "published", "已发布"


class ReportSource(models.TextChoices):
    GENERATED = "generated", "平台生成"
    IMPORTED = "imported", "导入（历史报告）"


class AnnualReport(models.Model):
    org = models.ForeignKey(Organization, verbose_name="报告机关", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("报告年度")
    format = models.CharField("格式", max_length=8, default="2021")
    source = models.CharField("来源", max_length=16, choices=ReportSource.choices, default=ReportSource.GENERATED)
    state = models.CharField("状态", max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    # The free-text sections 一、五、六 (prefilled from the data, then edited).
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other = models.TextField("六、其他需要报告的事项", blank=True)
    review_note = models.TextField("退回意见", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="reports_uniq_org_year")]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.year}"


class ReportVersion(models.Model):
    """One publication of a report, frozen: later data changes never alter it."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("版本")
    tables = models.JSONField("表格（发布时的快照）")
    prose = models.JSONField("正文（发布时的快照）")
    violations = models.JSONField("核对结果", default=list)
    override_reason = models.TextField("存在未通过的勾稽关系仍发布的理由", blank=True)
    change_note = models.TextField("更正说明", blank=True)
    published_on = models.DateField("发布日期")
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "年度报告发布版本"
        verbose_name_plural = "年度报告发布版本"
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="reports_uniq_version")]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"


class ReportFigures(models.Model):
    """Table 二 figures the platform does not hold (条例第二十条第（五）（六）（八）项):
    行政许可、行政处罚、行政强制 decisions and 行政事业性收费 (万元), per org and year."""

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    licensing = models.PositiveIntegerField("行政许可 本年处理决定数量", null=True, blank=True)
    punishment = models.PositiveIntegerField("行政处罚 本年处理决定数量", null=True, blank=True)
    coercion = models.PositiveIntegerField("行政强制 本年处理决定数量", null=True, blank=True)
    fee_amount = models.DecimalField(
        "行政事业性收费 本年收费金额（万元）", max_digits=14, decimal_places=4, null=True, blank=True
    )
    source = models.CharField("来源", max_length=200, blank=True)  # "录入" or the imported file's name
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "年度报告业务数据"
        verbose_name_plural = "年度报告业务数据"
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="reports_uniq_figures")]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.year}"


class WebsiteReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class WebsiteReport(models.Model):
    """《政府网站工作年度报表》 of the org's site for one year (国办函〔2018〕12号; rows in
    reports/website.py). `values` is the working copy; `published_values` what the home page shows:
    reopening for a correction leaves the published statement public until the next publication."""

    org = models.ForeignKey(Organization, verbose_name="网站主办单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("报表年度")
    state = models.CharField(
        "状态", max_length=16, choices=WebsiteReportState.choices, default=WebsiteReportState.DRAFT
    )
    values = models.JSONField("报表数据", default=dict)
    generated_at = models.DateTimeField("数据生成时间", null=True, blank=True)
    published_values = models.JSONField("已发布的报表数据", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    corrections = models.PositiveSmallIntegerField("更正次数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府网站工作年度报表"
        verbose_name_plural = "政府网站工作年度报表"
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="reports_uniq_website_org_year")]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.year}"

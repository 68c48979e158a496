from django.db import models

from gongkai.orgs.models import Organization


class Kind(models.TextChoices):
    """体裁: the kinds of government information real portals list."""

    POLICY = "policy", "政策文件"
    INTERPRETATION = "interpretation", "政策解读"
    NOTICE = "notice", "通知公告"
    PLAN = "plan", "规划计划"
    BUDGET = "budget", "财政预决算"
    WORK_REPORT = "work_report", "工作报告"
    PERSONNEL = "personnel", "人事信息"
    OTHER = "other", "其他"


class Publication(models.Model):
    """A published item of government information (主动公开).

    This is the foundation's first, deliberately small form: title, body text, the issuing
    org and the dates a portal shows. The publishing module extends it with 索引号, 文号,
    revisions, the review workflow and the catalog.
    """

    org = models.ForeignKey(
        Organization, verbose_name="发布机构", on_delete=models.PROTECT, related_name="publications"
    )
    title = models.CharField("信息名称", max_length=300)
    kind = models.CharField("体裁", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    body = models.TextField("正文")
    written_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", db_index=True)
    # Identifies where an imported item came from, so that importing twice changes nothing.
    source_key = models.CharField(max_length=100, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title

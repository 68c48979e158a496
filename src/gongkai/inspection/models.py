"""Inspections of websites and 政务新媒体 (国办秘函〔2019〕19号), rectification items, and the
new-media register (开设备案和动态管理, 动态关停: seed 002 七)."""

from django.conf import settings
from django.db import models

from gongkai.inspection.snapshot import ALL_KINDS, KIND_LABELS


class InspectedSite(models.Model):
    """A site the disclosure office inspects: one of the platform's own org sites (no URL: read
    from the database) or an external site by URL (departments not yet on the platform)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="主办单位")
    name = models.CharField("网站名称", max_length=100)
    url = models.URLField("网址", max_length=500, blank=True, help_text="留空表示本平台上该机构的网站，从数据库检查。")
    department = models.BooleanField(
        "部门网站（无对外服务功能）", default=False, help_text="按75分计并折算为百分制（×4/3）。"
    )
    scheduled = models.BooleanField("纳入季度检查", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "检查对象"
        verbose_name_plural = "检查对象"
        ordering = ["org__path", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Inspection(models.Model):
    site = models.ForeignKey(InspectedSite, on_delete=models.CASCADE, related_name="inspections")
    as_of = models.DateField("检查基准日")
    quarter = models.CharField("季度", max_length=7, db_index=True)  # e.g. 2024Q3
    source = models.CharField("检查方式", max_length=10, choices=[("http", "网络抓取"), ("database", "数据库")])
    verdict = models.CharField(
        "结论", max_length=12, choices=[("pass", "合格"), ("fail", "不合格"), ("unreachable", "无法检查")]
    )
    score = models.FloatField("得分", null=True)
    vetoes = models.JSONField("单项否决", default=dict)
    deductions = models.JSONField("扣分", default=dict)
    column_counts = models.JSONField("栏目统计", default=dict)
    pages = models.PositiveIntegerField("检查页面数", default=0)
    error = models.CharField("无法检查的原因", max_length=300, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("检查时间", auto_now_add=True)

    class Meta:
        verbose_name = "网站检查"
        verbose_name_plural = "网站检查"
        ordering = ["-as_of", "-id"]

    def __str__(self) -> str:
        return f"{self.site} {self.as_of}"


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField("问题类型", max_length=24, choices=[(k, KIND_LABELS[k]) for k in ALL_KINDS])
    url = models.CharField("页面", max_length=500)
    target = models.CharField("链接", max_length=500, blank=True)
    column = models.CharField("栏目", max_length=100, blank=True)
    detail = models.CharField("说明", max_length=500)
    evidence = models.JSONField("证据", default=dict)

    class Meta:
        verbose_name = "检查发现"
        verbose_name_plural = "检查发现"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.url}"


class RectificationState(models.TextChoices):
    OPEN = "open", "待整改"
    SUBMITTED = "submitted", "已报整改"
    VERIFIED = "verified", "已核验"
    REOPENED = "reopened", "重新整改"


class Rectification(models.Model):
    """A finding to fix by a deadline (限期整改, seed 002 七), assigned to the site's org."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="整改单位")
    site = models.ForeignKey(InspectedSite, on_delete=models.CASCADE, related_name="rectifications")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="rectifications")
    kind = models.CharField("问题类型", max_length=24, choices=[(k, KIND_LABELS[k]) for k in ALL_KINDS])
    key = models.CharField("问题标识", max_length=1200)  # kind|url|target|column: matched by the next check
    due_on = models.DateField("整改期限")
    state = models.CharField("状态", max_length=12, choices=RectificationState.choices, default=RectificationState.OPEN)
    response = models.TextField("整改情况", blank=True)
    review_note = models.TextField("核验意见", blank=True)
    verified_by_inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("下发时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.due_on}）"


class OrgWordingRule(models.Model):
    """An org's own 严重表述错误 (leaders' names, local place names), added to the shipped list."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    pattern = models.CharField("错误表述", max_length=200)
    correction = models.CharField("正确表述", max_length=200, blank=True)
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "本单位表述错误规则"
        verbose_name_plural = "本单位表述错误规则"
        constraints = [models.UniqueConstraint(fields=["org", "pattern"], name="inspection_orgwordingrule_unique")]

    def __str__(self) -> str:
        return self.pattern


class Platform(models.TextChoices):
    WECHAT = "wechat", "微信公众号"
    WEIBO = "weibo", "微博"
    DOUYIN = "douyin", "抖音"
    TOUTIAO = "toutiao", "头条号"
    APP = "app", "移动客户端"
    OTHER = "other", "其他"


class AccountStatus(models.TextChoices):
    ACTIVE = "active", "正常运营"
    RECTIFYING = "rectifying", "限期整改"
    CLOSED = "closed", "已关停"
    DEREGISTERED = "deregistered", "已注销"


class MediaAccount(models.Model):
    """A 政务新媒体 account in the register (开设备案)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="主办单位")
    platform = models.CharField("平台", max_length=12, choices=Platform.choices)
    name = models.CharField("账号名称", max_length=100)
    account_id = models.CharField("账号标识", max_length=100, blank=True)
    registered_on = models.DateField("开设备案日期")
    responsible = models.CharField("责任人", max_length=50)
    contact = models.CharField("联系方式", max_length=50, blank=True)
    feed_url = models.URLField("信息源地址", max_length=500, blank=True, help_text="RSS/Atom 地址，用于检查更新。")
    has_interaction = models.BooleanField("提供互动功能", default=True)
    last_post_on = models.DateField("最近更新日期", null=True, blank=True)
    last_checked_on = models.DateField("最近检查日期", null=True, blank=True)
    status = models.CharField("状态", max_length=14, choices=AccountStatus.choices, default=AccountStatus.ACTIVE)
    status_reason = models.CharField("状态原因", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "政务新媒体账号"
        verbose_name_plural = "政务新媒体账号"
        ordering = ["org__path", "platform", "name"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "name", "org"], name="inspection_mediaaccount_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.name}"


class MediaPost(models.Model):
    """What was read of an account: a feed item or a manual entry (date, interaction seen)."""

    account = models.ForeignKey(MediaAccount, on_delete=models.CASCADE, related_name="posts")
    posted_on = models.DateField("发布日期")
    title = models.CharField("标题", max_length=200, blank=True)
    manual = models.BooleanField("人工录入", default=True)

    class Meta:
        ordering = ["-posted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.account_id} {self.posted_on}"

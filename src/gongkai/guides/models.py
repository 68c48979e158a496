"""办事指南: service items, their versioned guides, the forms to download, links to policies.

A guide is published as versions: a change is a new draft (a copy of the current text), so what
the public read on any day stays on record. Policies live in `disclosure`; a link stores the
publication's pk only (domain apps do not share models).
"""

from django.db import models

from gongkai.core.uploads import UploadPath


class ItemType(models.TextChoices):
    # The 事项类型 of 政务服务事项 as the national 事项清单 names them.
    LICENSING = "licensing", "行政许可"
    PAYMENT = "payment", "行政给付"
    CONFIRMATION = "confirmation", "行政确认"
    AWARD = "award", "行政奖励"
    RULING = "ruling", "行政裁决"
    OTHER_POWER = "other_power", "其他行政权力"
    PUBLIC_SERVICE = "public_service", "公共服务"


class VersionState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被替代"
    DISCARDED = "discarded", "已放弃"


class ServiceItem(models.Model):
    """One 政务服务事项 of an org (its name and type; the guide text is on its versions)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="service_items")
    code = models.CharField("事项编码", max_length=64, blank=True)
    name = models.CharField("事项名称", max_length=200)
    item_type = models.CharField("事项类型", max_length=20, choices=ItemType.choices)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "服务事项"
        verbose_name_plural = "服务事项"
        ordering = ["org_id", "name", "id"]

    def __str__(self) -> str:
        return self.name


class GuideVersion(models.Model):
    """The 办事指南 of an item as one version (the standard elements)."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    state = models.CharField("状态", max_length=20, choices=VersionState.choices, default=VersionState.DRAFT)
    basis = models.TextField("设定依据", blank=True)
    conditions = models.TextField("受理条件", blank=True)
    materials = models.TextField("申请材料", blank=True, help_text="每行一项")
    process = models.TextField("办理流程", blank=True)
    legal_days = models.PositiveIntegerField("法定办结时限（工作日）", null=True, blank=True)
    promised_days = models.PositiveIntegerField("承诺办结时限（工作日）", null=True, blank=True)
    fees = models.TextField("收费标准", blank=True)
    place_and_hours = models.TextField("办理地点和时间", blank=True)
    consult_phone = models.CharField("咨询电话", max_length=64, blank=True)
    complaint_phone = models.CharField("监督投诉电话", max_length=64, blank=True)
    online_url = models.URLField("网上办理地址", max_length=500, blank=True)
    change_note = models.CharField("变更说明", max_length=500, blank=True)
    # The day the 办事条件 changed: the 1-working-day publication clock starts here.
    changed_on = models.DateField("办事条件变化日", null=True, blank=True)
    publish_due = models.DateField("应发布日期", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_late = models.BooleanField("逾期发布", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "办事指南版本"
        verbose_name_plural = "办事指南版本"
        ordering = ["item_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="guides_version_item_number")]

    def __str__(self) -> str:
        return f"{self.item.name} 第{self.number}版"

    def material_lines(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class GuideForm(models.Model):
    """A form (申请表、示范文本) to download with a version."""

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="forms")
    name = models.CharField("文件名", max_length=200)
    file = models.FileField("文件", upload_to=UploadPath("guides"))
    size = models.PositiveIntegerField("大小")
    media_type = models.CharField("类型", max_length=100)

    class Meta:
        verbose_name = "表格下载"
        verbose_name_plural = "表格下载"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class PolicyLink(models.Model):
    """ "政策+解读+办事": an item linked to a policy publication (its interpretations follow)."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="policy_links")
    publication_id = models.PositiveBigIntegerField("政策文件编号", db_index=True)

    class Meta:
        verbose_name = "关联政策"
        verbose_name_plural = "关联政策"
        constraints = [
            models.UniqueConstraint(fields=["item", "publication_id"], name="guides_policy_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.publication_id}"

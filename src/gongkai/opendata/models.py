"""政府数据开放: a catalogue of datasets, their resources (files or API links), downloads, and
requests for 有条件开放 datasets (seed 004（九）: 建立政府数据资源开放目录，推进分级开放)."""

from django.db import models

from gongkai.core.uploads import UploadPath


class OpenType(models.TextChoices):
    UNCONDITIONAL = "unconditional", "无条件开放"
    CONDITIONAL = "conditional", "有条件开放"


class Frequency(models.TextChoices):
    DAILY = "daily", "每日"
    WEEKLY = "weekly", "每周"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    YEARLY = "yearly", "每年"
    IRREGULAR = "irregular", "不定期"


class Licence(models.TextChoices):
    CC_BY = "cc-by", "知识共享署名 4.0（CC BY 4.0）"
    CC_ZERO = "cc-zero", "知识共享零（CC0 1.0）"
    OPEN_GOV = "gov-open", "政府数据开放许可协议（署名，可商用）"


class DatasetState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已开放"
    WITHDRAWN = "withdrawn", "已下线"


class Dataset(models.Model):
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="datasets")
    title = models.CharField("数据集名称", max_length=200)
    description = models.TextField("摘要", blank=True)
    topic = models.CharField("主题", max_length=50, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    update_frequency = models.CharField("更新频率", max_length=20, choices=Frequency.choices)
    licence = models.CharField("开放许可", max_length=20, choices=Licence.choices, default=Licence.OPEN_GOV)
    open_type = models.CharField("开放类型", max_length=20, choices=OpenType.choices)
    open_conditions = models.TextField("开放条件", blank=True)
    # [{"name": "...", "type": "...", "description": "..."}]: the column descriptions.
    fields = models.JSONField("数据项", default=list, blank=True)
    state = models.CharField("状态", max_length=20, choices=DatasetState.choices, default=DatasetState.DRAFT)
    published_at = models.DateTimeField("开放时间", null=True, blank=True)
    data_updated_on = models.DateField("数据更新日期", null=True, blank=True)
    download_count = models.PositiveBigIntegerField("下载次数", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    modified_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "开放数据集"
        verbose_name_plural = "开放数据集"
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ResourceFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    JSON = "json", "JSON"
    API = "api", "API接口"


class Resource(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField("资源名称", max_length=200)
    format = models.CharField("格式", max_length=10, choices=ResourceFormat.choices)
    file = models.FileField("文件", upload_to=UploadPath("opendata"), blank=True)
    url = models.URLField("接口地址", max_length=500, blank=True)
    size = models.PositiveBigIntegerField("大小", default=0)
    encoding = models.CharField("原始编码", max_length=20, blank=True)
    columns = models.JSONField("列名", default=list, blank=True)
    preview = models.JSONField("预览行", default=list, blank=True)
    row_count = models.PositiveIntegerField("行数", null=True, blank=True)
    download_count = models.PositiveBigIntegerField("下载次数", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "数据资源"
        verbose_name_plural = "数据资源"
        ordering = ["dataset_id", "id"]

    def __str__(self) -> str:
        return self.name


class RequestState(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已同意"
    REJECTED = "rejected", "未同意"


class AccessRequest(models.Model):
    """A request to use a 有条件开放 dataset. The applicant's data is never public."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="requests")
    applicant = models.CharField("申请人（单位）", max_length=200)
    contact = models.CharField("联系方式", max_length=100)
    purpose = models.TextField("用途说明")
    state = models.CharField("状态", max_length=20, choices=RequestState.choices, default=RequestState.PENDING)
    decision_note = models.TextField("审核意见", blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = "有条件开放申请"
        verbose_name_plural = "有条件开放申请"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.dataset_id}#{self.pk}"

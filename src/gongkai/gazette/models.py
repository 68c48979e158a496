"""政府公报: issues (year, number, date) and their contents, each entry linked to a publication.

A publication is referenced by pk only (domain apps do not share models); what the entry shows
(title, 文号, 体裁) is copied when it is added, since a published issue never changes.
"""

from django.db import models


class IssueState(models.TextChoices):
    DRAFT = "draft", "编辑中"
    PUBLISHED = "published", "已出版"
    DISCARDED = "discarded", "已作废"


class Section(models.TextChoices):
    RULE = "rule", "政府规章"
    NORMATIVE = "normative", "行政规范性文件"
    DOCUMENT = "document", "政府文件"
    PERSONNEL = "personnel", "人事任免"
    OTHER = "other", "其他"


class GazetteIssue(models.Model):
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="gazette_issues")
    year = models.PositiveIntegerField("年份")
    number = models.PositiveIntegerField("期号")
    total_number = models.PositiveIntegerField("总期号", null=True, blank=True)
    issued_on = models.DateField("出版日期")
    state = models.CharField("状态", max_length=20, choices=IssueState.choices, default=IssueState.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "政府公报"
        verbose_name_plural = "政府公报"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "number"], name="gazette_issue_org_year_number"),
        ]

    def __str__(self) -> str:
        return f"{self.org.name}公报{self.year}年第{self.number}期"

    @property
    def title(self) -> str:
        return f"{self.org.name}公报 {self.year}年第{self.number}期"


class GazetteEntry(models.Model):
    issue = models.ForeignKey(GazetteIssue, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField("排序")
    section = models.CharField("栏目", max_length=20, choices=Section.choices)
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    publication_id = models.PositiveBigIntegerField("关联政府信息", null=True, blank=True, db_index=True)
    # 《规章制定程序条例》第三十二条: 在地方人民政府公报上刊登的规章文本为标准文本; the same is
    # practised for 行政规范性文件 (国办发〔2018〕37号 requires 统一登载; tag [L]).
    standard_text = models.BooleanField("标准文本", default=False)
    text = models.TextField("正文", blank=True)

    class Meta:
        verbose_name = "公报目录条目"
        verbose_name_plural = "公报目录条目"
        ordering = ["issue_id", "position", "id"]

    def __str__(self) -> str:
        return self.title

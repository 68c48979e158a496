"""标准目录: an org's 基层政务公开事项标准目录, one catalog per area, kept in versions.

An org (a county, a department, a township, a village) has at most one `Catalog` per area of
the 26 (国办发〔2019〕54号). Its content lives in `CatalogVersion`s: a version is drafted
(imported from the org's workbook, or copied from the published one), its items edited, then
published through the transition engine; the previously published version is superseded and
kept. The public sees the published version only.

A `CatalogItem` is one 二级事项 with the columns of the published layout (regulations.md §3.3).
It binds to a column of the org's 主动公开目录 (disclosure's CatalogNode, referenced by name so
this app never imports disclosure's models): publications filed in that column count toward
the item's coverage (国办发〔2019〕54号: 标准目录与网站主动公开目录融合; seed 002 八).
"""

from django.conf import settings
from django.db import models

from gongkai.catalogs.vocab import AREA_CHOICES, STAGE_CHOICES


class Catalog(models.Model):
    org = models.ForeignKey("orgs.Organization", verbose_name="机构", on_delete=models.CASCADE, related_name="+")
    area = models.CharField("领域", max_length=32, choices=AREA_CHOICES)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "标准目录"
        verbose_name_plural = "标准目录"
        ordering = ["org", "area"]
        constraints = [models.UniqueConstraint(fields=["org", "area"], name="uniq_catalog_org_area")]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.get_area_display()}"


class VersionState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被新版本替代"
    DISCARDED = "discarded", "已放弃"


class CatalogVersion(models.Model):
    catalog = models.ForeignKey(Catalog, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    state = models.CharField("状态", max_length=16, choices=VersionState.choices, default=VersionState.DRAFT)
    source = models.CharField("来源", max_length=200, blank=True)  # file name or "模板"/"复制自第N版"
    note = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "标准目录版本"
        verbose_name_plural = "标准目录版本"
        ordering = ["catalog", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["catalog", "number"], name="uniq_catalog_version_number"),
            # At most one draft and one published version per catalog at any time.
            models.UniqueConstraint(
                fields=["catalog", "state"],
                condition=models.Q(state__in=["draft", "published"]),
                name="uniq_catalog_open_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.catalog}（第{self.number}版）"


class CatalogItem(models.Model):
    version = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("顺序")
    serial = models.CharField("序号", max_length=20, blank=True)
    stage = models.CharField("过程", max_length=8, choices=STAGE_CHOICES, blank=True)  # 五公开
    level1 = models.CharField("一级事项", max_length=200)
    level2 = models.CharField("二级事项", max_length=200)
    content = models.TextField("公开内容（要素）", blank=True)
    basis = models.TextField("公开依据", blank=True)
    deadline_text = models.CharField("公开时限", max_length=500, blank=True)
    deadline_rule = models.JSONField("公开时限（解析）", default=dict)
    deadline_flagged = models.BooleanField("时限待人工确认", default=False, db_index=True)
    subject = models.CharField("公开主体", max_length=300, blank=True)
    channels = models.JSONField("公开渠道和载体", default=list)
    audience_public = models.BooleanField("公开对象：全社会", default=False)
    audience_specific = models.BooleanField("公开对象：特定群体", default=False)
    proactive = models.BooleanField("公开方式：主动", default=False)
    on_request = models.BooleanField("公开方式：依申请", default=False)
    county = models.BooleanField("公开层级：县级", default=False)
    township = models.BooleanField("公开层级：乡级", default=False)
    village = models.BooleanField("公开层级：村级", default=False)
    # 负面清单: neither 主动 nor 依申请; kept with the legal ground for not disclosing
    # (条例第十四、十五、十六条).
    withholding_ground = models.TextField("不予公开依据", blank=True)
    column = models.ForeignKey(
        "disclosure.CatalogNode",
        verbose_name="主动公开目录栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "标准目录事项"
        verbose_name_plural = "标准目录事项"
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="uniq_catalog_item_position")]
        indexes = [models.Index(fields=["column"])]

    def __str__(self) -> str:
        return f"{self.level1} / {self.level2}"

    @property
    def negative_list(self) -> bool:
        return not self.proactive and not self.on_request

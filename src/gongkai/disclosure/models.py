"""主动公开: publications with their statutory metadata, revisions, review, catalog, attachments.

`Publication` holds what the public sees: its columns are a copy of the last revision that was
approved and published, so that lists, filters and feeds read one table. Work in progress lives
in `Revision` rows; a new revision never changes the public text until it is approved.
"""

from collections.abc import Iterable
from typing import cast

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.core.lookups import Constant
from gongkai.core.uploads import UploadPath
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role


class Kind(models.TextChoices):
    """体裁: the kinds of government information real portals list."""

    POLICY = "policy", "政策文件"
    INTERPRETATION = "interpretation", "政策解读"
    NOTICE = "notice", "通知公告"
    PLAN = "plan", "规划计划"
    BUDGET = "budget", "财政预决算"
    WORK_REPORT = "work_report", "工作报告"
    PERSONNEL = "personnel", "人事信息"
    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER = "other", "其他"


class DisclosureMode(models.TextChoices):
    """公开方式, set when the document is drafted (国办发〔2016〕80号)."""

    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class WithholdingGround(models.TextChoices):
    """Legal grounds for not disclosing proactively: 条例第十四、十五、十六条."""

    STATE_SECRET = "state_secret", "依法确定为国家秘密（第十四条）"
    LAW_PROHIBITS = "law_prohibits", "法律、行政法规禁止公开（第十四条）"
    SECURITY_STABILITY = "security_stability", "公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）"
    THIRD_PARTY = "third_party", "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害（第十五条）"
    INTERNAL_AFFAIRS = "internal_affairs", "人事管理、后勤管理、内部工作流程等内部事务信息（第十六条第一款）"
    PROCESS_INFO = "process_info", "讨论记录、过程稿、磋商信函、请示报告等过程性信息（第十六条第二款）"
    ENFORCEMENT_FILES = "enforcement_files", "行政执法案卷信息（第十六条第二款）"


class Validity(models.TextChoices):
    """有效性: 《政府网站发展指引》 requires changes to be marked on the original document."""

    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"
    REVISED = "revised", "已修订"


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "审核中"
    APPROVED = "approved", "已签发待发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class InterpretationForm(models.TextChoices):
    TEXT = "text", "文字解读"
    GRAPHIC = "graphic", "图解"
    AUDIO_VIDEO = "audio_video", "音视频"
    QA = "qa", "简明问答"
    ONLINE_INTERVIEW = "online_interview", "在线访谈"
    PRESS_CONFERENCE = "press_conference", "新闻发布会"


class CatalogNode(models.Model):
    """A column of an org's 主动公开目录 (条例第十二条)."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="catalog_nodes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name = models.CharField("栏目名称", max_length=100)
    code = models.SlugField("栏目代码", max_length=60)
    sort_order = models.PositiveIntegerField("排序", default=0)
    path = models.CharField(max_length=255, editable=False, default="/", db_index=True)

    class Meta:
        verbose_name = "公开目录栏目"
        verbose_name_plural = "公开目录栏目"
        ordering = ["org", "path", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["org", "code"], name="uniq_catalog_code_per_org")]

    def __str__(self) -> str:
        return self.name

    def ancestor_ids(self) -> list[int]:
        """Ids from the first-level column down to this one, inclusive."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class IndexNumberSequence(models.Model):
    """The last 索引号 serial used per org and year; serials are never reused."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="uniq_index_sequence")]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.year}: {self.last_serial}"


# Rows the public may see, apart from the release time: the condition of the public-list indexes,
# written exactly as disclosure.selectors.public_publications() filters (the planners use a
# partial index only when the query's WHERE visibly implies its condition).
PUBLIC_ROWS = models.Q(published_revision__isnull=False, disclosure_mode=DisclosureMode.PROACTIVE) & ~models.Q(
    state=State.WITHDRAWN
)


# Public items no longer in force (失效, 废止, 已修订): the lists' 有效性 filter seeks them in an
# index of their own, which items in force (most of an archive) do not enter.
PUBLIC_NOT_IN_FORCE = PUBLIC_ROWS & ~models.Q(validity=Validity.VALID)


# A publication is filed in at most MAX_COLUMNS (services._common) columns: 20 ids of up to 19
# digits and their commas.
FILED_IN_MAX_LENGTH = 400
TOPIC_MAX_LENGTH = 100


def filed_in_value(column_ids: Iterable[int]) -> str:
    """Publication.filed_in for these columns: their ids in ascending order, comma-separated."""
    return ",".join(str(pk) for pk in sorted(set(column_ids)))


class Publication(models.Model):
    org = models.ForeignKey(
        Organization, verbose_name="发布机构", on_delete=models.PROTECT, related_name="publications"
    )
    co_issuers = models.ManyToManyField(Organization, verbose_name="联合发文机构", blank=True, related_name="+")
    catalog_nodes = models.ManyToManyField(
        CatalogNode, verbose_name="目录栏目", blank=True, related_name="publications"
    )
    # The ids of catalog_nodes, for counting a catalog from an index alone (filed_in_value;
    # written wherever the links are: services._common.file_publication_as, the bulk import).
    filed_in = models.CharField("所在栏目", max_length=FILED_IN_MAX_LENGTH, blank=True, default="", editable=False)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.DRAFT, db_index=True)
    index_number = models.CharField("索引号", max_length=64, unique=True, null=True, blank=True)

    # The public copy of the last published revision.
    title = models.CharField("信息名称", max_length=300)
    kind = models.CharField("体裁", max_length=20, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    topic = models.CharField("主题分类", max_length=TOPIC_MAX_LENGTH, blank=True)
    doc_number = models.CharField("文号", max_length=64, blank=True, db_index=True)
    doc_issuer_code = models.CharField("发文机关代字", max_length=40, blank=True)
    doc_year = models.PositiveSmallIntegerField("文号年份", null=True, blank=True)
    doc_serial = models.PositiveIntegerField("文号序号", null=True, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    formed_on = models.DateField("形成或变更日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True, db_index=True)
    public_from = models.DateTimeField("公开时间", null=True, blank=True, db_index=True)
    disclosure_mode = models.CharField(
        "公开方式", max_length=16, choices=DisclosureMode.choices, default=DisclosureMode.PROACTIVE
    )
    withholding_ground = models.CharField("不予公开理由", max_length=32, choices=WithholdingGround.choices, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    body_html = models.TextField("正文", blank=True)
    is_major_policy = models.BooleanField("重大政策", default=False)
    interprets = models.ForeignKey(
        "self",
        verbose_name="所解读的政策",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    interpretation_form = models.CharField("解读形式", max_length=20, choices=InterpretationForm.choices, blank=True)

    validity = models.CharField("有效性", max_length=12, choices=Validity.choices, default=Validity.VALID)
    validity_changed_on = models.DateField("失效/废止日期", null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", verbose_name="替代文件", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.TextField("撤回理由", blank=True)

    current_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    published_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Identifies where an imported item came from, so that importing twice changes nothing.
    source_key = models.CharField(max_length=100, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_on", "-id"]
        # The public lists walk a partial index in their ORDER BY order and stop at the page:
        # the condition is public_publications()'s, minus public_from (a range on it would make
        # the planner prefer the public_from index and sort every public row).
        indexes = [
            models.Index(fields=["org", "published_on"]),
            models.Index(fields=["-published_on", "-id"], name="pub_public_recent", condition=PUBLIC_ROWS),
            # public_from last: the release check of an org's list (and of its capped count,
            # which walks up to 1,000 matches) is answered from the index, not from every row.
            models.Index(
                fields=["org", "-published_on", "-id", "public_from"],
                name="pub_public_org_recent",
                condition=PUBLIC_ROWS,
            ),
            # Counting an org's catalog (selectors.catalog_tree): its public items grouped by
            # filed_in, read from this index alone and already in filed_in order (grouping the
            # list index's entries took twice as long). The condition's columns are in it too:
            # SQLite (3.40) counts an index as covering only when it holds every column the
            # query names, those of the partial condition included.
            models.Index(
                fields=["org", "filed_in", "public_from", "state", "disclosure_mode", "published_revision"],
                name="pub_public_org_filed",
                condition=PUBLIC_ROWS,
            ),
            # public_from last: the count of a kind's items (the policy library's pager) reads the
            # index alone, not each row for its public_from (1,001 policies at a million: 14 ms).
            models.Index(
                fields=["kind", "-published_on", "-id", "public_from"],
                name="pub_public_kind",
                condition=PUBLIC_ROWS,
            ),
            # 主题分类 filters the public lists: a topic few items have was found by
            # walking every public item in date order (a city's rare topic at a million items:
            # 1.2 s, refused by the anonymous read budget). By topic, and per org by kind or
            # topic (the lists of a subtree of SMALL_SUBTREE orgs or fewer), the read seeks to the
            # filter's own rows; public_from last, as in the org's list index.
            models.Index(
                fields=["topic", "-published_on", "-id", "public_from"],
                name="pub_public_topic_recent",
                condition=PUBLIC_ROWS,
            ),
            # A topic and a kind asked together of every org (the policy library by 主题分类, the
            # API's kind and topic): both sought. A category of 财政 holds mostly budgets and few
            # or no policies, and seeking its topic alone read every one of its items to find no
            # policy (41,651 at a million: 120-230 ms).
            models.Index(
                fields=["topic", "kind", "-published_on", "-id", "public_from"],
                name="pub_public_topic_kind",
                condition=PUBLIC_ROWS,
            ),
            models.Index(
                fields=["org", "kind", "-published_on", "-id", "public_from"],
                name="pub_public_org_kind",
                condition=PUBLIC_ROWS,
            ),
            models.Index(
                fields=["org", "topic", "-published_on", "-id", "public_from"],
                name="pub_public_org_topic",
                condition=PUBLIC_ROWS,
            ),
            # 有效性 other than 有效: asked for in the policy library, and held by a share of the items
            # that may be small (an archive's 已修订), so sought rather than walked to, as a topic.
            models.Index(
                fields=["validity", "-published_on", "-id", "public_from"],
                name="pub_public_not_in_force",
                condition=PUBLIC_NOT_IN_FORCE,
            ),
            models.Index(
                fields=["org", "validity", "-published_on", "-id", "public_from"],
                name="pub_public_org_not_in_force",
                condition=PUBLIC_NOT_IN_FORCE,
            ),
            models.Index(fields=["interprets", "published_on", "id"], name="pub_public_interp", condition=PUBLIC_ROWS),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def working_revision(self) -> "Revision":
        """The revision being worked on; every publication has one from its creation."""
        if self.current_revision is None:
            raise RuntimeError(f"publication {self.pk} has no revision")
        return self.current_revision


# public_publications() names the partial indexes' constants as `__constant` (core.lookups), and
# the 有效性 filter its index's: SQLite then sees that those terms are the index's condition and
# does not read each row to check them again.
for _field in ("disclosure_mode", "state", "validity"):
    cast(models.Field, Publication._meta.get_field(_field)).register_lookup(Constant)


class Revision(models.Model):
    """One version of a publication's content and metadata, as drafted; kept forever."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("版本号")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    title = models.CharField("信息名称", max_length=300)
    kind = models.CharField("体裁", max_length=20, choices=Kind.choices)
    topic = models.CharField("主题分类", max_length=TOPIC_MAX_LENGTH, blank=True)
    doc_number = models.CharField("文号", max_length=64, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    formed_on = models.DateField("形成或变更日期", null=True, blank=True)
    disclosure_mode = models.CharField("公开方式", max_length=16, choices=DisclosureMode.choices)
    withholding_ground = models.CharField("不予公开理由", max_length=32, choices=WithholdingGround.choices, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    body_html = models.TextField("正文", blank=True)
    is_major_policy = models.BooleanField("重大政策", default=False)
    interprets = models.ForeignKey(
        Publication, null=True, blank=True, on_delete=models.PROTECT, related_name="interpreting_revisions"
    )
    interpretation_form = models.CharField("解读形式", max_length=20, choices=InterpretationForm.choices, blank=True)
    # Where the revision files the item and who co-issues it, as drafted. The publication's own
    # links are the public ones: a published item moves to other columns only when a revision
    # that changes them is reviewed and released (先审后发), like its text.
    catalog_nodes = models.ManyToManyField(CatalogNode, verbose_name="目录栏目", blank=True, related_name="+")
    co_issuers = models.ManyToManyField(Organization, verbose_name="联合发文机构", blank=True, related_name="+")
    # The pre-publication scan (发布前审查) of this revision: when it ran and what it found, by
    # kind and severity only (never the values: they may be personal data).
    scanned_at = models.DateTimeField(null=True, blank=True)
    scan_summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "版本"
        verbose_name_plural = "版本"
        ordering = ["publication", "number"]
        constraints = [models.UniqueConstraint(fields=["publication", "number"], name="uniq_revision_number")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"


class ReviewStep(models.Model):
    """An org's review workflow, as data (like Wagtail's moderation): ordered steps, each with a role."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="review_steps")
    order = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("环节名称", max_length=50)
    role = models.CharField("审核角色", max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = "审核环节"
        verbose_name_plural = "审核环节"
        ordering = ["org", "order"]
        constraints = [models.UniqueConstraint(fields=["org", "order"], name="uniq_review_step_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Decision(models.TextChoices):
    APPROVE = "approve", "通过"
    REJECT = "reject", "退回"


class ReviewDecision(models.Model):
    """A reviewer's decision, bound to the exact revision it judged (先审后发、一事一审)."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="decisions")
    step_order = models.PositiveSmallIntegerField("环节顺序")
    step_name = models.CharField("环节名称", max_length=50)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField("结论", max_length=10, choices=Decision.choices)
    opinion = models.TextField("审核意见", blank=True)
    override_reason = models.TextField("未同步解读的理由", blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"
        ordering = ["revision", "decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.step_name}: {self.get_decision_display()}"


class Attachment(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=UploadPath("attachments"))
    name = models.CharField("文件名", max_length=200)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    text = models.TextField("提取的文本", blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    # Removed from the working revision. A removed attachment that was public stays public until
    # that revision is released (disclosure/attachments.py); the row and file stay for the record.
    removed_at = models.DateTimeField("删除时间", null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Taken off the public page at once (撤下), not at the next release: found to hold personal
    # data or to be the wrong file. It leaves the working revision too (removed_at).
    taken_down_at = models.DateTimeField("撤下时间", null=True, blank=True)
    takedown_reason = models.CharField("撤下理由", max_length=500, blank=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["publication", "id"]

    def __str__(self) -> str:
        return self.name

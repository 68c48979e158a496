"""公众参与: consultations on drafts (征求意见), the leader mailbox (领导信箱), 好差评 ratings and
open-day events. Data and invariants only; every write goes through `services`.

Personal data of writers, commenters, raters and participants (name, phone, e-mail) lives in
fields whose names start with `writer_`/`author_`/`rater_`/`participant_`; public reads never
select them, and what the public sees of a text is a masked copy (`public_*`).
"""

from typing import cast

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.core.lookups import Constant
from gongkai.core.uploads import UploadPath
from gongkai.orgs.models import Organization

# --- per-org settings -----------------------------------------------------------------------


class ParticipationSettings(models.Model):
    """Local time limits of an org (they apply to its subtree unless a descendant sets its own).

    The reply deadline of a mailbox and the rectification deadline of a bad rating are local
    rules (regulations.md §6.1, §6.3 [L]): 沈阳 3/10 WD, 四川 好差评 15 WD, 德州 5 WD.
    """

    org = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="participation_settings")
    mailbox_reply_working_days = models.PositiveSmallIntegerField("留言答复期限（工作日）", default=10)
    rectification_working_days = models.PositiveSmallIntegerField("差评整改期限（工作日）", default=15)
    feedback_working_days = models.PositiveSmallIntegerField("征求意见采纳情况反馈期限（工作日）", default=20)
    event_report_working_days = models.PositiveSmallIntegerField("活动举办情况发布期限（工作日）", default=10)

    class Meta:
        verbose_name = "公众参与期限设置"
        verbose_name_plural = "公众参与期限设置"

    def __str__(self) -> str:
        return f"{self.org}：留言{self.mailbox_reply_working_days}个工作日"


# --- consultations (征求意见) ------------------------------------------------------------------


class DraftType(models.TextChoices):
    """What is being consulted on: the type decides the legal minimum period (regulations §5.3)."""

    MAJOR_DECISION = "major_decision", "重大行政决策"
    RULE = "rule", "规章"
    MARKET = "market", "与市场主体生产经营活动密切相关的规定"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER = "other", "其他文件（工作方案等）"


class ConsultationState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    FEEDBACK_PUBLISHED = "feedback_published", "已公布采纳情况"
    WITHDRAWN = "withdrawn", "已撤回"


class Consultation(models.Model):
    org = models.ForeignKey(Organization, verbose_name="征求意见机构", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=300)
    draft_type = models.CharField("文件类型", max_length=20, choices=DraftType.choices, default=DraftType.NORMATIVE)
    notice_html = models.TextField("征求意见公告", blank=True)
    draft_html = models.TextField("征求意见稿", blank=True)
    explanation_html = models.TextField("起草说明", blank=True)
    channels = models.TextField(
        "意见提交渠道", blank=True, help_text="信函、传真、电子邮件的地址和号码（机构的联系方式）"
    )
    accepts_online = models.BooleanField("接受网上提交", default=True)
    identity_required = models.BooleanField("须填写姓名和联系方式", default=False)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期")
    ends_note = models.CharField("截止时间说明", max_length=100, blank=True, help_text="如：6月5日11时前")
    shortened_reason = models.TextField("期限缩短的理由", blank=True)
    state = models.CharField(
        "状态", max_length=20, choices=ConsultationState.choices, default=ConsultationState.DRAFT, db_index=True
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    feedback_note = models.TextField("采纳情况总体说明", blank=True)
    feedback_snapshot = models.JSONField("意见采纳情况", null=True, blank=True, editable=False)
    feedback_published_on = models.DateField("采纳情况公布日期", null=True, blank=True)
    # The final document as published by the disclosure app (an id, not a foreign key: domain
    # apps never share models). Checked against disclosure.selectors when it is set.
    final_publication_id = models.PositiveBigIntegerField("正式文件（公开信息编号）", null=True, blank=True)
    final_document_title = models.CharField("正式文件名称", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    source_key = models.CharField(max_length=100, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["org", "ends_on"])]

    def __str__(self) -> str:
        return self.title


class ConsultationAttachment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=UploadPath("consultations"))
    name = models.CharField("文件名", max_length=200)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "征求意见附件"
        verbose_name_plural = "征求意见附件"
        ordering = ["consultation", "id"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    PORTAL = "portal", "网站"
    LETTER = "letter", "信函"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    MEETING = "meeting", "座谈会"
    OTHER = "other", "其他"


class Moderation(models.TextChoices):
    PENDING = "pending", "待审核"
    SHOWN = "shown", "公开显示"
    NOT_SHOWN = "not_shown", "有效，不公开显示"
    INVALID = "invalid", "无效意见"


class Adoption(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "不予采纳"


class Comment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    channel = models.CharField("提交渠道", max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    paragraph = models.PositiveIntegerField("针对段落", null=True, blank=True)
    body = models.TextField("意见内容")
    public_body = models.TextField("公开显示的内容（已去标识化）", blank=True)
    received_on = models.DateField("收到日期")
    author_name = models.CharField("姓名或单位", max_length=100, blank=True)
    author_contact = models.CharField("联系方式", max_length=100, blank=True)
    moderation = models.CharField(
        "审核", max_length=10, choices=Moderation.choices, default=Moderation.PENDING, db_index=True
    )
    moderation_note = models.CharField("审核说明", max_length=200, blank=True)
    decision = models.CharField("采纳情况", max_length=12, choices=Adoption.choices, blank=True)
    decision_reason = models.TextField("理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["consultation", "id"]

    def __str__(self) -> str:
        return f"意见 {self.pk}"


# --- mailbox (领导信箱 / 网民留言) ----------------------------------------------------------------


class MessageCategory(models.TextChoices):
    CONSULT = "consult", "咨询"
    SUGGEST = "suggest", "建议"
    COMPLAIN = "complain", "投诉"
    HELP = "help", "求助"
    REPORT = "report", "举报"
    OTHER = "other", "其他"


class MessageState(models.TextChoices):
    RECEIVED = "received", "待转办"
    ROUTED = "routed", "办理中"
    REPLIED = "replied", "答复待审核"
    ANSWERED = "answered", "已办结"
    REOPENED = "reopened", "回访中"
    DISMISSED = "dismissed", "不予受理"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


# Letters on the 答复公开栏: the condition of the wall's indexes, written exactly as
# participation.wall_reads.reply_wall() filters (a partial index is used only when the query's
# WHERE visibly implies its condition; the state as `__constant`, core.lookups).
WALL_ROWS = models.Q(on_wall=True, wants_public=True) & ~models.Q(state=MessageState.DISMISSED)


class Message(models.Model):
    org = models.ForeignKey(Organization, verbose_name="信箱", on_delete=models.PROTECT, related_name="+")
    handling_org = models.ForeignKey(
        Organization, verbose_name="办理单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField("留言编号", max_length=20, unique=True)
    secret_digest = models.CharField(max_length=64, editable=False)
    category = models.CharField("类别", max_length=10, choices=MessageCategory.choices)
    subject = models.CharField("主题", max_length=100)
    body = models.TextField("留言内容")
    wants_public = models.BooleanField("同意公开", default=True)
    writer_name = models.CharField("姓名", max_length=50)
    writer_phone = models.CharField("联系电话", max_length=30, blank=True)
    writer_email = models.EmailField("电子邮箱", blank=True)
    received_on = models.DateField("收到日期", db_index=True)
    state = models.CharField(
        "状态", max_length=10, choices=MessageState.choices, default=MessageState.RECEIVED, db_index=True
    )
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(default=False)
    reply = models.TextField("答复内容", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_answered_on = models.DateField("首次答复日期", null=True, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    on_wall = models.BooleanField("在答复公开栏显示", default=False, db_index=True)
    public_subject = models.CharField("公开主题（已去标识化）", max_length=100, blank=True)
    public_body = models.TextField("公开留言（已去标识化）", blank=True)
    public_reply = models.TextField("公开答复（已去标识化）", blank=True)
    satisfaction = models.CharField("评价", max_length=12, choices=Satisfaction.choices, blank=True)
    rating_open = models.BooleanField("可评价", default=False)
    rated_on = models.DateField("评价日期", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("回访次数", default=0)
    dismiss_reason = models.CharField("不予受理理由", max_length=200, blank=True)
    token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "留言"
        verbose_name_plural = "留言"
        ordering = ["-received_on", "-id"]
        # The wall newest first, of everyone and of each mailbox (and a subtree's mailboxes,
        # orgs.selectors.subtree_scope): a province's letters run to hundreds of thousands a
        # year, and without these each page of the wall read and sorted all of them.
        indexes = [
            models.Index(fields=["-answered_on", "-id"], name="msg_wall_recent", condition=WALL_ROWS),
            models.Index(fields=["org", "-answered_on", "-id"], name="msg_wall_org_recent", condition=WALL_ROWS),
            # Work lists and 督办: the letters in a state, soonest due first (letters_overdue,
            # messages_for_staff), without sorting every open letter of a province.
            models.Index(fields=["state", "due_on", "id"], name="msg_state_due"),
            # The statistics of a period (participation.statistics), read from the index alone.
            # Not led by the org, so that no list of an org's letters takes it for its order.
            models.Index(
                fields=["received_on", "org", "state", "satisfaction", "first_answered_on", "due_on"],
                name="msg_statistics",
            ),
        ]

    def __str__(self) -> str:
        return self.code


cast(models.Field, Message._meta.get_field("state")).register_lookup(Constant)


class MessageEvent(models.Model):
    """The case history: routing, replies, review, ratings, 回访. Shown to staff only."""

    class Kind(models.TextChoices):
        RECEIVED = "received", "收到留言"
        ROUTED = "routed", "转办"
        REPLIED = "replied", "答复"
        RETURNED = "returned", "答复退回修改"
        RELEASED = "released", "答复审核通过"
        RATED = "rated", "评价"
        REOPENED = "reopened", "不满意，重新办理"
        FOLLOWED_UP = "followed_up", "回访"
        DISMISSED = "dismissed", "不予受理"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    on = models.DateField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["message", "at", "id"]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.get_kind_display()}"


# --- 好差评 -------------------------------------------------------------------------------------


class RatingLevel(models.IntegerChoices):
    """国办发〔2019〕51号: five levels; 不满意 and 非常不满意 are 差评."""

    VERY_SATISFIED = 5, "非常满意"
    SATISFIED = 4, "满意"
    BASIC = 3, "基本满意"
    UNSATISFIED = 2, "不满意"
    VERY_UNSATISFIED = 1, "非常不满意"


class ServiceChannel(models.TextChoices):
    ONSITE = "onsite", "现场服务（一次一评）"
    ONLINE = "online", "网上服务（一事一评）"


class Rating(models.Model):
    org = models.ForeignKey(Organization, verbose_name="被评价单位", on_delete=models.PROTECT, related_name="+")
    service_name = models.CharField("服务事项", max_length=200, blank=True)
    channel = models.CharField("渠道", max_length=10, choices=ServiceChannel.choices, default=ServiceChannel.ONLINE)
    level = models.PositiveSmallIntegerField("评价", choices=RatingLevel.choices)
    comment = models.TextField("评价内容", blank=True)
    rater_name = models.CharField("姓名", max_length=50, blank=True)
    rater_phone = models.CharField("联系电话", max_length=30, blank=True)
    rated_on = models.DateField("评价日期", db_index=True)
    token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "好差评"
        verbose_name_plural = "好差评"
        ordering = ["-rated_on", "-id"]
        # The statistics of a period (participation.statistics), read from the index alone.
        indexes = [models.Index(fields=["rated_on", "org", "level"], name="rating_statistics")]

    def __str__(self) -> str:
        return f"{self.org}：{self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level <= RatingLevel.UNSATISFIED


class RectificationResult(models.TextChoices):
    RECTIFIED = "rectified", "已整改"
    EXPLAINED = "explained", "已解释说明（缺乏法定依据）"
    MISJUDGED = "misjudged", "申诉复核：误评或不实"


class Rectification(models.Model):
    """整改: every 差评 opens one (国办发〔2019〕51号: 实名差评回访（整改）率100%)."""

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="rectification")
    due_on = models.DateField("整改期限")
    due_provisional = models.BooleanField(default=False)
    followup_note = models.TextField("回访记录", blank=True)
    followed_up_on = models.DateField("回访日期", null=True, blank=True)
    result = models.CharField("结果", max_length=12, choices=RectificationResult.choices, blank=True)
    result_note = models.TextField("整改情况", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "差评整改"
        verbose_name_plural = "差评整改"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"整改 {self.rating_id}"


# --- events (政务公开讲, 政府开放日) ----------------------------------------------------------------


class EventForm(models.TextChoices):
    LECTURE = "lecture", "政务公开讲"
    OPEN_DAY = "open_day", "政府开放日"
    BOTH = "both", "政务公开讲、政府开放日"


class Event(models.Model):
    org = models.ForeignKey(Organization, verbose_name="主办单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    month = models.PositiveSmallIntegerField("月份")
    theme = models.CharField("活动主题", max_length=200)
    form = models.CharField("活动形式", max_length=10, choices=EventForm.choices, default=EventForm.OPEN_DAY)
    held_on = models.DateField("举办日期", null=True, blank=True)
    location = models.CharField("地点", max_length=200, blank=True)
    capacity = models.PositiveIntegerField("名额", null=True, blank=True)
    registration_open = models.BooleanField("开放报名", default=False)
    report_html = models.TextField("举办情况", blank=True)
    report_published_on = models.DateField("举办情况发布日期", null=True, blank=True)
    participant_count = models.PositiveIntegerField("参加人数", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "政府开放日活动"
        verbose_name_plural = "政府开放日活动"
        ordering = ["year", "month", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "month", "theme"], name="uniq_event_per_org_month_theme")
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月 {self.theme}"


class EventRegistration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    participant_name = models.CharField("姓名", max_length=50)
    participant_phone = models.CharField("联系电话", max_length=30)
    participant_unit = models.CharField("身份或单位", max_length=100, blank=True)
    token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "活动报名"
        verbose_name_plural = "活动报名"
        ordering = ["event", "id"]

    def __str__(self) -> str:
        return f"报名 {self.pk}"

"""依申请公开: applications, their clock events, consultations, fees, letters and appeals.

The due date is computed in one place, `gongkai.foi.clock.derive`, from the `ClockEvent` rows
(receipt, 补正, consultations, extension, fee wait …), and stored in one place,
`Application.due_on` (with `clock_paused`): written in the same transaction by every action that
changes the clock, by `gongkai foi scan` (an open pause moves it daily) and when a holiday
schedule arrives. Pages, the API, reminders and lists read the stored value.
"""

from django.conf import settings
from django.db import models

from gongkai.core.uploads import UploadPath
from gongkai.foi.fees import FEE_METHOD_LABELS
from gongkai.foi.outcomes import APPLICANT_KIND_LABELS, OUTCOME_CHOICES
from gongkai.orgs.models import Organization


class State(models.TextChoices):
    REGISTERED = "registered", "已登记"
    AWAITING_CORRECTION = "awaiting_correction", "待补正"
    IN_PROGRESS = "in_progress", "办理中"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结"
    WITHDRAWN = "withdrawn", "已撤回"


OPEN_STATES = (
    State.REGISTERED,
    State.AWAITING_CORRECTION,
    State.IN_PROGRESS,
    State.CONSULTING,
    State.AWAITING_FEE,
)


class Channel(models.TextChoices):
    """How the application reached the agency; the receipt date follows 条例第三十一条."""

    ONLINE = "online", "网上申请（门户）"
    IN_PERSON = "in_person", "当面提交"
    REGISTERED_MAIL = "registered_mail", "邮政挂号信/快递"
    ORDINARY_MAIL = "ordinary_mail", "平常信函"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    ORAL = "oral", "口头提出（代为填写）"
    TRANSFER = "transfer", "其他机关转来"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他证件"


class InfoForm(models.TextChoices):
    """条例第二十九条第（三）项: 形式要求."""

    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"


class Delivery(models.TextChoices):
    MAIL = "mail", "邮寄"
    PICKUP = "pickup", "自行领取"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "网上获取"


class Application(models.Model):
    org = models.ForeignKey(Organization, verbose_name="受理机关", on_delete=models.PROTECT, related_name="+")
    registration_number = models.CharField("登记号", max_length=40)
    year = models.PositiveSmallIntegerField("登记年度")
    serial = models.PositiveIntegerField("流水号")
    # sha256 of the tracking code: the code itself is shown once and never stored.
    tracking_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The hidden token of the portal form: a second POST of the same form finds this row.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    state = models.CharField("状态", max_length=24, choices=State.choices, default=State.REGISTERED, db_index=True)

    channel = models.CharField("申请渠道", max_length=24, choices=Channel.choices)
    submitted_on = models.DateField("提交日期")
    received_on = models.DateField("收到申请之日")
    receipt_basis = models.CharField("收到日期的依据", max_length=200, blank=True)
    oral_record = models.BooleanField("口头申请、代为填写", default=False)

    applicant_kind = models.CharField("申请人类型", max_length=32, choices=list(APPLICANT_KIND_LABELS.items()))
    applicant_name = models.CharField("申请人姓名或名称", max_length=200)
    id_type = models.CharField("身份证明类型", max_length=20, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=64)
    contact_person = models.CharField("联系人", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    # Groups the applications of one applicant (repeat detection, 按件 monthly count).
    applicant_key = models.CharField(max_length=64, db_index=True, editable=False)

    description = models.TextField("所需信息的内容描述")
    doc_numbers = models.CharField("文号", max_length=200, blank=True)
    purpose = models.CharField("用途（可不填）", max_length=300, blank=True)
    info_form = models.CharField("信息的载体形式", max_length=16, choices=InfoForm.choices)
    delivery = models.CharField("获取方式", max_length=16, choices=Delivery.choices)
    # Progress by SMS to `phone` as well (issue 16); e-mail follows `delivery` = 电子邮件.
    notify_sms = models.BooleanField("短信提醒办理进度", default=False)

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transferred_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="transferred_to"
    )

    outcome = models.CharField("办理结果", max_length=48, choices=OUTCOME_CHOICES, blank=True, db_index=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    # The stored result of clock.derive (see module docstring); nothing else computes it.
    due_on = models.DateField("答复期限（缓存）", null=True, blank=True, db_index=True)
    clock_paused = models.BooleanField(default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "registration_number"], name="foi_uniq_registration_number"),
        ]
        indexes = [models.Index(fields=["org", "state", "due_on"])]

    def __str__(self) -> str:
        return self.registration_number

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class EventKind(models.TextChoices):
    RECEIVED = "received", "收到申请"
    ACCEPTED = "accepted", "受理"
    CORRECTION_REQUESTED = "correction_requested", "告知补正"
    CORRECTED = "corrected", "收到补正"
    CONSULTATION_STARTED = "consultation_started", "征求意见"
    CONSULTATION_ENDED = "consultation_ended", "征求意见结束"
    EXTENSION_GRANTED = "extension_granted", "延期答复"
    REASONS_REQUESTED = "reasons_requested", "要求说明理由（第三十五条）"
    REASONS_RECORDED = "reasons_recorded", "登记申请人说明的理由（第三十五条）"
    REASONABLE_PERIOD_SET = "reasonable_period_set", "确定合理期限（第三十五条）"
    THIRD_PARTY_NOTIFIED = "third_party_notified", "书面告知第三方决定公开（第三十二条）"
    FEE_NOTICE_SENT = "fee_notice_sent", "发出收费通知"
    FEE_NOTICE_DELIVERED = "fee_notice_delivered", "收费通知送达"
    FEE_PAID = "fee_paid", "缴纳信息处理费"
    ASSIGNED = "assigned", "指定经办人"
    TRANSFERRED = "transferred", "转送有关机关"
    REPLIED = "replied", "答复"
    CLOSED = "closed", "办结"
    WITHDRAWN = "withdrawn", "申请人撤回"


# Events the public tracking page may show (date and label only, never their data).
PUBLIC_EVENT_KINDS = frozenset(
    {
        EventKind.RECEIVED,
        EventKind.ACCEPTED,
        EventKind.CORRECTION_REQUESTED,
        EventKind.CORRECTED,
        EventKind.CONSULTATION_STARTED,
        EventKind.CONSULTATION_ENDED,
        EventKind.EXTENSION_GRANTED,
        EventKind.REASONS_REQUESTED,
        EventKind.REASONABLE_PERIOD_SET,
        EventKind.FEE_NOTICE_SENT,
        EventKind.FEE_NOTICE_DELIVERED,
        EventKind.FEE_PAID,
        EventKind.TRANSFERRED,
        EventKind.REPLIED,
        EventKind.CLOSED,
        EventKind.WITHDRAWN,
    }
)


class ClockEvent(models.Model):
    """One step of the case; the clock is derived from these rows (append-only)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    on = models.DateField("日期")
    data = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.on}"


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", "第三方（第三十二条）"
    CO_PRODUCER = "co_producer", "共同制作机关（第三十四条）"


class ConsultationAnswer(models.TextChoices):
    CONSENT = "consent", "同意公开"
    OBJECTION = "objection", "不同意公开"
    NO_REPLY = "no_reply", "逾期未答复"


class Consultation(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField(max_length=16, choices=ConsultationKind.choices)
    party_name = models.CharField("被征求意见方", max_length=200)
    party_address = models.CharField("送达地址或联系方式", max_length=300, blank=True)
    matter = models.TextField("征求意见的信息", blank=True)
    sent_on = models.DateField("发出日期")
    reply_due_on = models.DateField("答复期限")
    answered_on = models.DateField("结束日期", null=True, blank=True)
    answer = models.CharField(max_length=16, choices=ConsultationAnswer.choices, blank=True)
    # True when silence counts as consent (co-producers, 第三十四条).
    deemed_consent = models.BooleanField(default=False)
    reasons = models.TextField("意见及理由", blank=True)
    # 第三十二条: an answer recorded after the 15 working days is a late answer; the excluded
    # period still ends on `reply_due_on` (see foi.clock).
    late = models.BooleanField("逾期提出意见", default=False)
    # 第三十二条: disclosure over this party's objection: the written notice and the date from
    # which the information may be disclosed (the reply is signed no earlier).
    notified_on = models.DateField("书面告知第三方之日", null=True, blank=True)
    disclose_on = models.DateField("告知的公开日期", null=True, blank=True)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.party_name} ({self.sent_on})"

    @property
    def is_open(self) -> bool:
        return self.answered_on is None


class FeeDelivery(models.TextChoices):
    """How the fee notice reaches the applicant; the payment period runs from the day the
    applicant receives it (国办函〔2020〕109号), determined as 条例第三十一条 does for applications."""

    IN_PERSON = "in_person", "当面送达（送达之日）"
    ONLINE = "online", "网上或电子邮件送达（双方确认之日）"
    MAIL = "mail", "邮寄送达（签收之日）"


class FeeNotice(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待缴纳"
        PAID = "paid", "已缴纳"
        EXPIRED = "expired", "逾期未缴纳"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fee_notice")
    method = models.CharField(max_length=16, choices=list(FEE_METHOD_LABELS.items()))
    quantity = models.PositiveIntegerField()
    already_this_month = models.PositiveIntegerField(default=0)
    amount = models.PositiveIntegerField("金额（元）")
    sent_on = models.DateField()
    delivery = models.CharField("送达方式", max_length=16, choices=FeeDelivery.choices, default=FeeDelivery.IN_PERSON)
    # The day the applicant received the notice; unknown until a mailed notice's receipt returns.
    delivered_on = models.DateField("申请人收到之日", null=True, blank=True)
    # 20 working days after `delivered_on` (counted from the next day); None while unknown.
    pay_by = models.DateField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    payment_method = models.CharField("缴纳方式", max_length=300)

    def __str__(self) -> str:
        return f"{self.application_id}: {self.amount}元"


class LetterKind(models.TextChoices):
    REPLY = "reply", "政府信息公开申请答复书"
    CORRECTION = "correction", "补正申请告知书"
    EXTENSION = "extension", "延期答复告知书"
    CONSULTATION = "consultation", "第三方意见征询函"
    FEE = "fee", "收费通知"
    REASONS_REQUEST = "reasons_request", "要求说明理由告知书"
    REASONABLE_PERIOD = "reasonable_period", "延迟答复合理期限告知书"
    THIRD_PARTY_NOTICE = "third_party_notice", "决定公开告知书（第三方）"


class Letter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SIGNED = "signed", "已签发"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=24, choices=LetterKind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    outcome = models.CharField(max_length=48, choices=OUTCOME_CHOICES, blank=True)
    details = models.JSONField(default=dict, blank=True)
    recipient = models.CharField("收件人", max_length=200)
    title = models.CharField(max_length=100)
    body = models.TextField("正文")
    number = models.CharField("文书编号", max_length=80, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    serial = models.PositiveIntegerField(null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consultation = models.ForeignKey(Consultation, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # The signed letter as sent, stored with the case (rendered after commit; see services).
    docx = models.BinaryField(null=True, blank=True, editable=False)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.number or f"{self.get_kind_display()}（草稿）"


class LetterSequence(models.Model):
    """The last serial used per org, year and series (registration numbers and letters)."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    # A registration series or a letter kind ("third_party_notice" is 18 characters).
    series = models.CharField(max_length=32)
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year", "series"], name="foi_uniq_sequence")]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.year}/{self.series}: {self.last_serial}"


class AppealKind(models.TextChoices):
    """Keys of the three groups of table 四 (reports.format.TABLE4_GROUPS)."""

    REVIEW = "review", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"


class AppealResult(models.TextChoices):
    """Keys of table 四's columns (reports.format.TABLE4_PARTS)."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class Appeal(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="appeals")
    kind = models.CharField(max_length=32, choices=AppealKind.choices)
    filed_on = models.DateField("提起日期")
    body = models.CharField("复议机关或人民法院", max_length=200)
    case_number = models.CharField("案号", max_length=100, blank=True)
    result = models.CharField(max_length=16, choices=AppealResult.choices, default=AppealResult.PENDING)
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}"


class Reminder(models.Model):
    """One reminder sent by `gongkai foi scan`; the unique key makes the scan idempotent."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=32)
    due_on = models.DateField()
    recipients = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "due_on"], name="foi_uniq_reminder"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.due_on}"


class ReplyAttachment(models.Model):
    """Information provided with the reply (the disclosed documents themselves).

    It leaves the agency, so it passes the same pre-release scan as a publication: third
    parties' personal data in it must be removed (区分处理, 第三十七条) or its release justified.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reply_attachments")
    file = models.FileField(upload_to=UploadPath("foi"))
    name = models.CharField("文件名", max_length=200)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    text = models.TextField(blank=True)
    scan_summary = models.JSONField(default=dict, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = "答复附件"
        verbose_name_plural = "答复附件"

    def __str__(self) -> str:
        return self.name


class VerticalSystem(models.TextChoices):
    """《行政复议法》(2023) 第二十七条: 海关、金融、外汇管理等实行垂直领导的行政机关、税务和国家安全
    机关 — their 复议机关 is the 上一级主管部门, not the 本级人民政府."""

    NONE = "", "否"
    CUSTOMS = "customs", "海关"
    FINANCE = "finance", "金融"
    FOREX = "forex", "外汇管理"
    TAX = "tax", "税务"
    STATE_SECURITY = "state_security", "国家安全"
    OTHER_VERTICAL = "other_vertical", "其他实行垂直领导的行政机关"


class ReviewBodySetting(models.Model):
    """An admin's setting of the 行政复议机关 an org's letters name (see foi.review_body).

    Without a row the body is derived from the org tree. A row marks a vertically led body
    (its 上一级主管部门 is outside the local tree, so its name is required) or overrides the
    derivation; either way with a reason, and every change is audited."""

    org = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+", verbose_name="机关")
    vertical_system = models.CharField(
        "实行垂直领导的系统", max_length=20, choices=VerticalSystem.choices, blank=True, default=""
    )
    body_name = models.CharField("行政复议机关名称", max_length=200, blank=True)
    reason = models.CharField("设置理由", max_length=500)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "行政复议机关设置"
        verbose_name_plural = "行政复议机关设置"

    def __str__(self) -> str:
        return f"{self.org_id}: {self.body_name or self.get_vertical_system_display()}"

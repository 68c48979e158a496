"""舆情回应与新闻发布: the 舆情 ledger (政务舆情回应台账), the routing table of 谁主管谁回应, the
response windows each org sets per level, and press events (新闻发布会、政策吹风会、在线访谈)
with their speakers.

Publications (a response, the policy explained, the transcript's interpretation) belong to
`disclosure`; this app keeps their ids and reads them through disclosure's selectors, so it never
imports disclosure's models (the `domain-opinion` import contract).
"""

from django.conf import settings
from django.db import models

from gongkai.orgs.models import Organization


class Level(models.TextChoices):
    """舆情级别. 国办发〔2016〕61号 and 80号 set the windows of 特别重大、重大突发事件 舆情 apart."""

    ESPECIALLY_MAJOR = "especially_major", "特别重大"
    MAJOR = "major", "重大"
    GENERAL = "general", "一般"


class Source(models.TextChoices):
    """Where the 舆情 was first seen (监测收集)."""

    ONLINE_MEDIA = "online_media", "网络媒体"
    NEWS_MEDIA = "news_media", "新闻媒体"
    SOCIAL = "social", "自媒体、社交平台"
    HOTLINE = "hotline", "12345热线"
    MESSAGE = "message", "网民留言、领导信箱"
    PETITION = "petition", "信访"
    SUPERIOR = "superior", "上级交办、网信部门通报"
    OTHER = "other", "其他"


class EventState(models.TextChoices):
    REGISTERED = "registered", "已登记待研判"
    ASSESSED = "assessed", "已研判待回应"
    RESPONDED = "responded", "已回应"
    CLOSED = "closed", "已办结"


class Channel(models.TextChoices):
    """权威渠道 of a response (004（十二）: 按程序及时发布权威信息)."""

    PUBLICATION = "publication", "发布权威信息（政府网站公开）"
    PRESS = "press", "新闻发布会、吹风会或在线访谈"
    STATEMENT = "statement", "其他权威渠道（政务新媒体、媒体采访等）"


class Effect(models.TextChoices):
    """效果评估 (000（四）: 开展政务舆情应对工作效果评估)."""

    GOOD = "good", "回应及时有效，舆情平息"
    FAIR = "fair", "基本平息，仍需关注"
    POOR = "poor", "回应效果不佳"


class ResponseWindow(models.Model):
    """An org's own response window for one level, in hours; its subtree inherits it.

    Without a row the default of `clock.DEFAULT_WINDOW_HOURS` applies (documented in
    docs/opinion.md): the national figures are [S] in the spec, so each org may set its own.
    """

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="opinion_windows")
    level = models.CharField("舆情级别", max_length=20, choices=Level.choices)
    hours = models.PositiveIntegerField("回应时限（小时）")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "level"], name="opinion_window_once_per_level"),
            models.CheckConstraint(condition=models.Q(hours__gte=1, hours__lte=720), name="opinion_window_hours_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.hours}小时"


class Route(models.Model):
    """谁主管谁回应: within `scope` (a government and its subtree), 舆情 on `subject` go to `responsible`."""

    scope = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="opinion_routes")
    subject = models.CharField("主管事项", max_length=40)
    responsible = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["subject"]
        constraints = [models.UniqueConstraint(fields=["scope", "subject"], name="opinion_route_once_per_subject")]

    def __str__(self) -> str:
        return self.subject


class Event(models.Model):
    """One entry of the 政务舆情回应处置台账 (002 六)."""

    registered_in = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="opinion_events")
    related_orgs = models.ManyToManyField(Organization, blank=True, related_name="shared_opinion_events")
    title = models.CharField("舆情主题", max_length=200)
    subject = models.CharField("主管事项", max_length=40, blank=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    source_detail = models.CharField("来源说明或链接", max_length=500, blank=True)
    summary = models.TextField("舆情摘要", blank=True)
    first_seen_at = models.DateTimeField("首次发现时间", db_index=True)
    level = models.CharField("舆情级别", max_length=20, choices=Level.choices)
    # Snapshot of the window when it was set (registration, re-levelled at 研判): a later change
    # of the org's setting does not move a clock that already runs.
    window_hours = models.PositiveIntegerField("回应时限（小时）")
    respond_by = models.DateTimeField("回应截止时间", db_index=True)
    state = models.CharField("状态", max_length=20, choices=EventState.choices, default=EventState.REGISTERED)
    assessed_at = models.DateTimeField("研判时间", null=True, blank=True)
    assessment = models.TextField("研判意见", blank=True)
    responded_at = models.DateTimeField("回应时间", null=True, blank=True)
    channel = models.CharField("回应渠道", max_length=20, choices=Channel.choices, blank=True)
    response_publication_id = models.PositiveBigIntegerField("回应信息", null=True, blank=True)
    response_press = models.ForeignKey(
        "PressEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="responded_events"
    )
    response_text = models.TextField("回应内容", blank=True)
    response_url = models.URLField("回应链接", max_length=500, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    effect = models.CharField("效果评估", max_length=10, choices=Effect.choices, blank=True)
    effect_note = models.TextField("效果评估说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["respond_by", "id"]
        indexes = [models.Index(fields=["org", "state"])]

    def __str__(self) -> str:
        return self.title


class PressKind(models.TextChoices):
    PRESS_CONFERENCE = "press_conference", "新闻发布会"
    BRIEFING = "briefing", "政策吹风会"
    ONLINE_INTERVIEW = "online_interview", "在线访谈"


class PressState(models.TextChoices):
    PLANNED = "planned", "已计划"
    HELD = "held", "已举行"
    PUBLISHED = "published", "实录已送审发布"
    CANCELLED = "cancelled", "已取消"


class PressEvent(models.Model):
    """A 新闻发布会, 政策吹风会 or 在线访谈 (002 三、四; 004（十）)."""

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="press_events")
    kind = models.CharField("形式", max_length=20, choices=PressKind.choices)
    title = models.CharField("主题", max_length=200)
    planned_at = models.DateTimeField("计划时间")
    venue = models.CharField("地点或访谈平台", max_length=200, blank=True)
    policy_id = models.PositiveBigIntegerField("解读的政策文件", null=True, blank=True)
    held_at = models.DateTimeField("举行时间", null=True, blank=True)
    transcript_html = models.TextField("文字实录", blank=True)
    media_url = models.URLField("音视频链接", max_length=500, blank=True)
    interpretation_id = models.PositiveBigIntegerField("解读稿", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)
    state = models.CharField("状态", max_length=20, choices=PressState.choices, default=PressState.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-planned_at", "-id"]
        indexes = [models.Index(fields=["org", "state"])]

    def __str__(self) -> str:
        return self.title


class SpeakerRank(models.TextChoices):
    """发布人 by level: 002 四 and 004（十） count 主要负责同志 who explain policies in person."""

    PRINCIPAL = "principal", "主要负责同志"
    OTHER_LEADER = "other_leader", "其他负责同志"
    SPOKESPERSON = "spokesperson", "新闻发言人"
    EXPERT = "expert", "专家学者"
    OTHER = "other", "其他"


class Speaker(models.Model):
    press_event = models.ForeignKey(PressEvent, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField("姓名", max_length=40)
    post = models.CharField("职务", max_length=100)
    rank = models.CharField("身份", max_length=20, choices=SpeakerRank.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）"

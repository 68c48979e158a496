"""One outgoing message per row. The recipient is personal data: it is stored to send, never
shown on a public page, and kept out of ``__str__`` (which the audit log copies)."""

from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    SMS = "sms", "短信"


class State(models.TextChoices):
    QUEUED = "queued", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Notification(models.Model):
    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    recipient = models.CharField("收件人", max_length=254)
    subject = models.CharField("主题", max_length=200, blank=True)
    body = models.TextField("正文")
    # [{"name", "media_type", and either "path" (a file in default storage) or "source"
    #   ("gongkai.<module>:<function>", called with "kwargs" at delivery and returning bytes)}]:
    # a letter rendered after commit is attached as it stands when the message goes out.
    attachments = models.JSONField(default=list, blank=True)
    # The caller's name for the event ("foi.reply:<letter id>:email"): a retried event finds the
    # row already there and nothing is queued or sent twice.
    idempotency_key = models.CharField(max_length=200, unique=True)
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近一次错误", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"通知#{self.pk} {self.get_channel_display()}"

"""Reference data of the pre-publication checks: the admin-managed wording-error list."""

from django.db import models

from gongkai.privacy.findings import SEVERITY_LABELS, Severity


class WordingRule(models.Model):
    """A serious wording error (严重表述错误) and its correction.

    The 政府网站与政务新媒体检查指标 make a 严重表述错误 on a government site a 单项否决; the
    list of known errors (wrong names of leaders, institutions, slogans …) is maintained by
    the site's administrators, not in code. Write through services.wording_rule_save, which
    validates and compiles the pattern.
    """

    pattern = models.CharField(
        "错误表述", max_length=200, help_text="要查找的错误表述；勾选“正则表达式”时按正则表达式匹配。"
    )
    is_regex = models.BooleanField("正则表达式", default=False)
    correction = models.CharField("正确表述", max_length=200, blank=True)
    severity = models.CharField(
        "严重程度",
        max_length=10,
        choices=[(s.value, SEVERITY_LABELS[s]) for s in Severity],
        default=Severity.ERROR.value,
    )
    active = models.BooleanField("启用", default=True, db_index=True)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "表述错误规则"
        verbose_name_plural = "表述错误规则"
        ordering = ["pattern", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pattern", "is_regex"], name="privacy_wordingrule_unique_pattern"),
            models.CheckConstraint(
                condition=models.Q(severity__in=[s.value for s in Severity]), name="privacy_wordingrule_severity_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pattern} → {self.correction}" if self.correction else self.pattern

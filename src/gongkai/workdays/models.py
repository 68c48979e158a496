"""Schedules entered by administrators, the calendar's version token, and stored deadlines.

Years the chinesecalendar package covers need no rows; a `YearSchedule` row for a year
overrides the package (and the provisional derivation) for that whole year.
Write through `services.py` only: it validates, audits, bumps the version token and
recomputes deadlines.
"""

from typing import Any

from django.conf import settings
from django.db import models

from gongkai.workdays.domain import DayKind, YearSource


class YearSchedule(models.Model):
    class Source(models.TextChoices):
        ADMIN = YearSource.ADMIN.value, "后台录入"
        IMPORT = YearSource.IMPORT.value, "文件导入"

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("来源", max_length=16, choices=Source.choices, default=Source.ADMIN)
    note = models.CharField(
        "说明", max_length=255, blank=True, help_text="例如：国办发明电〔2026〕X 号《关于2027年部分节假日安排的通知》"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_by_label = models.CharField("录入人（记录时）", max_length=150, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度放假安排"
        verbose_name_plural = "年度放假安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年放假安排"


class SpecialDay(models.Model):
    """A holiday (放假, even on a weekday) or a make-up working day (调休上班, on a weekend)."""

    class Kind(models.TextChoices):
        HOLIDAY = DayKind.HOLIDAY.value, "放假"
        WORKDAY = DayKind.WORKDAY.value, "调休上班"

    schedule = models.ForeignKey(YearSchedule, verbose_name="年度", on_delete=models.CASCADE, related_name="days")
    # Unique: a date is either a holiday or a working day, never both.
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    name = models.CharField("名称", max_length=100, blank=True, help_text="节日名称，例如：春节、国庆节")

    class Meta:
        verbose_name = "特殊日期"
        verbose_name_plural = "特殊日期"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}"


class CalendarVersion(models.Model):
    """One row: a random token replaced whenever any schedule changes.

    Each process caches its calendar under the token it was built from and compares
    tokens to know when to rebuild (see loader.py). A random token, not a counter, so a
    rolled-back change can never be mistaken for a later committed one.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "工作日历版本"
        verbose_name_plural = "工作日历版本"

    def __str__(self) -> str:
        return self.token


class TrackedDeadline(models.Model):
    """A deadline another app stores, kept right when the calendar changes.

    Created and changed only through `services.deadline_track` / `deadline_close`;
    `deadline_recompute` moves `due_date` when a year's schedule changes and tells the
    owning app through its registered listener.
    """

    owner_label = models.CharField("所属模块", max_length=100, help_text="例如 foi.application")
    owner_id = models.CharField("所属对象编号", max_length=64)
    kind = models.CharField("期限类型", max_length=64, help_text="例如 reply、extension、third_party")
    start_date = models.DateField("起算日")
    working_days = models.PositiveIntegerField("工作日数")
    # [{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD", "reason": "..."}], inclusive ranges.
    pauses = models.JSONField("暂停计算期间", default=list, blank=True)
    due_date = models.DateField("届满日", db_index=True)
    provisional = models.BooleanField("按推算日历计算", default=False)
    is_open = models.BooleanField("未结", default=True)
    note = models.CharField("说明", max_length=255, blank=True)
    computed_at = models.DateTimeField("计算时间")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "登记的期限"
        verbose_name_plural = "登记的期限"
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner_label", "owner_id", "kind"], name="workdays_deadline_owner_kind"),
        ]
        # Only `due_date` is indexed (it serves "due soon" lists and the recompute's
        # `due_date >= 1 January` scan): every extra index on a column a recompute
        # rewrites costs time on each of the 100,000 rows it may move.

    def __str__(self) -> str:
        return f"{self.owner_label}#{self.owner_id} {self.kind} → {self.due_date.isoformat()}"

    def snapshot(self) -> dict[str, Any]:
        return {
            "start_date": self.start_date.isoformat(),
            "working_days": self.working_days,
            "pauses": self.pauses,
            "due_date": self.due_date.isoformat(),
            "provisional": self.provisional,
            "is_open": self.is_open,
        }

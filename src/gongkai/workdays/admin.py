"""Back office for the reference data of the working-day calendar.

A year's schedule is entered with its special days inline. The admin only collects the
input: validation is the domain's `validate_schedule` (shown on the form), and saving or
deleting goes through the services, which audit, replace the calendar's version token and
recompute the stored deadlines.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from gongkai.core.errors import ApplicationError
from gongkai.workdays import services
from gongkai.workdays.calendar import ScheduleEntry, validate_schedule
from gongkai.workdays.domain import DayKind, YearSource
from gongkai.workdays.models import SpecialDay, TrackedDeadline, YearSchedule


def _entries_from_formset(formset: Any) -> list[ScheduleEntry]:
    entries = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE") or not data.get("date") or not data.get("kind"):
            continue
        entries.append(ScheduleEntry(date=data["date"], kind=DayKind(data["kind"]), name=data.get("name") or ""))
    return entries


class SpecialDayFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        raw = getattr(self.instance, "year", None)
        if raw is None:
            raw = self.data.get("year")
        try:
            year = int(str(raw))
        except ValueError:
            return  # the year field reports its own error
        problems = validate_schedule(year, _entries_from_formset(self))
        if problems:
            raise ValidationError(problems)

    def validate_unique(self) -> None:
        # Uniqueness of dates is part of validate_schedule (with a clearer message);
        # the table is replaced as a whole by the service, so stored rows don't clash.
        return


class SpecialDayInline(admin.TabularInline):
    model = SpecialDay
    formset = SpecialDayFormSet
    fields = ["date", "kind", "name"]
    extra = 3
    ordering = ["date"]


@admin.register(YearSchedule)
class YearScheduleAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "note", "entered_by_label", "updated_at"]
    fields = ["year", "note", "source", "entered_by_label", "updated_at"]
    readonly_fields = ["source", "entered_by_label", "updated_at"]
    inlines = [SpecialDayInline]

    def get_readonly_fields(self, request: HttpRequest, obj: YearSchedule | None = None) -> Any:
        # Changing the year of a stored schedule would be two changes at once: forbid it.
        return [*self.readonly_fields, "year"] if obj is not None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: YearSchedule, form: Any, change: bool) -> None:
        # Written by the service in save_related, together with the days.
        return

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        obj: YearSchedule = form.instance
        entries: list[ScheduleEntry] = []
        for formset in formsets:
            if isinstance(formset, SpecialDayFormSet):
                entries.extend(_entries_from_formset(formset))
            # Lets the admin's change message read the formsets without saving them.
            formset.save(commit=False)
        try:
            result = services.schedule_replace(
                year=obj.year, entries=entries, actor=request.user, source=YearSource.ADMIN, note=obj.note
            )
        except ApplicationError as exc:  # validated on the form already; a race at most
            raise ValidationError(str(exc)) from exc
        if result.schedule is not None:
            form.instance = result.schedule
            obj.pk = result.schedule.pk
        if result.recompute is not None:
            messages.info(
                request,
                f"{obj.year} 年放假安排已保存；检查了 {result.recompute.checked} 个未结期限，"
                f"其中 {result.recompute.changed} 个已重新计算（均已记入审计日志）。",
            )
        elif not result.changed:
            messages.info(request, f"{obj.year} 年放假安排没有变化。")

    def delete_model(self, request: HttpRequest, obj: YearSchedule) -> None:
        services.schedule_delete(year=obj.year, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[YearSchedule]) -> None:
        for year in queryset.values_list("year", flat=True):
            services.schedule_delete(year=year, actor=request.user)


@admin.register(TrackedDeadline)
class TrackedDeadlineAdmin(admin.ModelAdmin):
    """Read-only: deadlines belong to the apps that track them."""

    list_display = [
        "owner_label",
        "owner_id",
        "kind",
        "start_date",
        "working_days",
        "due_date",
        "provisional",
        "is_open",
    ]
    list_filter = ["is_open", "provisional", "owner_label", "kind"]
    search_fields = ["owner_label", "owner_id"]
    date_hierarchy = "due_date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

from django.contrib import admin

from gongkai.participation.models import ParticipationSettings


@admin.register(ParticipationSettings)
class ParticipationSettingsAdmin(admin.ModelAdmin):
    """Reference data only: the per-org time limits of the mailbox, 好差评, feedback and events."""

    list_display = (
        "org",
        "mailbox_reply_working_days",
        "rectification_working_days",
        "feedback_working_days",
        "event_report_working_days",
    )
    search_fields = ("org__name",)
    autocomplete_fields = ()
    raw_id_fields = ("org",)

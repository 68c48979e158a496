"""Django admin for the reference data of this app: the wording-error rules."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from gongkai.core.errors import ValidationFailed
from gongkai.privacy.content_checks import compile_wording_pattern
from gongkai.privacy.models import WordingRule
from gongkai.privacy.services import wording_rule_save


class WordingRuleForm(forms.ModelForm):
    class Meta:
        model = WordingRule
        fields = ["pattern", "is_regex", "correction", "severity", "active", "note"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        pattern = cleaned.get("pattern")
        if pattern:
            try:
                compile_wording_pattern(pattern, is_regex=bool(cleaned.get("is_regex")))
            except ValidationFailed as exc:
                self.add_error("pattern", exc.message)
        return cleaned


@admin.register(WordingRule)
class WordingRuleAdmin(admin.ModelAdmin):
    form = WordingRuleForm
    list_display = ["pattern", "correction", "is_regex", "severity", "active", "updated_at"]
    list_filter = ["active", "severity", "is_regex"]
    search_fields = ["pattern", "correction", "note"]

    def save_model(self, request: HttpRequest, obj: WordingRule, form: Any, change: bool) -> None:
        # The service validates, saves and audits; the admin only collects the fields.
        saved = wording_rule_save(
            actor=request.user,
            rule_id=obj.pk if change else None,
            pattern=obj.pattern,
            correction=obj.correction,
            is_regex=obj.is_regex,
            severity=obj.severity,
            active=obj.active,
            note=obj.note,
        )
        obj.pk = saved.pk
        obj.created_at = saved.created_at
        obj.updated_at = saved.updated_at

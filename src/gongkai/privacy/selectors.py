"""Reads of the privacy app: the active wording rules, compiled for the pure engine."""

from django.db.models import QuerySet

from gongkai.privacy.content_checks import CompiledWordingRule, WordingRuleSpec, compile_wording_rules
from gongkai.privacy.models import WordingRule


def wording_rule_list(*, active: bool | None = None) -> QuerySet[WordingRule]:
    rules = WordingRule.objects.all()
    if active is not None:
        rules = rules.filter(active=active)
    return rules.order_by("pattern", "id")


def wording_rules_active() -> list[CompiledWordingRule]:
    """The active rules, each compiled once, ready for scanner.scan_text(wording_rules=…).

    Rules are validated when saved (services.wording_rule_save), so compiling cannot fail
    here unless a row was written around the service; such a row raises ValidationFailed.
    """
    specs = [
        WordingRuleSpec(
            pattern=rule.pattern,
            correction=rule.correction,
            is_regex=rule.is_regex,
            severity=rule.severity,
            rule_id=rule.pk,
        )
        for rule in wording_rule_list(active=True)
    ]
    return compile_wording_rules(specs)

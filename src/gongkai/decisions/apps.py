from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "gongkai.decisions"
    label = "decisions"
    verbose_name = "重大行政决策与建议提案"

from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "gongkai.guides"
    label = "guides"
    verbose_name = "办事指南"

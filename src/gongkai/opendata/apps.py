from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "gongkai.opendata"
    label = "opendata"
    verbose_name = "政府数据开放"

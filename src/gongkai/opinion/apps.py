from django.apps import AppConfig


class OpinionConfig(AppConfig):
    name = "gongkai.opinion"
    label = "opinion"
    verbose_name = "舆情回应与新闻发布"

"""Pages of the 舆情回应与新闻发布 module (public and back office)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

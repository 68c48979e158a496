"""Pages of the 重大行政决策与建议提案 module (public and back office)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

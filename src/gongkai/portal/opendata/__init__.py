"""Pages of the 政府数据开放 module (public and back office)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

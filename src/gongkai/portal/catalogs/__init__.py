"""Pages of the 标准目录 module (public and back office)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

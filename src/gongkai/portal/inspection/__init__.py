"""Pages of the 网站与新媒体检查 module (public and back office)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

"""Pages of the 督查考核 module (public and back office)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

"""Pages of the 办事指南 module (public and back office)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

"""Pages of the 政府公报 module (public and back office)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

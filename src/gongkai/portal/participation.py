"""公众参与 pages: public forms and staff back office. Thin views over services."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

"""依申请公开 pages: public forms and staff back office. Thin views over services."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

"""URLs for bench/pages.py: the site, plus /bench/plain, a templated page with no queries."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

_PLAIN = '{% extends "portal/base.html" %}{% block content %}<p>基准页面</p>{% endblock %}'
_template: Any = None


def plain(request: HttpRequest) -> HttpResponse:
    global _template
    if _template is None:
        _template = engines["django"].from_string(_PLAIN)
    return HttpResponse(_template.render({}, request))


urlpatterns = [path("bench/plain", plain), path("", include("gongkai.config.urls"))]

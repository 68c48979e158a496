"""Reading aids on every public page (design.md "Interfaces"; issue 16): a 繁體 view converted at
render with OpenCC, three type sizes, and the 适老化 mode (larger type, higher contrast, one
column), each kept per visitor in a cookie, plus 打印 / 关闭 on item pages (templates).

The conversion is applied to the finished HTML of public pages only: the back office, the admin
and the API keep Simplified Chinese (what the statutes and the clerks' documents use), and files
(PDF, DOCX, XLSX) are never rewritten. Pages vary on the cookies, so caches (the per-site page
cache keys on the same three cookies) never serve one visitor's view to another.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import opencc
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

COOKIE_SCRIPT = "gk_script"  # "hans" (default) | "hant"
COOKIE_FONT = "gk_font"  # "s" | "m" (default) | "l"
COOKIE_CARE = "gk_care"  # "1": 适老化 mode
SCRIPTS = ("hans", "hant")
FONTS = ("s", "m", "l")
FONT_CHOICES = (("l", "大"), ("m", "中"), ("s", "小"))
COOKIE_AGE = 365 * 24 * 3600
# Paths whose pages are never converted: staff work in the statutory script, machines read codes.
UNCONVERTED_PREFIXES = ("/staff/", "/admin/", "/api/", "/static/", "/media/", "/accounts/", "/login/")
MAX_CONVERTED_BYTES = 4 * 1024 * 1024  # a page larger than this is served as it is (bounded work)


@dataclass(frozen=True)
class ReadingPrefs:
    script: str = "hans"
    font: str = "m"
    care: bool = False

    @property
    def traditional(self) -> bool:
        return self.script == "hant"

    @property
    def lang(self) -> str:
        return "zh-Hant" if self.traditional else "zh-CN"

    @property
    def css_classes(self) -> str:
        classes = [f"font-{self.font}"]
        if self.care:
            classes.append("care")
        return " ".join(classes)


DEFAULT = ReadingPrefs()


def prefs_of(request: HttpRequest) -> ReadingPrefs:
    """The visitor's choices; anything unexpected in a cookie is the default, never an error."""
    script = request.COOKIES.get(COOKIE_SCRIPT, "")
    font = request.COOKIES.get(COOKIE_FONT, "")
    return ReadingPrefs(
        script=script if script in SCRIPTS else DEFAULT.script,
        font=font if font in FONTS else DEFAULT.font,
        care=request.COOKIES.get(COOKIE_CARE) == "1",
    )


@lru_cache(maxsize=1)
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


KEEP_START, KEEP_END = "<!--gk:keep-->", "<!--/gk:keep-->"
_KEEP = re.compile(re.escape(KEEP_START) + r"(.*?)" + re.escape(KEEP_END), re.S)


def to_traditional(text: str) -> str:
    """繁體 of a page, except the spans marked to keep (the "简体" link back, in its own script)."""
    converter = _to_traditional()
    parts, last = [], 0
    for match in _KEEP.finditer(text):
        parts.append(converter.convert(text[last : match.start()]))
        parts.append(match.group(1))
        last = match.end()
    parts.append(converter.convert(text[last:]))
    return "".join(parts)


def _is_public_html(request: HttpRequest, response: HttpResponseBase) -> bool:
    if request.path.startswith(UNCONVERTED_PREFIXES):
        return False
    if getattr(response, "streaming", False) or response.has_header("Content-Disposition"):
        return False
    return str(response.get("Content-Type", "")).startswith("text/html")


class ReadingAidsMiddleware:
    """Puts the visitor's ReadingPrefs on the request and converts public HTML to 繁體 when asked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        prefs = prefs_of(request)
        if request.path.startswith(UNCONVERTED_PREFIXES):
            # The back office stays in the statutory script, and its <html lang> must say so.
            prefs = ReadingPrefs(script=DEFAULT.script, font=prefs.font, care=prefs.care)
        request.reading = prefs  # type: ignore[attr-defined]
        response = self.get_response(request)
        if not _is_public_html(request, response):
            return response
        patch_vary_headers(response, ("Cookie",))
        if prefs.traditional and isinstance(response, HttpResponse) and len(response.content) <= MAX_CONVERTED_BYTES:
            charset = response.charset or "utf-8"
            response.content = to_traditional(response.content.decode(charset, errors="replace")).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            if response.has_header("ETag"):
                # The body changed: a validator of the simplified page must not validate this one.
                response["ETag"] = response["ETag"].rstrip('"') + '-hant"'
        return response


def reading_context(request: HttpRequest) -> dict[str, object]:
    """Template context: the visitor's choices (for <html lang> and the body's classes)."""
    return {"reading": getattr(request, "reading", DEFAULT), "reading_font_choices": FONT_CHOICES}


def set_reading(request: HttpRequest) -> HttpResponse:
    """Links of the reading-aids bar: ?script=hant|hans, ?font=s|m|l, ?care=1|0, then back to `next`.

    A GET that only sets the visitor's own display cookies (no data changes), so the links work
    without script and from cached pages; `next` must be a path of this site."""
    target = request.GET.get("next", "/")
    if len(target) > 2000 or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    options = {"max_age": COOKIE_AGE, "samesite": "Lax", "httponly": True, "secure": request.is_secure()}
    script = request.GET.get("script")
    if script in SCRIPTS:
        response.set_cookie(COOKIE_SCRIPT, script, **options)  # type: ignore[arg-type]
    font = request.GET.get("font")
    if font in FONTS:
        response.set_cookie(COOKIE_FONT, font, **options)  # type: ignore[arg-type]
    care = request.GET.get("care")
    if care in ("0", "1"):
        response.set_cookie(COOKIE_CARE, care, **options)  # type: ignore[arg-type]
    response["Cache-Control"] = "no-store"
    return response

"""Every staff page a clerk holding every role can reach, rendered through the real stack and
read as a person reads it: no English word may show (identifiers, codes and English labels
leak easily from choices, third-party apps and scanners). The pages are found by walking the
back office from 工作台, following every /staff/ link on every page, so new pages are covered
as soon as something links to them; the set of URL names reached is checked against the staff
routes so a page nobody links to is noticed too.

Shown text is the text nodes outside <script>/<style>/<template>, plus the attributes a browser
shows or speaks (title, placeholder, alt, aria-label, a button's value). Web addresses and
e-mail addresses are data, not labels, and are removed first.
"""

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from gongkai.portal.tests.staff_links import staff_route, staff_routes, walk_staff
from gongkai.portal.tests.staff_site import EveryKind, every_kind_site  # noqa: F401
from gongkai.portal.tests.test_staff_every_page_a11y import NOT_PAGES, POST_ONLY, extra_pages

pytestmark = pytest.mark.django_db

# Words allowed in Chinese pages: the product name, file formats, units and standard abbreviations.
ALLOWED = {
    "Gongkai",
    "PDF",
    "DOCX",
    "XLSX",
    "CSV",
    "API",
    "URL",
    "ID",
    "TOTP",
    "UTF",  # UTF-8, the encoding a CSV upload must be in
    "km",
    "MB",
    "KB",
    "GB",
    "IP",
    "QR",
    "HTML",
    "XML",
    "JSON",
    "RSS",
    "Atom",
    "DCAT",
    "CKAN",
    "OFD",
    "ZIP",
    "Word",
    "Excel",
    "WPS",
    "HTTP",
    "HTTPS",
    "PNG",
    "JPG",
    "JPEG",
    "SVG",
    "TXT",
    "ODT",
    "DOC",
    "XLS",
    "ICP",
}
ALLOWED_ANY_CASE = {w.upper() for w in ALLOWED}  # file types are written ".docx" as often as "DOCX"
SHOWN_ATTRIBUTES = {"title", "placeholder", "alt", "aria-label"}
HIDDEN_ELEMENTS = {"script", "style", "template", "noscript"}
# Machine values shown for copying (a TOTP secret, a tracking code), not labels.
DATA_ELEMENTS = {"code", "kbd", "samp"}
WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")
DATA = re.compile(
    r"(https?://\S*|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|\S+\.(?:gov|com|cn|org|example)\S*"
    r"|(?<![A-Za-z])[A-Z]{1,6}-?\d{4}[\w-]*"  # reference numbers: YSQ-2025-0001, LY2026012012345
    r"|CC BY(?: \d\.\d)?|CC0"  # licence designations
    r"|(?<![\w/])/[\w\-./]*[\w/](?:\?\S*)?)"  # a site's page addresses (an inspection lists them)
)
PER_ROUTE = 3  # instances of one route visited (each case page shows the same labels)
MAX_PAGES = 400


class ShownText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in HIDDEN_ELEMENTS or tag in DATA_ELEMENTS:
            self.hidden += 1
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "iframe" and values.get("src"):  # the letter a 签发 page previews
            self.links.append(values["src"] or "")
        for name in SHOWN_ATTRIBUTES:
            if values.get(name):
                self.parts.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if (tag in HIDDEN_ELEMENTS or tag in DATA_ELEMENTS) and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def english_words(html: str, usernames: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
    """The English words a person sees on the page (account names are data, not labels)."""
    parser = ShownText()
    parser.feed(html)
    text = " ".join(parser.parts)
    for name in sorted(usernames, key=len, reverse=True):
        text = text.replace(name, " ")
    text = DATA.sub(" ", text)
    return [w for w in WORD.findall(text) if w.upper() not in ALLOWED_ANY_CASE], parser.links


def walk(
    client: Client, usernames: frozenset[str], starts: list[str]
) -> tuple[dict[str, list[str]], Counter[str], set[str]]:
    """Breadth-first over /staff/ links: {path: English words}, visits per route, templates."""
    found: dict[str, list[str]] = {}
    per_route: Counter[str] = Counter()
    templates: set[str] = set()

    def open_page(path: str) -> list[str] | None:
        response = client.get(path)
        assert response.status_code in (200, 302, 403, 404), f"{path}: {response.status_code}"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            return None
        templates.update(t.name for t in response.templates if t.name)
        words, links = english_words(response.content.decode(), usernames)
        found[path] = words
        route = staff_route(path)
        if route:
            per_route[route] += 1
        return links

    walk_staff(open_page, starts, per_route=PER_ROUTE, max_pages=MAX_PAGES)
    return found, per_route, templates


def test_every_staff_page_is_in_chinese(every_kind_site: EveryKind) -> None:  # noqa: F811
    """Every back-office page, opened with one record of every kind (the walk and the coverage
    rule of the axe test): a staff route neither reached nor listed there fails this test too."""
    site = every_kind_site
    client = Client()
    client.force_login(get_user_model().objects.get(username=site.username))
    usernames = frozenset(get_user_model().objects.values_list("username", flat=True))
    found, per_route, templates = walk(client, usernames, ["/staff/", *site.object_pages])
    for extra in extra_pages(site):
        if staff_route(extra) in per_route:
            continue  # the walk reached the route from a link
        response = client.get(extra)
        assert response.status_code == 200, (extra, response.status_code)
        templates.update(t.name for t in response.templates if t.name)
        found[extra] = english_words(response.content.decode(), usernames)[0]
        per_route[staff_route(extra) or ""] += 1
    leaks = {path: sorted(set(words)) for path, words in found.items() if words}
    assert not leaks, "English words on staff pages:\n" + "\n".join(f"{p}: {w}" for p, w in sorted(leaks.items()))
    skipped = {f"portal:{name}" for name in POST_ONLY | NOT_PAGES.keys()}
    missing = set(staff_routes()) - set(per_route) - skipped
    assert not missing, f"staff pages the walk did not reach: {sorted(missing)}"
    staff_templates = {t for t in templates if t.startswith("portal/") and ("staff" in t or "/supervision/" in t)}
    assert len(found) >= 80 and len(staff_templates) >= 60, (len(found), sorted(staff_templates))


def test_admin_names_every_app_and_model_in_chinese() -> None:
    """The Django admin's index lists apps and models by verbose name: axes and django-otp ship
    no Chinese, so portal/admin_labels.py names them (no "AXES / Access attempts")."""
    from django.apps import apps
    from django.contrib import admin

    english = {}
    for model in admin.site._registry:
        names = (str(apps.get_app_config(model._meta.app_label).verbose_name), str(model._meta.verbose_name_plural))
        words = [w for name in names for w in WORD.findall(name) if w.upper() not in ALLOWED_ANY_CASE]
        if words:
            english[model._meta.label] = words
    assert not english, english

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
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from gongkai.portal.tests.staff_links import staff_route, walk_staff
from gongkai.portal.tests.staff_site import NOW, StaffSite, staff_site  # noqa: F401

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
    r"|CC BY(?: \d\.\d)?|CC0)"  # licence designations
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


def walk(client: Client, usernames: frozenset[str]) -> tuple[dict[str, list[str]], Counter[str], set[str]]:
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

    walk_staff(open_page, per_route=PER_ROUTE, max_pages=MAX_PAGES)
    return found, per_route, templates


def test_every_reachable_staff_page_is_in_chinese(staff_site: StaffSite) -> None:  # noqa: F811
    client = Client()
    client.force_login(get_user_model().objects.get(username=staff_site.username))
    with time_machine.travel(NOW, tick=True):
        usernames = frozenset(get_user_model().objects.values_list("username", flat=True))
        found, per_route, templates = walk(client, usernames)
        # Pages that only a form or a bookmark opens (no link leads there from a list).
        for extra in (
            f"/staff/orgs/{staff_site.shicheng_id}/publications/new/",
            f"/staff/publications/{staff_site.plan_id}/edit/",
            f"/staff/publications/{staff_site.plan_id}/mask/",
            f"/staff/foi/orgs/{staff_site.shicheng_id}/register/",
            f"/staff/participation/orgs/{staff_site.shicheng_id}/consultations/new/",
            "/staff/people/2fa/",
        ):
            response = client.get(extra)
            if response.status_code == 200:
                templates.update(t.name for t in response.templates if t.name)
                found[extra] = english_words(response.content.decode(), usernames)[0]
    leaks = {path: sorted(set(words)) for path, words in found.items() if words}
    assert not leaks, "English words on staff pages:\n" + "\n".join(f"{p}: {w}" for p, w in sorted(leaks.items()))
    # The walk reached the back office, not just the dashboard: every module's home and case pages.
    routes = set(per_route) | {"portal:staff_home"}
    for expected in (
        "portal:foi_staff_home",
        "portal:foi_staff_case",
        "portal:participation_staff_home",
        "portal:mailbox_staff",
        "portal:staff_publication",
        "portal:catalogs_home",
        "portal:supervision_home",
        "portal:inspection_home",
        "portal:people_home",
        "portal:report_staff",
        "portal:opinion_staff_home",
        "portal:decisions_staff_home",
        "portal:guides_home",
        "portal:gazette_home",
        "portal:opendata_home",
    ):
        assert expected in routes, f"{expected} not reached; reached: {sorted(routes)}"
    staff_templates = {t for t in templates if t.startswith("portal/") and ("staff" in t or "/supervision/" in t)}
    assert len(found) >= 40 and len(staff_templates) >= 30, (len(found), sorted(staff_templates))


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

"""Every back-office page in a real headless Chromium (issue 15: "axe-core ... on every staff
page reports 0 critical/serious violations").

A platform operator who also holds every role signs in once and walks the back office from
工作台 and from the page of each object of `every_kind_site`, following every /staff/ link
breadth-first (the walk of test_staff_chinese, shared in staff_links.py), plus the few pages only
a form or a bookmark opens. On each page: it answers 200, it is on the staff shell (one
`.s-shell .s-content h1`), and axe-core finds no critical or serious WCAG 2.0/2.1 A/AA violation.
Then every staff route of the URL configuration must have been opened, except the explicit lists
below of routes that are not pages: a staff page added later that nothing reaches fails this
test until a link (or an entry here, with its reason) leads to it.

The 12 main pages are also checked at phone width, with reflow, in test_staff_browser_a11y.
"""

from typing import Any

import pytest

from gongkai.portal.tests.a11y import axe_violations, describe
from gongkai.portal.tests.browsing import _orm_beside_playwright, browser, desktop, login  # noqa: F401
from gongkai.portal.tests.staff_links import staff_route, staff_routes, walk_staff
from gongkai.portal.tests.staff_site import EveryKind, every_kind_site, staff_site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"critical", "serious"}
# One instance of each route: the states that show further pages are reached through the object
# pages the walk starts from, and each page costs an axe run (CI's budget is tight).
PER_ROUTE = 1
MAX_PAGES = 400

# The actions of the case pages and forms: they answer only POST (the test checks a GET gets 405).
POST_ONLY = {
    *("staff_publication_action", "staff_publication_attach", "staff_publication_decide"),
    *("staff_publication_publish", "staff_publication_submit", "staff_publication_validity"),
    *("staff_publication_withdraw", "foi_staff_action"),
    *("consultation_staff_action", "consultation_staff_attach", "consultation_staff_decide"),
    *("consultation_staff_feedback", "consultation_staff_moderate", "consultation_staff_open"),
    *("consultation_staff_register", "comment_staff_action", "mailbox_staff_action", "rating_staff_action"),
    *("website_report_action", "website_report_start", "report_action", "report_figures_import", "report_start"),
    *("catalogs_item_bind", "catalogs_item_delete", "catalogs_version_action"),
    *("inspection_account_action", "inspection_account_feed", "inspection_account_post"),
    *("inspection_rectification_action", "inspection_site_run", "inspection_wording_delete"),
    *("supervision_assignment_action", "supervision_plan_import", "supervision_scheme_compute"),
    *("supervision_scheme_create", "supervision_sheet_action", "supervision_unit_map"),
    *("opinion_staff_event_action", "opinion_staff_press_action"),
    *("decisions_staff_catalog_action", "decisions_staff_decision_action", "decisions_staff_meeting_action"),
    *("decisions_staff_proposal_action", "decisions_staff_unit_action"),
    *("guides_form_upload", "guides_new_draft", "guides_policy_add", "guides_version_action"),
    *("gazette_entry_remove", "gazette_issue_action", "opendata_dataset_action", "opendata_request_action"),
    *("people_active", "people_enrol_disable", "people_grant", "people_link", "people_org_two_factor"),
    "people_revoke",
}
# Other staff routes a GET does not open as a back-office page, each for the reason given.
NOT_PAGES = {
    "login": "the sign-in form, outside the shell (axe-checked in test_browser_pages)",
    "login_code": "the second sign-in step, only after a password",
    "logout": "signs out",
    "people_reset": "a mailed one-time link with a token (walked in test_staff_walks)",
    "foi_staff_letter_file": "the reply letter as .docx/.pdf",
    "inspection_report_file": "the inspection report as .docx/.xlsx",
    "supervision_notice": "the rectification notice as .docx/.pdf",
    "office_overview_xlsx": "the office overview as .xlsx",
    "staff_publication_attachment": "a publication's attachment as uploaded",
    "foi_staff_reply_file": "a file provided with an FOI reply, as uploaded",
    "consultation_staff_attachment": "a consultation's file as uploaded",
    "supervision_report_file": "evidence attached to a progress report, as uploaded",
}
# Staff pages that are documents, not back-office screens: no staff shell around them.
OFF_SHELL = {
    "portal:foi_staff_sign_letter": "the reply letter as it will be printed, inside the 签发 page's iframe",
}


def extra_pages(site: EveryKind) -> list[str]:
    """Pages that only a form or a bookmark opens (no link leads there from a list)."""
    return [
        "/staff/orgs/shicheng/site/",  # 网站设置: linked from the org's public site, not from a staff list
        f"/staff/orgs/{site.shicheng_id}/publications/new/",
        f"/staff/publications/{site.plan_id}/edit/",
        f"/staff/publications/{site.plan_id}/mask/",
        f"/staff/foi/orgs/{site.shicheng_id}/register/",
        f"/staff/participation/orgs/{site.shicheng_id}/consultations/new/",
        "/staff/people/2fa/",
    ]


def test_every_staff_page_is_on_the_shell_without_serious_axe_violations(
    live_server: Any,
    every_kind_site: EveryKind,  # noqa: F811
    desktop: Any,  # noqa: F811
) -> None:
    site = every_kind_site
    base = live_server.url
    failures: list[str] = []
    reached: set[str] = set()

    def open_page(path: str) -> list[str] | None:
        try:
            response = desktop.goto(base + path)
        except Exception as error:  # a download, or a page that never loads
            failures.append(f"{path}: {error}")
            return None
        if response is None or response.status != 200:
            failures.append(f"{path}: HTTP {response and response.status}")
            return None
        if "text/html" not in (response.header_value("content-type") or ""):
            return None
        route = staff_route(desktop.url.removeprefix(base))
        if route:
            reached.add(route)
        headings = desktop.locator(".s-shell .s-content h1").count()
        if headings != 1 and route not in OFF_SHELL:
            failures.append(f"{path}: {headings} `.s-shell .s-content h1` (not on the staff shell?)")
        blocking = [v for v in axe_violations(desktop) if v.get("impact") in BLOCKING]
        if blocking:
            failures.append(f"{path} ({route}):\n{describe(blocking)}")
        # Links, and the documents a page embeds (the reply letter's preview is an iframe); not
        # the links that declare a download (files as uploaded: NOT_PAGES).
        hrefs: list[str] = desktop.eval_on_selector_all(
            "a[href]:not([download]), iframe[src]",
            "els => els.map(e => e.href || e.src).filter(h => h.startsWith(location.origin))"
            ".map(h => h.slice(location.origin.length))",
        )
        return hrefs

    # The fixture keeps the clock at NOW (its dates are relative to that day) until the test ends.
    login(desktop, base, site.username, site.password)
    opened = walk_staff(open_page, ["/staff/", *site.object_pages], per_route=PER_ROUTE, max_pages=MAX_PAGES)
    for path in extra_pages(site):
        if staff_route(path) not in reached:
            open_page(path)
            opened += 1

    routes = staff_routes()
    for name in sorted(POST_ONLY):
        status = desktop.request.get(base + routes[f"portal:{name}"], max_redirects=0).status
        if status != 405:
            failures.append(f"{name} is listed as POST-only but a GET answers {status}")
    missing = set(routes) - reached - {f"portal:{name}" for name in POST_ONLY | NOT_PAGES.keys()}
    if missing:
        failures.append(f"staff pages nothing reached (link them, or list them above): {sorted(missing)}")
    assert not failures, f"{len(failures)} problem(s) over {opened} pages:\n\n" + "\n\n".join(failures)

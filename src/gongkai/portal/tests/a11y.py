"""axe-core inside the browser tests: every page a browser test visits is checked against
WCAG 2.0/2.1 A and AA (the bar: WCAG 2.1 AA and GB/T 37668, whose web-content requirements
follow WCAG 2.0 AA).

axe-core comes from the `axe-playwright-python` wheel (axe.min.js, MPL-2.0, shipped inside the
package), so nothing is fetched at run time. The script is evaluated through Playwright (the
DevTools protocol), which the pages' Content-Security-Policy does not apply to.
"""

from typing import Any

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0 and 2.1, levels A and AA. Rules tagged only "best-practice" or "wcag2aaa" are left out.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

_AXE = Axe()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """The violations axe finds on the page as it is now (call after the page has settled)."""
    page.wait_for_load_state()
    results = _AXE.run(page, options=OPTIONS)
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """One block per violation: rule id, impact, help text and link, the offending nodes."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact') or 'n/a'}): {v['help']} <{v.get('helpUrl', '')}>")
        for node in v["nodes"]:
            target = " > ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary}")
            lines.append(f"      {node.get('html', '')[:200]}")
    return "\n".join(lines)


def assert_accessible(page: Any, *, context: str = "") -> None:
    """Fail with every WCAG A/AA violation axe finds on the page, described for a person."""
    violations = axe_violations(page)
    if violations:
        where = context or page.url
        raise AssertionError(
            f"axe-core: {len(violations)} WCAG A/AA violation(s) on {where} ({page.url}):\n" + describe(violations)
        )


def assert_reflows(page: Any) -> None:
    """WCAG 1.4.10 (reflow), which axe cannot test: at the page's width (360 CSS px on a phone)
    nothing widens the document; wide data tables scroll inside their own region."""
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if widths[0] > widths[1]:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 5).map(e => e.outerHTML.slice(0, 120))"""
        )
        raise AssertionError(f"{page.url} is {widths[0]}px wide in a {widths[1]}px viewport; too wide: {wide}")

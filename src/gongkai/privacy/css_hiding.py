"""Hiding done by a page's own stylesheet, for the hidden-link (暗链) check.

`extract.hidden_reason` reads inline ``style`` attributes. Injected link blocks are just as
often hidden by a class in a ``<style>`` block (``.a1{display:none}``). This module turns the
*unconditional* rules of the page's ``<style>`` blocks with simple selectors (``.class``,
``#id``, ``tag.class``) into inline styles, so that `extract.extract_html` sees them.

Rules inside ``@media`` (and any other at-rule) are conditional — a mobile menu hidden on
wide screens is visible on phones — so they are deliberately not applied: such a menu is not
a hidden link.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

# Bounds: a hostile page cannot make this quadratic.
MAX_STYLE_CHARS = 200_000
MAX_RULES = 500

_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
_SIMPLE_SELECTOR_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9]*)?((?:[.#][\w-]+)+)$")
_HIDING_PROPS: tuple[str, ...] = ("display", "visibility", "opacity", "font-size", "height", "width", "max-height")
_HIDING_PROPS += ("max-width", "overflow", "position", "left", "top", "right", "bottom", "text-indent")


def _top_level_rules(css: str) -> list[tuple[str, str]]:
    """(selector list, declarations) of the rules outside any at-rule block."""
    rules: list[tuple[str, str]] = []
    depth = 0
    start = 0
    selector = ""
    in_at_rule = 0  # depth at which a skipped at-rule block started (0: none)
    for i, ch in enumerate(css):
        if ch == "{":
            prelude = css[start:i].strip()
            depth += 1
            if not in_at_rule and prelude.startswith("@"):
                in_at_rule = depth
            selector = prelude
            start = i + 1
        elif ch == "}":
            if not in_at_rule and depth == 1:
                rules.append((selector, css[start:i]))
            if in_at_rule == depth:
                in_at_rule = 0
            depth = max(0, depth - 1)
            start = i + 1
        elif ch == ";" and depth == 0:
            start = i + 1  # @import ...; and the like
        if len(rules) >= MAX_RULES:
            break
    return rules


def _hiding_declarations(declarations: str) -> str:
    kept = []
    for part in declarations.split(";"):
        name, _, value = part.partition(":")
        if name.strip().lower() in _HIDING_PROPS and value.strip():
            kept.append(f"{name.strip().lower()}:{value.strip()}")
    return ";".join(kept)


def _matches(tag: Tag, tag_name: str, parts: str) -> bool:
    if tag_name and tag.name.lower() != tag_name.lower():
        return False
    classes = set(tag.get("class") or [])
    for kind, name in re.findall(r"([.#])([\w-]+)", parts):
        if kind == "." and name not in classes:
            return False
        if kind == "#" and tag.get("id") != name:
            return False
    return True


def apply_unconditional_css(html: str) -> str:
    """The page with its unconditional stylesheet hiding rules copied into inline styles.

    Returns the input unchanged when the page has no ``<style>`` block (the common case,
    cheap to test for before parsing).
    """
    if "<style" not in html.lower():
        return html
    soup = BeautifulSoup(html, "html.parser")
    css = "\n".join(style.get_text() for style in soup.find_all("style"))[:MAX_STYLE_CHARS]
    css = _COMMENT_RE.sub("", css)
    selectors: list[tuple[str, str, str]] = []
    for selector_list, declarations in _top_level_rules(css):
        hiding = _hiding_declarations(declarations)
        if not hiding:
            continue
        for selector in selector_list.split(","):
            m = _SIMPLE_SELECTOR_RE.match(selector.strip())
            if m:
                selectors.append((m.group(1) or "", m.group(2), hiding))
    if not selectors:
        return html
    for tag in soup.find_all(True):
        extra = [hiding for tag_name, parts, hiding in selectors if _matches(tag, tag_name, parts)]
        if extra:
            # Inline styles win over the stylesheet, so the stylesheet's go first.
            tag["style"] = ";".join([*extra, str(tag.get("style", ""))])
    return str(soup)

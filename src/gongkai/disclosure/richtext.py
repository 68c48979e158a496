"""The body of a publication is rich text from an editor; only a safe subset of HTML is kept."""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "ol",
    "ul",
    "li",
    "blockquote",
    "pre",
    "hr",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "a",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}


def sanitize_html(raw: str) -> str:
    """Keep structure and links; drop scripts, styles, event handlers and unknown schemes."""
    return nh3.clean(
        raw or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


# A tag, a closing tag or a comment: the body came from the editor (or pasted HTML).
_MARKUP_RE = re.compile(r"<[A-Za-z!/]")


def body_to_html(raw: str) -> str:
    """The stored form of a body as typed or pasted: HTML from the editor is sanitised; text
    without any markup (a plain textarea, a paste from a text file) keeps its paragraphs, one
    <p> per non-empty line, instead of running together on the public page."""
    if raw and not _MARKUP_RE.search(raw):
        return text_to_html(raw)
    return sanitize_html(raw)


def text_to_html(text: str) -> str:
    """Plain text (an import, a paste) as escaped paragraphs, one per non-empty line."""
    return "".join(f"<p>{html.escape(line.strip())}</p>" for line in (text or "").splitlines() if line.strip())


# The only character references the sanitiser's serialiser writes in text.
_SERIALISED_REFERENCES = ("&amp;", "&lt;", "&gt;", "&nbsp;", "&quot;")


def html_to_text(body_html: str) -> str:
    """Visible text of sanitised HTML, for scanning, diffs and search."""
    marked = body_html.replace("</p>", "</p>\n").replace("<br>", "\n")
    bare = marked.replace("<p>", "").replace("</p>", "")
    if _is_escaped_text(bare):
        # Paragraphs of escaped text, as every imported body is: the parser would give the same
        # (html_to_text_parsed, tested on any text), at a tenth of the cost, which the indexer
        # paid on each of a million documents (40 µs of its 1 ms).
        return html.unescape(bare).strip()
    return html_to_text_parsed(body_html)


def html_to_text_parsed(body_html: str) -> str:
    """html_to_text through the HTML parser, whatever the markup."""
    without_tags = nh3.clean(body_html.replace("</p>", "</p>\n").replace("<br>", "\n"), tags=set())
    return html.unescape(without_tags).strip()


def _is_escaped_text(text: str) -> bool:
    """No markup, and nothing the parser reads differently from html.unescape: a reference
    other than the serialiser's five (numeric ones map control characters differently), a
    carriage return (the parser makes it a line feed) or a NUL (which it drops)."""
    if "<" in text or "\r" in text or "\x00" in text:
        return False
    ampersands = text.count("&")
    return not ampersands or ampersands == sum(text.count(reference) for reference in _SERIALISED_REFERENCES)

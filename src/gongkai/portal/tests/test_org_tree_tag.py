"""{% org_tree %}: the org tree as nested lists, each org at its depth under its parent, its name
escaped (the tag writes HTML itself, without the template's autoescaping)."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from gongkai.orgs import selectors
from gongkai.orgs.models import Organization

pytestmark = pytest.mark.django_db


class TreeReader(HTMLParser):
    """(depth, href, text) of each link inside ul.org-tree lists, depth = lists open around it."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[tuple[int, str, str]] = []
        self.href: str | None = None
        self.opened: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "ul":
            tree = ("class", "org-tree") in attrs
            self.opened.append(tree)
            self.depth += tree
        elif tag == "a" and self.depth:
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul" and self.opened:
            self.depth -= self.opened.pop()
        elif tag == "a":
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.href is not None:
            self.links.append((self.depth, self.href, data))


def expected(nodes: list[selectors.OrgNode], depth: int = 1) -> list[tuple[int, str, str]]:
    rows = []
    for node in nodes:
        rows.append((depth, f"/org/{node.org.slug}/", node.org.name))
        rows += expected(node.children, depth + 1)
    return rows


def test_the_directory_nests_every_org_under_its_parent_in_order(org_tree, superuser):
    # A fourth level, and a name the tag must escape.
    Organization.objects.create(
        name="木兰乡<script>alert(1)</script>村委会",
        level="township",
        parent=org_tree["township"],
        slug="mulan-village",
        credit_code="",
        depth=3,
        path=f"{org_tree['township'].path}999/",
    )
    html = Client().get("/orgs/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    reader = TreeReader()
    reader.feed(html)
    tree_links = [link for link in reader.links if link[0] > 0]
    assert tree_links == expected(selectors.organization_tree())
    assert max(depth for depth, _, _ in tree_links) == 4

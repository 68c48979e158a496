"""Atom feeds per organisation and per catalog column."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai.disclosure import selectors as disclosure
from gongkai.disclosure.models import CatalogNode, Publication
from gongkai.disclosure.richtext import html_to_text
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization

FEED_SIZE = 50


class OrgFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Organization:
        return orgs.organization_by_slug(slug)

    def title(self, org: Organization) -> str:
        return f"{org.name} · 政府信息公开"

    def link(self, org: Organization) -> str:
        return reverse("portal:org", args=[org.slug])

    def subtitle(self, org: Organization) -> str:
        return f"{org.name}及其下属机构最新主动公开的政府信息"

    def items(self, org: Organization) -> Any:
        return disclosure.publication_list_public(disclosure.PublicFilters(org=org))[:FEED_SIZE]

    def item_title(self, item: Publication) -> str:
        return item.title

    def item_description(self, item: Publication) -> str:
        return html_to_text(item.body_html)[:200]

    def item_link(self, item: Publication) -> str:
        return reverse("portal:publication", args=[item.pk])

    def item_pubdate(self, item: Publication) -> Any:
        return item.public_from

    def item_updateddate(self, item: Publication) -> Any:
        # RFC 4287 requires atom:updated on every entry.
        return item.public_from

    def item_author_name(self, item: Publication) -> str:
        return item.org.name

    def item_guid(self, item: Publication) -> str:
        return f"urn:gongkai:publication:{item.index_number}"

    item_guid_is_permalink = False


class CatalogNodeFeed(OrgFeed):
    def get_object(self, request: HttpRequest, slug: str, code: str) -> CatalogNode:  # type: ignore[override]
        return disclosure.catalog_node_get(orgs.organization_by_slug(slug), code)

    def title(self, node: CatalogNode) -> str:  # type: ignore[override]
        return f"{node.org.name} · {node.name}"

    def link(self, node: CatalogNode) -> str:  # type: ignore[override]
        return reverse("portal:catalog_node", args=[node.org.slug, node.code])

    def subtitle(self, node: CatalogNode) -> str:  # type: ignore[override]
        return f"{node.org.name}“{node.name}”栏目最新信息"

    def items(self, node: CatalogNode) -> Any:  # type: ignore[override]
        return disclosure.publication_list_public(disclosure.PublicFilters(org=node.org, node=node))[:FEED_SIZE]

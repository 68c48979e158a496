"""Reads of organisations and memberships."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from gongkai.core.errors import NotFound
from gongkai.orgs.models import Membership, Organization


@dataclass
class OrgNode:
    org: Organization
    children: list["OrgNode"] = field(default_factory=list)


def organization_tree(*, root: Organization | None = None) -> list[OrgNode]:
    """The organisation forest (or one subtree), children in display order, in one query."""
    qs = Organization.objects.all() if root is None else organization_subtree(root)
    nodes: dict[int, OrgNode] = {}
    roots: list[OrgNode] = []
    for org in qs.order_by("depth", "sort_order", "id"):
        node = OrgNode(org)
        nodes[org.pk] = node
        parent = nodes.get(org.parent_id) if org.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    return roots


def organization_subtree(org: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(path__startswith=org.path)


def organization_by_slug(slug: str) -> Organization:
    org = Organization.objects.filter(slug=slug).first()
    if org is None:
        raise NotFound("未找到该机构。")
    return org


def organization_ancestors(org: Organization) -> list[Organization]:
    ids = org.ancestor_ids()[:-1]
    by_id = Organization.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def memberships_of(user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user.pk).select_related("org").order_by("org__path", "role")

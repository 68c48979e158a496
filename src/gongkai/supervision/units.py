"""Matching the unit names a 工作要点 writes ("县人社局", "各乡镇人民政府") to organisations in the
plan org's subtree.

In order: a name a person mapped before under the same org (``UnitAlias``, remembered); the
org's full name, its short name, or its name without the place ("石城县人社局" → "县人社局",
"人社局"); then the collective phrases with a fixed meaning in the tree: "各乡镇…" (every
township beneath the org) and "…各部门" (every department beneath it). Anything else — "县直
有关单位", "有关部门和单位", an abbreviation nobody entered — is listed for a person to map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Level
from gongkai.orgs.selectors import organization_subtree
from gongkai.reports.textnorm import to_simplified
from gongkai.supervision.models import UnitAlias

_TOWNSHIPS = re.compile(r"^(?:各乡镇|各乡\(镇\)|各乡（镇）|各镇|各乡|各街道)")
_DEPARTMENTS = re.compile(r"(?:政府各部门|^各部门|^县直各部门|^市直各部门|^区直各部门)$")


@dataclass
class Match:
    name: str
    orgs: list[Organization] = field(default_factory=list)
    matched: bool = False
    how: str = ""  # "alias", "name", "collective", ""

    def as_json(self) -> dict[str, object]:
        slugs = [o.slug for o in self.orgs]
        return {"name": self.name, "org": slugs[0] if len(slugs) == 1 else None, "orgs": slugs, "matched": self.matched}


def _key(text: str) -> str:
    return re.sub(r"\s+", "", to_simplified(text))


def _place(scope: Organization) -> str:
    """ "石城县" for 石城县人民政府: the place part of the org's name."""
    if scope.short_name:
        return scope.short_name
    return re.sub(r"(?:人民政府|政府)$", "", scope.name)


class Matcher:
    """Built once per import: the subtree, its name variants, and the remembered aliases."""

    def __init__(self, scope: Organization) -> None:
        self.scope = scope
        self.members = list(organization_subtree(scope).order_by("path", "sort_order", "id"))
        place = _place(scope)
        suffix = place[-1:] if place else ""
        self.by_name: dict[str, Organization] = {}
        for org in self.members:
            variants = {org.name, org.short_name}
            if place and org.name.startswith(place):
                bare = org.name[len(place) :]
                variants |= {bare, suffix + bare}
            for variant in filter(None, variants):
                self.by_name.setdefault(_key(variant), org)
        self.aliases = {
            a.name: a.org for a in UnitAlias.objects.filter(scope=scope).select_related("org").order_by("id")
        }

    def _children(self, level: str) -> list[Organization]:
        return [o for o in self.members if o.parent_id == self.scope.pk and o.level == level]

    def match(self, name: str) -> Match:
        key = _key(name)
        if key in self.aliases:
            org = self.aliases[key]
            return Match(name, [org] if org is not None else [], True, "alias")
        if key in self.by_name:
            return Match(name, [self.by_name[key]], True, "name")
        if _TOWNSHIPS.match(key):
            return Match(name, self._children(Level.TOWNSHIP), True, "collective")
        if _DEPARTMENTS.search(key):
            return Match(name, self._children(Level.DEPARTMENT), True, "collective")
        return Match(name)

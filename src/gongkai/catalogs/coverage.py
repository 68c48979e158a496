"""Coverage of 标准目录 items by publications (reads only; the supervision module reads these).

For each 主动公开 item of an org's catalog (the published version; an area with only a draft is
measured on the draft, and says so), the public publications filed in its bound column or
beneath it (disclosure.selectors.public_filings), the last one's date, and against its 公开时限:

- AFTER_EVENT ("…之日起20个工作日内", "批准后20日内"): each publication with a 形成或变更日期 is on
  time when published by the due date the workdays engine computes from it (条例第二十六条 for
  the default; the catalog's own text otherwise); no next due date (the event is not known).
- PERIODIC ("每季度结束后15日内", "每年3月底前"): the last cycle whose due date has passed is met
  when something was published in (period end, due]; published later it is late; nothing since
  the period ended is overdue. The next due date is the next cycle's.
- STANDING ("实时", "长期公开"): no deadline; content must exist.
- UNPARSED: flagged for a person; not counted as on time or late.

依申请 items and the 负面清单 (不予公开, with their legal ground) are listed but not counted.
Rates: coverage = counted items with content / counted items; on-time = items found on time /
items whose timeliness could be checked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from django.utils import timezone

from gongkai.catalogs.models import CatalogItem, CatalogVersion, VersionState
from gongkai.catalogs.timelimits import (
    Cycle,
    DeadlineRule,
    RuleKind,
    cycles_around,
    due_after_event,
    publicity_ends,
)
from gongkai.catalogs.vocab import AREA_CODES, AREA_LABELS
from gongkai.disclosure import selectors as disclosure
from gongkai.orgs.models import Organization
from gongkai.workdays import selectors as workdays
from gongkai.workdays.calendar import WorkingCalendar

FINDING_LABELS = {
    "withheld": "负面清单（不予公开）",
    "on_request": "依申请公开",
    "unbound": "未关联栏目",
    "missing": "无内容",
    "flagged": "时限待人工确认",
    "standing": "已公开（常态公开）",
    "on_time": "按时公开",
    "late": "逾期公开",
    "overdue": "逾期未公开",
}


@dataclass
class ItemCoverage:
    item_id: int
    org_id: int
    area: str
    level1: str
    level2: str
    column_id: int | None
    rule: DeadlineRule
    finding: str  # a key of FINDING_LABELS
    publications: list[disclosure.FiledPublication] = field(default_factory=list)
    last_published_on: datetime.date | None = None
    next_due: datetime.date | None = None
    on_time: bool | None = None
    late: list[tuple[int, str, datetime.date, datetime.date]] = field(default_factory=list)  # pk, title, published, due
    publicity_ends: datetime.date | None = None

    @property
    def counted(self) -> bool:
        return self.finding not in ("withheld", "on_request")

    @property
    def covered(self) -> bool:
        return bool(self.publications)

    @property
    def overdue(self) -> bool:
        return self.finding == "overdue"

    @property
    def finding_label(self) -> str:
        return FINDING_LABELS[self.finding]


@dataclass
class AreaCoverage:
    org_id: int
    area: str
    version_id: int
    draft: bool
    items: list[ItemCoverage]

    @property
    def label(self) -> str:
        return AREA_LABELS[self.area]

    @property
    def counted(self) -> int:
        return sum(1 for i in self.items if i.counted)

    @property
    def covered(self) -> int:
        return sum(1 for i in self.items if i.counted and i.covered)

    @property
    def checked(self) -> int:
        return sum(1 for i in self.items if i.counted and i.on_time is not None)

    @property
    def timely(self) -> int:
        return sum(1 for i in self.items if i.counted and i.on_time)

    @property
    def overdue(self) -> list[ItemCoverage]:
        return [i for i in self.items if i.overdue]

    @property
    def coverage_rate(self) -> float | None:
        return self.covered / self.counted if self.counted else None

    @property
    def on_time_rate(self) -> float | None:
        return self.timely / self.checked if self.checked else None


@dataclass
class OrgCoverage:
    org_id: int
    name: str
    slug: str
    level: str
    areas: list[AreaCoverage]

    def _sum(self, name: str) -> int:
        return sum(getattr(a, name) for a in self.areas)

    @property
    def counted(self) -> int:
        return self._sum("counted")

    @property
    def covered(self) -> int:
        return self._sum("covered")

    @property
    def checked(self) -> int:
        return self._sum("checked")

    @property
    def timely(self) -> int:
        return self._sum("timely")

    @property
    def overdue(self) -> list[ItemCoverage]:
        return [i for a in self.areas for i in a.overdue]

    @property
    def coverage_rate(self) -> float | None:
        return self.covered / self.counted if self.counted else None

    @property
    def on_time_rate(self) -> float | None:
        return self.timely / self.checked if self.checked else None


def effective_versions(org_ids: list[int]) -> dict[tuple[int, str], CatalogVersion]:
    """Per (org, area): the published version, else the draft."""
    chosen: dict[tuple[int, str], CatalogVersion] = {}
    for v in CatalogVersion.objects.filter(
        catalog__org_id__in=org_ids, state__in=[VersionState.PUBLISHED, VersionState.DRAFT]
    ).select_related("catalog"):
        key = (v.catalog.org_id, v.catalog.area)
        if key not in chosen or v.state == VersionState.PUBLISHED:
            chosen[key] = v
    return chosen


class _Dates:
    """Due dates by rule (text aside) and date: thousands of items share a few rules."""

    def __init__(self, cal: WorkingCalendar, today: datetime.date) -> None:
        self.cal, self.today = cal, today
        self._cycles: dict[DeadlineRule, tuple[Cycle | None, Cycle | None]] = {}
        self._due: dict[tuple[DeadlineRule, datetime.date], datetime.date | None] = {}

    def cycles(self, rule: DeadlineRule) -> tuple[Cycle | None, Cycle | None]:
        key = replace(rule, text="")
        if key not in self._cycles:
            self._cycles[key] = cycles_around(key, self.cal, self.today)
        return self._cycles[key]

    def due(self, rule: DeadlineRule, formed_on: datetime.date) -> datetime.date | None:
        key = (replace(rule, text=""), formed_on)
        if key not in self._due:
            self._due[key] = due_after_event(key[0], self.cal, formed_on)
        return self._due[key]


def _measure(entry: ItemCoverage, today: datetime.date, dates: _Dates) -> None:
    cal = dates.cal
    pubs = sorted(entry.publications, key=lambda p: (p.published_on or datetime.date.min, p.pk), reverse=True)
    entry.publications = pubs
    entry.last_published_on = pubs[0].published_on if pubs else None
    rule = entry.rule
    if rule.kind == RuleKind.PERIODIC:
        last, following = dates.cycles(rule)
        entry.next_due = following.due if following else None
        if last is not None:
            since = [p.published_on for p in pubs if p.published_on and p.published_on > last.opens]
            if any(d <= last.due for d in since):
                entry.finding, entry.on_time = "on_time", True
            elif since:
                entry.finding, entry.on_time = "late", False
            else:
                entry.finding, entry.on_time = "overdue", False
        return
    if not pubs:
        entry.finding = "missing"
        return
    if rule.kind == RuleKind.UNPARSED:
        entry.finding = "flagged"
        return
    if rule.kind == RuleKind.STANDING:
        entry.finding = "standing"
        return
    checked = 0
    for p in pubs:
        if p.formed_on is None or p.published_on is None:
            continue
        due = dates.due(rule, p.formed_on)
        if due is None:
            continue
        checked += 1
        if p.published_on > due:
            entry.late.append((p.pk, p.title, p.published_on, due))
    if pubs[0].published_on is not None:
        entry.publicity_ends = publicity_ends(rule, cal, pubs[0].published_on)
    entry.on_time = None if not checked else not entry.late
    entry.finding = "late" if entry.late else "on_time"


def coverage(orgs: list[Organization], *, today: datetime.date | None = None) -> list[OrgCoverage]:
    """Coverage of every listed org's catalogs (an org with none has no areas)."""
    today = today or timezone.localdate()
    dates = _Dates(workdays.get_calendar(), today)
    versions = effective_versions([o.pk for o in orgs])
    by_version: dict[int, list[CatalogItem]] = {}
    for item in CatalogItem.objects.filter(version__in=[v.pk for v in versions.values()]).order_by("position"):
        by_version.setdefault(item.version_id, []).append(item)
    columns = sorted({i.column_id for items in by_version.values() for i in items if i.column_id})
    filed: dict[int, dict[int, disclosure.FiledPublication]] = {}
    for pub in disclosure.public_filings(columns) if columns else []:
        filed.setdefault(pub.column_id, {})[pub.pk] = pub
    result = []
    for org in orgs:
        areas = []
        for area in AREA_CODES:
            version = versions.get((org.pk, area))
            if version is None:
                continue
            entries = []
            for item in by_version.get(version.pk, []):
                rule = DeadlineRule.from_dict({"text": item.deadline_text, **item.deadline_rule})
                entry = ItemCoverage(item.pk, org.pk, area, item.level1, item.level2, item.column_id, rule, "missing")
                if not item.proactive:
                    entry.finding = "on_request" if item.on_request else "withheld"
                elif item.column_id is None:
                    entry.finding = "unbound"
                else:
                    # What was public on `today`: coverage on a past date ignores later items.
                    entry.publications = [
                        p for p in filed.get(item.column_id, {}).values() if p.published_on and p.published_on <= today
                    ]
                    _measure(entry, today, dates)
                entries.append(entry)
            areas.append(AreaCoverage(org.pk, area, version.pk, version.state == VersionState.DRAFT, entries))
        result.append(OrgCoverage(org.pk, org.name, org.slug, org.level, areas))
    return result


def coverage_of_subtree(org: Organization, *, today: datetime.date | None = None) -> list[OrgCoverage]:
    """The org and every org beneath it (a county, its departments and townships)."""
    subtree = list(Organization.objects.filter(path__startswith=org.path).order_by("path", "sort_order", "id"))
    return coverage(subtree, today=today)


def item_coverage(item: CatalogItem, *, today: datetime.date | None = None) -> ItemCoverage | None:
    """One item's coverage (the public page's link to its content, the staff item page)."""
    org = item.version.catalog.org
    for area in coverage([org], today=today)[0].areas:
        if area.version_id == item.version_id:
            return next((i for i in area.items if i.item_id == item.pk), None)
    return None


def as_json(orgs: list[OrgCoverage]) -> dict[str, object]:
    """The shape of `gongkai catalog coverage --json` and the API."""

    def rate(x: float | None) -> float | None:
        return None if x is None else round(x, 4)

    def day(d: datetime.date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "orgs": [
            {
                "org": o.slug,
                "name": o.name,
                "counted": o.counted,
                "covered": o.covered,
                "coverage_rate": rate(o.coverage_rate),
                "on_time_rate": rate(o.on_time_rate),
                "areas": [
                    {
                        "area": a.label,
                        "area_code": a.area,
                        "draft": a.draft,
                        "counted": a.counted,
                        "covered": a.covered,
                        "coverage_rate": rate(a.coverage_rate),
                        "on_time_rate": rate(a.on_time_rate),
                        "items": [
                            {
                                "id": i.item_id,
                                "level1": i.level1,
                                "level2": i.level2,
                                "status": i.finding,
                                "status_label": i.finding_label,
                                "publications": len(i.publications),
                                "last_published_on": day(i.last_published_on),
                                "next_due": day(i.next_due),
                                "on_time": i.on_time,
                                "overdue": i.overdue,
                                "deadline_flagged": i.rule.flagged,
                            }
                            for i in a.items
                        ],
                    }
                    for a in o.areas
                ],
                "overdue": [{"area": AREA_LABELS[i.area], "level1": i.level1, "level2": i.level2} for i in o.overdue],
            }
            for o in orgs
        ]
    }

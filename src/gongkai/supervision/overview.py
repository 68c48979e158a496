"""The disclosure office's overview (政务公开工作概览): its subtree's figures for one year, per
unit, from the same indicator registry the assessment scores with (``supervision.indicators``),
so the dashboard and the score sheet can never disagree about a rate.

Figures: items published per month; 第二十六条 20-working-day compliance; 重大政策解读率; 依申请公开
按期答复率 (条例第三十三条); 领导信箱办结率 and 满意率. Units are the org itself and its direct
children (a county office looks at its departments and townships); each opens its own overview.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound
from gongkai.disclosure import selectors as disclosure
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization
from gongkai.supervision import permissions
from gongkai.supervision.indicators import REGISTRY, Measure, Query

SOURCES: tuple[str, ...] = (
    "disclosure.timeliness",
    "disclosure.interpretation",
    "foi.on_time",
    "participation.closure",
    "participation.satisfaction",
)
MAX_UNITS = 60  # a province office sees its ~20 cities; a county its ~40 departments and townships
FIRST_YEAR, LAST_YEAR = 2008, 2100


@dataclass(frozen=True)
class Figure:
    label: str
    numerator: int
    denominator: int
    rate: Decimal | None

    @property
    def percent(self) -> Decimal | None:
        return None if self.rate is None else (self.rate * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def text(self) -> str:
        return "无记录" if self.percent is None else f"{self.percent}%（{self.numerator}/{self.denominator}）"


@dataclass(frozen=True)
class UnitRow:
    org: Organization
    figures: dict[str, Figure]


@dataclass(frozen=True)
class Overview:
    org: Organization
    year: int
    months: list[int]  # items published, January first
    labels: dict[str, str]  # source key → 指标名称
    units: list[UnitRow]
    truncated: bool


def _figure(label: str, measure: Measure) -> Figure:
    return Figure(label, measure.numerator, measure.denominator, measure.rate)


def office_overview(*, actor: Actor, org: Organization, year: int, today: datetime.date) -> Overview:
    """The overview of `org` (its admins and approvers only; anyone else: not found)."""
    if not permissions.can_view_office(actor, org):
        raise NotFound("未找到该机构的工作概览。")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound("年度超出范围。")
    children = orgs.organization_children(org, limit=MAX_UNITS)
    units = [org, *children[: MAX_UNITS - 1]]
    rows = []
    for unit in units:
        query = Query(actor=actor, unit=unit, year=year, today=today)
        rows.append(UnitRow(unit, {key: _figure(REGISTRY[key].label, REGISTRY[key].compute(query)) for key in SOURCES}))
    return Overview(
        org=org,
        year=year,
        months=disclosure.published_per_month(org, year=year),
        labels={key: REGISTRY[key].label for key in SOURCES},
        units=rows,
        truncated=len(children) > MAX_UNITS - 1,
    )

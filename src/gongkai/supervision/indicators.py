"""The registry of automatic indicators: each reads one module's selectors for one unit and year
and returns a measure with the records behind it (the evidence of every point).

An indicator of a scheme names a source key of ``REGISTRY``; its scoring rule (``scoring``) turns
the measure into points. Sources today: disclosure (解读率, 第二十六条 20 working days), foi
(on-time replies, 复议诉讼纠错率), participation (信箱办结率, 满意率) and reports (annual report on
time and valid).

Plugging in a module that lands later (catalogs: 标准目录 coverage; inspection: site and
new-media check results): write a function here reading that app's selectors (never its models)
and ``register(Source(...))`` it; schemes can then name its key, nothing else changes. A source
key a scheme names but the registry lacks scores as "数据来源不可用" with full points withheld
(0), so a missing module is visible, never silently counted.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from gongkai.core.actors import Actor
from gongkai.orgs.models import Organization


@dataclass
class Evidence:
    """One record behind a point: a link kind for ``core.urls.public_url`` (or "" for staff-only
    records), its ids, a label, and whether it counted for or against the unit."""

    label: str
    ok: bool
    kind: str = ""
    ids: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"label": self.label, "ok": self.ok, "kind": self.kind, "ids": self.ids}


@dataclass
class Measure:
    numerator: int
    denominator: int
    failures: int = 0  # the items counted against the unit (for deduction rules)
    evidence: list[Evidence] = field(default_factory=list)
    note: str = ""

    @property
    def rate(self) -> Decimal | None:
        if self.denominator <= 0:
            return None
        return (Decimal(self.numerator) / Decimal(self.denominator)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Query:
    actor: Actor
    unit: Organization
    year: int
    today: datetime.date


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    module: str
    compute: Callable[[Query], Measure]
    # 纠错率 is better low: a rule reads its rate as 1 − rate (proportional) or as a ceiling (threshold).
    higher_is_better: bool = True


REGISTRY: dict[str, Source] = {}


def register(source: Source) -> Source:
    REGISTRY[source.key] = source
    return source


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --- disclosure --------------------------------------------------------------------------------


def _interpretation(q: Query) -> Measure:
    from gongkai.disclosure.selectors import interpretation_rate

    data = interpretation_rate(q.unit, year=q.year)
    evidence = [Evidence(p.title, True, "publication", {"pk": p.pk}) for p in data["with_interpretation"]]
    evidence += [
        Evidence(f"未解读：{p.title}", False, "publication", {"pk": p.pk}) for p in data["without_interpretation"]
    ]
    without = len(data["without_interpretation"])
    return Measure(data["total"] - without, data["total"], without, evidence)


def _timeliness(q: Query) -> Measure:
    from gongkai.disclosure.selectors import publication_timeliness

    figures = publication_timeliness(q.unit, year=q.year)
    evidence = [
        Evidence(f"逾期发布：{title}（成文{formed}，应于{due}前，{published}发布）", False, "publication", {"pk": pk})
        for pk, title, formed, due, published in figures.late
    ]
    late = len(figures.late)
    return Measure(figures.total - late, figures.total, late, evidence, f"本年发布且有成文日期的信息{figures.total}条")


# --- foi ------------------------------------------------------------------------------------------


def _foi_cases(q: Query) -> list[Any]:
    from gongkai.foi.selectors import application_list_for_staff

    return [a for a in application_list_for_staff(actor=q.actor, org=q.unit) if a.org_id == q.unit.pk]


def _foi_on_time(q: Query) -> Measure:
    """条例第三十三条: replies within 20 working days (extended at most 20 more); the due date is
    the case's own clock (``foi.selectors.clock_of``), pauses for 补正 and consultation included."""
    from gongkai.foi.selectors import clock_of

    start, end = _year(q.year)
    evidence, on_time, total = [], 0, 0
    for app in _foi_cases(q):
        if app.replied_on is None or not start <= app.replied_on <= end:
            continue
        total += 1
        due = clock_of(app, today=app.replied_on).due_on or app.due_on
        ok = due is None or app.replied_on <= due
        on_time += int(ok)
        label = f"{app.registration_number}：{app.replied_on}答复，期限{due}"
        evidence.append(Evidence(label if ok else "逾期答复 " + label, ok, "", {"foi_application": app.pk}))
    return Measure(on_time, total, total - on_time, evidence)


def _foi_correction(q: Query) -> Measure:
    """条例第五十一条: 行政复议、行政诉讼 decided in the year; 纠错率 = 结果纠正 / decided."""
    start, end = _year(q.year)
    evidence, corrected, decided = [], 0, 0
    for app in _foi_cases(q):
        for appeal in app.appeals.all():
            if appeal.decided_on is None or not start <= appeal.decided_on <= end:
                continue
            decided += 1
            bad = appeal.result == "corrected"
            corrected += int(bad)
            evidence.append(
                Evidence(
                    f"{app.registration_number}：{appeal.get_kind_display()}{appeal.get_result_display()}",
                    not bad,
                    "",
                    {"foi_application": app.pk},
                )
            )
    return Measure(corrected, decided, corrected, evidence)


# --- participation ---------------------------------------------------------------------------------


def _mailbox(q: Query, figure: str) -> Measure:
    from gongkai.participation.selectors import mailbox_statistics

    start, end = _year(q.year)
    stats = mailbox_statistics(q.unit, start=start, end=end, today=q.today).total
    if figure == "closure":
        good, total, label = stats.closed, stats.received, f"受理{stats.received}件，办结{stats.closed}件"
    else:
        good, total, label = stats.satisfied, stats.rated, f"评价{stats.rated}件，满意及基本满意{stats.satisfied}件"
    # The statistics are counts per mailbox; the messages themselves are on its statistics page.
    return Measure(good, total, total - good, [Evidence(label, total == good, "", {"mailbox_org": q.unit.pk})])


# --- reports --------------------------------------------------------------------------------------


def _annual_report(q: Query) -> Measure:
    """条例第四十九、五十条: the report on the previous year, published by its deadline and passing
    validation (the 2021 format's identities)."""
    from gongkai.reports.selectors import supervision

    year = q.year - 1
    rows = [r for r in supervision(actor=q.actor, org=q.unit, year=year, today=q.today) if r.org.pk == q.unit.pk]
    if not rows:
        return Measure(0, 1, 1, [Evidence(f"{year}年度报告：无记录", False)])
    row = rows[0]
    ok = row.state == "published" and not row.errors
    label = f"{year}年度报告：{row.state_label}" + (f"，{len(row.errors)}项勾稽关系不成立" if row.errors else "")
    kind, ids = ("annual_report", {"org": q.unit.slug, "year": year}) if row.published_on else ("", {})
    return Measure(int(ok), 1, int(not ok), [Evidence(label, ok, kind, ids)])


register(Source("disclosure.interpretation", "重大政策解读率", "disclosure", _interpretation))
register(Source("disclosure.timeliness", "20个工作日内公开率", "disclosure", _timeliness))
register(Source("foi.on_time", "依申请公开按期答复率", "foi", _foi_on_time))
register(Source("foi.correction", "复议诉讼纠错率", "foi", _foi_correction, higher_is_better=False))
register(Source("participation.closure", "领导信箱办结率", "participation", lambda q: _mailbox(q, "closure")))
register(Source("participation.satisfaction", "领导信箱满意率", "participation", lambda q: _mailbox(q, "satisfied")))
register(Source("reports.annual_report", "年度报告按时发布且数据准确", "reports", _annual_report))


# --- scoring --------------------------------------------------------------------------------------

_CENT = Decimal("0.01")


@dataclass
class Points:
    points: Decimal
    value: str
    explanation: str


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def score(
    *,
    rule: str,
    weight: Decimal,
    measure: Measure,
    higher_is_better: bool,
    target: Decimal | None,
    per_item: Decimal | None,
) -> Points:
    """Points of one indicator. No record to measure (no policy, no case) deducts nothing."""
    rate = measure.rate
    if rule == "deduct":
        step = per_item or Decimal(0)
        points = max(Decimal(0), weight - step * measure.failures)
        return Points(
            points.quantize(_CENT), f"{measure.failures}项", f"满分{weight}，每项扣{step}分，{measure.failures}项"
        )
    if rate is None:
        return Points(weight.quantize(_CENT), "无记录", "本年度无可计算的记录，不扣分")
    value = _pct(rate)
    good = rate if higher_is_better else Decimal(1) - rate
    if rule == "threshold":
        goal = target if target is not None else Decimal(1)
        met = rate >= goal if higher_is_better else rate <= goal
        sign = "≥" if higher_is_better else "≤"
        return Points(
            weight.quantize(_CENT) if met else Decimal("0.00"),
            value,
            f"目标{sign}{_pct(goal)}，{'达到' if met else '未达到'}",
        )
    points = (weight * good).quantize(_CENT, ROUND_HALF_UP)
    return Points(points, value, f"满分{weight}×{_pct(good)}")

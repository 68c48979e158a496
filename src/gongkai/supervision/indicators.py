"""The registry of automatic indicators: each reads one module's selectors for one unit and year
and returns a measure with the records behind it (the evidence of every point).

An indicator of a scheme names a source key of ``REGISTRY``; its scoring rule (``scoring``) turns
the measure into points. Sources: disclosure (解读率, 第二十六条 20 working days), foi
(on-time replies, 复议诉讼纠错率; ``foi.figures``), participation (信箱办结率, 满意率), reports (annual
report on time and valid), catalogs (标准目录 coverage and timeliness, ``catalogs.coverage``) and
inspection (quarterly site checks passed, rectification verified; ``inspection.selectors``).

Plugging in a module that lands later: write a function here reading that app's selectors (never
its models) and ``register(Source(...))`` it; schemes can then name its key, nothing else changes. A source
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


def _foi_on_time(q: Query) -> Measure:
    """条例第三十三条: replies within 20 working days (extended at most 20 more, 第三十五条 periods);
    the due date is the case's own clock as ``foi.figures`` reads it (pauses for 补正, third-party
    consultation capped at its 15 working days, and fees included — the foi rework of issue 14)."""
    from gongkai.foi.figures import reply_timings

    start, end = _year(q.year)
    evidence = []
    rows = reply_timings(q.unit, start, end)
    for row in rows:
        due = row.due_on.isoformat() if row.due_on else "无法定期限"
        label = f"{row.registration_number}：{row.replied_on}答复，期限{due}"
        evidence.append(
            Evidence(
                label if row.on_time else "逾期答复 " + label, row.on_time, "", {"foi_application": row.application_id}
            )
        )
    late = sum(1 for row in rows if not row.on_time)
    evidence.sort(key=lambda e: e.ok)  # the late ones first: they are what the office looks for
    return Measure(len(rows) - late, len(rows), late, evidence)


def _foi_correction(q: Query) -> Measure:
    """条例第五十一条: 行政复议、行政诉讼 decided in the year; 纠错率 = 结果纠正 / decided (a result
    counts in the year it is known, as the annual report's table 四 counts it)."""
    from gongkai.foi.figures import appeals_decided

    start, end = _year(q.year)
    rows = appeals_decided(q.unit, start, end)
    evidence = [
        Evidence(
            f"{r.registration_number}：{r.kind_label}{r.result_label}（{r.decided_on}审结）",
            not r.corrected,
            "",
            {"foi_application": r.application_id, "appeal": r.appeal_id},
        )
        for r in rows
    ]
    corrected = sum(1 for r in rows if r.corrected)
    return Measure(corrected, len(rows), corrected, evidence)


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


# --- catalogs -------------------------------------------------------------------------------------


def _catalog(q: Query, figure: str) -> Measure:
    """国办发〔2019〕54号 and 国办公开办函〔2019〕61号 (基层政务公开标准目录): the unit's 主动公开 items
    with content (coverage) or found on time (timeliness), as ``catalogs.coverage`` measures them
    on the last day of the year (or today, during the year)."""
    from gongkai.catalogs.coverage import coverage

    day = min(q.today, _year(q.year)[1])
    areas = coverage([q.unit], today=day)[0].areas
    items = [(a, i) for a in areas for i in a.items if i.counted]
    drafts = [a.label for a in areas if a.draft]
    note = f"截至{day}" + (f"；{'、'.join(drafts[:5])}等领域目录尚未发布，按草稿计" if drafts else "")
    if not areas and figure == "coverage":
        # 国办发〔2019〕54号: 县级政府部门和乡镇 compile their catalogs; none at all is a failure to
        # measure against, not "nothing to measure" (timeliness then has nothing to add).
        return Measure(0, 1, 1, [Evidence("尚未编制基层政务公开标准目录", False)], note)
    if not items:
        return Measure(0, 0, 0, [], note)
    evidence: list[Evidence] = []
    if figure == "coverage":
        good = sum(1 for _, i in items if i.covered)
        for a, i in items:
            evidence.append(
                Evidence(
                    f"{a.label}·{i.level1}·{i.level2}：{i.finding_label}", i.covered, "", {"catalog_item": i.item_id}
                )
            )
        evidence.sort(key=lambda e: e.ok)
        return Measure(good, len(items), len(items) - good, evidence, note)
    checked = [(a, i) for a, i in items if i.on_time is not None]
    good = sum(1 for _, i in checked if i.on_time)
    for a, i in checked:
        evidence.append(
            Evidence(
                f"{a.label}·{i.level1}·{i.level2}：{i.finding_label}", bool(i.on_time), "", {"catalog_item": i.item_id}
            )
        )
        evidence += [
            Evidence(f"逾期公开：{title}（{published}发布，应于{due}前）", False, "publication", {"pk": pk})
            for pk, title, published, due in i.late[:5]
        ]
    evidence.sort(key=lambda e: e.ok)
    return Measure(good, len(checked), len(checked) - good, evidence, note)


# --- inspection -----------------------------------------------------------------------------------


def _inspection_results(q: Query) -> Measure:
    """国办秘函〔2019〕19号 (政府网站与政务新媒体检查指标): each site of the unit is checked every
    quarter; a quarter counts as passed when its latest check in that quarter found the site 合格
    (no 单项否决, score at least 60). A site that could not be checked (无法访问 is itself a
    单项否决 item) counts as not passed."""
    from gongkai.inspection.selectors import inspections_for

    start, end = _year(q.year)
    latest: dict[tuple[int, str], Any] = {}
    rows = inspections_for(q.actor).filter(site__org=q.unit, as_of__range=(start, min(end, q.today)))
    for inspection in rows.order_by("as_of", "id")[:2000]:
        latest[(inspection.site_id, inspection.quarter)] = inspection
    evidence = []
    for (_, quarter), i in sorted(latest.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        ok = i.verdict == "pass"
        score = "" if i.score is None else f"，得分{i.score:g}"
        vetoes = f"，单项否决：{'、'.join(str(v) for v in list(i.vetoes)[:5])}" if i.vetoes else ""
        label = f"{i.site.name} {quarter}：{i.get_verdict_display()}{score}{vetoes}"
        evidence.append(Evidence(label, ok, "", {"inspection": i.pk}))
    passed = sum(1 for e in evidence if e.ok)
    evidence.sort(key=lambda e: e.ok)
    return Measure(passed, len(evidence), len(evidence) - passed, evidence)


def _rectification(q: Query) -> Measure:
    """国办秘函〔2019〕19号: problems found must be rectified within the time given; the items due
    in the year and verified (整改到位, 已核验) by the inspecting office, of all due in the year."""
    from gongkai.inspection.selectors import rectifications_for

    start, end = _year(q.year)
    items = list(
        rectifications_for(q.actor).filter(org=q.unit, due_on__range=(start, end)).order_by("due_on", "id")[:2000]
    )
    evidence = []
    for item in items:
        ok = item.state == "verified"
        label = f"{item.site.name}：{item.get_kind_display()}，{item.due_on}前整改，{item.get_state_display()}"
        evidence.append(Evidence(label, ok, "", {"rectification": item.pk}))
    done = sum(1 for e in evidence if e.ok)
    evidence.sort(key=lambda e: e.ok)
    return Measure(done, len(items), len(items) - done, evidence)


register(Source("disclosure.interpretation", "重大政策解读率", "disclosure", _interpretation))
register(Source("disclosure.timeliness", "20个工作日内公开率", "disclosure", _timeliness))
register(Source("foi.on_time", "依申请公开按期答复率", "foi", _foi_on_time))
register(Source("foi.correction", "复议诉讼纠错率", "foi", _foi_correction, higher_is_better=False))
register(Source("participation.closure", "领导信箱办结率", "participation", lambda q: _mailbox(q, "closure")))
register(Source("participation.satisfaction", "领导信箱满意率", "participation", lambda q: _mailbox(q, "satisfied")))
register(Source("reports.annual_report", "年度报告按时发布且数据准确", "reports", _annual_report))
register(Source("catalogs.coverage", "标准目录事项公开覆盖率", "catalogs", lambda q: _catalog(q, "coverage")))
register(Source("catalogs.on_time", "标准目录事项按时公开率", "catalogs", lambda q: _catalog(q, "on_time")))
register(Source("inspection.results", "网站检查合格率（按季度）", "inspection", _inspection_results))
register(Source("inspection.rectification", "检查问题整改完成率", "inspection", _rectification))


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

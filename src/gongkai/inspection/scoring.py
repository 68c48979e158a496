"""Scoring per 国办秘函〔2019〕19号: 单项否决 first (any → 不合格, nothing else scored), then
deductions out of 100 (below 60 → 不合格); the department variant is scored out of 75 and
scaled ×4/3 (regulations.md §4.4)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from gongkai.inspection.rules import (
    DEDUCTIONS,
    DEPARTMENT_BASE,
    EMPTY_COLUMN_VETO,
    FULL_SCORE,
    PASS_SCORE,
    STALE_NEWS_NOTICE_VETO,
    STALE_OTHER_VETO,
    UNREACHABLE_SHARE,
    ColumnType,
)
from gongkai.inspection.snapshot import KIND_LABELS, FindingData

PASS = "pass"  # noqa: S105 (a verdict, not a password)
FAIL = "fail"
NOT_INSPECTED = "unreachable"
VERDICT_LABELS = {PASS: "合格", FAIL: "不合格", NOT_INSPECTED: "无法检查"}

# The 单项否决 items in the order of 19号.
VETO_SECURITY = "安全、泄密事故等严重问题"
VETO_UNREACHABLE = "站点无法访问"
VETO_HOME = "首页不更新"
VETO_COLUMNS = "栏目不更新"
VETO_INTERACTION = "互动回应差"
VETO_SERVICE = "服务不实用"
VETO_ORDER = (VETO_SECURITY, VETO_UNREACHABLE, VETO_HOME, VETO_COLUMNS, VETO_INTERACTION, VETO_SERVICE)


def in_veto_order(vetoes: dict[str, str]) -> dict[str, str]:
    """The veto items in 19号's order. Stored as JSON, a mapping's order is the database's
    (PostgreSQL's jsonb sorts keys), so every reader puts them back in order here."""
    rank = {item: n for n, item in enumerate(VETO_ORDER)}
    return dict(sorted(vetoes.items(), key=lambda pair: (rank.get(pair[0], len(rank)), pair[0])))


SECURITY_KINDS = frozenset({"hidden_link", "hijacked_title", "spam_text", "wording_error"})


@dataclass
class Score:
    verdict: str
    score: float | None  # None when a veto applies: nothing else is scored
    vetoes: dict[str, str] = field(default_factory=dict)  # item → why
    deductions: dict[str, float] = field(default_factory=dict)  # indicator → points
    column_counts: dict[str, int] = field(default_factory=dict)  # 栏目不更新's three counts

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]


def _stale_bucket(finding: FindingData) -> str:
    """栏目不更新 (1): news columns, and first-level notice columns; else (2)."""
    kind = finding.evidence.get("type")
    if kind == ColumnType.NEWS or (kind == ColumnType.NOTICE and finding.evidence.get("level") == 1):
        return "news_notice"
    return "other"


def score(findings: Sequence[FindingData], *, attempts: int, department: bool = False) -> Score:
    kinds = Counter(f.kind for f in findings)
    stale = Counter(_stale_bucket(f) for f in findings if f.kind == "stale_column")
    counts = {
        "stale_news_notice": stale["news_notice"],
        "stale_other": stale["other"],
        "empty": kinds["empty_column"],
    }
    vetoes: dict[str, str] = {}
    security = [f for f in findings if f.kind in SECURITY_KINDS]
    if security:
        vetoes[VETO_SECURITY] = "、".join(sorted({_label(f.kind) for f in security}))
    if attempts and kinds["unreachable"] / attempts >= UNREACHABLE_SHARE:
        vetoes[VETO_UNREACHABLE] = f"{kinds['unreachable']}/{attempts} 次访问未能在15秒内打开（≥5%）"
    if kinds["stale_home"]:
        vetoes[VETO_HOME] = "首页2周内未更新"
    reasons = []
    if counts["stale_news_notice"] >= STALE_NEWS_NOTICE_VETO:
        reasons.append(f"动态要闻类、通知公告政策文件类栏目不更新{counts['stale_news_notice']}个")
    if counts["stale_other"] >= STALE_OTHER_VETO:
        reasons.append(f"应更新栏目长期未更新{counts['stale_other']}个")
    if counts["empty"] >= EMPTY_COLUMN_VETO:
        reasons.append(f"空白栏目{counts['empty']}个")
    if reasons:
        vetoes[VETO_COLUMNS] = "；".join(reasons)
    # 互动回应差: (1) no 咨询建言 channel at all; (2) messages unanswered > 3 months.
    interaction = []
    if kinds["no_interaction_channel"]:
        interaction.append("无有效的在线咨询建言渠道")
    if kinds["unanswered_message"]:
        interaction.append(f"{kinds['unanswered_message']}条留言超过3个月未回复")
    if interaction:
        vetoes[VETO_INTERACTION] = "；".join(interaction)
    if kinds["no_service"]:  # 服务不实用 (1): 无办事服务 (never found for department sites)
        vetoes[VETO_SERVICE] = (
            "未提供办事服务"
            if not any(f.column for f in findings if f.kind == "no_service")
            else "办事服务栏目没有办事事项"
        )
    ordered = {item: vetoes[item] for item in VETO_ORDER if item in vetoes}
    if ordered:
        return Score(FAIL, None, ordered, {}, counts)
    deductions: dict[str, float] = {}
    notice_stale = sum(1 for f in findings if f.kind == "stale_column" and f.evidence.get("type") == ColumnType.NOTICE)
    per_indicator = {
        "unreachable": kinds["unreachable"],
        "broken_link": kinds["broken_link"],
        "stale_column_notice": notice_stale,
        "stale_column": kinds["stale_column"] - notice_stale,
        "empty_column": kinds["empty_column"],
    }
    for indicator, n in per_indicator.items():
        rule = DEDUCTIONS[indicator]
        if n and not (department and rule.service):
            deductions[indicator] = min(rule.cap, rule.points * n)
    lost = sum(deductions.values())
    # Departments without external services: the rest is out of 75, scaled ×4/3.
    base, scale = (DEPARTMENT_BASE, 4 / 3) if department else (FULL_SCORE, 1.0)
    value = round(max(0.0, base - lost) * scale, 1)
    return Score(PASS if value >= PASS_SCORE else FAIL, value, {}, deductions, counts)


def _label(kind: str) -> str:
    return KIND_LABELS[kind]

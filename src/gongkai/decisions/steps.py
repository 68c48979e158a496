"""Which statutory steps a 重大行政决策 needs, and whether its records allow publication.

《重大行政决策程序暂行条例》(国务院令第713号), 第二章 决策草案的形成 and 第三章 合法性审查和集体讨论决定:

- 公众参与 (第十四条起): 决策承办单位应当采取便于社会公众参与的方式充分听取意见，依法不予公开的
  决策事项除外; 公开征求意见一般不少于30日 (第十五条, enforced by the participation module for
  draft type 重大行政决策). Required; "not applicable" only with a recorded reason (依法不予公开).
- 专家论证 (第十九条): for 专业性、技术性较强的决策事项. Required when the decision is marked
  technical; otherwise it may be marked not applicable with the reason.
- 风险评估 (第二十二条): when the decision 可能对社会稳定、公共安全等方面造成不利影响. Required when
  marked so; otherwise not applicable with the reason.
- 合法性审查 (第二十五条): 决策草案提交决策机关讨论前应当由负责合法性审查的部门进行合法性审查;
  未经合法性审查或者经审查不合法的，不得提交决策机关讨论. Always required, never "not applicable",
  and it must be recorded before 集体讨论决定.
- 集体讨论决定 (第三十条): 决策草案应当经决策机关常务会议或者全体会议讨论. Always required.

Safer reading where the text leaves room (see docs/decisions.md): every step starts out required; a
conditional step is waived only by a record saying why, which is kept and shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.decisions.models import Decision, StepKind, StepStatus

ORDER: tuple[str, ...] = tuple(StepKind.values)

# Steps that can never be waived: 第二十五条 (合法性审查) and 第三十条 (集体讨论决定).
NEVER_WAIVED = frozenset({StepKind.LEGALITY, StepKind.COLLECTIVE})

ARTICLES = {
    StepKind.PARTICIPATION: "《重大行政决策程序暂行条例》第十四条至第十八条",
    StepKind.EXPERT: "《重大行政决策程序暂行条例》第十九条至第二十一条",
    StepKind.RISK: "《重大行政决策程序暂行条例》第二十二条至第二十四条",
    StepKind.LEGALITY: "《重大行政决策程序暂行条例》第二十五条至第二十七条",
    StepKind.COLLECTIVE: "《重大行政决策程序暂行条例》第三十条",
}


def required_steps(decision: Decision) -> list[str]:
    """The steps that must be *done* (cannot be waived) for this decision."""
    needed: list[str] = []
    if decision.technical:
        needed.append(StepKind.EXPERT)
    if decision.affects_stability:
        needed.append(StepKind.RISK)
    needed += [StepKind.LEGALITY, StepKind.COLLECTIVE]
    return [str(k) for k in needed]


def may_waive(decision: Decision, kind: str) -> bool:
    """Whether the step may be recorded as not applicable (always with the reason).

    公众参与 may be waived only for 依法不予公开的决策事项 (第十四条); the reason is recorded and shown.
    """
    return kind not in required_steps(decision)


@dataclass(frozen=True)
class StepRow:
    kind: str
    label: str
    required: bool
    status: str  # "in_progress", "done", "not_applicable" or "" (no record yet)
    article: str


@dataclass(frozen=True)
class StepRecord:
    kind: str
    status: str


def checklist(decision: Decision, records: Iterable[StepRecord]) -> list[StepRow]:
    by_kind = {r.kind: r.status for r in records}
    needed = set(required_steps(decision))
    return [
        StepRow(kind, str(StepKind(kind).label), kind in needed, by_kind.get(kind, ""), ARTICLES[StepKind(kind)])
        for kind in ORDER
    ]


def missing_steps(decision: Decision, records: Iterable[StepRecord]) -> list[str]:
    """Steps without an acceptable record: every step needs 'done', or 'not applicable' where it may be waived."""
    missing = []
    for row in checklist(decision, records):
        acceptable = row.status == StepStatus.DONE or (row.status == StepStatus.NOT_APPLICABLE and not row.required)
        if not acceptable:
            missing.append(row.kind)
    return missing

"""What an inspection reads from a site, whichever way it was read (HTTP or the database).

The crawler (`crawler.py`) and the database reader (`dbsource.py`) both produce a `Snapshot`;
the checks (`checks.py`) only ever see a `Snapshot`. That is why inspecting one of the
platform's own sites from the database gives the same findings as crawling it over HTTP.
A snapshot holds small facts, never whole pages, so memory stays bounded by the page budget.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

# The finding kinds of the CLI's JSON (issue 19), in report order.
KINDS: tuple[str, ...] = (
    "unreachable",
    "broken_link",
    "stale_home",
    "stale_column",
    "empty_column",
    "unanswered_message",
    "hidden_link",
    "hijacked_title",
    "spam_text",
    "wording_error",
)
# Site-level findings beyond the CLI's ten (19号 单项否决 互动回应差 (1) and 服务不实用 (1)). The CLI
# keeps `findings` to the ten kinds above and reports these under a separate key, `site_findings`.
SITE_KINDS: tuple[str, ...] = ("no_interaction_channel", "no_service")
ALL_KINDS: tuple[str, ...] = KINDS + SITE_KINDS
KIND_LABELS: dict[str, str] = {
    "unreachable": "页面无法访问",
    "broken_link": "链接不可用",
    "stale_home": "首页不更新",
    "stale_column": "栏目不更新",
    "empty_column": "空白栏目",
    "unanswered_message": "留言超期未回复",
    "hidden_link": "暗链",
    "hijacked_title": "网页标题被篡改",
    "spam_text": "被植入赌博色情等信息",
    "wording_error": "严重表述错误",
    "no_interaction_channel": "无咨询建言渠道",
    "no_service": "无办事服务",
}


@dataclass(frozen=True)
class FindingData:
    kind: str
    url: str
    detail: str
    target: str = ""
    column: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)

    def key(self) -> tuple[str, str, str, str]:
        """Identity across inspections: the next check verifies a rectification by it."""
        return (self.kind, self.url, self.target, self.column)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "url": self.url,
            "target": self.target,
            "column": self.column,
            "detail": self.detail,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Entry:
    """One row of a column's list page."""

    title: str
    url: str
    date: datetime.date | None
    text: str = ""  # the row's text, trimmed (status words of a message list)


@dataclass
class ColumnFacts:
    name: str
    url: str
    level: int = 1  # 1: a first-level column
    is_parent: bool = False  # has sub-columns: judged by them
    reached: bool = False
    entries: list[Entry] = field(default_factory=list)
    empty_marker: str = ""  # "暂无信息" and the like, as seen


@dataclass
class PageFacts:
    url: str
    role: str  # home | column | item
    column: str = ""
    title: str = ""
    findings: list[FindingData] = field(default_factory=list)  # content findings of this page
    links: list[str] = field(default_factory=list)  # absolute link targets on the page
    dates: list[datetime.date] = field(default_factory=list)
    # Home page only: links naming a 咨询建言 or 办事服务 channel, as (kind, text, url);
    # kind is "interaction" or "service".
    channels: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Failure:
    url: str
    column: str
    status: int | None
    error: str
    referrer: str = ""


@dataclass
class Snapshot:
    site: str
    hosts: set[str]
    source: str  # http | database
    read_at: str = ""  # ISO time the reading started
    home: PageFacts | None = None
    home_error: str = ""
    columns: list[ColumnFacts] = field(default_factory=list)
    pages: list[PageFacts] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    attempts: int = 0  # page fetches tried (the 站点无法访问 denominator)
    # Links checked for their status only: target → (status or None, error); first page seen on.
    link_status: dict[str, tuple[int | None, str]] = field(default_factory=dict)
    link_first_page: dict[str, tuple[str, str]] = field(default_factory=dict)
    elapsed_seconds: float = 0.0

    @property
    def inspectable(self) -> bool:
        return self.home is not None

"""The checks of 国办秘函〔2019〕19号 over a `Snapshot`: pure, the same for HTTP and database
readings. `as_of` is the checkpoint staleness is judged against."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from urllib.parse import urlsplit

from gongkai.inspection.rules import (
    HOME_MAX_AGE_DAYS,
    MESSAGE_WINDOW_DAYS,
    UNANSWERED_AFTER_DAYS,
    UNANSWERED_RE,
    ColumnType,
    column_rule_for,
)
from gongkai.inspection.snapshot import KINDS, Entry, FindingData, Snapshot


def _status_text(status: int | None, error: str) -> str:
    return error or f"HTTP {status}"


def _reachability(snap: Snapshot) -> list[FindingData]:
    findings: list[FindingData] = []
    for failure in snap.failures:
        if failure.status is not None and failure.status < 500:
            # A link to a page that is not there (404, 410 …): a broken link on the page linking it.
            findings.append(
                FindingData(
                    "broken_link",
                    failure.referrer or failure.url,
                    f"链接指向的页面无法打开（{_status_text(failure.status, failure.error)}）。",
                    target=failure.url,
                    column=failure.column,
                    evidence={"status": failure.status, "error": failure.error, "at": snap.read_at},
                )
            )
        else:
            findings.append(
                FindingData(
                    "unreachable",
                    failure.url,
                    f"页面无法访问：{_status_text(failure.status, failure.error)}。",
                    column=failure.column,
                    evidence={"status": failure.status, "error": failure.error, "at": snap.read_at},
                )
            )
    for target, (status, error) in snap.link_status.items():
        if status is not None and status < 400:
            continue
        page, column = snap.link_first_page.get(target, ("", ""))
        host = urlsplit(target).netloc.lower()
        where = "站外链接" if host and host not in snap.hosts else "站内链接"
        findings.append(
            FindingData(
                "broken_link",
                page,
                f"{where}无法访问（{_status_text(status, error)}）。",
                target=target,
                column=column,
                evidence={"status": status, "error": error, "at": snap.read_at},
            )
        )
    return findings


def _home(snap: Snapshot, as_of: datetime.date) -> list[FindingData]:
    if snap.home is None:
        return []
    dates = [d for d in snap.home.dates if d <= as_of]
    latest = max(dates) if dates else None
    limit = as_of - datetime.timedelta(days=HOME_MAX_AGE_DAYS)
    if latest is not None and latest >= limit:
        return []
    # 2017 普查: 未注明信息发布时间的视为不更新.
    detail = (
        f"首页最近一次更新为{latest.isoformat()}，检查日前{HOME_MAX_AGE_DAYS}天内未更新。"
        if latest
        else "首页信息均未注明发布日期，视为不更新。"
    )
    evidence = {"latest": latest.isoformat() if latest else None, "as_of": as_of.isoformat(), "at": snap.read_at}
    return [FindingData("stale_home", snap.home.url, detail, evidence=evidence)]


def _columns(snap: Snapshot, as_of: datetime.date) -> list[FindingData]:
    findings: list[FindingData] = []
    for column in snap.columns:
        if not column.reached or column.is_parent:
            continue  # unreachable: reported as such; a parent is judged by its sub-columns
        rule = column_rule_for(column.name)
        base = {"type": rule.type.value, "level": column.level, "at": snap.read_at}
        if not column.entries:
            # 19号 栏目不更新 (3): 空白栏目.
            seen = column.empty_marker or "列表为空"
            findings.append(
                FindingData(
                    "empty_column",
                    column.url,
                    f"栏目“{column.name}”没有任何信息（{seen}）。",
                    column=column.name,
                    evidence={**base, "seen": seen},
                )
            )
            continue
        if rule.type is ColumnType.INTERACTION:
            findings += _messages(column.name, column.url, column.entries, as_of, base)
            continue
        if rule.max_age_days is None:
            continue
        dates = [e.date for e in column.entries if e.date is not None and e.date <= as_of]
        latest = max(dates) if dates else None
        if latest is not None and latest >= as_of - datetime.timedelta(days=rule.max_age_days):
            continue
        detail = (
            f"栏目“{column.name}”最近一次更新为{latest.isoformat()}，超过{rule.max_age_days}天未更新。"
            if latest
            else f"栏目“{column.name}”的信息均未注明发布日期，视为不更新。"
        )
        evidence = {**base, "latest": latest.isoformat() if latest else None, "max_age_days": rule.max_age_days}
        findings.append(FindingData("stale_column", column.url, detail, column=column.name, evidence=evidence))
    return findings


def _messages(
    name: str, url: str, entries: list[Entry], as_of: datetime.date, base: Mapping[str, object]
) -> list[FindingData]:
    """19号 互动回应差 (2): in the year before the checkpoint, messages unanswered > 3 months."""
    findings: list[FindingData] = []
    window = as_of - datetime.timedelta(days=MESSAGE_WINDOW_DAYS)
    for entry in entries:
        if entry.date is None or not UNANSWERED_RE.search(entry.text):
            continue
        waited = (as_of - entry.date).days
        if entry.date < window or waited <= UNANSWERED_AFTER_DAYS:
            continue
        findings.append(
            FindingData(
                "unanswered_message",
                entry.url,
                f"留言“{entry.title[:40]}”于{entry.date.isoformat()}提交，{waited}天仍未回复（超过3个月）。",
                column=name,
                evidence={**base, "seen": entry.text[:120], "submitted_on": entry.date.isoformat(), "list": url},
            )
        )
    return findings


def run_checks(snap: Snapshot, as_of: datetime.date) -> list[FindingData]:
    """Every finding of a readable snapshot, in report order (kind, then page, then target)."""
    if not snap.inspectable:
        return []
    findings = _reachability(snap) + _home(snap, as_of) + _columns(snap, as_of)
    for page in snap.pages:
        findings += page.findings
    order = {kind: i for i, kind in enumerate(KINDS)}
    unique = {f.key(): f for f in reversed(findings)}  # the first of duplicates wins
    return sorted(unique.values(), key=lambda f: (order[f.kind], f.url, f.target, f.column, f.detail))

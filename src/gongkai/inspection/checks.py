"""The checks of 国办秘函〔2019〕19号 over a `Snapshot`: pure, the same for HTTP and database
readings. `as_of` is the checkpoint staleness is judged against."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from urllib.parse import urlsplit

from gongkai.inspection.parse import channel_kind
from gongkai.inspection.rules import (
    HOME_MAX_AGE_DAYS,
    MESSAGE_WINDOW_DAYS,
    UNANSWERED_AFTER_DAYS,
    UNANSWERED_RE,
    ColumnType,
    column_rule_for,
)
from gongkai.inspection.snapshot import ALL_KINDS, ColumnFacts, Entry, FindingData, Snapshot


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
        off_site = bool(host) and host not in snap.hosts
        if off_site and status is None:
            # No HTTP answer from another site (DNS or connection failure) says more about the
            # inspector's network (an intranet, a firewall) than about the link: only an HTTP
            # error status from the other site counts as a broken 站外链接.
            continue
        where = "站外链接" if off_site else "站内链接"
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


def _service_columns(columns: list[ColumnFacts]) -> list[ColumnFacts]:
    """Columns named for 办事服务, with the sub-columns of such a column (they follow it, deeper)."""
    found: list[ColumnFacts] = []
    parent_level: int | None = None
    for column in columns:
        if parent_level is not None and column.level > parent_level:
            found.append(column)
            continue
        parent_level = None
        if channel_kind(column.name) == "service":
            found.append(column)
            parent_level = column.level if column.is_parent else None
    return found


def _channels(snap: Snapshot, *, department: bool) -> list[FindingData]:
    """19号 单项否决 互动回应差 (1) and 服务不实用 (1), read from the home page and navigation.

    A 咨询建言 channel is a link on the home page naming one (off-site counts: many counties use
    the province's 12345 or 政民互动 platform) or a 政务咨询类 column; 网上信访 and 纪检举报 are not
    channels. 办事服务 is a link naming it that leads elsewhere than the site's own columns (the
    province's 政务服务网), or a 办事服务 column with entries. A department site without external
    service functions is not judged on 服务不实用 (19号: such sites skip the service indicators).
    """
    home = snap.home
    if home is None:
        return []
    findings: list[FindingData] = []
    base = {"at": snap.read_at}
    interaction = [(text, url) for kind, text, url in home.channels if kind == "interaction"]
    interaction_columns = [c.name for c in snap.columns if column_rule_for(c.name).type is ColumnType.INTERACTION]
    if not interaction and not interaction_columns:
        findings.append(
            FindingData(
                "no_interaction_channel",
                home.url,
                "首页及导航中未发现在线咨询建言渠道（如领导信箱、咨询留言、12345），网上信访、纪检举报不计在内。",
                evidence={**base, "seen": "首页链接与导航栏目中无咨询、留言、信箱、互动等入口"},
            )
        )
    if department:
        return findings
    columns = _service_columns(snap.columns)
    column_urls = {c.url for c in snap.columns}
    elsewhere = [(text, url) for kind, text, url in home.channels if kind == "service" and url not in column_urls]
    if elsewhere or any(not c.reached for c in columns):
        return findings  # an entry leading off the columns, or a column that could not be read (reported)
    filled = [c for c in columns if not c.is_parent and c.entries]
    if filled:
        return findings
    if columns:
        names = "、".join(c.name for c in columns[:5])
        seen = "；".join(f"{c.name}：{c.empty_marker or '列表为空'}" for c in columns if not c.is_parent)
        findings.append(
            FindingData(
                "no_service",
                columns[0].url,
                f"办事服务栏目“{names}”没有任何办事事项，服务不实用。",
                column=columns[0].name,
                evidence={**base, "seen": seen[:120]},
            )
        )
    else:
        findings.append(
            FindingData(
                "no_service",
                home.url,
                "首页及导航中未发现办事服务入口（如网上办事、政务服务、办事指南）。",
                evidence={**base, "seen": "首页链接与导航栏目中无办事、政务服务等入口"},
            )
        )
    return findings


def run_checks(snap: Snapshot, as_of: datetime.date, *, department: bool = False) -> list[FindingData]:
    """Every finding of a readable snapshot, in report order (kind, then page, then target)."""
    if not snap.inspectable:
        return []
    findings = _reachability(snap) + _home(snap, as_of) + _columns(snap, as_of)
    findings += _channels(snap, department=department)
    for page in snap.pages:
        findings += page.findings
    order = {kind: i for i, kind in enumerate(ALL_KINDS)}
    unique = {f.key(): f for f in reversed(findings)}  # the first of duplicates wins
    return sorted(unique.values(), key=lambda f: (order[f.kind], f.url, f.target, f.column, f.detail))

"""The 政务新媒体 register: 开设备案, update and interaction checks from what can be read (a feed
or manual entries), and 动态管理 up to 动态关停 (seed 002 七: 对更新不及时、无互动功能、严重表述错误
的政务新媒体实行动态关停)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import httpx
from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongkai.core.transitions import Context
from gongkai.inspection import permissions
from gongkai.inspection.models import AccountStatus, MediaAccount, MediaPost, Platform
from gongkai.inspection.parse import dates_in
from gongkai.inspection.rules import MEDIA_MAX_AGE_DAYS, PAGE_TIMEOUT_SECONDS
from gongkai.inspection.transitions import ACCOUNT, AccountAction
from gongkai.orgs.models import Organization

SHUT_DOWN_REASONS = ("更新不及时", "无互动功能", "严重表述错误", "其他")
MAX_FEED_BYTES = 2 * 1024 * 1024
MAX_FEED_ITEMS = 200
_FEED_DATE_RE = re.compile(r"<(pubDate|updated|published|dc:date)>([^<]{4,60})</\1>", re.I)


def _account_errors(
    *,
    org: Organization,
    platform: str,
    name: str,
    registered_on: datetime.date,
    responsible: str,
    contact: str,
    account_id: str,
    feed_url: str,
    exclude_pk: int | None = None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if platform not in Platform.values:
        errors["platform"] = ["请选择平台。"]
    if not name.strip() or len(name) > 100:
        errors["name"] = ["请填写账号名称（不超过100字）。"]
    if not responsible.strip() or len(responsible) > 50:
        errors["responsible"] = ["请填写责任人（不超过50字）。"]
    if len(contact) > 50:
        errors["contact"] = ["联系方式不超过50字。"]
    if len(account_id) > 100:
        errors["account_id"] = ["账号标识不超过100字。"]
    if registered_on > timezone.localdate() or registered_on.year < 2000:
        errors["registered_on"] = ["开设备案日期须在2000年以后且不晚于今天。"]
    if feed_url and (not feed_url.startswith(("http://", "https://")) or len(feed_url) > 500):
        errors["feed_url"] = ["信息源地址须以 http:// 或 https:// 开头，不超过500个字符。"]
    same = MediaAccount.objects.filter(org=org, platform=platform, name=name.strip())
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if not errors and same.exists():
        errors["name"] = ["本单位已在该平台备案同名账号。"]
    return errors


def account_register(
    *,
    actor: Actor,
    org: Organization,
    platform: str,
    name: str,
    registered_on: datetime.date,
    responsible: str,
    contact: str = "",
    account_id: str = "",
    feed_url: str = "",
    has_interaction: bool = True,
) -> MediaAccount:
    """开设备案: register an account of `org`."""
    if not permissions.can_register_account(actor, org):
        raise PermissionDenied("只有本单位政务公开办管理员可以备案政务新媒体。")
    errors = _account_errors(
        org=org,
        platform=platform,
        name=name,
        registered_on=registered_on,
        responsible=responsible,
        contact=contact,
        account_id=account_id,
        feed_url=feed_url,
    )
    if errors:
        raise ValidationFailed("账号信息有误，未保存。", code="account_invalid", fields=errors)
    with transaction.atomic():
        account = MediaAccount.objects.create(
            org=org,
            platform=platform,
            name=name.strip(),
            account_id=account_id.strip(),
            registered_on=registered_on,
            responsible=responsible.strip(),
            contact=contact.strip(),
            feed_url=feed_url.strip(),
            has_interaction=has_interaction,
        )
        audit_record(actor=actor, action="media_account.registered", obj=account, after=_snapshot(account))
    return account


EDITABLE = ("platform", "name", "account_id", "registered_on", "responsible", "contact", "feed_url", "has_interaction")


def _snapshot(account: MediaAccount) -> dict[str, Any]:
    return {f: str(getattr(account, f)) for f in EDITABLE}


def account_update(
    *,
    actor: Actor,
    account: MediaAccount | int,
    platform: str,
    name: str,
    registered_on: datetime.date,
    responsible: str,
    contact: str = "",
    account_id: str = "",
    feed_url: str = "",
    has_interaction: bool = True,
) -> MediaAccount:
    """Correct the register entry (备案信息变更). The org stays; the status moves only through the
    ACCOUNT table (动态管理)."""
    with transaction.atomic():
        pk = account.pk if isinstance(account, MediaAccount) else account
        row = MediaAccount.objects.select_for_update(of=("self",)).select_related("org").filter(pk=pk).first()
        if row is None or not permissions.can_see_account(actor, row):
            raise NotFound("未找到该政务新媒体账号。")
        if not permissions.can_edit_account(actor, row):
            raise PermissionDenied("只有本单位政务公开办管理员可以修改备案信息。")
        errors = _account_errors(
            org=row.org,
            platform=platform,
            name=name,
            registered_on=registered_on,
            responsible=responsible,
            contact=contact,
            account_id=account_id,
            feed_url=feed_url,
            exclude_pk=row.pk,
        )
        first_post = MediaPost.objects.filter(account=row).order_by("posted_on").values_list("posted_on", flat=True)
        earliest = first_post.first()
        if "registered_on" not in errors and earliest is not None and registered_on > earliest:
            errors["registered_on"] = [f"已有{earliest.isoformat()}的更新记录，开设备案日期不能晚于它。"]
        if errors:
            raise ValidationFailed("账号信息有误，未保存。", code="account_invalid", fields=errors)
        before = _snapshot(row)
        row.platform, row.name, row.account_id = platform, name.strip(), account_id.strip()
        row.registered_on, row.responsible, row.contact = registered_on, responsible.strip(), contact.strip()
        row.feed_url, row.has_interaction = feed_url.strip(), has_interaction
        row.save(update_fields=list(EDITABLE))
        after = _snapshot(row)
        changed = {k for k in EDITABLE if before[k] != after[k]}
        audit_record(
            actor=actor,
            action="media_account.updated",
            obj=row,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return row


def _can_record(actor: Actor, account: MediaAccount) -> None:
    if not permissions.can_record_posts(actor, account):
        raise PermissionDenied("您不能为该账号录入更新。")


def account_record_post(*, actor: Actor, account: MediaAccount, posted_on: datetime.date, title: str = "") -> MediaPost:
    """A manual entry: an update seen on the account."""
    _can_record(actor, account)
    if posted_on > timezone.localdate() or posted_on < account.registered_on:
        message = "发布日期须在开设备案日期之后且不晚于今天。"
        raise ValidationFailed(message, code="invalid_date", fields={"posted_on": [message]})
    if len(title) > 200:
        raise ValidationFailed("标题不超过200字。", code="too_long", fields={"title": ["标题不超过200字。"]})
    with transaction.atomic():
        post = MediaPost.objects.create(account=account, posted_on=posted_on, title=title.strip()[:200], manual=True)
        _refresh_last_post(account)
    return post


def _refresh_last_post(account: MediaAccount) -> None:
    latest = (
        MediaPost.objects.filter(account=account).order_by("-posted_on").values_list("posted_on", flat=True).first()
    )
    MediaAccount.objects.filter(pk=account.pk).update(last_post_on=latest)
    account.last_post_on = latest


def feed_dates(xml: str) -> list[datetime.date]:
    """Dates of the items of an RSS or Atom feed (read with a bounded pattern, no XML parser:
    a feed from outside is untrusted)."""
    dates: list[datetime.date] = []
    for m in list(_FEED_DATE_RE.finditer(xml))[:MAX_FEED_ITEMS]:
        value = m.group(2).strip()
        found = dates_in(value)
        if found:
            dates.append(found[0])
            continue
        try:
            from email.utils import parsedate_to_datetime

            dates.append(parsedate_to_datetime(value).date())
        except (TypeError, ValueError, IndexError):
            continue
    return dates


def account_read_feed(*, actor: Actor, account: MediaAccount, timeout: float = PAGE_TIMEOUT_SECONDS) -> int:
    """Read the account's feed and record its item dates; returns how many were new."""
    _can_record(actor, account)
    if not account.feed_url:
        raise ValidationFailed("该账号未登记信息源地址。", code="no_feed", fields={"feed_url": ["未登记。"]})
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=5, trust_env=False) as client,
            client.stream("GET", account.feed_url) as response,
        ):
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_FEED_BYTES:
                    break
    except httpx.HTTPError as exc:
        raise ValidationFailed(
            "无法读取信息源。", code="feed_unreachable", fields={"feed_url": [type(exc).__name__]}
        ) from exc
    if response.status_code >= 400:
        raise ValidationFailed(f"无法读取信息源（HTTP {response.status_code}）。", code="feed_unreachable")
    known = set(MediaPost.objects.filter(account=account, manual=False).values_list("posted_on", flat=True))
    new = sorted({d for d in feed_dates(body.decode("utf-8", errors="replace")) if d not in known})
    with transaction.atomic():
        MediaPost.objects.bulk_create([MediaPost(account=account, posted_on=d, manual=False) for d in new])
        _refresh_last_post(account)
    return len(new)


@dataclass(frozen=True)
class AccountCheck:
    account_id: int
    stale: bool
    no_interaction: bool
    latest: datetime.date | None
    problems: list[str]

    @property
    def veto(self) -> bool:
        return self.no_interaction  # 19号 政务新媒体: "未提供有效互动功能" is a veto


def account_check(account: MediaAccount, *, as_of: datetime.date) -> AccountCheck:
    """Update frequency (every 2 weeks [L]) and interaction, from what was read."""
    latest = MediaPost.objects.filter(account=account, posted_on__lte=as_of).order_by("-posted_on").first()
    last = latest.posted_on if latest else None
    stale = last is None or (as_of - last).days > MEDIA_MAX_AGE_DAYS
    problems = []
    if stale:
        problems.append(f"内容更新不及时（最近更新：{last.isoformat() if last else '无记录'}）")
    if not account.has_interaction:
        problems.append("未提供有效互动功能（单项否决）")
    MediaAccount.objects.filter(pk=account.pk).update(last_checked_on=as_of)
    return AccountCheck(account.pk, stale, not account.has_interaction, last, problems)


# --- 动态管理 (the ACCOUNT table) -------------------------------------------------------------


def _reason(ctx: Context[MediaAccount], *, choices: tuple[str, ...] | None = None) -> str:
    reason = str(ctx.data.get("reason") or "").strip()
    if not reason or len(reason) > 200 or (choices is not None and reason not in choices):
        message = "请选择关停原因。" if choices else "请填写原因（不超过200字）。"
        raise ValidationFailed(message, code="invalid_reason", fields={"reason": [message]})
    return reason


@ACCOUNT.effect(AccountAction.ORDER_RECTIFICATION)
def _order(ctx: Context[MediaAccount]) -> MediaAccount:
    ctx.update(status_reason=_reason(ctx))
    return ctx.obj


@ACCOUNT.effect(AccountAction.RESTORE)
def _restore(ctx: Context[MediaAccount]) -> MediaAccount:
    ctx.update(status_reason="")
    return ctx.obj


@ACCOUNT.effect(AccountAction.SHUT_DOWN)
def _shut_down(ctx: Context[MediaAccount]) -> MediaAccount:
    reason = _reason(ctx, choices=SHUT_DOWN_REASONS)
    ctx.update(status_reason=reason)
    ctx.note = f"动态关停：{reason}"
    return ctx.obj


@ACCOUNT.effect(AccountAction.REINSTATE)
def _reinstate(ctx: Context[MediaAccount]) -> MediaAccount:
    ctx.update(status_reason=_reason(ctx))
    return ctx.obj


@ACCOUNT.effect(AccountAction.DEREGISTER)
def _deregister(ctx: Context[MediaAccount]) -> MediaAccount:
    ctx.update(status_reason=_reason(ctx))
    return ctx.obj


def account_act(*, actor: Actor, account: MediaAccount | int, action: str, reason: str = "") -> MediaAccount:
    return ACCOUNT.apply(actor, account, action, reason=reason)


__all__ = ["SHUT_DOWN_REASONS", "AccountStatus"]

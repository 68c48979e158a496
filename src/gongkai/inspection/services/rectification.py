"""Rectification items (限期整改): the org reports its fix, the office above verifies it."""

from __future__ import annotations

from gongkai.core.actors import Actor
from gongkai.core.errors import ValidationFailed
from gongkai.core.transitions import Context
from gongkai.inspection.models import Rectification
from gongkai.inspection.transitions import RECTIFICATION, RectificationAction

MAX_TEXT = 2_000


def _text(ctx: Context[Rectification], name: str, *, required: bool, label: str) -> str:
    value = str(ctx.data.get(name) or "").strip()
    if required and not value:
        raise ValidationFailed(f"请填写{label}。", code="required", fields={name: [f"请填写{label}。"]})
    if len(value) > MAX_TEXT:
        message = f"{label}不能超过{MAX_TEXT}字。"
        raise ValidationFailed(message, code="too_long", fields={name: [message]})
    return value


@RECTIFICATION.effect(RectificationAction.SUBMIT)
def _submit(ctx: Context[Rectification]) -> Rectification:
    ctx.update(response=_text(ctx, "response", required=True, label="整改情况"))
    return ctx.obj


@RECTIFICATION.effect(RectificationAction.VERIFY)
def _verify(ctx: Context[Rectification]) -> Rectification:
    ctx.update(review_note=_text(ctx, "note", required=False, label="核验意见"))
    return ctx.obj


@RECTIFICATION.effect(RectificationAction.REOPEN)
def _reopen(ctx: Context[Rectification]) -> Rectification:
    ctx.update(review_note=_text(ctx, "note", required=True, label="退回理由"))
    return ctx.obj


@RECTIFICATION.effect(RectificationAction.CONFIRM_FIXED)
def _confirm_fixed(ctx: Context[Rectification]) -> Rectification:
    inspection = ctx.data["inspection"]
    ctx.update(verified_by_inspection=inspection, review_note=f"{inspection.as_of.isoformat()} 复查未再发现该问题。")
    return ctx.obj


@RECTIFICATION.effect(RectificationAction.STILL_FOUND)
def _still_found(ctx: Context[Rectification]) -> Rectification:
    inspection = ctx.data["inspection"]
    ctx.update(review_note=f"{inspection.as_of.isoformat()} 复查仍发现该问题，请重新整改。")
    return ctx.obj


def rectification_submit(*, actor: Actor, item: Rectification | int, response: str) -> Rectification:
    return RECTIFICATION.apply(actor, item, RectificationAction.SUBMIT, response=response)


def rectification_verify(*, actor: Actor, item: Rectification | int, note: str = "") -> Rectification:
    return RECTIFICATION.apply(actor, item, RectificationAction.VERIFY, note=note)


def rectification_reopen(*, actor: Actor, item: Rectification | int, note: str) -> Rectification:
    return RECTIFICATION.apply(actor, item, RectificationAction.REOPEN, note=note)

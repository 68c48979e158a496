"""Helpers shared by the services of 公众参与."""

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from gongkai.core.errors import ValidationFailed

M = TypeVar("M", bound=models.Model)

MAX_TEXT = 5000
TOKEN_LENGTH = (16, 64)


def today_or(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def check_token(token: str) -> str:
    """The idempotency token of a public form: created on GET, unique in the database."""
    token = (token or "").strip()
    if not (TOKEN_LENGTH[0] <= len(token) <= TOKEN_LENGTH[1]) or not token.replace("-", "").isalnum():
        raise ValidationFailed(
            "表单已失效，请刷新页面后重新提交。", code="token_invalid", fields={"token": ["表单令牌无效。"]}
        )
    return token


def once(model: type[M], token: str, create: Callable[[], M]) -> tuple[M, bool]:
    """Run `create` unless a record with `token` exists; a double submit creates one record.

    Two racing submits: the unique constraint refuses the second insert, which then returns
    the first one's record.
    """
    existing = model._default_manager.filter(token=token).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = model._default_manager.filter(token=token).first()
        if existing is None:
            raise
        return existing, False


def clean_text(value: str, *, label: str, field: str, required: bool, limit: int, errors: dict[str, list[str]]) -> str:
    """Plain user text: trimmed, control characters removed, length-checked. Markup is kept as
    typed (it is shown escaped, never interpreted)."""
    text = "".join(ch for ch in (value or "") if ch in "\n\t" or ch >= " ").strip()
    if required and not text:
        errors.setdefault(field, []).append(f"请填写{label}。")
    elif len(text) > limit:
        errors.setdefault(field, []).append(f"{label}不能超过{limit}字。")
    return text


def snapshot(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(obj, name)
        out[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return out


def mask_known(text: str, *, name: str = "", phone: str = "", email: str = "") -> tuple[str, int]:
    """Mask the values we know belong to the writer wherever they appear in `text`.

    The scanner finds names only after a label or in tables (docs/privacy.md, known gaps);
    "我叫刘红梅" or a reply addressed "刘红梅您好" would slip through, so the writer's own name
    and contact are masked by value as well. Returns the text and how many were masked.
    """
    from gongkai.privacy.masking import mask_value

    count = 0
    for kind, value in (("person_name", name), ("mobile", phone), ("email", email)):
        value = (value or "").strip()
        if len(value) < 2 or value not in text:
            continue
        masked = mask_value(kind, value)
        if kind == "mobile" and masked == value:
            masked = "*" * len(value)
        count += text.count(value)
        text = text.replace(value, masked)
    return text, count

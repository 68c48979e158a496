"""Helpers shared by the services of 公众参与."""

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from gongkai.core.errors import Conflict, ValidationFailed
from gongkai.core.form_tokens import is_issued_form_token

M = TypeVar("M", bound=models.Model)

MAX_TEXT = 5000


def today_or(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def check_token(token: str) -> str:
    """The idempotency token of a public form: issued by this site on GET (core.form_tokens),
    unique in the database. A token the site did not issue is refused."""
    token = (token or "").strip()
    if not is_issued_form_token(token):
        raise ValidationFailed(
            "表单已失效，请刷新页面后重新提交。", code="token_invalid", fields={"token": ["表单令牌无效。"]}
        )
    return token


def token_reused() -> Conflict:
    """The same token with other content: not a double submit. Nothing of the first is revealed."""
    return Conflict("该表单已经提交过，请刷新页面后重新填写。", code="token_reused")


def once(
    model: type[M], token: str, create: Callable[[], M], same: Callable[[M], bool] | None = None
) -> tuple[M, bool]:
    """Run `create` unless a record with `token` exists; a double submit creates one record.

    Two racing submits: the unique constraint refuses the second insert, which then returns
    the first one's record. `same` says whether an existing record is this submission again
    (same content); when it is not, the token was reused and the answer is a 409.
    """
    existing = model._default_manager.filter(token=token).first()
    if existing is None:
        try:
            with transaction.atomic():
                return create(), True
        except IntegrityError:
            existing = model._default_manager.filter(token=token).first()
            if existing is None:
                raise
    if same is not None and not same(existing):
        raise token_reused()
    return existing, False


def same_text(stored: str, submitted: str) -> bool:
    """Whether a submitted text is the stored one (as clean_text would have stored it)."""
    return stored == "".join(ch for ch in (submitted or "") if ch in "\n\t" or ch >= " ").strip()


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

"""Helpers shared by the services of this app."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from gongkai.core.errors import ValidationFailed

MAX_TEXT = 20000


def today() -> datetime.date:
    return timezone.localdate()


def clean_text(value: Any, *, label: str, field: str, required: bool, limit: int, errors: dict[str, list[str]]) -> str:
    """Plain text: trimmed, control characters removed, length-checked (shown escaped, never as markup)."""
    text = "".join(ch for ch in str(value or "") if ch in "\n\t" or ch >= " ").strip()
    if required and not text:
        errors.setdefault(field, []).append(f"请填写{label}。")
    elif len(text) > limit:
        errors.setdefault(field, []).append(f"{label}不能超过{limit}字。")
    return text


def clean_url(value: Any, *, label: str, field: str, errors: dict[str, list[str]]) -> str:
    url = str(value or "").strip()
    if url and (len(url) > 500 or not url.startswith(("https://", "http://"))):
        errors.setdefault(field, []).append(f"{label}须为 http:// 或 https:// 开头的网址（500字以内）。")
    return url


def raise_if(errors: dict[str, list[str]], message: str, code: str) -> None:
    if errors:
        raise ValidationFailed(message, code=code, fields=errors)

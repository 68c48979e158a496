from typing import Any

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        user_locked_out.connect(_audit_lockout, dispatch_uid="gongkai.core.audit_lockout")


def _audit_lockout(
    sender: Any, request: Any, username: str | None = None, ip_address: str | None = None, **_: Any
) -> None:
    """A locked account or address is a security event the operator must be able to find."""
    from gongkai.core.audit import audit_record

    audit_record(
        actor=None,
        action="auth.locked_out",
        object_type="auth.login",
        object_id=(username or "")[:64],
        object_repr=f"登录锁定：{username or '（未填用户名）'}",
        after={"username": (username or "")[:150], "ip_address": ip_address or ""},
    )

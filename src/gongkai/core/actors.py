"""Who acts: the typed actor every service, policy and the transition engine take.

A request's user is a real account or the anonymous visitor; background work (deadline scans,
imports run by the system) passes ``None`` where a service accepts a system actor.
"""

from typing import TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

Actor: TypeAlias = AbstractBaseUser | AnonymousUser


def is_signed_in(actor: Actor | None) -> bool:
    return bool(actor is not None and actor.is_authenticated)


def is_platform_operator(actor: Actor | None) -> bool:
    """Django superusers run the platform and may do everything."""
    return bool(is_signed_in(actor) and getattr(actor, "is_superuser", False))

"""The org-tree rules every domain's policies are built on: who holds which role where.

Domain rules (who may draft, review, handle an application ...) live in each app's
``permissions.py`` and are composed from ``has_role``. A role held in an organisation applies
to that organisation and its whole subtree (a county admin manages its departments and
townships); nothing applies upward or sideways. Django superusers are platform operators and
may do everything.
"""

from gongkai.core.actors import Actor
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.roles import Role

_CACHE_ATTR = "_gongkai_memberships"


def _memberships(actor: Actor | None) -> list[tuple[int, str]]:
    if actor is None or not actor.is_authenticated or actor.pk is None:
        return []
    cached = getattr(actor, _CACHE_ATTR, None)
    if cached is None:
        cached = list(Membership.objects.filter(user_id=actor.pk).values_list("org_id", "role"))
        setattr(actor, _CACHE_ATTR, cached)
    return cached


def forget_cached_roles(actor: Actor | None) -> None:
    """Services that change memberships call this so the same request sees the change."""
    if hasattr(actor, _CACHE_ATTR):
        delattr(actor, _CACHE_ATTR)


def is_platform_operator(actor: Actor | None) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and getattr(actor, "is_superuser", False))


def roles_in(actor: Actor | None, org: Organization) -> set[str]:
    """The roles `actor` holds that apply to `org` (held there or on an ancestor)."""
    chain = set(org.ancestor_ids())
    return {role for org_id, role in _memberships(actor) if org_id in chain}


def has_role(actor: Actor | None, org: Organization, *roles: Role) -> bool:
    if is_platform_operator(actor):
        return True
    return bool(roles_in(actor, org) & {r.value for r in roles})


def can_view_staff_area(actor: Actor | None) -> bool:
    return is_platform_operator(actor) or bool(_memberships(actor))


def can_manage_org(actor: Actor | None, org: Organization) -> bool:
    """Edit the org's details and create orgs beneath it: its 政务公开办 admin."""
    return has_role(actor, org, Role.ADMIN)


def can_create_root_org(actor: Actor | None) -> bool:
    return is_platform_operator(actor)


def can_manage_memberships(actor: Actor | None, org: Organization) -> bool:
    return has_role(actor, org, Role.ADMIN)


def can_manage_user(actor: Actor | None, user: object) -> bool:
    """Deactivate, reset the password of, or see an account: every role it holds lies within
    the actor's admin subtrees (a township admin cannot lock out a county official who also
    holds a role in the township). Accounts without any role, and platform operators, are
    the platform operator's."""
    if is_platform_operator(actor):
        return True
    if getattr(user, "is_superuser", False) or getattr(user, "pk", None) is None:
        return False
    held = list(Membership.objects.filter(user_id=user.pk).select_related("org"))  # type: ignore[attr-defined]
    return bool(held) and all(can_manage_memberships(actor, m.org) for m in held)

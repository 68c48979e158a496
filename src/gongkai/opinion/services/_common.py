"""What the opinion services share: bounds, time checks and org lookups with Chinese errors."""

import datetime
from typing import Any

from django.utils import timezone

from gongkai.core.actors import Actor, is_signed_in
from gongkai.orgs.models import Organization

MAX_TITLE = 200
MAX_TEXT = 20_000
MAX_RELATED = 20
MAX_SPEAKERS = 20
# A timestamp a clerk types may run a few minutes ahead of the server's clock.
CLOCK_SKEW = datetime.timedelta(minutes=5)
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def user_of(actor: Actor | None) -> Any:
    return actor if is_signed_in(actor) else None


def check_moment(value: Any, field: str, label: str, errors: dict[str, list[str]]) -> datetime.datetime | None:
    """An aware timestamp, not in the future and not before 2000."""
    if not isinstance(value, datetime.datetime):
        errors[field] = [f"请填写{label}。"]
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now() + CLOCK_SKEW:
        errors[field] = [f"{label}不能晚于现在。"]
    elif value < EARLIEST:
        errors[field] = [f"{label}不能早于2000年。"]
    return value


def text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit] if value is not None else ""


def org_in(root: Organization, pk: Any) -> Organization | None:
    """An org of `root`'s subtree by id; None for a bad id, an unknown org or one outside it."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        return None
    return Organization.objects.filter(pk=number, path__startswith=root.path).first()


def locality_root(org: Organization) -> Organization:
    """The tree an event may be shared within: the whole tree from the top org of `org`'s chain."""
    return Organization.objects.get(pk=org.ancestor_ids()[0])


def orgs_in(root: Organization, ids: Any, field: str, errors: dict[str, list[str]]) -> list[Organization]:
    values = list(ids or [])
    if len(values) > MAX_RELATED:
        errors[field] = [f"相关单位最多{MAX_RELATED}个。"]
        return []
    found = [org_in(root, pk) for pk in values]
    if any(o is None for o in found):
        errors[field] = ["未找到所选的相关单位。"]
        return []
    return [o for o in found if o is not None]

"""Template helpers of the staff design system (templates/portal/staff/): the side navigation
of the modules a user's roles open, fields rendered with the ids their help and error texts
carry, and the tone of a status badge.

Nothing here decides a business rule: the navigation only hides links a role has no use for;
every page still checks its own permission.
"""

from dataclasses import dataclass

from django import forms, template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString

from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Membership
from gongkai.orgs.roles import Role
from gongkai.privacy.findings import KIND_LABELS
from gongkai.reports.validation import IDENTITY_LABELS

register = template.Library()

_CONTENT = frozenset({Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN})
_ADMIN = frozenset({Role.ADMIN})
_ANY = frozenset(Role)

# (label, url name, roles that open it). Order: daily work first, then registers, then admin.
_MODULES: tuple[tuple[str, str, frozenset[Role]], ...] = (
    ("工作台", "portal:staff_home", _ANY),
    ("依申请公开", "portal:foi_staff_home", frozenset({Role.FOI_OFFICER, Role.ADMIN})),
    ("公众参与", "portal:participation_staff_home", _CONTENT),
    ("公开目录", "portal:catalogs_home", _CONTENT),
    ("重大决策", "portal:decisions_staff_home", _CONTENT),
    ("政务舆情回应", "portal:opinion_staff_home", _CONTENT),
    ("办事指南", "portal:guides_home", _CONTENT),
    ("政府公报", "portal:gazette_home", _CONTENT),
    ("开放数据", "portal:opendata_home", _CONTENT),
    ("网站与新媒体检查", "portal:inspection_home", _ADMIN),
    ("政务公开考核", "portal:supervision_home", _ADMIN),
    ("人员与角色", "portal:people_home", _ADMIN),
    ("组织机构", "portal:orgs_home", _ADMIN),
    ("两步验证", "portal:people_enrol", _ANY),
)


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


def _held_roles(user: object) -> set[str]:
    if getattr(user, "pk", None) is None:
        return set()
    return set(Membership.objects.filter(user_id=user.pk).values_list("role", flat=True).distinct())  # type: ignore[attr-defined]


@register.simple_tag(takes_context=True)
def staff_nav(context: template.Context) -> list[NavLink]:
    """The modules the signed-in user's roles open, the current one marked."""
    request: HttpRequest | None = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    operator = org_permissions.is_platform_operator(user)
    held = _held_roles(user)
    path = request.path if request is not None else ""
    links: list[NavLink] = []
    best = ""
    for label, name, roles in _MODULES:
        if not operator and not held & {r.value for r in roles}:
            continue
        url = reverse(name)
        links.append(NavLink(label, url, False))
        if path.startswith(url) and len(url) > len(best):
            best = url
    return [NavLink(link.label, link.url, link.url == best) for link in links]


@register.simple_tag
def staff_widget(field: forms.BoundField) -> SafeString:
    """The field's control, pointing (aria-describedby) at the ids of its help and error texts,
    and marked invalid while it has errors; the bound value is kept as Django renders it."""
    attrs: dict[str, str | bool] = {}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


_TONES = {
    "ok": (
        "published",
        "done",
        "closed",
        "answered",
        "approved",
        "replied",
        "signed",
        "active",
        "finished",
        "completed",
        "passed",
        "resolved",
        "adopted",
        "open",
    ),
    "warn": (
        "warning",
        "draft",
        "pending",
        "submitted",
        "in_review",
        "review",
        "paused",
        "waiting",
        "scheduled",
        "new",
        "received",
    ),
    "danger": ("rejected", "withdrawn", "overdue", "failed", "late", "revoked", "cancelled", "refused", "error"),
}


@register.filter
def status_tone(value: object) -> str:
    """A colour family for a state's code (the badge always shows the statutory label as text)."""
    code = str(value or "")
    for tone, codes in _TONES.items():
        if code in codes or any(code.endswith("_" + c) for c in codes):
            return tone
    return "neutral"


@register.filter
def split(value: str, separator: str = "|") -> list[str]:
    """`"信息名称|机构|状态"|split` — column headings for the table component."""
    return [part for part in str(value).split(separator) if part]


@register.filter
def finding_kind(value: object) -> str:
    """A scan finding's kind (id_card, mobile …) as its Chinese name."""
    return KIND_LABELS.get(str(value), "其他问题")


@register.filter
def violation_label(value: object) -> str:
    """An annual-report check's code (I1 … I7, BLANK, FORMAT …) as a person reads it."""
    return IDENTITY_LABELS.get(str(value), str(value))


@register.filter
def get_item(mapping: object, key: object) -> object:
    """`hints|get_item:row.action` — a value of a mapping by a computed key ("" when absent)."""
    getter = getattr(mapping, "get", None)
    return getter(key, "") if getter is not None else ""

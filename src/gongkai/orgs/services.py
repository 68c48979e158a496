"""The only write path for organisations, memberships and API tokens."""

import hashlib
import re
import secrets
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.outbox import outbox_emit
from gongkai.orgs import permissions
from gongkai.orgs.credit_code import InvalidCreditCode, normalize_credit_code
from gongkai.orgs.models import ApiToken, Membership, Organization, Site, Theme
from gongkai.orgs.roles import Level, Role


class _Unchanged:
    """Marks an argument the caller did not pass (None is a meaningful parent: the root)."""


UNCHANGED = _Unchanged()

# Outbox topics: an org's name, place in the tree or site settings show on every public page of
# it; the page cache's content generation reads the newest outbox event, so writing one in the
# same transaction invalidates those pages in every worker at once (issue 24).
ORG_CHANGED = "org.changed"
SITE_CHANGED = "site.changed"

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$")
# Governments nest by rank; a department (部门) may sit under any government or under
# another department (内设机构, 派出机构), but never at the top of a tree or above a government.
_GOVERNMENT_RANK = {Level.PROVINCE: 0, Level.CITY: 1, Level.COUNTY: 2, Level.TOWNSHIP: 3, Level.VILLAGE: 4}


def _org_snapshot(org: Organization) -> dict[str, Any]:
    return {
        "name": org.name,
        "short_name": org.short_name,
        "level": org.level,
        "parent_id": org.parent_id,
        "credit_code": org.credit_code,
        "slug": org.slug,
    }


def _validate_org_fields(
    *, name: str, level: str, credit_code: str, slug: str, parent: Organization | None, exclude_pk: int | None
) -> tuple[str, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    others = Organization.objects.exclude(pk=exclude_pk) if exclude_pk is not None else Organization.objects.all()
    if not name.strip():
        errors["name"] = ["名称不能为空。"]
    if level not in Level.values:
        errors["level"] = [f"层级“{level}”不存在，应为：{'、'.join(Level.labels)}。"]
    try:
        credit_code = normalize_credit_code(credit_code)
    except InvalidCreditCode as exc:
        errors["credit_code"] = [str(exc)]
    else:
        if others.filter(credit_code=credit_code).exists():
            errors["credit_code"] = ["该统一社会信用代码已被其他机构使用。"]
    if not _SLUG.match(slug):
        errors["slug"] = ["站点标识只能包含小写字母、数字和连字符，且不能以连字符开头或结尾。"]
    elif others.filter(slug=slug).exists():
        errors["slug"] = ["该站点标识已被其他机构使用。"]
    if level in Level.values:
        problem = _hierarchy_problem(Level(level), parent)
        if problem:
            errors["parent"] = [problem]
    return credit_code, errors


def _hierarchy_problem(level: Level, parent: Organization | None) -> str:
    if parent is None:
        return "部门不能作为顶级机构，请选择其所属的人民政府。" if level == Level.DEPARTMENT else ""
    parent_level = Level(parent.level)
    if level == Level.DEPARTMENT:
        return ""
    if parent_level == Level.DEPARTMENT:
        return "人民政府不能隶属于部门。"
    if _GOVERNMENT_RANK[level] <= _GOVERNMENT_RANK[parent_level]:
        return f"{level.label}级机构不能隶属于{parent_level.label}级机构。"
    return ""


@transaction.atomic
def organization_create(
    *,
    actor: Actor,
    name: str,
    level: str,
    credit_code: str,
    slug: str,
    parent: Organization | None = None,
    short_name: str = "",
    sort_order: int = 0,
) -> Organization:
    if parent is None:
        if not permissions.can_create_root_org(actor):
            raise PermissionDenied("只有平台管理员可以创建顶级机构。")
    else:
        parent = Organization.objects.select_for_update().get(pk=parent.pk)
        if not permissions.can_manage_org(actor, parent):
            raise PermissionDenied("您不是上级机构的政务公开管理员，不能在其下创建机构。")
    credit_code, errors = _validate_org_fields(
        name=name, level=level, credit_code=credit_code, slug=slug, parent=parent, exclude_pk=None
    )
    if errors:
        raise ValidationFailed("机构信息有误，未保存。", code="org_invalid", fields=errors)
    org = Organization(
        name=name.strip(),
        short_name=short_name.strip(),
        level=level,
        parent=parent,
        credit_code=credit_code,
        slug=slug,
        sort_order=sort_order,
        depth=(parent.depth + 1) if parent else 0,
    )
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError as exc:  # a concurrent create took the code or slug
        raise Conflict("统一社会信用代码或站点标识已被占用。", code="org_duplicate") from exc
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.save(update_fields=["path"])
    audit_record(actor=actor, action="org.created", obj=org, after=_org_snapshot(org))
    outbox_emit(topic=ORG_CHANGED, obj=org)
    return org


@transaction.atomic
def organization_update(
    *,
    actor: Actor,
    org: Organization,
    name: str | None = None,
    short_name: str | None = None,
    level: str | None = None,
    credit_code: str | None = None,
    slug: str | None = None,
    parent: "Organization | _Unchanged | None" = UNCHANGED,
) -> Organization:
    """Change an org's details or move it under another parent (with its whole subtree)."""
    org = Organization.objects.select_for_update().get(pk=org.pk)
    if not permissions.can_manage_org(actor, org):
        raise PermissionDenied()
    before = _org_snapshot(org)
    new_parent = org.parent if isinstance(parent, _Unchanged) else parent
    if not isinstance(parent, _Unchanged) and new_parent != org.parent:
        if new_parent is None:
            if not permissions.can_create_root_org(actor):
                raise PermissionDenied("只有平台管理员可以把机构设为顶级机构。")
        else:
            if new_parent.pk == org.pk or org.pk in new_parent.ancestor_ids():
                raise ValidationFailed(
                    "不能把机构移到它自己或它的下级机构之下。",
                    code="org_cycle",
                    fields={"parent": ["所选上级是本机构或其下级机构，会形成循环。"]},
                )
            if not permissions.can_manage_org(actor, new_parent):
                raise PermissionDenied("您不是目标上级机构的政务公开管理员。")
    credit_code_value, errors = _validate_org_fields(
        name=org.name if name is None else name,
        level=org.level if level is None else level,
        credit_code=org.credit_code if credit_code is None else credit_code,
        slug=org.slug if slug is None else slug,
        parent=new_parent,
        exclude_pk=org.pk,
    )
    if level is not None and level != org.level and level in Level.values:
        for child in org.children.all():
            problem = _hierarchy_problem(Level(child.level), Organization(level=level))
            if problem:
                errors.setdefault("level", []).append(f"下级机构“{child.name}”：{problem}")
    if errors:
        raise ValidationFailed("机构信息有误，未保存。", code="org_invalid", fields=errors)
    org.name = (org.name if name is None else name).strip()
    org.short_name = (org.short_name if short_name is None else short_name).strip()
    org.level = org.level if level is None else level
    org.credit_code = credit_code_value
    org.slug = org.slug if slug is None else slug
    fields = ["name", "short_name", "level", "credit_code", "slug"]
    if new_parent != org.parent:
        old_path = org.path
        org.parent = new_parent
        org.path = f"{new_parent.path if new_parent else '/'}{org.pk}/"
        org.depth = new_parent.depth + 1 if new_parent else 0
        fields += ["parent", "path", "depth"]
        descendants = list(
            Organization.objects.select_for_update().filter(path__startswith=old_path).exclude(pk=org.pk)
        )
        for node in descendants:
            node.path = org.path + node.path[len(old_path) :]
            node.depth = node.path.strip("/").count("/")
        Organization.objects.bulk_update(descendants, ["path", "depth"])
    org.save(update_fields=fields)
    after = _org_snapshot(org)
    if after != before:
        audit_record(actor=actor, action="org.updated", obj=org, before=before, after=after)
        outbox_emit(topic=ORG_CHANGED, obj=org)
    return org


@transaction.atomic
def membership_grant(*, actor: Actor, user: User, org: Organization, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationFailed(
            f"角色“{role}”不存在。", code="unknown_role", fields={"role": [f"可选角色：{'、'.join(Role.labels)}"]}
        )
    if not permissions.can_manage_memberships(actor, org):
        raise PermissionDenied("您不是该机构的政务公开管理员，不能分配角色。")
    if Membership.objects.filter(user=user, org=org, role=role).exists():
        raise Conflict("该用户已在此机构担任该角色。", code="membership_exists")
    membership = Membership.objects.create(user=user, org=org, role=role)
    audit_record(
        actor=actor,
        action="membership.granted",
        obj=membership,
        after={"user": user.get_username(), "org_id": org.pk, "role": role},
    )
    permissions.forget_cached_roles(user)
    return membership


@transaction.atomic
def membership_revoke(*, actor: Actor, membership: Membership) -> None:
    membership = Membership.objects.select_for_update(of=("self",)).select_related("org", "user").get(pk=membership.pk)
    if not permissions.can_manage_memberships(actor, membership.org):
        raise PermissionDenied("您不是该机构的政务公开管理员，不能撤销角色。")
    before = {"user": membership.user.get_username(), "org_id": membership.org_id, "role": membership.role}
    audit_record(actor=actor, action="membership.revoked", obj=membership, before=before)
    membership.delete()
    permissions.forget_cached_roles(membership.user)


# People: staff accounts are created, (de)activated and given password links only by an
# admin whose subtree holds every role of the account (permissions.can_manage_user).


def _user_snapshot(user: User) -> dict[str, Any]:
    return {"username": user.get_username(), "name": user.first_name, "email": user.email, "active": user.is_active}


@transaction.atomic
def staff_create(*, actor: Actor, username: str, name: str, email: str, org: Organization, role: str) -> User:
    """A new staff account holding `role` in `org`. It has no usable password until its
    holder sets one through a one-time link (staff_password_link)."""
    if not permissions.can_manage_memberships(actor, org):
        raise PermissionDenied("您不是该机构的政务公开管理员，不能添加工作人员。")
    username, name, email = username.strip(), name.strip(), email.strip()
    errors: dict[str, list[str]] = {}
    if not username or len(username) > 150:
        errors["username"] = ["请填写用户名（不超过150个字符）。"]
    else:
        try:
            UnicodeUsernameValidator()(username)
        except DjangoValidationError:
            errors["username"] = ["用户名只能包含字母、数字和 @ . + - _ 符号。"]
        if "username" not in errors and User.objects.filter(username__iexact=username).exists():
            errors["username"] = ["该用户名已被使用。"]
    if not name or len(name) > 150:
        errors["name"] = ["请填写姓名（不超过150个字符）。"]
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            errors["email"] = ["电子邮箱格式不正确。"]
        if len(email) > 254:
            errors["email"] = ["电子邮箱过长。"]
    if role not in Role.values:
        errors["role"] = [f"可选角色：{'、'.join(Role.labels)}"]
    if errors:
        raise ValidationFailed("工作人员信息有误，未保存。", code="staff_invalid", fields=errors)
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=username, email=email, password=None, first_name=name)
    except IntegrityError as exc:  # a concurrent create took the name
        raise Conflict(
            "该用户名已被使用。", code="username_taken", fields={"username": ["该用户名已被使用。"]}
        ) from exc
    audit_record(actor=actor, action="user.created", obj=user, after={**_user_snapshot(user), "org_id": org.pk})
    membership_grant(actor=actor, user=user, org=org, role=role)
    return user


def _managed_user(actor: Actor, user: User) -> User:
    """The account, or 404 when it lies outside the actor's subtrees (its existence stays hidden)."""
    if not permissions.can_manage_user(actor, user):
        raise NotFound("未找到该工作人员。")
    return user


def staff_get(*, actor: Actor, pk: int) -> User:
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise NotFound("未找到该工作人员。")
    return _managed_user(actor, user)


@transaction.atomic
def staff_set_active(*, actor: Actor, user: User, active: bool) -> User:
    user = _managed_user(actor, User.objects.select_for_update().get(pk=user.pk))
    if user.pk == actor.pk:
        raise ValidationFailed("不能停用自己的账号。", code="self_deactivate")
    if user.is_active != active:
        before = _user_snapshot(user)
        user.is_active = active
        user.save(update_fields=["is_active"])
        action = "user.reactivated" if active else "user.deactivated"
        audit_record(actor=actor, action=action, obj=user, before=before, after=_user_snapshot(user))
    return user


def staff_password_link(*, actor: Actor, user: User) -> tuple[str, str]:
    """The (uidb64, token) pair of a one-time password link for the admin to hand over.

    Django's token generator: the token is bound to the password hash and last sign-in, so it
    stops working once used, and expires after settings.PASSWORD_RESET_TIMEOUT.
    """
    user = _managed_user(actor, user)
    if not user.is_active:
        raise ValidationFailed("该账号已停用，请先恢复后再发放设置密码链接。", code="user_inactive")
    audit_record(actor=actor, action="user.password_link_issued", obj=user, after={"username": user.get_username()})
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


@transaction.atomic
def staff_password_set(*, user: User, token: str, password: str) -> User:
    """Set the password through a one-time link (the holder of the link is the actor)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active or not default_token_generator.check_token(user, token):
        raise ValidationFailed("该链接已失效，请联系管理员重新发放。", code="link_expired")
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed(
            "密码不符合要求。", code="weak_password", fields={"password": list(exc.messages)}
        ) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="user.password_set", obj=user, after={"username": user.get_username()})
    return user


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: Actor, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user` and return it with its secret, which is never stored."""
    if actor != user and not permissions.is_platform_operator(actor):
        raise PermissionDenied("只能为自己创建接口令牌。")
    if not name.strip():
        raise ValidationFailed("请填写令牌用途。", code="token_invalid", fields={"name": ["不能为空。"]})
    raw = "gk_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip(), prefix=raw[3:11], digest=_digest(raw))
    audit_record(actor=actor, action="api_token.created", obj=token, after={"user": user.get_username(), "name": name})
    return token, raw


def api_token_authenticate(raw: str) -> User | None:
    """The active user a presented token belongs to, or None (never says which part failed)."""
    if not raw or not raw.startswith("gk_"):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(raw), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def organization_get(*, pk: int) -> Organization:
    org = Organization.objects.filter(pk=pk).first()
    if org is None:
        raise NotFound("未找到该机构。")
    return org


# --- sites in the cluster ---------------------------------------------------------------------

SITE_TEXT_FIELDS = (
    "name",
    "hosts",
    "theme",
    "site_code",
    "icp_number",
    "police_number",
    "police_record_code",
    "sponsor",
    "operator",
    "address",
    "postcode",
    "phone",
    "fax",
    "email",
    "office_hours",
    "foi_office",
    "foi_address",
    "foi_phone",
    "guide_notes",
)
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$")


def _site_problems(site: Site, values: dict[str, str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in SITE_TEXT_FIELDS:
        limit = getattr(Site._meta.get_field(name), "max_length", None)
        if limit and len(values[name]) > limit:
            errors.setdefault(name, []).append(f"不能超过{limit}个字符。")
    if not values["name"]:
        errors.setdefault("name", []).append("网站名称不能为空。")
    if values["theme"] not in Theme.values:
        errors.setdefault("theme", []).append("请从列出的主题色中选择。")
    hosts = [h.strip() for h in values["hosts"].split(",") if h.strip()]
    for host in hosts:
        if not _HOST.match(host):
            errors.setdefault("hosts", []).append(f"“{host[:60]}”不是有效的域名（只写域名，不含 http:// 和端口）。")
    for host in hosts:
        for other in Site.objects.exclude(pk=site.pk).filter(hosts__icontains=host)[:20]:
            if host in other.host_list():
                errors.setdefault("hosts", []).append(f"域名{host}已被“{other.name}”使用。")
    if len(hosts) > 10:
        errors.setdefault("hosts", []).append("一个网站最多绑定10个域名。")
    # 网站标识码 is 10 digits (《政府网站发展指引》; e.g. 3418020037 on real footers).
    if values["site_code"] and not re.fullmatch(r"\d{10}", values["site_code"]):
        errors.setdefault("site_code", []).append("网站标识码为10位数字。")
    if values["postcode"] and not re.fullmatch(r"\d{6}", values["postcode"]):
        errors.setdefault("postcode", []).append("邮政编码为6位数字。")
    if values["police_record_code"] and not re.fullmatch(r"\d{1,20}", values["police_record_code"]):
        errors.setdefault("police_record_code", []).append("公安备案编号只含数字。")
    if values["email"]:
        try:
            validate_email(values["email"])
        except DjangoValidationError:
            errors.setdefault("email", []).append("电子邮箱格式不正确。")
    return errors


@transaction.atomic
def site_save(*, actor: Actor, org: Organization, today: Any, **fields: str) -> Site:
    """Create or change the org's site record (its look, footer data and 指南 data).

    Only the org's 政务公开办 admins (or the platform operator) may; host names are unique
    across the cluster. Saving is what dates the 指南 (条例第十二条: keep it up to date)."""
    if not permissions.can_manage_org(actor, org):
        raise PermissionDenied("只有本机构的政务公开管理员可以修改网站设置。")
    Organization.objects.select_for_update().get(pk=org.pk)
    site = Site.objects.filter(org=org).first() or Site(org=org, name=org.name)
    before = {name: getattr(site, name) for name in SITE_TEXT_FIELDS} if site.pk else {}
    values = {name: str(fields.get(name, getattr(site, name)) or "").strip() for name in SITE_TEXT_FIELDS}
    values["hosts"] = ",".join(h.strip().lower() for h in values["hosts"].split(",") if h.strip())
    errors = _site_problems(site, values)
    if errors:
        raise ValidationFailed("网站设置有误，未保存。", code="site_invalid", fields=errors)
    for name, value in values.items():
        setattr(site, name, value)
    site.guide_updated_on = today
    site.save()
    audit_record(actor=actor, action="site.saved", obj=site, before=before, after=values)
    outbox_emit(topic=SITE_CHANGED, obj=site)
    return site

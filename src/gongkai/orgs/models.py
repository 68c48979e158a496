from django.conf import settings
from django.db import models

from gongkai.orgs.roles import Level, Role


class Organization(models.Model):
    """An agency that discloses information: a government, a department, a township.

    `path` is the chain of ancestor ids ("/1/4/9/"), maintained by the orgs services on
    create and move, so that "this org and its whole subtree" is one indexed prefix query.
    """

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    slug = models.SlugField("站点标识", max_length=60, unique=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    sort_order = models.PositiveIntegerField("排序", default=0)
    # When set, admins and approvers of this org and its subtree must sign in with a TOTP
    # code (the orgs.twofactor policy); other staff may still enrol of their own accord.
    two_factor_required = models.BooleanField("管理员和签发人须使用两步验证", default=False)

    class Meta:
        verbose_name = "组织机构"
        verbose_name_plural = "组织机构"
        ordering = ["path", "sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this org, inclusive."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class Membership(models.Model):
    """A role held by a user in an organisation; it applies to the org and its subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    granted_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        verbose_name = "岗位角色"
        verbose_name_plural = "岗位角色"
        constraints = [models.UniqueConstraint(fields=["user", "org", "role"], name="uniq_membership")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.org}: {self.get_role_display()}"


class ApiToken(models.Model):
    """A staff API token. Only a SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

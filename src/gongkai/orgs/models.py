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


class Theme(models.TextChoices):
    """The site colours a cluster member may pick: a fixed palette whose every colour keeps
    white text at a contrast of at least 4.5:1 (WCAG 2.1 1.4.3), checked in a test. The colour
    values live with the style sheet (portal.sites.themes); the data only names the choice."""

    RED = "red", "中国红"
    BLUE = "blue", "政务蓝"
    GREEN = "green", "生态绿"
    TEAL = "teal", "青碧"
    BROWN = "brown", "赭石"


class Site(models.Model):
    """An organisation's website in the cluster (站群): what 《政府网站发展指引》(国办发〔2017〕47号)
    asks each site to show — its name, 网站标识码, ICP and 公安 备案 numbers, 主办/承办单位 and
    contact — plus the host names it answers to and the data its 政府信息公开指南 is built from
    (条例第十二条: the 工作机构's name, address, hours, telephone, fax and internet contact)."""

    org = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="site", verbose_name="机构")
    name = models.CharField("网站名称", max_length=60)
    # Lower-case host names without port, comma-separated; empty = reached by /org/<slug>/ only.
    hosts = models.CharField("域名", max_length=500, blank=True)
    is_cluster_portal = models.BooleanField("站群门户", default=False)
    theme = models.CharField("主题色", max_length=16, choices=Theme.choices, default=Theme.RED)
    site_code = models.CharField("网站标识码", max_length=10, blank=True)
    icp_number = models.CharField("ICP备案号", max_length=40, blank=True)
    police_number = models.CharField("公安机关备案号", max_length=40, blank=True)
    police_record_code = models.CharField("公安备案编号（链接用）", max_length=20, blank=True)
    sponsor = models.CharField("主办单位", max_length=100, blank=True)
    operator = models.CharField("承办单位", max_length=100, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    fax = models.CharField("传真", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", max_length=120, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    foi_office = models.CharField("依申请公开受理机构", max_length=100, blank=True)
    foi_address = models.CharField("受理地址", max_length=200, blank=True)
    foi_phone = models.CharField("受理电话", max_length=40, blank=True)
    guide_notes = models.TextField("指南补充说明", max_length=5000, blank=True)
    guide_updated_on = models.DateField("指南更新日期", null=True, blank=True)

    class Meta:
        verbose_name = "网站"
        verbose_name_plural = "网站"

    def __str__(self) -> str:
        return self.name

    def host_list(self) -> list[str]:
        return [h.strip() for h in self.hosts.split(",") if h.strip()]

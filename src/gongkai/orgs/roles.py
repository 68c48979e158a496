"""Staff roles. Kept apart from models so the permission policy reads without the ORM."""

from django.db import models


class Role(models.TextChoices):
    EDITOR = "editor", "起草"
    REVIEWER = "reviewer", "保密审查"
    APPROVER = "approver", "签发"
    FOI_OFFICER = "foi_officer", "依申请公开经办"
    ADMIN = "admin", "政务公开办管理员"


class Level(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县"
    TOWNSHIP = "township", "乡"
    # 村（居）民委员会: 基层群众性自治组织, not a government; they run 村（居）务公开
    # (《村民委员会组织法》第三十条, 《城市居民委员会组织法》) and catalogs list a 村级 level.
    VILLAGE = "village", "村"
    DEPARTMENT = "department", "部门"

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
    DEPARTMENT = "department", "部门"

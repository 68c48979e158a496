"""Typed shapes of the 标准目录 API."""

from datetime import date, datetime
from typing import Any

from ninja import Schema

from gongkai.api.actions import ActionOut


class ItemOut(Schema):
    id: int
    position: int
    serial: str
    stage: str
    level1: str
    level2: str
    content: str
    basis: str
    deadline_text: str
    deadline: dict[str, Any] | None  # the parsed rule, as `gongkai catalog import --json` gives it
    deadline_flagged: bool
    subject: str
    channels: list[str]
    audience_public: bool
    audience_specific: bool
    proactive: bool
    on_request: bool
    county: bool
    township: bool
    village: bool
    withholding_ground: str
    column_id: int | None
    column_code: str | None


class VersionOut(Schema):
    id: int
    org: str
    area: str
    area_label: str
    number: int
    state: str
    state_label: str
    published_at: datetime | None
    items: list[ItemOut]
    actions: list[ActionOut]


class PublicCatalogOut(Schema):
    org: str
    name: str
    areas: list[VersionOut]


class ProblemOut(Schema):
    sheet: str
    row: int | None
    column: str
    message: str


class ImportOut(Schema):
    dry_run: bool
    saved: bool
    items: list[dict[str, Any]]
    errors: list[ProblemOut]
    warnings: list[str]
    versions: list[int]


class BindIn(Schema):
    column_id: int | None = None
    new_column_name: str = ""
    new_column_code: str = ""


class CoverageItemOut(Schema):
    id: int
    level1: str
    level2: str
    status: str
    status_label: str
    publications: int
    last_published_on: date | None
    next_due: date | None
    on_time: bool | None
    overdue: bool
    deadline_flagged: bool


class CoverageAreaOut(Schema):
    area: str
    area_code: str
    draft: bool
    counted: int
    covered: int
    coverage_rate: float | None
    on_time_rate: float | None
    items: list[CoverageItemOut]


class CoverageOrgOut(Schema):
    org: str
    name: str
    counted: int
    covered: int
    coverage_rate: float | None
    on_time_rate: float | None
    areas: list[CoverageAreaOut]
    overdue: list[dict[str, str]]


class CoverageOut(Schema):
    orgs: list[CoverageOrgOut]

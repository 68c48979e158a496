"""Typed shapes of the 网站与新媒体检查 API. Every input has a bound (lengths, id ranges, enums);
what a service decides (dates in range, unique names, permissions) comes back as problem+json."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from gongkai.api.actions import ActionOut
from gongkai.inspection.models import Platform

MAX_ID = 2**63 - 1


class FindingOut(Schema):
    kind: str
    url: str
    target: str
    column: str
    detail: str
    evidence: dict[str, Any]


class ReportOut(Schema):
    id: int
    site_id: int
    site: str
    as_of: datetime.date
    quarter: str
    verdict: str
    score: float | None
    vetoes: dict[str, str]
    deductions: dict[str, float]
    findings: list[FindingOut]


class RectificationOut(Schema):
    id: int
    site_id: int
    org_id: int
    kind: str
    url: str
    detail: str
    due_on: datetime.date
    state: str
    state_label: str
    response: str
    review_note: str
    actions: list[ActionOut]


class RectificationActionIn(Schema):
    response: str = Field("", max_length=2000, description="整改情况（报送时必填）")
    note: str = Field("", max_length=2000, description="核验意见；退回时必填退回理由")


# --- inspected sites ----------------------------------------------------------------------------


class SiteIn(Schema):
    org_id: int = Field(..., ge=1, le=MAX_ID, description="主办单位（须在本人管理的机构范围内）")
    name: str = Field(..., min_length=1, max_length=100, description="网站名称")
    url: str = Field("", max_length=500, description="外部网站首页网址；空表示本平台上该机构的网站（从数据库检查）")
    department: bool = Field(False, description="部门网站（无对外服务功能）：按75分折算，不检查办事服务")
    scheduled: bool = Field(True, description="纳入季度检查")


class SiteOut(Schema):
    id: int
    org_id: int
    org_name: str
    name: str
    url: str
    department: bool
    scheduled: bool
    latest_report_id: int | None
    editable: bool


# --- 政务新媒体 register --------------------------------------------------------------------------


class AccountFields(Schema):
    platform: Platform = Field(..., description="平台")
    name: str = Field(..., min_length=1, max_length=100, description="账号名称")
    account_id: str = Field("", max_length=100, description="账号标识（微信号、微博ID等）")
    registered_on: datetime.date = Field(..., description="开设备案日期（2000年以后，不晚于今天）")
    responsible: str = Field(..., min_length=1, max_length=50, description="责任人")
    contact: str = Field("", max_length=50, description="联系方式")
    feed_url: str = Field("", max_length=500, description="RSS/Atom 信息源地址")
    has_interaction: bool = Field(True, description="提供互动功能（未提供为单项否决）")


class AccountIn(AccountFields):
    org_id: int = Field(..., ge=1, le=MAX_ID, description="主办单位（须由其政务公开办管理员备案）")


class AccountOut(Schema):
    id: int
    org_id: int
    org_name: str
    platform: str
    platform_label: str
    name: str
    account_id: str
    registered_on: datetime.date
    responsible: str
    contact: str
    feed_url: str
    last_post_on: datetime.date | None
    has_interaction: bool
    status: str
    status_label: str
    status_reason: str
    editable: bool
    actions: list[ActionOut]


class PostIn(Schema):
    posted_on: datetime.date = Field(..., description="发布日期（不早于开设备案日期，不晚于今天）")
    title: str = Field("", max_length=200, description="标题")


class PostOut(Schema):
    posted_on: datetime.date
    title: str
    manual: bool


class AccountDetailOut(AccountOut):
    posts: list[PostOut]


class FeedReadOut(Schema):
    new: int = Field(..., description="新增的更新记录数")
    account: AccountOut


class AccountActionIn(Schema):
    reason: str = Field(
        "", max_length=200, description="原因；动态关停须为：更新不及时、无互动功能、严重表述错误、其他"
    )


# --- the org's own wording rules ----------------------------------------------------------------


class WordingRuleFields(Schema):
    pattern: str = Field(..., min_length=1, max_length=200, description="错误表述（按原文匹配，至少2个字）")
    correction: str = Field("", max_length=200, description="正确表述")
    source: str = Field("", max_length=200, description="依据")


class WordingRuleIn(WordingRuleFields):
    org_id: int = Field(..., ge=1, le=MAX_ID, description="规则所属单位（对其及下级单位的网站生效）")


class WordingRuleOut(Schema):
    id: int
    org_id: int
    org_name: str
    pattern: str
    correction: str
    source: str
    editable: bool

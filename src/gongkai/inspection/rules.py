"""The thresholds of 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号), in one place.

Every number below cites where it comes from (shared/spec/regulations.md §4.4). Numbers the
research could not confirm ([U]) are marked as local defaults; a deployment overrides the
column rules with the setting ``GONGKAI_INSPECTION_COLUMN_RULES`` (same shape as
``DEFAULT_COLUMN_RULES``).
"""

from __future__ import annotations

import datetime
import enum
import re
from dataclasses import dataclass

from django.conf import settings

from gongkai.privacy.content_checks import WordingRuleSpec


class ColumnType(enum.StrEnum):
    NEWS = "news"  # 要闻、动态类
    NOTICE = "notice"  # 通知公告、政策文件类
    INTERACTION = "interaction"  # 政务咨询类 (留言)
    STATIC = "static"  # 机构职能 etc.: not staleness-checked
    OTHER = "other"  # columns that should be updated, judged "long stale"


COLUMN_TYPE_LABELS = {
    ColumnType.NEWS: "动态要闻类",
    ColumnType.NOTICE: "通知公告、政策文件类",
    ColumnType.INTERACTION: "政务咨询类",
    ColumnType.STATIC: "静态栏目（不检查更新）",
    ColumnType.OTHER: "其他应更新栏目",
}


@dataclass(frozen=True)
class ColumnRule:
    type: ColumnType
    keywords: tuple[str, ...]
    max_age_days: int | None  # None: not staleness-checked


# Order matters: the first rule whose keyword is in the column name wins.
DEFAULT_COLUMN_RULES: tuple[ColumnRule, ...] = (
    ColumnRule(ColumnType.INTERACTION, ("咨询", "留言", "信箱", "问政", "互动"), None),
    # 19号 栏目不更新 (1): 动态、要闻类 columns with no update in the 2 weeks before the checkpoint.
    ColumnRule(ColumnType.NEWS, ("要闻", "动态", "新闻", "快讯"), 14),
    ColumnRule(
        ColumnType.STATIC,
        ("机构职能", "机构概况", "机构设置", "领导", "简介", "概况", "联系", "指南", "制度", "依申请", "年报"),
        None,
    ),
    # 19号 栏目不更新 (1): 通知公告、政策文件类 first-level columns with none in the 6 months before.
    ColumnRule(ColumnType.NOTICE, ("通知", "公告", "政策文件", "文件", "规章"), 183),
)
# 19号 栏目不更新 (2) "应更新但长期未更新" gives no period; one year is a local default [U].
OTHER_MAX_AGE_DAYS = 365

# 19号 首页不更新: no homepage update in the 2 weeks before the checkpoint.
HOME_MAX_AGE_DAYS = 14
# 19号 互动回应差 (2): in the 1 year before the checkpoint, valid messages unanswered > 3 months.
UNANSWERED_AFTER_DAYS = 91
MESSAGE_WINDOW_DAYS = 365
UNANSWERED_RE = re.compile(r"未回复|待回复|未答复|待答复|未办结|办理中|尚未回复")

# 19号 veto thresholds.
UNREACHABLE_SHARE = 0.05  # 站点无法访问: ≥5% (含) of attempts fail within 15 s
PAGE_TIMEOUT_SECONDS = 15.0  # the 15-second rule
STALE_NEWS_NOTICE_VETO = 5  # 栏目不更新 (1): ≥5 (含)
STALE_OTHER_VETO = 10  # 栏目不更新 (2): ≥10 (含)
EMPTY_COLUMN_VETO = 5  # 栏目不更新 (3): 空白栏目 ≥5 (含)
PASS_SCORE = 60  # 扣分 part below 60 → 不合格
FULL_SCORE = 100
# Departments without external service functions: scored out of 75 and scaled ×4/3.
DEPARTMENT_BASE = 75

# 19号 互动回应差 (1): the site offers no effective online 咨询建言 channel; 网上信访 and 纪检举报
# do not count. A channel is a link on the home page whose words name one (it may lead off-site,
# e.g. to the province's 12345 or 政民互动 platform), or a 政务咨询类 column in the navigation.
INTERACTION_CHANNEL_RE = re.compile(
    r"咨询|留言|信箱|写信|建言|献策|问政|互动|12345|热线|民意|征求意见|意见征集|在线访谈"
)
NOT_A_CHANNEL_RE = re.compile(r"信访|举报")
# 19号 服务不实用 (1): no 办事服务. A link or column named for it (the 政务服务网 of the province
# counts); 好差评 (rating a service) and 服务热线 are not 办事服务 themselves.
SERVICE_CHANNEL_RE = re.compile(r"办事|政务服务|网上服务|在线服务|便民服务|服务大厅|一网通办|服务事项")
NOT_A_SERVICE_RE = re.compile(r"好差评|评价|热线")
MAX_CHANNEL_LINKS = 50

EMPTY_MARKERS = ("暂无信息", "暂无数据", "暂无内容", "暂无记录", "暂无相关信息", "暂无符合条件", "暂无已公开")


def column_rules() -> tuple[ColumnRule, ...]:
    configured = getattr(settings, "GONGKAI_INSPECTION_COLUMN_RULES", None)
    return tuple(configured) if configured else DEFAULT_COLUMN_RULES


def column_rule_for(name: str) -> ColumnRule:
    for rule in column_rules():
        if any(k in name for k in rule.keywords):
            return rule
    return ColumnRule(ColumnType.OTHER, (), OTHER_MAX_AGE_DAYS)


def months_before(day: datetime.date, days: int) -> datetime.date:
    return day - datetime.timedelta(days=days)


# ---------------------------------------------------------------------- deductions


@dataclass(frozen=True)
class Deduction:
    points: float
    cap: float
    service: bool = False  # a service indicator: skipped in the department variant


# Points per finding below the veto thresholds, capped per indicator (19号 caps deductions per
# indicator). Only the policy-file value (−5) is seen in a 2019 self-check [S]; the others are
# local defaults [U] until the official table is found (regulations.md §7 item 3).
DEDUCTIONS: dict[str, Deduction] = {
    "unreachable": Deduction(1, 5),
    "broken_link": Deduction(1, 10),
    "stale_column": Deduction(2, 10),
    "stale_column_notice": Deduction(5, 10),
    "empty_column": Deduction(2, 10),
}


# ---------------------------------------------------------------------- wording rules

# Shipped default list of 严重表述错误 (19号 单项否决 "严重表述错误"), each with its source.
# The admin-managed list (privacy.WordingRule) and the org's own rules are added to it.
DEFAULT_WORDING_RULES: tuple[tuple[WordingRuleSpec, str], ...] = (
    (
        WordingRuleSpec("台湾总统", "台湾地区领导人"),
        "新华社《新闻信息报道中的禁用词和慎用词》（2016年7月修订）：对台湾地区领导人不称“总统”",
    ),
    (
        WordingRuleSpec("台湾政府", "台湾当局"),
        "新华社《新闻信息报道中的禁用词和慎用词》（2016年7月修订）：称“台湾当局”",
    ),
    (
        WordingRuleSpec("北朝鲜", "朝鲜"),
        "新华社《新闻信息报道中的禁用词和慎用词》（2016年7月修订）：不使用“北朝鲜”",
    ),
    (
        WordingRuleSpec("以习近平同志为首的党中央", "以习近平同志为核心的党中央"),
        "党的十八届六中全会公报（2016年10月27日）：“以习近平同志为核心的党中央”",
    ),
    (
        WordingRuleSpec("习近平新时代中国特色社会主义理论", "习近平新时代中国特色社会主义思想"),
        "党的十九大报告（2017年10月18日）：“习近平新时代中国特色社会主义思想”",
    ),
)


def default_wording_specs() -> list[WordingRuleSpec]:
    return [spec for spec, _source in DEFAULT_WORDING_RULES]


# 限期整改 (seed 002 七) sets no national period; 30 days is a local default [L], configurable
# with GONGKAI_INSPECTION_RECTIFY_DAYS. The one place a rectification deadline is computed.
RECTIFY_DAYS = 30


def rectification_due_on(as_of: datetime.date) -> datetime.date:
    days = int(getattr(settings, "GONGKAI_INSPECTION_RECTIFY_DAYS", RECTIFY_DAYS))
    return as_of + datetime.timedelta(days=days)


# 政务新媒体 [L]: local rules require an update at least every 2 weeks; "未提供有效互动功能" is a veto.
MEDIA_MAX_AGE_DAYS = 14


def quarter_of(day: datetime.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"

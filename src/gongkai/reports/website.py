"""《政府网站工作年度报表》: the yearly statement every government website publishes on its home
page (国办函〔2018〕12号).

12号 二: "各级各类政府网站的《政府网站工作年度报表》于每年1月31日前在本网站首页显著位置发布";
一: it covers 信息发布、专栏专题、解读回应、办事服务、互动交流、安全防护、移动新媒体、创新发展.
The rows below follow the form attached to 12号 as provinces reproduce it [L: the attachment
itself was not quoted in spec/regulations.md; the eight sections and the deadline are].

Each row says where its value comes from: ``DATA`` rows are counted from the platform's own
records when the statement is generated (and can be regenerated while it is a draft); ``ENTERED``
rows hold what only the site's office knows (visits from its web analytics, 办件量 from the
政务服务 system). Both stay editable until publication: the office signs for the figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# Bounds on what a clerk may enter: a county site does not have a 10^12 visits, and text rows are
# names and phone numbers, not essays.
MAX_COUNT = 10**11
MAX_TEXT = 200


class Source(StrEnum):
    DATA = "data"  # counted from the platform's records
    ENTERED = "entered"  # entered by the site's office


class Kind(StrEnum):
    COUNT = "count"  # a non-negative whole number
    DECIMAL = "decimal"  # a non-negative number with one decimal (average days)
    YESNO = "yesno"  # 是 / 否
    TEXT = "text"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    kind: Kind
    source: Source
    unit: str = ""
    indent: int = 0  # 0: a row of its section; 1: a sub-row (其中)


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


D, E = Source.DATA, Source.ENTERED
C, DEC, YN, T = Kind.COUNT, Kind.DECIMAL, Kind.YESNO, Kind.TEXT

SECTIONS: tuple[Section, ...] = (
    Section(
        "网站基本信息",
        (
            Row("site_name", "网站名称", T, D),
            Row("home_url", "首页网址", T, D),
            Row("sponsor", "主办单位", T, D),
            Row("site_type", "网站类型", T, D),
            Row("site_code", "政府网站标识码", T, D),
            Row("icp", "ICP备案号", T, D),
            Row("police_record", "公安机关备案号", T, D),
        ),
    ),
    Section(
        "访问情况",
        (
            Row("unique_visitors", "独立用户访问总量", C, E, "个"),
            Row("page_views", "网站总访问量", C, E, "次"),
        ),
    ),
    Section(
        "信息发布",
        (
            Row("posts_total", "总数", C, D, "条"),
            Row("posts_overview", "概况类信息更新量", C, E, "条", 1),
            Row("posts_news", "政务动态信息更新量", C, E, "条", 1),
            Row("posts_catalog", "信息公开目录信息更新量", C, D, "条", 1),
        ),
    ),
    Section(
        "专栏专题",
        (
            Row("columns_maintained", "维护数量", C, E, "个"),
            Row("columns_opened", "新开设数量", C, E, "个"),
        ),
    ),
    Section(
        "解读回应",
        (
            Row("interpretations_total", "解读信息发布总数", C, D, "条"),
            Row("interpretation_materials", "解读材料数量", C, E, "条", 1),
            Row("interpretation_products", "解读产品数量", C, E, "个", 1),
            Row("media_commentaries", "媒体评论文章数量", C, E, "篇", 1),
            Row("responses", "回应公众关注热点或重大舆情数量", C, D, "次"),
        ),
    ),
    Section(
        "办事服务",
        (
            Row("service_catalog", "是否发布服务事项目录", YN, D),
            Row("registered_users", "注册用户数", C, E, "个"),
            Row("service_items", "政务服务事项数量", C, D, "项"),
            Row("online_items", "可全程在线办理政务服务事项数量", C, E, "项"),
            Row("cases_total", "办件量总数", C, E, "件"),
            Row("cases_people", "自然人办件量", C, E, "件", 1),
            Row("cases_legal", "法人办件量", C, E, "件", 1),
        ),
    ),
    Section(
        "互动交流",
        (
            Row("unified_platform", "是否使用统一平台", YN, E),
            Row("messages_received", "收到留言数量", C, D, "条"),
            Row("messages_closed", "办结留言数量", C, D, "条", 1),
            Row("messages_days", "平均办理时间", DEC, D, "个工作日", 1),
            Row("messages_public", "公开答复数量", C, D, "条", 1),
            Row("consultations", "征集调查期数", C, D, "期"),
            Row("consultation_comments", "收到意见数量", C, D, "条", 1),
            Row("consultation_results", "公布调查（征集）结果期数", C, D, "期", 1),
            Row("interviews", "在线访谈期数", C, D, "期"),
            Row("interview_questions", "网民留言数量", C, E, "条", 1),
            Row("interview_answers", "答复网民提问数量", C, E, "条", 1),
            Row("smart_qa", "是否提供智能问答功能", YN, E),
        ),
    ),
    Section(
        "安全防护",
        (
            Row("security_checks", "安全检测评估次数", C, D, "次"),
            Row("security_findings", "发现问题数量", C, D, "个"),
            Row("security_fixed", "问题整改数量", C, D, "个"),
            Row("monitoring", "是否建立安全监测预警机制", YN, E),
            Row("drills", "是否开展应急演练", YN, E),
            Row("security_officer", "是否明确网站安全负责人", YN, E),
        ),
    ),
    Section(
        "移动新媒体",
        (
            Row("has_new_media", "是否有移动新媒体", YN, D),
            Row("weibo_name", "微博名称", T, D, "", 1),
            Row("weibo_posts", "微博信息发布量", C, D, "条", 1),
            Row("weibo_followers", "微博关注量", C, E, "个", 1),
            Row("wechat_name", "微信名称", T, D, "", 1),
            Row("wechat_posts", "微信信息发布量", C, D, "条", 1),
            Row("wechat_subscribers", "微信订阅数", C, E, "个", 1),
            Row("other_media", "其他", T, D, "", 1),
        ),
    ),
    Section(
        "创新发展",
        (
            Row("search_as_service", "搜索即服务", YN, D),
            Row("multilingual", "多语言版本", YN, E),
            Row("accessibility", "无障碍浏览", YN, D),
            Row("personalised", "千人千网", YN, E),
            Row("innovation_other", "其他", T, E),
        ),
    ),
    Section(
        "填报信息",
        (
            Row("head", "单位负责人", T, E),
            Row("reviewer", "审核人", T, E),
            Row("filler", "填报人", T, E),
            Row("phone", "联系电话", T, E),
            Row("filled_on", "填报日期", T, E),
        ),
    ),
)

ROWS: dict[str, Row] = {row.key: row for section in SECTIONS for row in section.rows}
REQUIRED_TO_PUBLISH = ("site_name", "sponsor", "head", "filler", "phone", "filled_on")


def due_on(year: int) -> datetime.date:
    """The statement for `year` is due on the home page by 1月31日 of the next year (国办函〔2018〕12号 二)."""
    return datetime.date(year + 1, 1, 31)


def blank_values() -> dict[str, Any]:
    return {row.key: (None if row.kind in (Kind.COUNT, Kind.DECIMAL, Kind.YESNO) else "") for row in ROWS.values()}


def clean_value(row: Row, raw: object) -> tuple[Any, str | None]:
    """(value, error in Chinese). Empty input is None/'' (未填), never 0: a zero is a statement."""
    text = "" if raw is None else str(raw).strip()
    if row.kind == Kind.TEXT:
        if len(text) > MAX_TEXT:
            return text[:MAX_TEXT], f"不能超过{MAX_TEXT}字。"
        return text, None
    if text == "":
        return None, None
    if row.kind == Kind.YESNO:
        if text in ("是", "yes", "true", "1", "True"):
            return True, None
        if text in ("否", "no", "false", "0", "False"):
            return False, None
        return None, "请选择“是”或“否”。"
    if row.kind == Kind.DECIMAL:
        try:
            number = round(float(text), 1)
        except ValueError:
            return None, "请填写数字。"
        if not 0 <= number < MAX_COUNT:
            return None, "数值超出范围。"
        return number, None
    if not text.isdigit() or len(text) > 11:
        return None, f"请填写0到{MAX_COUNT - 1}之间的整数。"
    return int(text), None


def missing_for_publication(values: dict[str, Any]) -> list[str]:
    """Labels of the rows a published statement cannot leave empty (who answers for it, and for what site)."""
    return [ROWS[key].label for key in REQUIRED_TO_PUBLISH if values.get(key) in (None, "")]


def display(row: Row, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if row.kind == Kind.YESNO:
        return "是" if value else "否"
    if row.kind == Kind.DECIMAL:
        return f"{value:.1f}"
    return str(value)

"""The default 主动公开目录 of an org (条例第十二条, 第二十条; 国办公开办函〔2019〕61号 columns)."""

from typing import NamedTuple


class CatalogTemplateNode(NamedTuple):
    code: str
    name: str
    children: tuple["CatalogTemplateNode", ...] = ()


def _n(code: str, name: str, *children: CatalogTemplateNode) -> CatalogTemplateNode:
    return CatalogTemplateNode(code, name, children)


# The four first-level columns usual on 政府信息公开平台 (61号), plus the 依申请公开 entry, with
# the 第二十条 categories under 法定主动公开内容.
DEFAULT_CATALOG: tuple[CatalogTemplateNode, ...] = (
    _n("guide", "政府信息公开指南"),
    _n("rules", "政府信息公开制度"),
    _n(
        "statutory",
        "法定主动公开内容",
        _n("functions", "机构职能"),
        _n(
            "legal-docs",
            "法规文件",
            _n("regulations", "规章"),
            _n("normative", "行政规范性文件"),
            _n("other-docs", "其他文件"),
        ),
        _n("plans", "规划信息"),
        _n("statistics", "统计信息"),
        _n("budget", "财政预决算"),
        _n("permits-enforcement", "行政许可和行政执法"),
        _n("fees", "行政事业性收费"),
        _n("procurement", "政府采购"),
        _n("major-projects", "重大建设项目"),
        _n("key-areas", "重点领域信息"),
        _n("emergencies", "突发公共事件"),
        _n("personnel", "人事信息"),
        _n("interpretations", "政策解读"),
        # 重大行政决策 drafts opened for comment (《重大行政决策程序暂行条例》第十五条).
        _n("consultations", "重大决策预公开"),
        _n("notices", "通知公告"),
    ),
    _n("annual-reports", "政府信息公开年报"),
)

# Where an item of a kind goes when the editor does not choose (a default, not a rule).
DEFAULT_NODE_FOR_KIND = {
    "policy": "other-docs",
    "rule": "regulations",
    "normative": "normative",
    "interpretation": "interpretations",
    "notice": "notices",
    "plan": "plans",
    "budget": "budget",
    "work_report": "other-docs",
    "personnel": "personnel",
    "other": "notices",
}

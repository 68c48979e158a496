"""Starting points for an area's catalog: rows every area's guideline has (its policies and
the 办事指南), plus, for three areas, rows taken verbatim from published catalogs
(regulations.md §3.4). A clerk edits them into the org's own catalog; they are not a standard.
"""

from __future__ import annotations

from gongkai.catalogs.importing import ParsedItem
from gongkai.catalogs.vocab import AREA_LABELS

# 条例第二十六条: the default 时限 when a guideline gives none.
DEFAULT_DEADLINE = "信息形成或者变更之日起20个工作日内"
WEB = ["政府网站"]

# (一级事项, 二级事项, 公开内容（要素）, 公开依据, 公开时限, 公开主体, 渠道, 全社会, 特定群体, 县, 乡)
Row = tuple[str, str, str, str, str, str, list[str], bool, bool, bool, bool]

SPECIFIC: dict[str, list[Row]] = {
    "budget": [
        (
            "财政预决算",
            "政府预算",
            "一般公共预算收支预算表；政府性基金预算收支表；“三公”经费预算；没有数据的表格应当列出空表并说明",
            "《中华人民共和国预算法》；《地方预决算公开操作规程》（财预〔2016〕143号）",
            "本级人民代表大会或其常务委员会批准后20日内",
            "地方各级财政部门",
            ["政府网站", "纸质媒体"],
            True,
            False,
            True,
            True,
        ),
        (
            "部门预决算",
            "部门决算",
            "部门职责、机构设置、决算收支增减变化、机关运行经费、政府采购；“三公”经费",
            "《地方预决算公开操作规程》（财预〔2016〕143号）",
            "本级政府财政部门批复后20日内",
            "各政府部门及乡镇",
            WEB,
            True,
            False,
            True,
            True,
        ),
        (
            "财政资金",
            "财政资金直达基层情况",
            "资金分配、使用情况（按季度汇总）",
            "财政部有关规定",
            "每季度结束后15日内",
            "地方各级财政部门",
            WEB,
            True,
            False,
            True,
            False,
        ),
    ],
    "social_assistance": [
        (
            "最低生活保障",
            "审核信息",
            "初审对象名单及相关信息",
            "《社会救助暂行办法》；民办函〔2019〕52号",
            "制定或获取信息之日起10个工作日内，公示7个工作日",
            "县级民政部门、乡镇政府（街道办事处）",
            ["政府网站", "社区/企事业单位/村公示栏（电子屏）"],
            False,
            True,
            True,
            True,
        ),
        (
            "最低生活保障",
            "救助标准",
            "城乡最低生活保障标准",
            "《社会救助暂行办法》",
            "长期公开",
            "县级民政部门",
            WEB,
            True,
            False,
            True,
            True,
        ),
    ],
    "rural_housing": [
        (
            "计划实施",
            "任务分配",
            "补助农户名单",
            "建办厅〔2019〕71号",
            "分配结果确定后20个工作日内",
            "住房和城乡建设部门",
            ["政府网站", "社区/企事业单位/村公示栏（电子屏）"],
            True,
            False,
            True,
            True,
        ),
    ],
}


def _generic(area: str) -> list[Row]:
    label = AREA_LABELS[area]
    return [
        (
            "政策文件",
            f"{label}有关法律法规和政策文件",
            "文件分类、生成日期、标题、文号、有效性、关键词和具体内容",
            "《中华人民共和国政府信息公开条例》第十九条、第二十条",
            DEFAULT_DEADLINE,
            f"{label}主管部门",
            WEB,
            True,
            False,
            True,
            True,
        ),
        (
            "办事服务",
            "办事指南",
            "事项名称、设定依据、申请条件、办理材料、办理地点、办理时间、联系电话、办理流程",
            "《中华人民共和国政府信息公开条例》第二十条",
            "实时",
            f"{label}主管部门",
            ["政府网站", "政务服务中心"],
            True,
            False,
            True,
            True,
        ),
    ]


def template_items(area: str) -> list[ParsedItem]:
    rows = _generic(area) + SPECIFIC.get(area, [])
    return [
        ParsedItem(
            area=area,
            sheet="模板",
            row=n,
            serial=str(n),
            level1=l1,
            level2=l2,
            content=content,
            basis=basis,
            deadline_text=deadline,
            subject=subject,
            channels=list(channels),
            audience_public=everyone,
            audience_specific=specific,
            proactive=True,
            county=county,
            township=township,
        )
        for n, (l1, l2, content, basis, deadline, subject, channels, everyone, specific, county, township) in enumerate(
            rows, start=1
        )
    ]

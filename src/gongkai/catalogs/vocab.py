"""The fixed vocabularies of a 基层政务公开标准目录 (regulations.md §3).

Pure data, no Django: the importer, the exporter, the models' choices and the pages read them.
"""

from __future__ import annotations

# The 26 试点领域 of 国办发〔2019〕54号 (regulations.md §3.2, order as listed there). The exact
# labels are [U]: catalogs write 生态环境 or 环境保护, 卫生健康 or 医疗卫生, so each area also
# lists the names a workbook's sheet may use for it.
AREAS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("major_projects", "重大建设项目", ("重大建设项目批准和实施",)),
    ("public_resources", "公共资源交易", ()),
    ("tax", "税收管理", ()),
    ("budget", "财政预决算", ("财政预决算公开",)),
    ("compulsory_education", "义务教育", ()),
    ("household_registration", "户籍管理", ()),
    ("social_assistance", "社会救助", ()),
    ("elderly_care", "养老服务", ()),
    ("legal_services", "公共法律服务", ()),
    ("culture", "公共文化服务", ("公共文化服务体育",)),
    ("food_drug", "食品药品监管", ("食品药品监督管理",)),
    ("poverty", "扶贫", ("扶贫开发", "乡村振兴")),
    ("disaster_relief", "救灾", ("防灾减灾救灾",)),
    ("work_safety", "安全生产", ()),
    ("planning", "城乡规划", ("城乡规划（自然资源）",)),
    ("land_acquisition", "征地补偿", ("征地补偿（自然资源）",)),
    ("housing_expropriation", "国有土地上房屋征收与补偿", ("国有土地上房屋征收",)),
    ("social_housing", "保障性住房", ("保障性安居工程",)),
    ("rural_housing", "农村危房改造", ()),
    ("municipal_services", "市政服务", ()),
    ("urban_enforcement", "城市综合执法", ()),
    ("environment", "生态环境", ("环境保护", "生态环境（环境保护）")),
    ("employment", "就业", ("就业创业",)),
    ("social_insurance", "社会保险", ()),
    ("farm_subsidies", "涉农补贴", ()),
    ("health", "卫生健康", ("医疗卫生", "卫生健康（医疗卫生）")),
)
AREA_CHOICES = [(code, label) for code, label, _ in AREAS]
AREA_LABELS = {code: label for code, label, _ in AREAS}
AREA_CODES = [code for code, _, _ in AREAS]
_AREA_BY_NAME = {name: code for code, label, aliases in AREAS for name in (label, *aliases)}


def area_by_name(name: str) -> str | None:
    """The area a sheet title names ("社会救助", "社会救助领域", "7.社会救助" ...), or None."""
    text = name.strip().lstrip("0123456789.、．- ").strip()
    for suffix in ("领域基层政务公开标准目录", "领域", "标准目录", "目录"):
        if text.endswith(suffix) and text[: -len(suffix)] in _AREA_BY_NAME:
            text = text[: -len(suffix)]
    return _AREA_BY_NAME.get(text)


# 公开渠道和载体 (regulations.md §3.3): the checkbox vocabulary, in the published order. The last
# three are the platforms some catalogs add [S].
CHANNELS: tuple[str, ...] = (
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    "其他",
    "12345政务服务热线",
    "投资项目在线审批监管平台",
    "公共资源交易平台",
)
# Spellings seen in published catalogs for the same channel.
CHANNEL_ALIASES = {
    "政府门户网站": "政府网站",
    "两微一端（政务微博、微信、客户端）": "两微一端",
    "发布会": "发布会/听证会",
    "听证会": "发布会/听证会",
    "发布会／听证会": "发布会/听证会",
    "入户／现场": "入户/现场",
    "社区/企事业单位/村公示栏(电子屏)": "社区/企事业单位/村公示栏（电子屏）",
    "社区/企事业单位/村公示栏": "社区/企事业单位/村公示栏（电子屏）",
    "公示栏": "社区/企事业单位/村公示栏（电子屏）",
    "12345热线": "12345政务服务热线",
}


def channel_name(text: str) -> str | None:
    cleaned = text.strip().lstrip("■□☑☐√✓ ").strip()
    if cleaned in CHANNELS:
        return cleaned
    return CHANNEL_ALIASES.get(cleaned)


# 五公开 (决策、执行、管理、服务、结果公开, 中办发〔2016〕8号), the 过程 column of the 住建 guidelines.
STAGES: tuple[str, ...] = ("决策", "执行", "管理", "服务", "结果")
STAGE_CHOICES = [(s, f"{s}公开") for s in STAGES]

# ■ = selected (必选项 in the 住建 guidelines), □ = not; √ and an empty cell in the 对象/方式/层级 columns.
CHECKED_MARKS = frozenset({"■", "√", "✓", "✔", "☑", "是", "Y", "y"})
UNCHECKED_MARKS = frozenset({"", "□", "☐", "否", "N", "n"})

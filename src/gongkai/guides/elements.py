"""The standard elements of a 办事指南 and which ones a version lacks.

The elements follow 国办发〔2016〕80号 / 赣办发〔2016〕 seed 004（六）("列明办理依据、受理单位、基本流程、
申请材料、示范文本…收费依据及标准、办理时限、咨询方式"). 国办秘函〔2019〕19号 vetoes a site whose
办事指南 lacks key elements (服务不实用: 事项名称、设定依据、申请条件、办理材料 …; the exact
threshold is not published, spec §4.4 [U]) — so every element below counts as key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.guides.models import GuideVersion

# (key, label) in the order a guide shows them.
KEY_ELEMENTS: tuple[tuple[str, str], ...] = (
    ("name", "事项名称"),
    ("item_type", "事项类型"),
    ("basis", "设定依据"),
    ("conditions", "受理条件"),
    ("materials", "申请材料"),
    ("process", "办理流程"),
    ("time_limit", "办理时限"),
    ("fees", "收费标准"),
    ("place_and_hours", "办理地点和时间"),
    ("consult_phone", "咨询电话"),
    ("complaint_phone", "监督投诉电话"),
)
LABELS = dict(KEY_ELEMENTS)


def missing_elements(version: GuideVersion) -> list[str]:
    """Keys of the key elements this version lacks (blank text counts as missing)."""
    item = version.item
    present = {
        "name": bool(item.name.strip()),
        "item_type": bool(item.item_type),
        "basis": bool(version.basis.strip()),
        "conditions": bool(version.conditions.strip()),
        "materials": bool(version.material_lines()),
        "process": bool(version.process.strip()),
        "time_limit": version.legal_days is not None or version.promised_days is not None,
        "fees": bool(version.fees.strip()),
        "place_and_hours": bool(version.place_and_hours.strip()),
        "consult_phone": bool(version.consult_phone.strip()),
        "complaint_phone": bool(version.complaint_phone.strip()),
    }
    return [key for key, _ in KEY_ELEMENTS if not present[key]]

"""Which 行政复议机关 a reply letter names, from the org tree (《行政复议法》2023年修订).

Rules encoded (verify notes in docs/foi.md):

- 第二十四条第一款第（一）项: 县级以上地方各级人民政府管辖对本级人民政府工作部门作出的行政行为
  不服的 — a department's body is its 本级人民政府 (the 2023 revision removed the choice of the
  department above). In the tree: the nearest ancestor that is a government, not a 部门; this
  also covers a department's 派出机构 or 内设机构 placed under it (第二十四条, 本级人民政府管辖).
- 第二十四条第一款第（二）项: 对下一级人民政府作出的行政行为不服的 — a government's (county,
  township, city) body is the government one level up: its nearest government ancestor.
- 第二十四条第二款: 省、自治区、直辖市人民政府同时管辖对本机关作出的行政行为不服的 — a provincial
  government's own decision goes to itself.
- 第二十七条: 对海关、金融、外汇管理等实行垂直领导的行政机关、税务和国家安全机关的行政行为不服的，
  向上一级主管部门申请行政复议 — outside the local tree, so an admin marks such a body and
  names its 上一级主管部门 (``ReviewBodySetting``).
- Anything else (a department with no government above it in the tree, a city at the root):
  unresolved. The reply cannot be drafted until an admin names the body (with a reason).

Pure module: takes the org, its ancestors (root first) and the setting row, if any.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gongkai.orgs.roles import Level

VERTICAL_BASIS = "《中华人民共和国行政复议法》第二十七条"
DEPARTMENT_BASIS = "《中华人民共和国行政复议法》第二十四条第一款第（一）项"
GOVERNMENT_BASIS = "《中华人民共和国行政复议法》第二十四条第一款第（二）项"
PROVINCE_BASIS = "《中华人民共和国行政复议法》第二十四条第二款"


@dataclass(frozen=True)
class ReviewBody:
    name: str  # "" when it cannot be determined
    basis: str  # the article (or the admin's reason) it rests on
    source: str  # "derived" | "vertical" | "override" | "unresolved"

    @property
    def resolved(self) -> bool:
        return bool(self.name)


def is_government(org: Any) -> bool:
    """A 人民政府 (province, city, county, township), as opposed to a 部门."""
    return bool(org.level != Level.DEPARTMENT)


def derive(org: Any, ancestors: Sequence[Any], setting: Any | None = None) -> ReviewBody:
    """The 复议机关 of `org`. `ancestors` run from the root down to the parent."""
    if setting is not None and setting.vertical_system:
        return ReviewBody(setting.body_name, f"{VERTICAL_BASIS}（{setting.get_vertical_system_display()}）", "vertical")
    if setting is not None and setting.body_name:
        return ReviewBody(setting.body_name, f"管理员设置：{setting.reason}", "override")
    governments_above = [a for a in ancestors if is_government(a)]
    if not is_government(org):
        if governments_above:
            return ReviewBody(governments_above[-1].name, DEPARTMENT_BASIS, "derived")
        return ReviewBody("", "", "unresolved")
    if org.level == Level.PROVINCE:
        return ReviewBody(org.name, PROVINCE_BASIS, "derived")
    if governments_above:
        return ReviewBody(governments_above[-1].name, GOVERNMENT_BASIS, "derived")
    return ReviewBody("", "", "unresolved")

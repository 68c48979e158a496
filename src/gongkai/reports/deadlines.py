"""When an org's annual report is due (条例第四十九条). Pure module: no ORM, no I/O.

- 县级以上人民政府部门 (level `department`): publish the previous year's report by 1月31日.
- 县级以上地方人民政府 (levels province/city/county): by 3月31日.
- 乡（镇）人民政府 (level `township`): the article names only 县级以上 bodies. Townships are
  地方人民政府 and local rules (e.g. county work plans) usually collect their reports with the
  county's, so we apply the governments' date, 3月31日, and document it (docs/reports.md).

The statute gives a calendar date ("每年1月31日前"), so it is not moved off weekends or holidays.
"""

from __future__ import annotations

import datetime

DEPARTMENT_LEVELS = frozenset({"department"})
GOVERNMENT_LEVELS = frozenset({"province", "city", "county", "township"})


def report_deadline(level: str, year: int) -> datetime.date:
    """The last day to publish the report on `year` (published in year + 1)."""
    if level in DEPARTMENT_LEVELS:
        return datetime.date(year + 1, 1, 31)  # 条例第四十九条第一款
    return datetime.date(year + 1, 3, 31)  # 条例第四十九条第二款


def deadline_basis(level: str) -> str:
    if level in DEPARTMENT_LEVELS:
        return "条例第四十九条：县级以上人民政府部门应当在每年1月31日前公布本部门上一年度年度报告"
    if level == "township":
        return "条例第四十九条：地方人民政府应当在每年3月31日前公布本级政府上一年度年度报告（乡镇参照执行）"
    return "条例第四十九条：县级以上地方人民政府应当在每年3月31日前公布本级政府上一年度年度报告"

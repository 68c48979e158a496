"""A published annual report never contains placeholders (issue 14, point 10).

条例第五十条 lists what a report contains; 国办公开办函〔2021〕30号: 不能遗漏 — and a text that
still says "（请填写）" is not a report. Before publication every free-text section is checked:

- no placeholder left from the draft or a template: "（请填写…）", "请填写", "待填写", "待补充",
  runs of X/×/underscores standing for a missing figure or name;
- the sections the statute requires are not empty: 一、总体情况 (第五十条第（一）至（三）项 are
  summarised there) and 五、存在的主要问题及改进情况 (第五十条第（四）项). 六、其他需要报告的事项 may
  be empty (第五十条第（五）项: only what there is to report).

Each problem is an error of identity "PLACEHOLDER"; the publish gate refuses them whoever asks
and whatever reason is given — no override, unlike the arithmetic identities.

Pure module: takes the prose sections, returns Violations.
"""

from __future__ import annotations

import re

from gongkai.reports.format import SECTIONS_BY_KEY
from gongkai.reports.validation import Violation

IDENTITY = "PLACEHOLDER"
REQUIRED_SECTIONS: tuple[str, ...] = ("overview", "problems")
PLACEHOLDER = re.compile(
    r"[（(【\[]\s*(?:请|待)(?:填写|补充|完善)[^）)】\]]{0,60}[）)】\]]"
    r"|请填写|待填写|待补充"
    r"|[XＸ×xｘ]{2,}"
    r"|[_＿]{3,}"
)
MAX_LISTED = 20


def incomplete(prose: dict[str, str]) -> list[Violation]:
    """The placeholders and empty required sections of `prose` (keys as reports.selectors.PROSE_FIELDS)."""
    found: list[Violation] = []
    for key, text in prose.items():
        section = SECTIONS_BY_KEY.get(key)
        heading = section.heading if section else key
        text = text or ""
        if key in REQUIRED_SECTIONS and not text.strip():
            found.append(Violation(IDENTITY, "error", key, f"“{heading}”为空，须填写后才能发布。"))
            continue
        for match in PLACEHOLDER.finditer(text):
            start = max(0, match.start() - 12)
            context = text[start : match.end() + 12].replace("\n", " ")
            found.append(
                Violation(IDENTITY, "error", key, f"“{heading}”仍有待填写的内容“{match.group(0)}”：……{context}……")
            )
            if len(found) >= MAX_LISTED:
                return found
    return found

"""Person names: after a label (申请人、姓名、户主 …), in the 姓名 column of a table, and every
further mention of a name so found."""

import re
from collections.abc import Collection, Iterator

import rjieba

from gongkai.privacy.detectors.common import make_finding
from gongkai.privacy.findings import Finding, Kind, Severity
from gongkai.privacy.surnames import SINGLE_SURNAMES, surname_length

# --------------------------------------------------------------------------- 姓名

_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]{1,8}")
_NAME_LABEL_RE = re.compile(
    r"(?P<label>申请人|户主|联系人|委托代理人|代理人|当事人|举报人|投诉人|来信人|收件人|开户名|户名|姓[ \u3000]{0,4}名)"
    r"(?:[ ]*姓[ ]*名)?(?P<sep>[ \u3000]*[:：][ \u3000]*|\t+|[ \u3000]+|)"
)
# Words that follow a label but are not names (form instructions, other field labels, and
# names already de-identified such as 张某/李某某).
_NOT_NAMES = frozenset(
    {
        "本人",
        "签字",
        "签名",
        "盖章",
        "单位",
        "性别",
        "电话",
        "地址",
        "住址",
        "信息",
        "身份",
        "名称",
        "姓名",
        "应当",
        "可以",
        "需要",
        "必须",
        "代表",
        "委托",
        "所在",
        "提交",
        "提供",
        "提出",
        "申请",
        "填写",
        "情况",
        "同上",
        "详见",
        "无",
        "略",
        "空",
        "暂无",
        "待定",
        "不详",
        "职务",
        "手机",
        "邮箱",
        "类型",
        "证件",
        "向",
        "对",
        "于",
        "的",
        # Words that start with a surname character and follow 申请人/当事人 in running text
        # (jieba tags some of them, such as 陈述, as person names).
        "陈述",
        "陈列",
        "双方",
        "方面",
        "方式",
        "全部",
        "全体",
        "同意",
        "同时",
        "通过",
        "明确",
        "安排",
        "时间",
        "有权",
        "有关",
        "常年",
        "程序",
        "范围",
        "项目",
        "经过",
        "任何",
        "和解",
        "高度",
        "于是",
    }
)
# A given name never ends in these when they follow a name in running text: "张三于…",
# "李四向…", "王五的…".
_NAME_STOP_CHARS = frozenset("于在向对的是和与及等因为称已未经将把被从自到系申提要请不也就并所之先女男")
_STRONG_VETO_FLAGS = ("v", "p", "c", "u")
_FUNCTION_FLAGS = ("v", "d", "p", "c", "r", "u", "f", "t", "m", "q", "a", "l", "i")
_TITLES = ("先生", "女士", "同志", "小姐", "老师", "主任", "科长", "局长", "某")


_PADDED_NAME_RE = re.compile(r"[\u4e00-\u9fff][ \u3000]{1,3}[\u4e00-\u9fff](?![\u4e00-\u9fff])")


def _name_end(norm: str, pos: int, *, strong: bool, cell: bool = False) -> int | None:
    """End of a person's name starting at `pos`, or None.

    `strong` means a label and a separator precede it (``姓名：``), so a delimited run of
    two to four characters that starts with a surname is taken as a name unless it is a
    known non-name word; otherwise jieba must tag it as a person name (nr). `cell` is a
    whole cell of a 姓名 column, where jieba's guess about a lone word is not needed.
    """
    m = _CJK_RUN_RE.match(norm, pos)
    if m is None:
        return None
    run = m.group()
    if strong and len(run) == 1 and run in SINGLE_SURNAMES:
        # Forms pad two-character names to the width of three: "王  伟", "李　明".
        padded = _PADDED_NAME_RE.match(norm, pos)
        return padded.end() if padded else None
    surname = surname_length(run)
    if not surname or len(run) < surname + 1 or run in _NOT_NAMES or run[:2] in _NOT_NAMES:
        return None
    if any(run[surname:].startswith(t) for t in _TITLES) or "某" in run[: surname + 2]:
        return None
    delimited = m.end() == len(norm) or not ("\u4e00" <= norm[m.end()] <= "\u9fff")
    tags = rjieba.tag(run)
    word, flag = tags[0]
    if strong and delimited and len(run) <= surname + 2:
        # jieba tags unknown words (most names) with arbitrary flags, so only a dictionary
        # word used as a verb, preposition, conjunction or particle vetoes a labelled name.
        if (
            not cell
            and len(tags) == 1
            and flag.startswith(_STRONG_VETO_FLAGS)
            and not flag.startswith("nr")
            and rjieba.has_word(word)
        ):
            return None
        return pos + len(run)

    def ends_here(n: int) -> bool:
        # Without a separator a name must end visibly: at the end of the run or before a
        # character that does not continue a name ("张三于…", "李四向…").
        return (n == len(run) and delimited) or (n < len(run) and run[n] in _NAME_STOP_CHARS)

    if flag.startswith("nr") and surname < len(word) <= surname + 3:
        if len(word) > surname + 1 and word[-1] in _NAME_STOP_CHARS:
            word = word[:-1]
        n = min(len(word), surname + 2)
        # jieba sometimes cuts a three-character name after two ("史涵/欣于…").
        if n < surname + 2 and n < len(run) and run[n] not in _NAME_STOP_CHARS and ends_here(n + 1):
            n += 1
        return pos + n
    if (
        len(word) >= 2
        and not flag.startswith("nr")
        and rjieba.has_word(word)
        and (not strong or flag.startswith(_FUNCTION_FLAGS))
    ):
        # The run starts with an ordinary word ("应当", "双方", "陈述"), not a name.
        return None
    n = surname
    while n < len(run) and n < surname + 2 and run[n] not in _NAME_STOP_CHARS:
        n += 1
    if n == surname or (not strong and not ends_here(n)):
        return None
    return pos + n


def _name_finding(text: str, start: int, end: int, confidence: float, label: str) -> Finding:
    if label == "联系人":
        # Agencies name their staff contact in notices; a reviewer decides (issue: names
        # after 联系人 are reported, but they are often officials acting in office).
        return make_finding(
            text, Kind.PERSON_NAME, start, end, confidence, Severity.WARNING, "联系人姓名，请确认是否需要去标识化。"
        )
    return make_finding(
        text, Kind.PERSON_NAME, start, end, confidence, Severity.ERROR, "个人姓名，公开前须去标识化处理。"
    )


def _labelled_names(text: str, norm: str) -> Iterator[Finding]:
    for m in _NAME_LABEL_RE.finditer(norm):
        strong = bool(m.group("sep"))
        end = _name_end(norm, m.end(), strong=strong)
        if end is not None:
            label = m.group("label")
            yield _name_finding(text, m.end(), end, 0.9 if strong else 0.8, label)


_TABLE_SPLIT_RE = re.compile(r"\t|\|| {2,}|\u3000+| ")


def _split_cells(line: str, sep: str) -> list[tuple[int, str]]:
    """Cells of a table row with their offsets inside the line."""
    cells: list[tuple[int, str]] = []
    pattern = {"\t": r"[^\t]+", "|": r"[^|]+", " ": r"\S+"}[sep]
    for m in re.finditer(pattern, line):
        value = m.group()
        stripped = value.strip()
        if stripped:
            cells.append((m.start() + value.index(stripped), stripped))
    return cells


# Column headings under which a table lists people: 姓名 and the roles that name a person
# (a 公示 of 救助对象 often heads the column 申请人 or 户主 rather than 姓名).
_NAME_COLUMN_HEADINGS = ("申请人", "户主", "联系人", "当事人", "委托代理人", "收件人", "户名", "救助对象", "补助对象")


def _is_name_heading(cell: str) -> bool:
    return (cell.endswith("姓名") and len(cell) <= 5) or cell in _NAME_COLUMN_HEADINGS


def _table_names(text: str, norm: str) -> Iterator[Finding]:
    """Names in the 姓名 (or 申请人, 户主 …) column of a table (tab-, pipe- or space-separated rows)."""
    if "姓名" not in norm and not any(h in norm for h in _NAME_COLUMN_HEADINGS):
        return
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in norm.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    i = 0
    while i < len(lines):
        _, line = lines[i]
        i += 1
        if "姓名" not in line and not any(h in line for h in _NAME_COLUMN_HEADINGS):
            continue
        sep = "\t" if "\t" in line else "|" if "|" in line else " "
        header = _split_cells(line, sep)
        columns = [n for n, (_, cell) in enumerate(header) if _is_name_heading(cell)]
        if len(header) < 2 or not columns:
            continue
        column = columns[0]
        misses = 0
        while i < len(lines) and misses < 2:
            row_start, row = lines[i]
            if not row.strip():
                i += 1
                misses += 1
                continue
            cells = _split_cells(row, sep)
            if abs(len(cells) - len(header)) > 1 or len(cells) <= column:
                break
            i += 1
            cell_offset, cell = cells[column]
            start = row_start + cell_offset
            end = _name_end(norm, start, strong=True, cell=True)
            if end is not None and end == start + len(cell):
                misses = 0
                yield make_finding(
                    text,
                    Kind.PERSON_NAME,
                    start,
                    end,
                    0.85,
                    Severity.ERROR,
                    "名单表格中的个人姓名，公开前须去标识化处理。",
                )
            else:
                misses += 1


def _mentions(norm: str, names: Collection[str]) -> Iterator[tuple[int, str]]:
    """Every occurrence of every name, longest names first where two start together."""
    ordered = sorted(names, key=len, reverse=True)
    if len(ordered) <= 32:
        # A document names a few people: one fast str.find loop per name.
        for name in ordered:
            pos = norm.find(name)
            while pos >= 0:
                yield pos, name
                pos = norm.find(name, pos + len(name))
        return
    # A long list of names: one pass over the text, candidates where a name's first
    # character occurs, narrowed down by the first two characters.
    by_prefix: dict[str, list[str]] = {}
    for name in ordered:
        by_prefix.setdefault(name[:2], []).append(name)
    first_chars = re.compile("[" + re.escape("".join(sorted({n[0] for n in ordered}))) + "]")
    for m in first_chars.finditer(norm):
        pos = m.start()
        for name in by_prefix.get(norm[pos : pos + 2], ()):
            if norm.startswith(name, pos):
                yield pos, name


def detect_person_names(text: str, norm: str) -> list[Finding]:
    """Names after 申请人/姓名/户主/联系人 … and in the 姓名 column of tables, then every
    other occurrence of a name so found (masking one mention and leaving the next defeats
    the purpose)."""
    by_span: dict[tuple[int, int], Finding] = {}
    for finding in [*_labelled_names(text, norm), *_table_names(text, norm)]:
        by_span.setdefault((finding.start, finding.end), finding)
    names = {norm[s:e]: f for (s, e), f in by_span.items() if e - s >= 2}
    if not names:
        return sorted(by_span.values(), key=lambda f: f.start)
    occupied = bytearray(len(norm))
    for s, e in by_span:
        occupied[s:e] = b"\x01" * (e - s)
    for pos, name in _mentions(norm, names):
        end = pos + len(name)
        if not any(occupied[pos:end]):
            occupied[pos:end] = b"\x01" * (end - pos)
            by_span[(pos, end)] = make_finding(
                text, Kind.PERSON_NAME, pos, end, 0.7, names[name].severity, "与已识别姓名相同，公开前须去标识化处理。"
            )
    return sorted(by_span.values(), key=lambda f: f.start)

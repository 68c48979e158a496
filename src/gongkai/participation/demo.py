"""Demo content of 公众参与 built from the seed documents (portal/seeds, read as data files).

    from gongkai.participation.demo import build_demo_consultations, build_demo_events
    build_demo_consultations(actor=operator, today=timezone.localdate())   # needs orgs liuhe-bgs, sichuan-bgt
    build_demo_events(actor=operator, year=2024)                            # needs shicheng and its units

Both are idempotent. The consultations reproduce the two seed notices:

* 000 柳河县人民政府办公室, 2018: the 2018 work plan (征求意见稿) sent to the townships and
  departments, comments by fax before 6月5日11时 — recorded with its real dates, closed, with
  three comments registered by staff as received by fax and the published 意见采纳情况. The
  notice shows no comments; those three and their decisions are demo data and say so.
* 004 四川省人民政府信息公开办公室, 2016-08-25 to 08-31, comments by letter, fax or e-mail —
  kept open in the demo: the same 7-day period moved to start on `today`. As a 行政规范性文件
  the period is shorter than 7 working days, so it carries the recorded reason (the original
  notice gives none, which the reason says).
"""

import datetime
import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.orgs.models import Organization
from gongkai.participation import services
from gongkai.participation.models import Consultation, ConsultationState, Event, EventForm
from gongkai.participation.services import ConsultationInput

SEEDS_DIR = Path(__file__).resolve().parents[1] / "portal" / "seeds"


def _simplified(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("t2s").convert(text))


def _matches(line: str, marker: str) -> bool:
    """`=marker` matches a line that is exactly the marker; `marker` a line containing it."""
    return line.strip() == marker[1:] if marker.startswith("=") else marker in line


def _lines(filename: str, start_after: str, end_before: str) -> list[str]:
    """Non-empty lines after the first line matching `start_after`, up to one matching `end_before`."""
    lines = (SEEDS_DIR / filename).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if _matches(line, start_after)) + 1
    end = next(i for i, line in enumerate(lines) if i >= start and _matches(line, end_before))
    return [line.strip().lstrip("•").strip() for line in lines[start:end] if line.strip().lstrip("•").strip()]


def _html(lines: list[str]) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines)


def _orgs(orgs: Mapping[str, Organization] | None, *slugs: str) -> dict[str, Organization]:
    found = dict(orgs or {})
    missing = [s for s in slugs if s not in found]
    found.update({o.slug: o for o in Organization.objects.filter(slug__in=missing)})
    absent = [s for s in slugs if s not in found]
    if absent:
        raise LookupError(f"demo orgs missing: {', '.join(absent)} (run the portal demo's build_orgs first)")
    return found


LIUHE_KEY = "seed:000_fe679704d659e81b.txt:consultation"
SICHUAN_KEY = "seed:004_03461e84c33463f6.txt:consultation"

_LIUHE_COMMENTS = [
    # (received_on, from, paragraph marker in the draft, comment, decision, reason)
    (
        datetime.date(2018, 6, 4),
        "县财政局",
        "(二)",
        "第（二）项预决算公开，建议写明部门预决算公开的时限，便于各单位对照落实。",
        "adopted",
        "已在第（二）项中增加“按规定时限公开部门预决算”的要求。",
    ),
    (
        datetime.date(2018, 6, 5),
        "某乡镇人民政府",
        "(八)",
        "第（八）项要求年底前建成网站集约化平台，乡镇技术力量不足，建议放宽时限。",
        "partly",
        "保留年底前完成的要求；乡镇站点由县政府办公室统一提供技术支持，不单独建设。",
    ),
    (
        datetime.date(2018, 6, 5),
        "县直某部门",
        "(九)",
        "建议在第（九）项中将政务新媒体内容审查责任明确到具体科室。",
        "not_adopted",
        "方案已按“谁开设、谁管理”的原则明确主体责任，具体科室分工由各单位自行确定，不在全县方案中统一规定。",
    ),
]


def _paragraph_of(consultation: Consultation, marker: str) -> int | None:
    from gongkai.participation.selectors import draft_paragraphs

    for p in draft_paragraphs(consultation):
        if marker in p.html:
            return p.number
    return None


def build_demo_consultations(
    *, actor: Actor, today: datetime.date | None = None, orgs: Mapping[str, Organization] | None = None
) -> list[Consultation]:
    """The two seed consultations (see the module docstring); returns them. `actor` must be able
    to do everything (the demo's platform operator)."""
    today = today or timezone.localdate()
    found = _orgs(orgs, "liuhe-bgs", "sichuan-bgt")
    result = []

    liuhe = Consultation.objects.filter(source_key=LIUHE_KEY).first()
    if liuhe is None:
        notice = _lines("000_fe679704d659e81b.txt", "發布時間:", "=柳河縣人民政府辦公室")
        body = _lines("000_fe679704d659e81b.txt", "=(征求意見稿)", "发财计划")
        body = [line for line in body if not line.startswith("聯系電話")]
        liuhe = services.consultation_create(
            actor=actor,
            org=found["liuhe-bgs"],
            source_key=LIUHE_KEY,
            data=ConsultationInput(
                title="2018年全县政务公开工作重点任务分工方案（征求意见稿）",
                draft_type="other",
                notice_html=_simplified(_html(notice)),
                draft_html=_simplified(_html(body)),
                channels="传真至县政府办公室：7222670；联系电话：7222186、7222730。反馈情况须经各单位负责人签字、"
                "加盖单位公章；无意见的也要予以反馈；有修改意见的仅列明相关章节及修改原因即可。",
                accepts_online=False,
                identity_required=True,
                starts_on=datetime.date(2018, 6, 1),
                ends_on=datetime.date(2018, 6, 5),
                ends_note="6月5日11时前",
            ),
        )
        services.consultation_open(actor=actor, consultation=liuhe, today=datetime.date(2018, 6, 1))
        comments = []
        for received_on, author, marker, text, _, _ in _LIUHE_COMMENTS:
            comment = services.comment_register(
                actor=actor,
                consultation=liuhe,
                channel="fax",
                body=text,
                received_on=received_on,
                paragraph=_paragraph_of(liuhe, marker),
                author_name=author,
                today=received_on,
            )
            services.comment_moderate(actor=actor, comment=comment, moderation="shown")
            comments.append(comment)
        for comment, (*_, decision, reason) in zip(comments, _LIUHE_COMMENTS, strict=True):
            services.comment_decide(
                actor=actor, comment=comment, decision=decision, reason=reason, today=datetime.date(2018, 6, 6)
            )
        services.consultation_publish_feedback(
            actor=actor,
            consultation=liuhe,
            note="截至6月5日11时，共收到各单位传真反馈修改意见3条，逐条研究处理如下。"
            "（演示数据：原通知未公布反馈意见，以上意见及采纳情况为演示而设。）",
            today=datetime.date(2018, 6, 8),
        )
        liuhe.refresh_from_db()
    result.append(liuhe)

    sichuan = Consultation.objects.filter(source_key=SICHUAN_KEY).first()
    if sichuan is None:
        notice = _lines("004_03461e84c33463f6.txt", "【字体:", "=四川省人民政府信息公开办公室")
        body = _lines("004_03461e84c33463f6.txt", "=(征求意见稿)", "责任编辑:")
        sichuan = services.consultation_create(
            actor=actor,
            org=found["sichuan-bgt"],
            source_key=SICHUAN_KEY,
            data=ConsultationInput(
                title="关于全面推进政务公开工作的实施意见（征求意见稿）",
                draft_type="normative",
                notice_html=_html(notice),
                draft_html=_html(body),
                channels="信函请寄至：成都市督院街30号省政府信息公开办，邮编：610016；传真号码：028-86604811，"
                "联系电话：028-86604984；电子邮箱：gkzqyj@sc.gov.cn。",
                accepts_online=True,
                identity_required=False,
                starts_on=today,
                ends_on=today + datetime.timedelta(days=6),
                shortened_reason="原公告（2016年8月25日）确定的征求意见期为2016年8月25日至8月31日，未载明缩短期限的理由；"
                "演示按原期限复现，以示期限不足法定最短期限时须公开理由。",
            ),
        )
        sichuan = services.consultation_open(actor=actor, consultation=sichuan, today=today)
    result.append(sichuan)
    return result


def seed_event_rows() -> list[list[Any]]:
    """Seed 002's table as rows (序号, 月份, 活动主题, 主办单位): the text keeps one cell per line;
    a row starts at its 序号 (1…28), the month cell only on the first row of its group."""
    lines = _lines("002_0cf31afc2e5c933c.txt", "备注", "注:活动相关主办单位")
    cells = [line for line in lines if line not in ("政务", "公开讲", "政府", "开放日")]
    rows: list[list[Any]] = [["序号", "月份", "活动主题", "主办单位"]]
    i, expected = 0, 1
    while i < len(cells):
        if cells[i] != str(expected):
            i += 1
            continue
        j = i + 1
        while j < len(cells) and cells[j] != str(expected + 1):
            j += 1
        values = cells[i + 1 : j]
        if len(values) == 3:
            rows.append([expected, *values])
        elif len(values) == 2:
            rows.append([expected, None, *values])
        i, expected = j, expected + 1
    return rows


def build_demo_events(*, actor: Actor, year: int = 2024, root_slug: str = "shicheng") -> int:
    """Import seed 002's 2024年“政务公开讲”“政府开放日”活动安排表 for 石城县 (28 events); returns
    how many were created. The seed text lost the table's 活动形式 tick marks, so every event
    is recorded as 政务公开讲、政府开放日 (both columns); staff can correct each."""
    import csv
    import io

    root = _orgs(None, root_slug)[root_slug]
    if Event.objects.filter(org__path__startswith=root.path, year=year).exists():
        return 0
    out = io.StringIO()
    writer = csv.writer(out)
    for row in seed_event_rows():
        writer.writerow([*row, "活动形式" if row[0] == "序号" else EventForm.BOTH.label])
    result = services.event_import(
        actor=actor, root=root, year=year, data=out.getvalue().encode("utf-8"), filename="2024年活动安排表.csv"
    )
    return len(result.created)


def demo_is_consistent() -> bool:
    """Both demo consultations exist, the closed one with its feedback published."""
    liuhe = Consultation.objects.filter(source_key=LIUHE_KEY).first()
    return bool(
        liuhe
        and liuhe.state == ConsultationState.FEEDBACK_PUBLISHED
        and Consultation.objects.filter(source_key=SICHUAN_KEY).exists()
    )

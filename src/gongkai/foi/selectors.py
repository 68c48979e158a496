"""Reads of information applications: staff lists, public tracking, intake help, report counts."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound
from gongkai.core.urls import public_url
from gongkai.disclosure import selectors as disclosure
from gongkai.foi import clock as clock_rules
from gongkai.foi import permissions
from gongkai.foi import review_body as review_rules
from gongkai.foi.clock import DUE_SOON_WORKING_DAYS, Clock
from gongkai.foi.models import (
    OPEN_STATES,
    PUBLIC_EVENT_KINDS,
    Appeal,
    AppealKind,
    AppealResult,
    Application,
    ClockEvent,
    Consultation,
    ConsultationAnswer,
    ConsultationKind,
    Delivery,
    EventKind,
    FeeNotice,
    Letter,
    LetterKind,
    ReplyAttachment,
    ReviewBodySetting,
    State,
)
from gongkai.foi.outcomes import APPLICANT_KIND_KEYS, OUTCOME_KEYS
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.roles import Role
from gongkai.workdays import selectors as workdays

_CASE_ROLES = (Role.FOI_OFFICER, Role.ADMIN, Role.APPROVER)


def hash_tracking_code(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


# Tracking codes (issue 16): 8 characters from an alphabet without the look-alikes 0/O, 1/I/L,
# read case-insensitively; spaces and dashes typed between groups are ignored.
TRACKING_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_CODE_LENGTH = 8


def normalize_tracking_code(code: str) -> str:
    return "".join(c for c in (code or "").strip().upper() if c not in " -")


def _code_hashes(code: str) -> list[str]:
    """The stored hash of a code as typed: new codes are stored normalised (upper case); codes
    issued before issue 16 (16 case-sensitive characters) were stored as given and stay valid."""
    hashes = [hash_tracking_code(normalize_tracking_code(code))]
    legacy = hash_tracking_code(code)
    return hashes if legacy in hashes else [*hashes, legacy]


def normalize_registration_number(number: str) -> str:
    """登记号 as typed: "ysq-2026-0001", "2026-0001" and "YSQ-2026-0001" are the same."""
    value = "".join((number or "").split()).upper()
    return value if not value or value.startswith("YSQ-") else f"YSQ-{value}"


# --------------------------------------------------------------------------- the clock


def clock_of(app: Application, *, today: datetime.date | None = None) -> Clock:
    """The statutory clock derived from the case's events: the one computation of its due date
    (``Application.due_on`` stores its result; see ``foi.clock``)."""
    events = [clock_rules.EventLike(e.kind, e.on, e.data) for e in app.events.all()]
    return clock_rules.derive(events, today=today or timezone.localdate())


def correction_deadline(app: Application) -> datetime.date | None:
    """The deadline given in the 补正 notice (第三十条), if one was sent."""
    event = app.events.filter(kind=EventKind.CORRECTION_REQUESTED).order_by("-on", "-id").first()
    return datetime.date.fromisoformat(event.data["deadline"]) if event else None


def has_event(app: Application, kind: str) -> bool:
    return app.events.filter(kind=kind).exists()


def fee_notice_of(app: Application) -> FeeNotice | None:
    return FeeNotice.objects.filter(application=app).first()


def last_event(app: Application, kind: str) -> ClockEvent | None:
    return app.events.filter(kind=kind).order_by("-on", "-id").first()


def reasons_verdict(app: Application) -> str:
    """第三十五条: the verdict recorded on the applicant's reasons ('' when none yet)."""
    event = last_event(app, EventKind.REASONS_RECORDED)
    return str(event.data.get("verdict", "")) if event else ""


def reasons_reply_by(app: Application) -> datetime.date | None:
    """第三十五条: the day by which the applicant was asked to give reasons."""
    event = last_event(app, EventKind.REASONS_REQUESTED)
    if event is None or not event.data.get("reply_by"):
        return None
    return datetime.date.fromisoformat(event.data["reply_by"])


def objections_without_notice(app: Application) -> list[Consultation]:
    """第三十二条: third parties who objected and have not yet had the written notice that the
    agency decided to disclose."""
    return list(
        app.consultations.filter(
            kind=ConsultationKind.THIRD_PARTY, answer=ConsultationAnswer.OBJECTION, notified_on__isnull=True
        )
    )


def latest_disclosure_date(app: Application) -> datetime.date | None:
    """The latest disclosure date told to an objecting third party (第三十二条)."""
    dates = [c.disclose_on for c in app.consultations.filter(disclose_on__isnull=False) if c.disclose_on]
    return max(dates) if dates else None


def earlier_replied_application(app: Application, registration_number: str) -> Application | None:
    """第三十六条第（六）项: an earlier application of the same applicant to the same agency that
    was answered (the one a 重复申请 reply must name)."""
    return (
        Application.objects.filter(
            org=app.org,
            applicant_key=app.applicant_key,
            registration_number=registration_number.strip(),
            replied_on__isnull=False,
        )
        .exclude(pk=app.pk)
        .filter(received_on__lte=app.received_on)
        .first()
    )


def review_body_setting_of(org: Organization) -> ReviewBodySetting | None:
    return ReviewBodySetting.objects.filter(org=org).first()


def review_body_of(org: Organization) -> review_rules.ReviewBody:
    """The 行政复议机关 the org's letters name: derived from the org tree (《行政复议法》第二十四条),
    or the admin's setting (vertical systems, 第二十七条; overrides)."""
    return review_rules.derive(org, orgs.organization_ancestors(org), review_body_setting_of(org))


# --------------------------------------------------------------------------- staff


def _staff_scope(actor: Actor) -> Q:
    if getattr(actor, "is_superuser", False):
        return Q()
    paths = list(
        Membership.objects.filter(user_id=getattr(actor, "pk", 0) or 0, role__in=[r.value for r in _CASE_ROLES])
        .values_list("org__path", flat=True)
        .distinct()
    )
    if not paths:
        return Q(pk__in=[])
    scope = Q()
    for path in paths:
        scope |= Q(org__path__startswith=path)
    return scope


def application_get_for_staff(*, actor: Actor, pk: int) -> Application:
    app = Application.objects.select_related("org", "org__parent", "assigned_to").filter(pk=pk).first()
    if app is None or not permissions.can_view_case(actor, app.org):
        raise NotFound("未找到该申请。")
    return app


def consultation_of(app: Application, pk: int) -> Consultation:
    """One consultation of a case the caller already may see; another case's id is 404."""
    consultation = Consultation.objects.filter(application=app, pk=pk).first()
    if consultation is None:
        raise NotFound("未找到该征求意见记录。")
    return consultation


def appeal_of(app: Application, pk: int) -> Appeal:
    appeal = Appeal.objects.filter(application=app, pk=pk).first()
    if appeal is None:
        raise NotFound("未找到该复议、诉讼记录。")
    return appeal


def letter_get_for_staff(*, actor: Actor, pk: int) -> Letter:
    letter = Letter.objects.select_related("application__org").filter(pk=pk).first()
    if letter is None or not permissions.can_view_case(actor, letter.application.org):
        raise NotFound("未找到该文书。")
    return letter


def application_list_for_staff(
    *,
    actor: Actor,
    org: Organization | None = None,
    state: str = "",
    officer: Any = None,
    open_only: bool = False,
) -> QuerySet[Application]:
    qs = Application.objects.filter(_staff_scope(actor)).select_related("org", "assigned_to")
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    if state:
        qs = qs.filter(state=state)
    if officer is not None:
        qs = qs.filter(assigned_to=officer)
    if open_only:
        qs = qs.filter(state__in=OPEN_STATES)
    return qs.order_by("due_on", "received_on", "id")


@dataclass
class CaseDue:
    application: Application
    due_on: datetime.date
    working_days_left: int  # negative when overdue


def cases_by_deadline(
    *, actor: Actor, today: datetime.date, org: Organization | None = None, officer: Any = None
) -> dict[str, list[CaseDue]]:
    """Open cases as 'overdue' and 'due_soon' (within 5 working days), per org or per officer.

    Reads the stored due date; a paused clock (consultation, fee wait) has no fixed date and is
    listed by neither."""
    result: dict[str, list[CaseDue]] = {"overdue": [], "due_soon": []}
    calendar = workdays.get_calendar()
    cases = application_list_for_staff(actor=actor, org=org, officer=officer, open_only=True)
    for app in cases.filter(due_on__isnull=False, clock_paused=False):
        assert app.due_on is not None  # noqa: S101 — filtered above
        left = calendar.working_days_between(today, app.due_on).working_days
        if today > app.due_on:
            result["overdue"].append(CaseDue(app, app.due_on, left))
        elif left <= DUE_SOON_WORKING_DAYS:
            result["due_soon"].append(CaseDue(app, app.due_on, left))
    return result


# --------------------------------------------------------------------------- public tracking


@dataclass(frozen=True)
class PublicStatus:
    """What the public tracking page may show: status and dates, never personal data."""

    registration_number: str
    org_name: str
    state: str
    state_label: str
    received_on: datetime.date
    due_on: datetime.date | None
    due_explanation: list[str]
    paused: bool
    replied_on: datetime.date | None
    closed_on: datetime.date | None
    outcome_label: str
    events: list[tuple[datetime.date, str]] = field(default_factory=list)
    state_text: str = ""


def find_tracked(*, org: Organization, code: str, number: str = "") -> Application:
    """The application of this org whose tracking code is `code` (and, when given, whose 登记号
    is `number`). A wrong code, a wrong number and another org's code all give the same 404, so
    a code reveals nothing about cases elsewhere."""
    code = (code or "").strip()
    if not code or len(code) > 64 or len(number or "") > 40:
        raise NotFound("未找到该申请，请核对登记号和查询码。")
    hashes = _code_hashes(code)
    candidates = Application.objects.select_related("org").filter(tracking_hash__in=hashes)
    if number:
        candidates = candidates.filter(org=org, registration_number=normalize_registration_number(number))
    app = candidates.first()
    if app is None or app.org_id != org.pk or not any(hmac.compare_digest(app.tracking_hash, h) for h in hashes):
        raise NotFound("未找到该申请，请核对登记号和查询码。")
    return app


# The state in plain words for the applicant (the tracking page and its receipt).
PUBLIC_STATE_TEXT = {
    State.REGISTERED: "本机关已收到您的申请，正在审查办理。",
    State.AWAITING_CORRECTION: "申请内容需要补正，请按补正告知书的要求补充后再提交；补正期间不计算答复期限。",
    State.IN_PROGRESS: "本机关正在办理您的申请。",
    State.CONSULTING: "本机关正在征求第三方或其他机关的意见，征求意见的时间不计算在答复期限内。",
    State.AWAITING_FEE: "请按收费通知缴纳信息处理费；缴费期间答复期限暂停计算。",
    State.REPLIED: "本机关已作出答复，答复书可在下方下载。",
    State.CLOSED: "本申请已办结。",
    State.WITHDRAWN: "您已撤回本申请。",
}

# Letters addressed to the applicant; consultation letters and third-party notices go to others
# and name them, so they never appear on the applicant's page.
APPLICANT_LETTER_KINDS = frozenset(
    {
        LetterKind.REPLY,
        LetterKind.CORRECTION,
        LetterKind.EXTENSION,
        LetterKind.FEE,
        LetterKind.REASONS_REQUEST,
        LetterKind.REASONABLE_PERIOD,
    }
)


def applicant_letters(app: Application) -> list[Letter]:
    """The signed letters the applicant receives, oldest first."""
    return list(
        app.letters.filter(status=Letter.Status.SIGNED, kind__in=APPLICANT_LETTER_KINDS).order_by("signed_on", "id")
    )


def applicant_letter(app: Application, letter_id: int) -> Letter:
    letter = app.letters.filter(pk=letter_id, status=Letter.Status.SIGNED, kind__in=APPLICANT_LETTER_KINDS).first()
    if letter is None:
        raise NotFound("未找到该文书。")
    return letter


# 条例第四十条: the information is provided in the form the applicant asked for. Those who asked
# for it online or by e-mail download the files sent with the reply from the tracking page.
ELECTRONIC_DELIVERIES = frozenset({Delivery.ONLINE, Delivery.EMAIL})


def applicant_reply_files(app: Application) -> list[ReplyAttachment]:
    """The information provided with the reply, for an applicant who asked for it electronically:
    none before the reply is signed (the files may still change until then)."""
    if app.replied_on is None or app.delivery not in ELECTRONIC_DELIVERIES or app.state == State.WITHDRAWN:
        return []
    return list(app.reply_attachments.order_by("pk"))


def applicant_reply_file(*, org: Organization, application_id: int, pk: int) -> ReplyAttachment:
    """One of applicant_reply_files, for the download link the tracking page handed out (the caller
    checked the link's signature); one 404 for anything else."""
    app = Application.objects.filter(pk=application_id, org=org).first()
    found = [f for f in applicant_reply_files(app) if f.pk == pk] if app is not None else []
    if not found:
        raise NotFound("未找到该文件。")
    return found[0]


def track(*, org: Organization, code: str, number: str = "", today: datetime.date | None = None) -> PublicStatus:
    """The public status of the application with this code (and number): see ``find_tracked``."""
    return public_status(find_tracked(org=org, code=code, number=number), today=today)


def public_status(app: Application, *, today: datetime.date | None = None) -> PublicStatus:
    clock = clock_of(app, today=today or timezone.localdate())  # for its explanation only
    finished = app.state in (State.REPLIED, State.CLOSED, State.WITHDRAWN)
    events = [(e.on, EventKind(e.kind).label) for e in app.events.all() if e.kind in PUBLIC_EVENT_KINDS]
    return PublicStatus(
        registration_number=app.registration_number,
        org_name=app.org.name,
        state=app.state,
        state_label=State(app.state).label,
        received_on=app.received_on,
        due_on=None if finished else app.due_on,
        due_explanation=[] if finished else clock.explanation,
        paused=app.clock_paused,
        replied_on=app.replied_on,
        closed_on=app.closed_on,
        outcome_label=app.get_outcome_display() if app.outcome and app.state != State.WITHDRAWN else "",
        events=events,
        state_text=PUBLIC_STATE_TEXT.get(State(app.state), ""),
    )


# --------------------------------------------------------------------------- intake help

_DOC_NUMBER = re.compile(r"([\u4e00-\u9fa5]{1,20})\s*[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]\s*(\d{1,5})\s*号")


def doc_numbers_in(text: str) -> list[tuple[str, str]]:
    """文号 written in a request as (the Chinese words before the bracket, "〔年〕序号号")."""
    return [(m.group(1), f"〔{m.group(2)}〕{int(m.group(3))}号") for m in _DOC_NUMBER.finditer(text)]


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff" or c.isalnum()]
    return {chars[i] + chars[i + 1] for i in range(len(chars) - 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of character bigrams: robust for Chinese without a segmenter."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


REPEAT_THRESHOLD = 0.35
REPEAT_WINDOW_DAYS = 366


@dataclass(frozen=True)
class RepeatCandidate:
    application: Application
    similarity: float


def repeat_candidates(app: Application) -> list[RepeatCandidate]:
    """Earlier applications of the same applicant to the same agency asking much the same
    (a possible 重复申请, 第三十六条第（六）项)."""
    since = app.received_on - datetime.timedelta(days=REPEAT_WINDOW_DAYS)
    earlier = Application.objects.filter(org=app.org, applicant_key=app.applicant_key, received_on__gte=since).exclude(
        pk=app.pk
    )
    found = []
    for other in earlier:
        score = similarity(app.description + app.doc_numbers, other.description + other.doc_numbers)
        if score >= REPEAT_THRESHOLD:
            found.append(RepeatCandidate(other, round(score, 2)))
    return sorted(found, key=lambda c: -c.similarity)


@dataclass(frozen=True)
class PublishedMatch:
    pk: int
    title: str
    doc_number: str
    url: str
    reason: str


def published_matches(app: Application, *, limit: int = 5) -> list[PublishedMatch]:
    """Proactively published items that may be what is asked for (第三十六条第（一）项)."""
    scope = disclosure.public_publications().filter(org__path__startswith=app.org.path)
    found: dict[int, PublishedMatch] = {}
    for prefix, tail in doc_numbers_in(f"{app.doc_numbers} {app.description}"):
        # The words before the 代字 ("请公开石卫字…") are part of the match: compare by suffix.
        for item in scope.filter(doc_number__endswith=tail)[:limit]:
            issuer = item.doc_number[: -len(tail)]
            if issuer and prefix.endswith(issuer):
                url = public_url("publication", pk=item.pk)
                found[item.pk] = PublishedMatch(item.pk, item.title, item.doc_number, url, "文号相同")
    wanted = _bigrams(app.description)
    if wanted:
        scored: list[tuple[float, Any]] = []
        for item in scope.only("pk", "title", "doc_number").order_by("-published_on")[:500]:
            if item.pk in found:
                continue
            title = _bigrams(item.title)
            if title:
                share = len(title & wanted) / len(title)
                if share >= 0.5:
                    scored.append((share, item))
        for share, item in sorted(scored, key=lambda s: -s[0])[: max(0, limit - len(found))]:
            found[item.pk] = PublishedMatch(
                item.pk, item.title, item.doc_number, public_url("publication", pk=item.pk), f"标题相似（{share:.0%}）"
            )
    return list(found.values())[:limit]


# --------------------------------------------------------------------------- annual report


def _by_kind(qs: QuerySet[Application]) -> dict[str, int]:
    counts = Counter(qs.values_list("applicant_kind", flat=True))
    result = {k: counts.get(k, 0) for k in APPLICANT_KIND_KEYS}
    result["total"] = sum(result.values())
    return result


def _finished_in(start: datetime.date, end: datetime.date) -> Q:
    return Q(replied_on__range=(start, end)) | Q(state=State.WITHDRAWN, withdrawn_on__range=(start, end))


def received_by_applicant(org: Organization, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Table 三 row 一 (for a year): applications received in [start, end], per applicant column."""
    return _by_kind(Application.objects.filter(org=org, received_on__range=(start, end)))


def open_on_by_applicant(org: Organization, day: datetime.date) -> dict[str, int]:
    """Applications received by `day` and not yet finished at its end (rows 二 and 四)."""
    qs = Application.objects.filter(org=org, received_on__lte=day).exclude(
        Q(replied_on__lte=day) | Q(state=State.WITHDRAWN, withdrawn_on__lte=day)
    )
    return _by_kind(qs)


def finished_by_outcome(org: Organization, start: datetime.date, end: datetime.date) -> dict[str, dict[str, int]]:
    """Table 三 rows 3–23: cases finished (replied, or withdrawn → 其他) in [start, end], per
    outcome key and applicant column. Each case counts once, under its one outcome."""
    qs = Application.objects.filter(org=org).filter(_finished_in(start, end)).exclude(outcome="")
    table = {key: dict.fromkeys((*APPLICANT_KIND_KEYS, "total"), 0) for key in OUTCOME_KEYS}
    for outcome, kind in qs.values_list("outcome", "applicant_kind"):
        table[outcome][kind] += 1
        table[outcome]["total"] += 1
    return table


def appeals_by_kind_result(org: Organization, start: datetime.date, end: datetime.date) -> dict[str, dict[str, int]]:
    """Table 四 (国办公开办函〔2021〕30号) for the period [start, end]: the appeals the period
    handled, each with its status at `end`.

    Counted: appeals filed in the period, and appeals filed earlier that were still 尚未审结 when
    the period began (carried over, as table 三 carries applications: 上年结转). Each counts
    once, under its result if decided by `end`, else 尚未审结. So an appeal filed in 2025 and
    decided in 2026 is 尚未审结 in the 2025 report and counted with its result in 2026's; one
    decided before the period began is not counted again. (The format's columns 结果维持 …
    尚未审结、总计 only make sense this way: a result is reported in the year it is known.)"""
    table = {k: dict.fromkeys((*AppealResult.values, "total"), 0) for k in AppealKind.values}
    handled = Q(filed_on__range=(start, end)) | Q(filed_on__lt=start) & (
        Q(decided_on__isnull=True) | Q(decided_on__gte=start)
    )
    for appeal in Appeal.objects.filter(application__org=org).filter(handled):
        result = appeal.result
        if appeal.decided_on is None or appeal.decided_on > end:
            result = AppealResult.PENDING
        table[appeal.kind][result] += 1
        table[appeal.kind]["total"] += 1
    return table


def fees_charged(org: Organization, start: datetime.date, end: datetime.date) -> int:
    """信息处理费 paid in [start, end], in 元 (annual report section 六)."""
    return sum(
        FeeNotice.objects.filter(application__org=org, paid_on__range=(start, end)).values_list("amount", flat=True)
    )

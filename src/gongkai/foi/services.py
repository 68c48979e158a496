"""The only write path for information applications (依申请公开).

Each service: one transaction, the row locked, permission and state checked (409 for an illegal
action, which changes nothing), input validated, the change saved, a clock event and an audit
row written in the same transaction, side effects (files, e-mail) queued with on_commit.
Personal data of applicants never goes into the audit log.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.foi import clock as clock_rules
from gongkai.foi import letters, permissions, transitions
from gongkai.foi.fees import PAYMENT_WORKING_DAYS, FeeError, FeeMethod, fee_quote
from gongkai.foi.models import (
    OPEN_STATES,
    Appeal,
    AppealKind,
    AppealResult,
    Application,
    Channel,
    ClockEvent,
    Consultation,
    ConsultationAnswer,
    ConsultationKind,
    Delivery,
    EventKind,
    FeeNotice,
    IdType,
    InfoForm,
    Letter,
    LetterKind,
    LetterSequence,
    Reminder,
    ReplyAttachment,
    State,
)
from gongkai.foi.outcomes import (
    APPLICANT_KIND_KEYS,
    NEEDS_CORRECTION_DONE,
    NEEDS_EXPIRED_CORRECTION,
    NEEDS_EXPIRED_FEE,
    OUTCOMES_BY_KEY,
    WITHHOLDING_KEYS,
)
from gongkai.foi.transitions import Action
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.roles import Role
from gongkai.privacy.checksums import is_valid_credit_code, is_valid_id18
from gongkai.privacy.services import privacy_override_record
from gongkai.workdays import selectors as workdays
from gongkai.workdays import services as workdays_services

TRACKING_CODE_BYTES = 12  # 16 URL-safe characters, 96 bits


def _today() -> datetime.date:
    return timezone.localdate()


def hash_tracking_code(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


# --------------------------------------------------------------------------- input


@dataclass
class Applicant:
    """条例第二十九条第（一）项: 姓名或者名称、身份证明、联系方式."""

    kind: str
    name: str
    id_type: str
    id_number: str
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


@dataclass
class Request:
    """条例第二十九条第（二）（三）项: the information sought and the form wanted."""

    description: str
    info_form: str
    delivery: str
    doc_numbers: str = ""
    purpose: str = ""


@dataclass
class Receipt:
    """How and when the application arrived; 条例第三十一条 turns this into 收到申请之日."""

    channel: str
    submitted_on: datetime.date
    signed_on: datetime.date | None = None  # 挂号信 / 快递: 签收之日
    confirmed_on: datetime.date | None = None  # 平常信函、传真、电子邮件: 双方确认之日
    oral: bool = False


@dataclass
class ReplyDetails:
    outcome: str
    provision: str = ""  # how the information is provided (第三十六条第（二）项、第四十条)
    published_url: str = ""  # 已主动公开: where (第三十六条第（一）项)
    reasons: str = ""
    withheld_ground: str = ""  # 部分公开: the ground of the withheld part (第三十七条)
    responsible_agency: str = ""  # 第三十六条第（五）项
    responsible_contact: str = ""
    legal_basis: str = ""  # 其他: the officer names the basis

    def as_json(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v and k != "outcome"}


def receipt_date(receipt: Receipt) -> tuple[datetime.date, str]:
    """条例第三十一条: 收到申请之日 by channel, with the basis in words."""
    channel = receipt.channel
    if channel in (Channel.IN_PERSON, Channel.ORAL):
        return receipt.submitted_on, "当面提交的，以提交之日为收到申请之日（第三十一条第（一）项）。"
    if channel == Channel.REGISTERED_MAIL:
        if receipt.signed_on is None:
            raise ValidationFailed(
                "以邮政、快递寄送的申请，须填写签收日期。", fields={"signed_on": ["请填写签收日期。"]}
            )
        return receipt.signed_on, "以邮政、快递等需签收的方式提交的，以签收之日为收到申请之日（第三十一条第（二）项）。"
    if channel == Channel.ORDINARY_MAIL:
        if receipt.confirmed_on is None:
            raise ValidationFailed(
                "平常信函须于收到当日与申请人确认，并填写确认日期。", fields={"confirmed_on": ["请填写确认日期。"]}
            )
        return (
            receipt.confirmed_on,
            "以平常信函等无需签收的方式提交的，以与申请人确认之日为收到申请之日（第三十一条第（二）项）。",
        )
    if channel in (Channel.FAX, Channel.EMAIL):
        if receipt.confirmed_on is None:
            raise ValidationFailed(
                "以传真、电子邮件提交的，须填写双方确认之日。", fields={"confirmed_on": ["请填写确认日期。"]}
            )
        return (
            receipt.confirmed_on,
            "通过互联网渠道或者政府信息公开工作机构的传真提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）。",
        )
    if channel == Channel.ONLINE:
        # The portal confirms receipt at once (registration number and tracking code).
        return (
            receipt.submitted_on,
            "通过网站提交，系统即时确认收到，以双方确认之日为收到申请之日（第三十一条第（三）项）。",
        )
    if channel == Channel.TRANSFER:
        return receipt.submitted_on, "由其他机关转送，以本机关收到之日为收到申请之日。"
    raise ValidationFailed("申请渠道有误。", fields={"channel": ["请选择申请渠道。"]})


def _validate(applicant: Applicant, request: Request, *, today: datetime.date) -> None:
    errors: dict[str, list[str]] = {}
    for attr in ("name", "id_number", "contact_person", "phone", "email", "address", "postcode"):
        setattr(applicant, attr, (getattr(applicant, attr) or "").strip())
    request.description = (request.description or "").strip()
    request.doc_numbers = (request.doc_numbers or "").strip()
    request.purpose = (request.purpose or "").strip()
    if applicant.kind not in APPLICANT_KIND_KEYS:
        errors["applicant_kind"] = ["请选择申请人类型。"]
    if not applicant.name:
        errors["name"] = ["请填写申请人姓名或名称。"]
    if applicant.id_type not in IdType.values:
        errors["id_type"] = ["请选择身份证明类型。"]
    if not applicant.id_number:
        errors["id_number"] = ["请填写身份证明号码（第二十九条）。"]
    elif applicant.id_type == IdType.RESIDENT_ID and not is_valid_id18(applicant.id_number.upper(), today=today):
        errors["id_number"] = ["居民身份证号码无效，请核对。"]
    elif applicant.id_type == IdType.CREDIT_CODE and not is_valid_credit_code(applicant.id_number.upper()):
        errors["id_number"] = ["统一社会信用代码无效，请核对。"]
    if not (applicant.phone or applicant.email or applicant.address):
        errors["phone"] = ["请至少填写一种联系方式（电话、电子邮箱或通信地址）。"]
    if len(request.description) < 5:
        errors["description"] = ["请描述所需政府信息的名称、文号或者便于查询的其他特征（第二十九条）。"]
    if request.info_form not in InfoForm.values:
        errors["info_form"] = ["请选择信息的载体形式。"]
    if request.delivery not in Delivery.values:
        errors["delivery"] = ["请选择获取信息的方式。"]
    elif request.delivery == Delivery.MAIL and not applicant.address:
        errors["address"] = ["选择邮寄的，请填写通信地址。"]
    elif request.delivery == Delivery.EMAIL and not applicant.email:
        errors["email"] = ["选择电子邮件的，请填写电子邮箱。"]
    if errors:
        raise ValidationFailed("申请内容不完整或有误，请检查后重新提交。", code="application_invalid", fields=errors)


def _applicant_key(applicant: Applicant) -> str:
    ident = applicant.id_number.upper().replace(" ", "") or applicant.name
    return hashlib.sha256(f"{applicant.id_type}:{ident}".encode()).hexdigest()


def _next_serial(org: Organization, year: int, series: str) -> int:
    sequence, _ = LetterSequence.objects.select_for_update().get_or_create(org=org, year=year, series=series)
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    return sequence.last_serial


def registration_number(year: int, serial: int) -> str:
    """登记号: YSQ-<year>-<serial>, per org and year of receipt; never reused."""
    return f"YSQ-{year}-{serial:04d}"


def _event(
    app: Application, kind: str, on: datetime.date, actor: Any, data: dict[str, Any] | None = None, note: str = ""
) -> ClockEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return ClockEvent.objects.create(application=app, kind=kind, on=on, data=data or {}, note=note, actor=user)


def clock_of(app: Application, *, today: datetime.date | None = None) -> clock_rules.Clock:
    events = [clock_rules.EventLike(e.kind, e.on, e.data) for e in app.events.all()]
    return clock_rules.derive(events, today=today or _today())


DEADLINE_OWNER = "foi.application"


def _refresh(app: Application, today: datetime.date | None = None) -> clock_rules.Clock:
    clock = clock_of(app, today=today)
    app.due_on = clock.due_on
    app.clock_paused = clock.paused
    app.save(update_fields=["due_on", "clock_paused", "updated_at"])
    # The reply deadline is also tracked by the working-day engine, so that entering a year's
    # holiday schedule moves it at once (and audits the move), not only at the next scan.
    if clock.start is not None and clock.due is not None and app.state in OPEN_STATES and not clock.paused:
        workdays_services.deadline_track(
            owner_label=DEADLINE_OWNER,
            owner_id=app.pk,
            kind="reply",
            start=clock.start,
            working_days=clock.working_days,
            pauses=[(p.start, p.end, p.reason) for p in clock.pauses],
        )
    else:
        workdays_services.deadline_close(owner_label=DEADLINE_OWNER, owner_id=app.pk, kind="reply")
    return clock


def on_deadlines_moved(changes: list[Any]) -> None:
    """Listener of the working-day engine: a new holiday schedule moved some reply deadlines."""
    for change in changes:
        Application.objects.filter(pk=int(change.owner_id)).update(due_on=change.new_due_date)


def _snapshot(app: Application) -> dict[str, Any]:
    return {
        "state": app.state,
        "outcome": app.outcome,
        "due_on": app.due_on.isoformat() if app.due_on else None,
    }


def _create(
    *,
    actor: Any,
    org: Organization,
    applicant: Applicant,
    request: Request,
    receipt: Receipt,
    submission_token: str | None,
    today: datetime.date,
    transferred_from: Application | None = None,
) -> tuple[Application, str]:
    _validate(applicant, request, today=today)
    received_on, basis = receipt_date(receipt)
    if received_on > today or receipt.submitted_on > today:
        raise ValidationFailed("收到日期不能晚于今天。", fields={"submitted_on": ["日期不能晚于今天。"]})
    if receipt.submitted_on > received_on:
        raise ValidationFailed("签收或确认日期不能早于提交日期。", fields={"confirmed_on": ["日期有误。"]})
    code = secrets.token_urlsafe(TRACKING_CODE_BYTES)
    serial = _next_serial(org, received_on.year, "registration")
    user = actor if getattr(actor, "is_authenticated", False) else None
    app = Application.objects.create(
        org=org,
        registration_number=registration_number(received_on.year, serial),
        year=received_on.year,
        serial=serial,
        tracking_hash=hash_tracking_code(code),
        submission_token=submission_token,
        state=State.REGISTERED,
        channel=receipt.channel,
        submitted_on=receipt.submitted_on,
        received_on=received_on,
        receipt_basis=basis,
        oral_record=receipt.oral or receipt.channel == Channel.ORAL,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        id_type=applicant.id_type,
        id_number=applicant.id_number.upper(),
        contact_person=applicant.contact_person,
        phone=applicant.phone,
        email=applicant.email,
        address=applicant.address,
        postcode=applicant.postcode,
        applicant_key=_applicant_key(applicant),
        description=request.description,
        doc_numbers=request.doc_numbers,
        purpose=request.purpose,
        info_form=request.info_form,
        delivery=request.delivery,
        registered_by=user,
        assigned_to=user,
        transferred_from=transferred_from,
    )
    _event(app, EventKind.RECEIVED, received_on, actor, {"channel": receipt.channel})
    _refresh(app, today)
    audit_record(
        actor=actor,
        action="foi.registered",
        obj=app,
        after={"channel": app.channel, "received_on": received_on.isoformat(), **_snapshot(app)},
    )
    return app, code


def application_submit(
    *,
    org: Organization,
    applicant: Applicant,
    request: Request,
    submission_token: str = "",
    today: datetime.date | None = None,
) -> tuple[Application, str | None]:
    """An application from the portal form. Returns it with its tracking code (shown once).

    A second submission with the same form token returns the first application and no code.
    """
    today = today or _today()
    token = submission_token.strip()[:64] or None
    if token:
        existing = Application.objects.filter(submission_token=token).first()
        if existing is not None:
            return existing, None
    try:
        with transaction.atomic():
            return _create(
                actor=None,
                org=org,
                applicant=applicant,
                request=request,
                receipt=Receipt(Channel.ONLINE, today),
                submission_token=token,
                today=today,
            )
    except IntegrityError:
        # Two simultaneous POSTs of one form: the other one won the unique token.
        existing = Application.objects.filter(submission_token=token).first() if token else None
        if existing is None:
            raise
        return existing, None


@transaction.atomic
def application_register(
    *,
    actor: Any,
    org: Organization,
    applicant: Applicant,
    request: Request,
    receipt: Receipt,
    today: datetime.date | None = None,
) -> tuple[Application, str]:
    """Staff register an application received by letter, fax, e-mail, in person or orally."""
    if not permissions.can_handle(actor, org):
        raise PermissionDenied("您不是该机关的依申请公开经办人员。")
    if receipt.channel == Channel.TRANSFER:
        raise ValidationFailed("转来的申请由转送机关操作生成。", fields={"channel": ["请选择申请渠道。"]})
    return _create(
        actor=actor,
        org=org,
        applicant=applicant,
        request=request,
        receipt=receipt,
        submission_token=None,
        today=today or _today(),
    )


# --------------------------------------------------------------------------- workflow


def _lock(app: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("org", "org__parent").get(pk=app.pk)


def _handle(actor: Any, app: Application) -> Application:
    """Lock and check the actor may process the case (404 if they may not even see it)."""
    app = _lock(app)
    if not permissions.can_view_case(actor, app.org):
        raise NotFound("未找到该申请。")
    if not permissions.can_handle(actor, app.org):
        raise PermissionDenied("您不是该机关的依申请公开经办人员。")
    return app


def _has_event(app: Application, kind: str) -> bool:
    return app.events.filter(kind=kind).exists()


def _org_signer(app: Application) -> str:
    return app.org.name


def _sign(letter: Letter, actor: Any, on: datetime.date) -> Letter:
    """Number and freeze a letter; files are rendered after commit."""
    series = letter.kind
    serial = _next_serial(letter.application.org, on.year, series)
    letter.year = on.year
    letter.serial = serial
    letter.number = letter_number(letter.application.org, letter.kind, on.year, serial)
    letter.status = Letter.Status.SIGNED
    letter.signed_on = on
    letter.signed_by = actor if getattr(actor, "is_authenticated", False) else None
    letter.save()
    letter_id = letter.pk
    transaction.on_commit(lambda: letter_render_files(letter_id=letter_id))
    return letter


_LETTER_WORDS = {
    LetterKind.REPLY: "依申请答复",
    LetterKind.CORRECTION: "依申请补正",
    LetterKind.EXTENSION: "依申请延期",
    LetterKind.CONSULTATION: "依申请征询",
    LetterKind.FEE: "依申请收费",
}


def letter_number(org: Organization, kind: str, year: int, serial: int) -> str:
    """文书编号 per org, year and kind of letter, e.g. 县卫健委依申请答复〔2025〕7号."""
    return f"{org.short_name or org.name}{_LETTER_WORDS[LetterKind(kind)]}〔{year}〕{serial}号"


def _notice(
    app: Application,
    kind: str,
    body: str,
    actor: Any,
    on: datetime.date,
    *,
    recipient: str | None = None,
    consultation: Consultation | None = None,
) -> Letter:
    letter = Letter.objects.create(
        application=app,
        kind=kind,
        recipient=recipient or app.applicant_name,
        title=LetterKind(kind).label,
        body=body,
        consultation=consultation,
    )
    return _sign(letter, actor, on)


@transaction.atomic
def application_accept(*, actor: Any, application: Application, on: datetime.date | None = None) -> Application:
    app = _handle(actor, application)
    transitions.check(Action.ACCEPT, app)
    before = _snapshot(app)
    app.state = State.IN_PROGRESS
    app.save(update_fields=["state", "updated_at"])
    _event(app, EventKind.ACCEPTED, on or _today(), actor)
    _refresh(app, on)
    audit_record(actor=actor, action="foi.accepted", obj=app, before=before, after=_snapshot(app))
    return app


@transaction.atomic
def application_request_correction(
    *,
    actor: Any,
    application: Application,
    items: list[str],
    deadline: datetime.date,
    on: datetime.date | None = None,
) -> Letter:
    """第三十条: one notice (一次性), within 7 working days of receipt, listing the items and a
    reasonable deadline. The clock stops until the corrected application arrives."""
    on = on or _today()
    app = _handle(actor, application)
    transitions.check(Action.REQUEST_CORRECTION, app)
    if _has_event(app, EventKind.CORRECTION_REQUESTED):
        transitions.refuse(Action.REQUEST_CORRECTION, app, "补正只能一次性告知（第三十条），本申请已告知过补正。")
    last_day = workdays.add_working_days(app.received_on, clock_rules.CORRECTION_NOTICE_WORKING_DAYS).date
    if on > last_day:
        transitions.refuse(
            Action.REQUEST_CORRECTION,
            app,
            f"补正须在收到申请之日起7个工作日内告知（第三十条），期限已于{last_day:%Y年%m月%d日}届满。",
        )
    items = [i.strip() for i in items if i and i.strip()]
    errors: dict[str, list[str]] = {}
    if not items:
        errors["items"] = ["请逐项列明需要补正的事项。"]
    if deadline <= on:
        errors["deadline"] = ["补正期限应晚于告知之日。"]
    if errors:
        raise ValidationFailed("补正告知内容有误。", fields=errors)
    before = _snapshot(app)
    app.state = State.AWAITING_CORRECTION
    app.save(update_fields=["state", "updated_at"])
    _event(app, EventKind.CORRECTION_REQUESTED, on, actor, {"deadline": deadline.isoformat(), "items": items})
    _refresh(app, on)
    letter = _notice(app, LetterKind.CORRECTION, letters.compose_correction(app, items, deadline), actor, on)
    audit_record(actor=actor, action="foi.correction_requested", obj=app, before=before, after=_snapshot(app))
    return letter


def correction_deadline(app: Application) -> datetime.date | None:
    event = app.events.filter(kind=EventKind.CORRECTION_REQUESTED).order_by("-on", "-id").first()
    return datetime.date.fromisoformat(event.data["deadline"]) if event else None


@transaction.atomic
def application_record_correction(
    *, actor: Any, application: Application, on: datetime.date | None = None, note: str = ""
) -> Application:
    """第三十条: the corrected application arrived; the 20 working days count again from it."""
    on = on or _today()
    app = _handle(actor, application)
    transitions.check(Action.RECORD_CORRECTION, app)
    requested = app.events.filter(kind=EventKind.CORRECTION_REQUESTED).order_by("-on").first()
    if requested is not None and on < requested.on:
        raise ValidationFailed("收到补正的日期不能早于告知补正之日。", fields={"on": ["日期有误。"]})
    before = _snapshot(app)
    app.state = State.IN_PROGRESS
    app.save(update_fields=["state", "updated_at"])
    _event(app, EventKind.CORRECTED, on, actor, note=note)
    _refresh(app, on)
    audit_record(actor=actor, action="foi.corrected", obj=app, before=before, after=_snapshot(app))
    return app


@transaction.atomic
def application_start_consultation(
    *,
    actor: Any,
    application: Application,
    kind: str,
    party_name: str,
    party_address: str = "",
    matter: str = "",
    sent_on: datetime.date | None = None,
) -> Consultation:
    """第三十二条 (third party, in writing) / 第三十四条 (co-producing agency): 15 working days
    to answer; the time is not counted in the reply period."""
    sent_on = sent_on or _today()
    app = _handle(actor, application)
    transitions.check(Action.START_CONSULTATION, app)
    errors: dict[str, list[str]] = {}
    if kind not in ConsultationKind.values:
        errors["kind"] = ["请选择征求意见的对象类型。"]
    if not party_name.strip():
        errors["party_name"] = ["请填写被征求意见方。"]
    if sent_on < app.received_on:
        errors["sent_on"] = ["发出日期不能早于收到申请之日。"]
    if errors:
        raise ValidationFailed("征求意见内容有误。", fields=errors)
    before = _snapshot(app)
    consultation = Consultation.objects.create(
        application=app,
        kind=kind,
        party_name=party_name.strip(),
        party_address=party_address.strip(),
        matter=matter.strip(),
        sent_on=sent_on,
        reply_due_on=workdays.add_working_days(sent_on, clock_rules.CONSULTATION_WORKING_DAYS).date,
    )
    app.state = State.CONSULTING
    app.save(update_fields=["state", "updated_at"])
    _event(app, EventKind.CONSULTATION_STARTED, sent_on, actor, {"consultation_id": consultation.pk, "kind": kind})
    _refresh(app, sent_on)
    _notice(
        app,
        LetterKind.CONSULTATION,
        letters.compose_consultation(app, consultation),
        actor,
        sent_on,
        recipient=consultation.party_name,
        consultation=consultation,
    )
    audit_record(actor=actor, action="foi.consultation_started", obj=app, before=before, after=_snapshot(app))
    return consultation


@transaction.atomic
def application_end_consultation(
    *,
    actor: Any,
    consultation: Consultation,
    answer: str,
    on: datetime.date | None = None,
    reasons: str = "",
) -> Consultation:
    """Record the answer, or the silence once the 15 working days have run out. A co-producer's
    silence counts as consent (第三十四条); a third party's leaves the decision to the agency."""
    on = on or _today()
    app = _handle(actor, consultation.application)
    transitions.check(Action.END_CONSULTATION, app)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_open:
        transitions.refuse(Action.END_CONSULTATION, app, "该征求意见已经结束。")
    if answer not in ConsultationAnswer.values:
        raise ValidationFailed("请选择意见结果。", fields={"answer": ["请选择意见结果。"]})
    if on < consultation.sent_on:
        raise ValidationFailed("结束日期不能早于发出日期。", fields={"on": ["日期有误。"]})
    if answer == ConsultationAnswer.NO_REPLY:
        if on <= consultation.reply_due_on:
            transitions.refuse(
                Action.END_CONSULTATION,
                app,
                f"答复期限{consultation.reply_due_on:%Y年%m月%d日}尚未届满，不能登记为逾期未答复。",
            )
        # The pause ends with the period, not with the day someone noticed the silence.
        on = consultation.reply_due_on
        consultation.deemed_consent = consultation.kind == ConsultationKind.CO_PRODUCER
    if answer == ConsultationAnswer.OBJECTION and not reasons.strip():
        raise ValidationFailed("不同意公开的，请记录其理由。", fields={"reasons": ["请记录理由。"]})
    consultation.answer = answer
    consultation.answered_on = on
    consultation.reasons = reasons.strip()
    consultation.save(update_fields=["answer", "answered_on", "reasons", "deemed_consent"])
    before = _snapshot(app)
    _event(
        app,
        EventKind.CONSULTATION_ENDED,
        on,
        actor,
        {"consultation_id": consultation.pk, "answer": answer, "deemed_consent": consultation.deemed_consent},
    )
    if not app.consultations.filter(answered_on__isnull=True).exists():
        app.state = State.IN_PROGRESS
        app.save(update_fields=["state", "updated_at"])
    _refresh(app, on)
    audit_record(actor=actor, action="foi.consultation_ended", obj=app, before=before, after=_snapshot(app))
    return consultation


@transaction.atomic
def application_extend(
    *,
    actor: Any,
    application: Application,
    working_days: int,
    reason: str,
    on: datetime.date | None = None,
) -> Letter:
    """第三十三条第二款: once, at most 20 working days, with the consent of the 工作机构负责人,
    and a notice to the applicant."""
    on = on or _today()
    app = _lock(application)
    if not permissions.can_view_case(actor, app.org):
        raise NotFound("未找到该申请。")
    if not permissions.can_approve_extension(actor, app.org):
        raise PermissionDenied("延期答复须经政府信息公开工作机构负责人同意（第三十三条第二款）。")
    transitions.check(Action.EXTEND, app)
    if _has_event(app, EventKind.EXTENSION_GRANTED):
        transitions.refuse(Action.EXTEND, app, "答复期限只能延长一次（第三十三条第二款）。")
    if working_days > clock_rules.MAX_EXTENSION_WORKING_DAYS:
        transitions.refuse(Action.EXTEND, app, "延长答复的期限最长不得超过20个工作日（第三十三条第二款）。")
    if working_days < 1:
        raise ValidationFailed("延长的工作日数应为1至20。", fields={"working_days": ["应为1至20。"]})
    if not reason.strip():
        raise ValidationFailed("请说明延期的理由。", fields={"reason": ["请说明理由。"]})
    current = clock_of(app, today=on)
    if current.due_on is not None and on > current.due_on:
        transitions.refuse(Action.EXTEND, app, f"答复期限已于{current.due_on:%Y年%m月%d日}届满，不能再延期。")
    before = _snapshot(app)
    _event(app, EventKind.EXTENSION_GRANTED, on, actor, {"working_days": working_days, "reason": reason.strip()})
    clock = _refresh(app, on)
    assert clock.due_on is not None  # noqa: S101 — the clock runs in every state EXTEND allows
    letter = _notice(
        app, LetterKind.EXTENSION, letters.compose_extension(app, working_days, reason.strip(), clock.due_on), actor, on
    )
    audit_record(actor=actor, action="foi.extended", obj=app, before=before, after=_snapshot(app))
    return letter


@transaction.atomic
def application_request_reasons(
    *, actor: Any, application: Application, note: str, on: datetime.date | None = None
) -> Application:
    """第三十五条: a mass or repeated application; the agency asks the applicant for reasons."""
    on = on or _today()
    app = _handle(actor, application)
    transitions.check(Action.REQUEST_REASONS, app)
    _event(app, EventKind.REASONS_REQUESTED, on, actor, note=note.strip())
    audit_record(actor=actor, action="foi.reasons_requested", obj=app, after=_snapshot(app))
    return app


@transaction.atomic
def application_set_reasonable_period(
    *,
    actor: Any,
    application: Application,
    working_days: int,
    reason: str,
    on: datetime.date | None = None,
) -> Application:
    """第三十五条: reasons accepted but 20 working days are not enough: set a reasonable period."""
    on = on or _today()
    app = _handle(actor, application)
    transitions.check(Action.SET_REASONABLE_PERIOD, app)
    if not _has_event(app, EventKind.REASONS_REQUESTED):
        transitions.refuse(Action.SET_REASONABLE_PERIOD, app, "须先要求申请人说明理由（第三十五条）。")
    if _has_event(app, EventKind.REASONABLE_PERIOD_SET):
        transitions.refuse(Action.SET_REASONABLE_PERIOD, app, "合理期限已经确定。")
    if working_days <= clock_rules.REPLY_WORKING_DAYS:
        raise ValidationFailed("合理期限应长于20个工作日。", fields={"working_days": ["应大于20。"]})
    if not reason.strip():
        raise ValidationFailed("请说明理由。", fields={"reason": ["请说明理由。"]})
    before = _snapshot(app)
    _event(app, EventKind.REASONABLE_PERIOD_SET, on, actor, {"working_days": working_days, "reason": reason.strip()})
    _refresh(app, on)
    audit_record(actor=actor, action="foi.reasonable_period_set", obj=app, before=before, after=_snapshot(app))
    return app


def pieces_earlier_this_month(app: Application) -> int:
    """按件: pieces the same applicant asked of the same agency earlier in the same 自然月.

    Each earlier application counts as one piece, or as the pieces of its 按件 fee notice."""
    earlier = Application.objects.filter(
        org=app.org,
        applicant_key=app.applicant_key,
        received_on__year=app.received_on.year,
        received_on__month=app.received_on.month,
    ).exclude(pk=app.pk)
    earlier = earlier.filter(received_on__lt=app.received_on) | earlier.filter(
        received_on=app.received_on, pk__lt=app.pk
    )
    total = 0
    for other in earlier.select_related("fee_notice"):
        notice = getattr(other, "fee_notice", None)
        total += notice.quantity if notice is not None and notice.method == FeeMethod.BY_PIECE else 1
    return total


@transaction.atomic
def application_send_fee_notice(
    *,
    actor: Any,
    application: Application,
    method: str,
    quantity: int,
    payment_method: str,
    on: datetime.date | None = None,
) -> FeeNotice:
    """条例第四十二条, 国办函〔2020〕109号: one method per application; 20 working days to pay."""
    on = on or _today()
    app = _handle(actor, application)
    transitions.check(Action.SEND_FEE_NOTICE, app)
    if FeeNotice.objects.filter(application=app).exists():
        transitions.refuse(Action.SEND_FEE_NOTICE, app, "本申请已发出过收费通知，不能重复收费。")
    already = pieces_earlier_this_month(app) if method == FeeMethod.BY_PIECE else 0
    try:
        quote = fee_quote(method, quantity, already_this_month=already)
    except FeeError as exc:
        raise ValidationFailed(str(exc), fields={"method": [str(exc)]}) from None
    if quote.amount == 0:
        raise ValidationFailed("按所选方式计算的金额为零，无需发出收费通知。", fields={"quantity": ["金额为零。"]})
    if not payment_method.strip():
        raise ValidationFailed("请写明缴纳方式。", fields={"payment_method": ["请写明缴纳方式。"]})
    before = _snapshot(app)
    notice = FeeNotice.objects.create(
        application=app,
        method=method,
        quantity=quantity,
        already_this_month=already,
        amount=quote.amount,
        sent_on=on,
        pay_by=workdays.add_working_days(on, PAYMENT_WORKING_DAYS).date,
        payment_method=payment_method.strip(),
    )
    app.state = State.AWAITING_FEE
    app.save(update_fields=["state", "updated_at"])
    _event(app, EventKind.FEE_NOTICE_SENT, on, actor, {"amount": quote.amount, "pay_by": notice.pay_by.isoformat()})
    _refresh(app, on)
    _notice(app, LetterKind.FEE, letters.compose_fee(app, quote, notice.pay_by, notice.payment_method), actor, on)
    audit_record(actor=actor, action="foi.fee_notice_sent", obj=app, before=before, after=_snapshot(app))
    return notice


@transaction.atomic
def application_record_payment(*, actor: Any, application: Application, on: datetime.date | None = None) -> FeeNotice:
    on = on or _today()
    app = _handle(actor, application)
    transitions.check(Action.RECORD_PAYMENT, app)
    notice = FeeNotice.objects.select_for_update().get(application=app)
    if on > notice.pay_by:
        transitions.refuse(
            Action.RECORD_PAYMENT, app, f"缴费期限已于{notice.pay_by:%Y年%m月%d日}届满，逾期未缴纳的视为放弃申请。"
        )
    if on < notice.sent_on:
        raise ValidationFailed("缴费日期不能早于收费通知发出之日。", fields={"on": ["日期有误。"]})
    notice.paid_on = on
    notice.status = FeeNotice.Status.PAID
    notice.save(update_fields=["paid_on", "status"])
    before = _snapshot(app)
    app.state = State.IN_PROGRESS
    app.save(update_fields=["state", "updated_at"])
    _event(app, EventKind.FEE_PAID, on, actor, {"amount": notice.amount})
    _refresh(app, on)
    audit_record(actor=actor, action="foi.fee_paid", obj=app, before=before, after=_snapshot(app))
    return notice


def _check_outcome(app: Application, details: ReplyDetails, action: Action, today: datetime.date) -> None:
    """The outcome must fit the case (409) and carry what its letter needs (422)."""
    outcome = OUTCOMES_BY_KEY.get(details.outcome)
    if outcome is None:
        raise ValidationFailed("请选择办理结果。", fields={"outcome": ["请选择办理结果。"]})
    if app.state == State.AWAITING_CORRECTION or details.outcome == NEEDS_EXPIRED_CORRECTION:
        deadline = correction_deadline(app)
        if details.outcome != NEEDS_EXPIRED_CORRECTION or app.state != State.AWAITING_CORRECTION:
            transitions.refuse(action, app, "等待补正期间只能在补正期限届满后按“逾期不补正”处理（第三十条）。")
        if deadline is None or today <= deadline:
            transitions.refuse(action, app, "补正期限尚未届满，不能视为放弃申请（第三十条）。")
    if app.state == State.AWAITING_FEE or details.outcome == NEEDS_EXPIRED_FEE:
        notice = FeeNotice.objects.filter(application=app).first()
        if details.outcome != NEEDS_EXPIRED_FEE or app.state != State.AWAITING_FEE or notice is None:
            transitions.refuse(action, app, "等待缴费期间只能在缴费期限届满后按“逾期未缴费”处理。")
        if notice is not None and today <= notice.pay_by:
            transitions.refuse(action, app, "缴费期限尚未届满，不能视为放弃申请。")
    if details.outcome == NEEDS_CORRECTION_DONE and not _has_event(app, EventKind.CORRECTED):
        transitions.refuse(action, app, "申请人未曾补正，不能按“补正后申请内容仍不明确”处理。")
    errors: dict[str, list[str]] = {}
    if details.outcome == "disclosed" and not (details.provision.strip() or details.published_url.strip()):
        errors["provision"] = ["请写明提供信息的方式，或已主动公开信息的获取途径。"]
    if details.outcome == "partly_disclosed":
        if details.withheld_ground not in WITHHOLDING_KEYS:
            errors["withheld_ground"] = ["请选择不予公开部分的依据。"]
        if not details.provision.strip():
            errors["provision"] = ["请写明可以公开部分的提供方式。"]
    if outcome.needs_reasons and not details.reasons.strip():
        errors["reasons"] = ["该办理结果须说明理由。"]
    if details.outcome == "other_reason" and not details.legal_basis.strip():
        errors["legal_basis"] = ["请写明处理的依据。"]
    if errors:
        raise ValidationFailed("答复内容不完整。", code="reply_invalid", fields=errors)


@transaction.atomic
def reply_draft(
    *, actor: Any, application: Application, details: ReplyDetails, today: datetime.date | None = None
) -> Letter:
    """Compose the 答复书 from the outcome; it stays editable until signed."""
    today = today or _today()
    app = _handle(actor, application)
    transitions.check(Action.DRAFT_REPLY, app)
    _check_outcome(app, details, Action.DRAFT_REPLY, today)
    body = letters.compose_reply(app, details.outcome, details.as_json())
    letter = app.letters.filter(kind=LetterKind.REPLY, status=Letter.Status.DRAFT).first()
    if letter is None:
        letter = Letter(application=app, kind=LetterKind.REPLY, title=LetterKind.REPLY.label)
    letter.outcome = details.outcome
    letter.details = details.as_json()
    letter.recipient = app.applicant_name
    letter.body = body
    letter.save()
    audit_record(actor=actor, action="foi.reply_drafted", obj=app, after={"outcome": details.outcome})
    return letter


@transaction.atomic
def letter_edit(*, actor: Any, letter: Letter, body: str) -> Letter:
    """Edit a draft letter before it is signed; the appeal rights must stay in a reply."""
    app = _handle(actor, letter.application)
    transitions.check(Action.EDIT_LETTER, app)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != Letter.Status.DRAFT:
        transitions.refuse(Action.EDIT_LETTER, app, "文书已签发，不能修改。")
    body = body.strip()
    if not body:
        raise ValidationFailed("正文不能为空。", fields={"body": ["正文不能为空。"]})
    if letter.kind == LetterKind.REPLY and not ("行政复议" in body and "行政诉讼" in body):
        # 条例第五十一条: the applicant must learn the remedies.
        raise ValidationFailed(
            "答复书须告知申请人申请行政复议、提起行政诉讼的权利。", fields={"body": ["缺少救济途径。"]}
        )
    before = {"body": letter.body}
    letter.body = body
    letter.save(update_fields=["body"])
    audit_record(actor=actor, action="foi.letter_edited", obj=letter, before=before, after={"body": body})
    return letter


def _scan_attachment_text(text: str) -> tuple[dict[str, Any], Any]:
    from gongkai.privacy.scanner import scan_text

    report = scan_text(text, checks=("personal", "spam"))
    counts = report.counts_by_kind()
    return {"blocking": sum(counts.values()), "counts": counts}, report


@transaction.atomic
def reply_attachment_add(*, actor: Any, application: Application, upload: Any) -> ReplyAttachment:
    """Attach the information provided with the reply; scanned at once for personal data."""
    from gongkai.privacy.extract import check_upload

    app = _handle(actor, application)
    transitions.check(Action.REPLY, app)
    checked = check_upload(upload)
    summary, _ = _scan_attachment_text(checked.text)
    attachment = ReplyAttachment(
        application=app,
        name=checked.name,
        media_type=checked.media_type,
        size=checked.size,
        text=checked.text,
        scan_summary=summary,
        added_by=actor,
    )
    attachment.file.save(checked.name, upload, save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action="foi.reply_attachment_added",
        obj=app,
        after={"attachment": attachment.pk, "name": checked.name, "scan": summary},
    )
    return attachment


@transaction.atomic
def application_reply(
    *, actor: Any, application: Application, on: datetime.date | None = None, override_reason: str = ""
) -> Letter:
    """Sign the drafted 答复书: the outcome is recorded and the clock stops.

    The information sent with it passes the pre-release scan: personal data of others found in
    an attachment blocks the reply until the attachment is replaced by a redacted one, or the
    signer records why it may go out (audited)."""
    on = on or _today()
    app = _lock(application)
    if not permissions.can_view_case(actor, app.org):
        raise NotFound("未找到该申请。")
    if not permissions.can_sign_reply(actor, app.org):
        raise PermissionDenied("您无权签发答复书。")
    transitions.check(Action.REPLY, app)
    letter = app.letters.select_for_update().filter(kind=LetterKind.REPLY, status=Letter.Status.DRAFT).first()
    if letter is None:
        transitions.refuse(Action.REPLY, app, "请先起草答复书。")
    assert letter is not None  # noqa: S101 — refuse() raised otherwise
    _check_outcome(app, ReplyDetails(outcome=letter.outcome, **letter.details), Action.REPLY, on)
    for attachment in app.reply_attachments.all():
        summary, report = _scan_attachment_text(attachment.text)
        if not summary["blocking"]:
            continue
        if not override_reason.strip():
            raise ValidationFailed(
                f"答复附件“{attachment.name}”中有{summary['blocking']}处个人信息等问题：请上传去标识化后的文件，"
                "或填写仍须提供的理由。",
                code="scan_findings_unresolved",
                fields={"override_reason": ["请填写理由。"]},
            )
        privacy_override_record(actor=actor, obj=attachment, report=report, reason=override_reason)
    before = _snapshot(app)
    if letter.outcome == NEEDS_EXPIRED_FEE:
        FeeNotice.objects.filter(application=app).update(status=FeeNotice.Status.EXPIRED)
    app.state = State.REPLIED
    app.outcome = letter.outcome
    app.replied_on = on
    app.save(update_fields=["state", "outcome", "replied_on", "updated_at"])
    _event(app, EventKind.REPLIED, on, actor, {"outcome": letter.outcome})
    clock = _refresh(app, on)
    _sign(letter, actor, on)
    late = clock.due_on is not None and on > clock.due_on
    audit_record(
        actor=actor,
        action="foi.replied",
        obj=app,
        before=before,
        after={**_snapshot(app), "letter": letter.number, "late": late},
    )
    return letter


@transaction.atomic
def application_close(*, actor: Any, application: Application, on: datetime.date | None = None) -> Application:
    """办结 and 归档 (第四十五条): the reply was delivered."""
    on = on or _today()
    app = _handle(actor, application)
    transitions.check(Action.CLOSE, app)
    before = _snapshot(app)
    app.state = State.CLOSED
    app.closed_on = on
    app.save(update_fields=["state", "closed_on", "updated_at"])
    _event(app, EventKind.CLOSED, on, actor)
    audit_record(actor=actor, action="foi.closed", obj=app, before=before, after=_snapshot(app))
    return app


# The annual report has no row for a withdrawal; agencies count it under （六）其他处理 3.其他.
WITHDRAWAL_OUTCOME = "other_reason"


@transaction.atomic
def application_withdraw(
    *, actor: Any, application: Application, note: str = "", on: datetime.date | None = None
) -> Application:
    """The applicant withdrew the application (recorded by staff from their written statement)."""
    on = on or _today()
    app = _handle(actor, application)
    transitions.check(Action.WITHDRAW, app)
    before = _snapshot(app)
    app.state = State.WITHDRAWN
    app.withdrawn_on = on
    app.outcome = WITHDRAWAL_OUTCOME
    app.save(update_fields=["state", "withdrawn_on", "outcome", "updated_at"])
    app.consultations.filter(answered_on__isnull=True).update(answered_on=on)
    _event(app, EventKind.WITHDRAWN, on, actor, note=note.strip())
    _refresh(app, on)
    audit_record(actor=actor, action="foi.withdrawn", obj=app, before=before, after=_snapshot(app))
    return app


@transaction.atomic
def application_transfer(
    *,
    actor: Any,
    application: Application,
    agency_name: str,
    agency_contact: str = "",
    to_org: Organization | None = None,
    on: datetime.date | None = None,
) -> tuple[Letter, Application | None]:
    """第三十六条第（五）项: the information is another agency's to disclose. Drafts the reply
    naming that agency; when it is on this platform, the application is forwarded to it too."""
    on = on or _today()
    app = _handle(actor, application)
    transitions.check(Action.TRANSFER, app)
    if to_org is not None and to_org.pk == app.org_id:
        raise ValidationFailed("不能转送本机关。", fields={"to_org": ["请选择其他机关。"]})
    agency_name = (agency_name or (to_org.name if to_org else "")).strip()
    if not agency_name:
        raise ValidationFailed("请填写负责公开该信息的机关。", fields={"agency_name": ["请填写机关名称。"]})
    forwarded: Application | None = None
    if to_org is not None:
        forwarded, _ = _create(
            actor=None,
            org=to_org,
            applicant=Applicant(
                app.applicant_kind,
                app.applicant_name,
                app.id_type,
                app.id_number,
                app.contact_person,
                app.phone,
                app.email,
                app.address,
                app.postcode,
            ),
            request=Request(app.description, app.info_form, app.delivery, app.doc_numbers, app.purpose),
            receipt=Receipt(Channel.TRANSFER, on),
            submission_token=None,
            today=on,
            transferred_from=app,
        )
    _event(
        app,
        EventKind.TRANSFERRED,
        on,
        actor,
        {"agency": agency_name, "forwarded_id": forwarded.pk if forwarded else None},
    )
    details = ReplyDetails(
        outcome="unavailable_not_held", responsible_agency=agency_name, responsible_contact=agency_contact.strip()
    )
    if forwarded is not None:
        details.provision = (
            f"本机关已将您的申请转送{agency_name}办理（该机关登记号：{forwarded.registration_number}）。"
        )
    letter = reply_draft(actor=actor, application=app, details=details, today=on)
    audit_record(actor=actor, action="foi.transferred", obj=app, after={"agency": agency_name})
    return letter, forwarded


@transaction.atomic
def application_assign(*, actor: Any, application: Application, officer: Any) -> Application:
    app = _handle(actor, application)
    transitions.check(Action.ASSIGN, app)
    if not permissions.can_handle(officer, app.org):
        raise ValidationFailed("所选人员不是该机关的依申请公开经办人员。", fields={"officer": ["请选择经办人员。"]})
    before = {"assigned_to": app.assigned_to_id}
    app.assigned_to = officer
    app.save(update_fields=["assigned_to", "updated_at"])
    _event(app, EventKind.ASSIGNED, _today(), actor, {"officer_id": officer.pk})
    audit_record(actor=actor, action="foi.assigned", obj=app, before=before, after={"assigned_to": officer.pk})
    return app


# --------------------------------------------------------------------------- appeals


@transaction.atomic
def appeal_record(
    *,
    actor: Any,
    application: Application,
    kind: str,
    filed_on: datetime.date,
    body: str,
    case_number: str = "",
    note: str = "",
) -> Appeal:
    """行政复议 or 行政诉讼 (直接起诉 / 复议后起诉) against the handling of a case (table 四)."""
    app = _handle(actor, application)
    errors: dict[str, list[str]] = {}
    if kind not in AppealKind.values:
        errors["kind"] = ["请选择复议或诉讼类型。"]
    if not body.strip():
        errors["body"] = ["请填写复议机关或人民法院。"]
    if filed_on < app.received_on:
        errors["filed_on"] = ["提起日期不能早于收到申请之日。"]
    if errors:
        raise ValidationFailed("复议、诉讼信息有误。", fields=errors)
    appeal = Appeal.objects.create(
        application=app, kind=kind, filed_on=filed_on, body=body.strip(), case_number=case_number.strip(), note=note
    )
    audit_record(actor=actor, action="foi.appeal_recorded", obj=app, after={"appeal": appeal.pk, "kind": kind})
    return appeal


@transaction.atomic
def appeal_decide(*, actor: Any, appeal: Appeal, result: str, decided_on: datetime.date) -> Appeal:
    _handle(actor, appeal.application)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.result != AppealResult.PENDING:
        raise Conflict("该案件已登记审结结果。", code="illegal_transition")
    if result not in AppealResult.values or result == AppealResult.PENDING:
        raise ValidationFailed("请选择审结结果。", fields={"result": ["请选择维持、纠正或其他结果。"]})
    if decided_on < appeal.filed_on:
        raise ValidationFailed("审结日期不能早于提起日期。", fields={"decided_on": ["日期有误。"]})
    appeal.result = result
    appeal.decided_on = decided_on
    appeal.save(update_fields=["result", "decided_on"])
    audit_record(
        actor=actor, action="foi.appeal_decided", obj=appeal.application, after={"appeal": appeal.pk, "result": result}
    )
    return appeal


# --------------------------------------------------------------------------- letters' files


def letter_content(letter: Letter) -> letters.LetterContent:
    return letters.LetterContent(
        title=letter.title,
        number=letter.number,
        recipient=letter.recipient,
        body=letter.body,
        signer=letter.application.org.name,
        date=letter.signed_on,
    )


def letter_render_files(*, letter_id: int) -> Letter:
    """Render and store the DOCX and PDF of a signed letter (idempotent; run after commit)."""
    with transaction.atomic():
        letter = Letter.objects.select_for_update(of=("self",)).select_related("application__org").get(pk=letter_id)
        if letter.status != Letter.Status.SIGNED:
            raise Conflict("草稿不生成正式文书。", code="letter_not_signed")
        if letter.docx is not None and letter.pdf is not None:
            return letter
        content = letter_content(letter)
        letter.docx = letters.render_docx(content)
        letter.pdf = letters.render_pdf(content)
        letter.save(update_fields=["docx", "pdf"])
        return letter


# --------------------------------------------------------------------------- reminders


@dataclass
class ScanResult:
    checked: int = 0
    reminders: list[tuple[str, str]] = field(default_factory=list)  # (registration number, kind)


REMINDER_TEXT = {
    "overdue": "已超过答复期限",
    "due_soon": "即将到期",
    "correction_expired": "补正期限已届满，请决定是否视为放弃",
    "fee_expired": "缴费期限已届满，请决定是否视为放弃",
    "consultation_expired": "征求意见期限已届满，请登记意见结果",
}


def _recipients(app: Application) -> list[str]:
    if app.assigned_to is not None and app.assigned_to.email:
        return [app.assigned_to.email]
    members = Membership.objects.filter(org_id__in=app.org.ancestor_ids(), role=Role.FOI_OFFICER).select_related("user")
    return sorted({m.user.email for m in members if m.user.email})


def _reminders_due(app: Application, clock: clock_rules.Clock, today: datetime.date) -> list[tuple[str, datetime.date]]:
    found: list[tuple[str, datetime.date]] = []
    if app.state == State.AWAITING_CORRECTION:
        deadline = correction_deadline(app)
        if deadline is not None and today > deadline:
            found.append(("correction_expired", deadline))
        return found
    if app.state == State.AWAITING_FEE:
        notice = FeeNotice.objects.filter(application=app).first()
        if notice is not None and today > notice.pay_by:
            found.append(("fee_expired", notice.pay_by))
    for consultation in app.consultations.filter(answered_on__isnull=True):
        if today > consultation.reply_due_on:
            found.append(("consultation_expired", consultation.reply_due_on))
    if clock.due_on is not None and not clock.paused:
        if today > clock.due_on:
            found.append(("overdue", clock.due_on))
        elif workdays.working_days_between(today, clock.due_on).working_days <= clock_rules.DUE_SOON_WORKING_DAYS:
            found.append(("due_soon", clock.due_on))
    return found


def _mailer(subject: str, text: str, recipients: list[str]) -> Callable[[], None]:
    def send() -> None:
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)

    return send


def foi_scan(*, today: datetime.date | None = None) -> ScanResult:
    """Refresh every open case's due date and send each reminder once (idempotent: a reminder
    is keyed by case, kind and the date it is about)."""
    today = today or _today()
    result = ScanResult()
    for app_id in Application.objects.filter(state__in=OPEN_STATES).values_list("pk", flat=True):
        with transaction.atomic():
            app = (
                Application.objects.select_for_update(of=("self",)).select_related("org", "assigned_to").get(pk=app_id)
            )
            clock = _refresh(app, today)
            result.checked += 1
            for kind, due in _reminders_due(app, clock, today):
                recipients = _recipients(app)
                _, created = Reminder.objects.get_or_create(
                    application=app, kind=kind, due_on=due, defaults={"recipients": recipients}
                )
                if not created:
                    continue
                result.reminders.append((app.registration_number, kind))
                subject = f"【依申请公开】{app.registration_number} {REMINDER_TEXT[kind]}（{due:%Y-%m-%d}）"
                text = (
                    f"{app.org.name} 登记号 {app.registration_number}："
                    f"{REMINDER_TEXT[kind]}，相关日期 {due:%Y年%m月%d日}。"
                )
                if recipients:
                    transaction.on_commit(_mailer(subject, text, recipients))
    return result

"""Handling a case between receipt and reply: 受理, 补正 (第三十条), 征求意见 (第三十二、三十四条),
延期 (第三十三条第二款), 经办人, 转送 (第三十六条第（五）项) and 撤回. 说明理由与合理期限 (第三十五条)
and the notice to an objecting third party (第三十二条) are in ``notices``; fees in ``fees``.

Each public function is ``APPLICATION.apply(...)``: the engine locks the case, checks who may
act (404/403) and the state (409); the effect below validates its data (422), writes the clock
event, and stores the due date derived afresh (``refresh_clock``) in the same transaction.
"""

from __future__ import annotations

import datetime
from typing import Any

from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.foi import clock as clock_rules
from gongkai.foi import letters as compose
from gongkai.foi import permissions, selectors
from gongkai.foi.models import (
    Application,
    Channel,
    Consultation,
    ConsultationAnswer,
    ConsultationKind,
    EventKind,
    Letter,
    LetterKind,
)
from gongkai.foi.services._common import AppContext, add_event, refresh_clock
from gongkai.foi.services._common import today as _today
from gongkai.foi.services.intake import Applicant, Receipt, Request, create_application
from gongkai.foi.services.letters import send_notice
from gongkai.foi.services.reply import ReplyDetails, draft_letter
from gongkai.foi.transitions import APPLICATION, Action
from gongkai.orgs.models import Organization
from gongkai.workdays import selectors as workdays

# The annual report has no row for a withdrawal; agencies count it under （六）其他处理 3.其他.
WITHDRAWAL_OUTCOME = "other_reason"


def _on(ctx: AppContext, key: str = "on") -> datetime.date:
    value = ctx.data.get(key)
    return value if isinstance(value, datetime.date) else _today()


# --------------------------------------------------------------------------- 受理


def application_accept(*, actor: Actor, application: Application, on: datetime.date | None = None) -> Application:
    return APPLICATION.apply(actor, application, Action.ACCEPT, on=on)


@APPLICATION.effect(Action.ACCEPT)
def _accept(ctx: AppContext) -> Application:
    on = _on(ctx)
    add_event(ctx.obj, EventKind.ACCEPTED, on, ctx.actor)
    refresh_clock(ctx, on)
    return ctx.obj


# --------------------------------------------------------------------------- 补正 (第三十条)


def application_request_correction(
    *,
    actor: Actor,
    application: Application,
    items: list[str],
    deadline: datetime.date,
    on: datetime.date | None = None,
) -> Letter:
    """第三十条: one notice (一次性), within 7 working days of receipt, listing the items and a
    reasonable deadline; also after 受理 was recorded (the article bounds the notice by the 7
    days from receipt, not by acceptance). The clock stops until the corrected application arrives."""
    return APPLICATION.apply(actor, application, Action.REQUEST_CORRECTION, items=items, deadline=deadline, on=on)


@APPLICATION.effect(Action.REQUEST_CORRECTION)
def _request_correction(ctx: AppContext) -> Letter:
    app, on = ctx.obj, _on(ctx)
    if selectors.has_event(app, EventKind.CORRECTION_REQUESTED):
        raise APPLICATION.refuse(app, ctx.transition, "补正只能一次性告知（第三十条），本申请已告知过补正。")
    last_day = workdays.add_working_days(app.received_on, clock_rules.CORRECTION_NOTICE_WORKING_DAYS).date
    if on > last_day:
        raise APPLICATION.refuse(
            app,
            ctx.transition,
            f"补正须在收到申请之日起7个工作日内告知（第三十条），期限已于{last_day:%Y年%m月%d日}届满。",
        )
    items = [str(i).strip() for i in ctx.data.get("items") or [] if i and str(i).strip()]
    deadline = ctx.data.get("deadline")
    errors: dict[str, list[str]] = {}
    if not items:
        errors["items"] = ["请逐项列明需要补正的事项。"]
    if not isinstance(deadline, datetime.date) or deadline <= on:
        errors["deadline"] = ["补正期限应晚于告知之日。"]
    if errors:
        raise ValidationFailed("补正告知内容有误。", fields=errors)
    assert isinstance(deadline, datetime.date)  # noqa: S101 — checked above
    add_event(app, EventKind.CORRECTION_REQUESTED, on, ctx.actor, {"deadline": deadline.isoformat(), "items": items})
    refresh_clock(ctx, on)
    return send_notice(app, LetterKind.CORRECTION, compose.compose_correction(app, items, deadline), ctx.actor, on)


def application_record_correction(
    *, actor: Actor, application: Application, on: datetime.date | None = None, note: str = ""
) -> Application:
    """第三十条: the corrected application arrived; the 20 working days count again from it."""
    return APPLICATION.apply(actor, application, Action.RECORD_CORRECTION, on=on, note=note)


@APPLICATION.effect(Action.RECORD_CORRECTION)
def _record_correction(ctx: AppContext) -> Application:
    app, on = ctx.obj, _on(ctx)
    requested = app.events.filter(kind=EventKind.CORRECTION_REQUESTED).order_by("-on").first()
    if requested is not None and on < requested.on:
        raise ValidationFailed("收到补正的日期不能早于告知补正之日。", fields={"on": ["日期有误。"]})
    add_event(app, EventKind.CORRECTED, on, ctx.actor, note=str(ctx.data.get("note") or ""))
    refresh_clock(ctx, on)
    return app


# --------------------------------------------------------------------------- 征求意见


def application_start_consultation(
    *,
    actor: Actor,
    application: Application,
    kind: str,
    party_name: str,
    party_address: str = "",
    matter: str = "",
    sent_on: datetime.date | None = None,
) -> Consultation:
    """第三十二条 (third party, in writing) / 第三十四条 (co-producing agency): 15 working days
    to answer; the time is not counted in the reply period."""
    return APPLICATION.apply(
        actor,
        application,
        Action.START_CONSULTATION,
        kind=kind,
        party_name=party_name,
        party_address=party_address,
        matter=matter,
        on=sent_on,
    )


@APPLICATION.effect(Action.START_CONSULTATION)
def _start_consultation(ctx: AppContext) -> Consultation:
    app, sent_on = ctx.obj, _on(ctx)
    kind = str(ctx.data.get("kind") or "")
    party_name = str(ctx.data.get("party_name") or "").strip()
    errors: dict[str, list[str]] = {}
    if kind not in ConsultationKind.values:
        errors["kind"] = ["请选择征求意见的对象类型。"]
    if not party_name:
        errors["party_name"] = ["请填写被征求意见方。"]
    if sent_on < app.received_on:
        errors["sent_on"] = ["发出日期不能早于收到申请之日。"]
    if errors:
        raise ValidationFailed("征求意见内容有误。", fields=errors)
    consultation = Consultation.objects.create(
        application=app,
        kind=kind,
        party_name=party_name,
        party_address=str(ctx.data.get("party_address") or "").strip(),
        matter=str(ctx.data.get("matter") or "").strip(),
        sent_on=sent_on,
        reply_due_on=workdays.add_working_days(sent_on, clock_rules.CONSULTATION_WORKING_DAYS).date,
    )
    add_event(
        app,
        EventKind.CONSULTATION_STARTED,
        sent_on,
        ctx.actor,
        # The clock's pause ends at this date at the latest (第三十二条, 第三十三条第三款).
        {"consultation_id": consultation.pk, "kind": kind, "reply_due_on": consultation.reply_due_on.isoformat()},
    )
    refresh_clock(ctx, sent_on)
    send_notice(
        app,
        LetterKind.CONSULTATION,
        compose.compose_consultation(app, consultation),
        ctx.actor,
        sent_on,
        recipient=consultation.party_name,
        consultation=consultation,
    )
    return consultation


def application_end_consultation(
    *,
    actor: Actor,
    consultation: Consultation,
    answer: str,
    on: datetime.date | None = None,
    reasons: str = "",
) -> Consultation:
    """Record the answer, or the silence once the 15 working days have run out. A co-producer's
    silence counts as consent (第三十四条); a third party's leaves the decision to the agency."""
    return APPLICATION.apply(
        actor,
        consultation.application_id,
        Action.END_CONSULTATION,
        consultation_id=consultation.pk,
        answer=answer,
        on=on,
        reasons=reasons,
    )


@APPLICATION.effect(Action.END_CONSULTATION)
def _end_consultation(ctx: AppContext) -> Consultation:
    app, on = ctx.obj, _on(ctx)
    consultation_id = int(ctx.data.get("consultation_id") or 0)
    consultation = Consultation.objects.select_for_update().filter(application=app, pk=consultation_id).first()
    if consultation is None:
        raise NotFound("未找到该征求意见记录。")
    if not consultation.is_open:
        raise APPLICATION.refuse(app, ctx.transition, "该征求意见已经结束。")
    answer = str(ctx.data.get("answer") or "")
    reasons = str(ctx.data.get("reasons") or "").strip()
    if answer not in ConsultationAnswer.values:
        raise ValidationFailed("请选择意见结果。", fields={"answer": ["请选择意见结果。"]})
    if on < consultation.sent_on:
        raise ValidationFailed("结束日期不能早于发出日期。", fields={"on": ["日期有误。"]})
    if answer == ConsultationAnswer.NO_REPLY:
        if on <= consultation.reply_due_on:
            raise APPLICATION.refuse(
                app,
                ctx.transition,
                f"答复期限{consultation.reply_due_on:%Y年%m月%d日}尚未届满，不能登记为逾期未答复。",
            )
        # The pause ends with the period, not with the day someone noticed the silence.
        on = consultation.reply_due_on
        consultation.deemed_consent = consultation.kind == ConsultationKind.CO_PRODUCER
    if answer == ConsultationAnswer.OBJECTION and not reasons:
        raise ValidationFailed("不同意公开的，请记录其理由。", fields={"reasons": ["请记录理由。"]})
    # 第三十二条: an answer after the 15 working days is recorded as late; the clock's excluded
    # period still ends on reply_due_on (foi.clock caps it), whatever day this is recorded.
    consultation.late = answer != ConsultationAnswer.NO_REPLY and on > consultation.reply_due_on
    consultation.answer = answer
    consultation.answered_on = on
    consultation.reasons = reasons
    consultation.save(update_fields=["answer", "answered_on", "reasons", "deemed_consent", "late"])
    add_event(
        app,
        EventKind.CONSULTATION_ENDED,
        on,
        ctx.actor,
        {
            "consultation_id": consultation.pk,
            "answer": answer,
            "deemed_consent": consultation.deemed_consent,
            "late": consultation.late,
        },
    )
    if app.consultations.filter(answered_on__isnull=True).exists():
        ctx.move_to(None)  # still waiting for another party: stays 征求意见中
    refresh_clock(ctx, on)
    return consultation


# --------------------------------------------------------------------------- 延期 (第三十三条第二款)


def application_extend(
    *,
    actor: Actor,
    application: Application,
    working_days: int,
    reason: str,
    on: datetime.date | None = None,
) -> Letter:
    """第三十三条第二款: once, at most 20 working days, with the consent of the 工作机构负责人
    (the table's policy), and a notice to the applicant."""
    return APPLICATION.apply(actor, application, Action.EXTEND, working_days=working_days, reason=reason, on=on)


@APPLICATION.effect(Action.EXTEND)
def _extend(ctx: AppContext) -> Letter:
    app, on = ctx.obj, _on(ctx)
    working_days = int(ctx.data.get("working_days") or 0)
    reason = str(ctx.data.get("reason") or "").strip()
    if working_days > clock_rules.MAX_EXTENSION_WORKING_DAYS:
        raise APPLICATION.refuse(app, ctx.transition, "延长答复的期限最长不得超过20个工作日（第三十三条第二款）。")
    if working_days < 1:
        raise ValidationFailed("延长的工作日数应为1至20。", fields={"working_days": ["应为1至20。"]})
    if not reason:
        raise ValidationFailed("请说明延期的理由。", fields={"reason": ["请说明理由。"]})
    current = selectors.clock_of(app, today=on)
    if current.due_on is not None and on > current.due_on:
        raise APPLICATION.refuse(app, ctx.transition, f"答复期限已于{current.due_on:%Y年%m月%d日}届满，不能再延期。")
    add_event(app, EventKind.EXTENSION_GRANTED, on, ctx.actor, {"working_days": working_days, "reason": reason})
    clock = refresh_clock(ctx, on)
    assert clock.due_on is not None  # noqa: S101 — the clock runs in every state EXTEND allows
    body = compose.compose_extension(app, working_days, reason, clock.due_on)
    return send_notice(app, LetterKind.EXTENSION, body, ctx.actor, on)


# --------------------------------------------------------------------------- 撤回, 转送, 经办人


def application_withdraw(
    *, actor: Actor, application: Application, note: str = "", on: datetime.date | None = None
) -> Application:
    """The applicant withdrew the application (recorded by staff from their written statement)."""
    return APPLICATION.apply(actor, application, Action.WITHDRAW, note=note, on=on)


def application_withdraw_online(
    *, org: Organization, number: str, code: str, on: datetime.date | None = None
) -> Application:
    """The applicant withdraws online with the 登记号 and tracking code (before the reply).
    A wrong number or code is the same 404 as on the tracking page."""
    app = selectors.find_tracked(org=org, code=code, number=number)
    return APPLICATION.apply(
        permissions.CodeHolder(app.pk), app, Action.WITHDRAW, note="申请人凭登记号和查询码在网上撤回申请。", on=on
    )


@APPLICATION.effect(Action.WITHDRAW)
def _withdraw(ctx: AppContext) -> Application:
    app, on = ctx.obj, _on(ctx)
    ctx.before["outcome"] = app.outcome
    ctx.update(withdrawn_on=on, outcome=WITHDRAWAL_OUTCOME)
    app.consultations.filter(answered_on__isnull=True).update(answered_on=on)
    add_event(app, EventKind.WITHDRAWN, on, ctx.actor, note=str(ctx.data.get("note") or "").strip())
    refresh_clock(ctx, on)
    ctx.after["outcome"] = WITHDRAWAL_OUTCOME
    return app


def application_transfer(
    *,
    actor: Actor,
    application: Application,
    agency_name: str,
    agency_contact: str = "",
    to_org: Organization | None = None,
    on: datetime.date | None = None,
) -> tuple[Letter, Application | None]:
    """第三十六条第（五）项: the information is another agency's to disclose. Drafts the reply
    naming that agency; when it is on this platform, the application is forwarded to it too."""
    return APPLICATION.apply(
        actor,
        application,
        Action.TRANSFER,
        agency_name=agency_name,
        agency_contact=agency_contact,
        to_org=to_org,
        on=on,
    )


@APPLICATION.effect(Action.TRANSFER)
def _transfer(ctx: AppContext) -> tuple[Letter, Application | None]:
    app, on = ctx.obj, _on(ctx)
    to_org: Organization | None = ctx.data.get("to_org")
    if to_org is not None and to_org.pk == app.org_id:
        raise ValidationFailed("不能转送本机关。", fields={"to_org": ["请选择其他机关。"]})
    agency_name = str(ctx.data.get("agency_name") or (to_org.name if to_org else "")).strip()
    if not agency_name:
        raise ValidationFailed("请填写负责公开该信息的机关。", fields={"agency_name": ["请填写机关名称。"]})
    details = ReplyDetails(
        outcome="unavailable_not_held",
        responsible_agency=agency_name,
        responsible_contact=str(ctx.data.get("agency_contact") or "").strip(),
    )
    forwarded: Application | None = None
    if to_org is not None:
        forwarded, _ = create_application(
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
        details.provision = (
            f"本机关已将您的申请转送{agency_name}办理（该机关登记号：{forwarded.registration_number}）。"
        )
    add_event(
        app,
        EventKind.TRANSFERRED,
        on,
        ctx.actor,
        {"agency": agency_name, "forwarded_id": forwarded.pk if forwarded else None},
    )
    letter = draft_letter(ctx, details, on)
    ctx.after["agency"] = agency_name
    return letter, forwarded


def application_assign(*, actor: Actor, application: Application, officer: Any) -> Application:
    """指定经办人: the officer must handle applications of the case's organisation."""
    return APPLICATION.apply(actor, application, Action.ASSIGN, officer=officer)


@APPLICATION.effect(Action.ASSIGN)
def _assign(ctx: AppContext) -> Application:
    app = ctx.obj
    officer = ctx.data.get("officer")
    if officer is None or not permissions.can_handle(officer, app.org):
        raise ValidationFailed("所选人员不是该机关的依申请公开经办人员。", fields={"officer": ["请选择经办人员。"]})
    ctx.before["assigned_to"] = app.assigned_to_id
    ctx.update(assigned_to=officer)
    ctx.touch("updated_at")
    add_event(app, EventKind.ASSIGNED, _today(), ctx.actor, {"officer_id": officer.pk})
    ctx.after["assigned_to"] = officer.pk
    return app

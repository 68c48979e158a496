"""第三十五条 (大量、频繁申请: 要求说明理由 → 理由 → 合理期限 or 不予处理) and 第三十二条 (the written
notice to a third party whose objection the agency overrides), each step with its letter.

条例第三十五条: 申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明理由。
行政机关认为申请理由不合理的，告知申请人不予处理；行政机关认为申请理由合理，但是无法在本条例第三十三条
规定的期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人。

条例第三十二条: … 行政机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的
政府信息内容和理由书面告知第三方。

The article sets no pause while reasons are awaited, so the reply clock keeps running (the
safer reading for the applicant; docs/foi.md).
"""

from __future__ import annotations

import datetime

from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.foi import clock as clock_rules
from gongkai.foi import letters as compose
from gongkai.foi import selectors
from gongkai.foi.models import (
    Application,
    Consultation,
    ConsultationAnswer,
    ConsultationKind,
    EventKind,
    Letter,
    LetterKind,
)
from gongkai.foi.services._common import AppContext, add_event, refresh_clock
from gongkai.foi.services._common import today as _today
from gongkai.foi.services.letters import send_notice
from gongkai.foi.transitions import APPLICATION, Action
from gongkai.workdays import selectors as workdays

# The default time given to explain (a local choice; the article names none).
REASONS_REPLY_WORKING_DAYS = 10
# Bounds of what an officer may set (calendar days after the request / the notice).
MAX_REASONS_DAYS = 60
MAX_DISCLOSURE_DELAY_DAYS = 90
MAX_REASONABLE_PERIOD = 250  # working days; the form's bound too


class Verdict:
    REASONABLE = "reasonable"
    UNREASONABLE = "unreasonable"
    NOT_GIVEN = "not_given"
    LABELS = {REASONABLE: "理由合理", UNREASONABLE: "理由不合理", NOT_GIVEN: "逾期未说明理由"}


def _on(ctx: AppContext, key: str = "on") -> datetime.date:
    value = ctx.data.get(key)
    return value if isinstance(value, datetime.date) else _today()


# --------------------------------------------------------------------------- 第三十五条


def application_request_reasons(
    *,
    actor: Actor,
    application: Application,
    note: str,
    reply_by: datetime.date | None = None,
    on: datetime.date | None = None,
) -> Letter:
    """第三十五条: ask the applicant, by letter, to explain a mass or frequent application by
    `reply_by` (default: 10 working days). Returns the 要求说明理由告知书."""
    return APPLICATION.apply(actor, application, Action.REQUEST_REASONS, note=note, reply_by=reply_by, on=on)


@APPLICATION.effect(Action.REQUEST_REASONS)
def _request_reasons(ctx: AppContext) -> Letter:
    app, on = ctx.obj, _on(ctx)
    note = str(ctx.data.get("note") or "").strip()
    reply_by = ctx.data.get("reply_by")
    if not isinstance(reply_by, datetime.date):
        reply_by = workdays.add_working_days(on, REASONS_REPLY_WORKING_DAYS).date
    errors: dict[str, list[str]] = {}
    if not note:
        errors["note"] = ["请写明申请数量、频次明显超过合理范围的情况。"]
    if not on < reply_by <= on + datetime.timedelta(days=MAX_REASONS_DAYS):
        errors["reply_by"] = [f"说明理由的期限应晚于告知之日，且不超过{MAX_REASONS_DAYS}日。"]
    if errors:
        raise ValidationFailed("要求说明理由的内容有误。", fields=errors)
    add_event(app, EventKind.REASONS_REQUESTED, on, ctx.actor, {"reply_by": reply_by.isoformat()}, note=note)
    ctx.after["reply_by"] = reply_by.isoformat()
    return send_notice(
        app, LetterKind.REASONS_REQUEST, compose.compose_reasons_request(app, note, reply_by), ctx.actor, on
    )


def application_record_reasons(
    *,
    actor: Actor,
    application: Application,
    verdict: str,
    reasons: str = "",
    assessment: str = "",
    on: datetime.date | None = None,
) -> Application:
    """第三十五条: the applicant's reasons and the agency's verdict on them (理由合理 / 不合理), or
    that none came by the date set (逾期未说明, only after that date)."""
    return APPLICATION.apply(
        actor, application, Action.RECORD_REASONS, verdict=verdict, reasons=reasons, assessment=assessment, on=on
    )


@APPLICATION.effect(Action.RECORD_REASONS)
def _record_reasons(ctx: AppContext) -> Application:
    app, on = ctx.obj, _on(ctx)
    verdict = str(ctx.data.get("verdict") or "")
    reasons = str(ctx.data.get("reasons") or "").strip()
    assessment = str(ctx.data.get("assessment") or "").strip()
    reply_by = selectors.reasons_reply_by(app)
    if verdict not in Verdict.LABELS:
        raise ValidationFailed("请选择审查结论。", fields={"verdict": ["请选择审查结论。"]})
    if verdict == Verdict.NOT_GIVEN and reply_by is not None and on <= reply_by:
        raise APPLICATION.refuse(
            app, ctx.transition, f"说明理由的期限（{reply_by:%Y年%m月%d日}）尚未届满，不能登记为逾期未说明理由。"
        )
    errors: dict[str, list[str]] = {}
    if verdict != Verdict.NOT_GIVEN and not reasons:
        errors["reasons"] = ["请摘录申请人说明的理由。"]
    if verdict == Verdict.UNREASONABLE and not assessment:
        errors["assessment"] = ["请写明认为理由不合理的依据。"]
    if errors:
        raise ValidationFailed("说明理由的登记内容有误。", fields=errors)
    add_event(
        app,
        EventKind.REASONS_RECORDED,
        on,
        ctx.actor,
        {"verdict": verdict, "reasons": reasons, "assessment": assessment},
        note=Verdict.LABELS[verdict],
    )
    ctx.after["verdict"] = verdict
    return app


def application_set_reasonable_period(
    *,
    actor: Actor,
    application: Application,
    working_days: int,
    reason: str,
    on: datetime.date | None = None,
) -> Letter:
    """第三十五条: reasons accepted but 20 working days are not enough: set a reasonable period
    and tell the applicant (the 告知书 is returned)."""
    return APPLICATION.apply(
        actor, application, Action.SET_REASONABLE_PERIOD, working_days=working_days, reason=reason, on=on
    )


@APPLICATION.effect(Action.SET_REASONABLE_PERIOD)
def _set_reasonable_period(ctx: AppContext) -> Letter:
    app, on = ctx.obj, _on(ctx)
    working_days = int(ctx.data.get("working_days") or 0)
    reason = str(ctx.data.get("reason") or "").strip()
    if not clock_rules.REPLY_WORKING_DAYS < working_days <= MAX_REASONABLE_PERIOD:
        raise ValidationFailed(
            f"合理期限应长于20个工作日，且不超过{MAX_REASONABLE_PERIOD}个工作日。",
            fields={"working_days": ["应大于20。"]},
        )
    if not reason:
        raise ValidationFailed("请说明理由。", fields={"reason": ["请说明理由。"]})
    add_event(app, EventKind.REASONABLE_PERIOD_SET, on, ctx.actor, {"working_days": working_days, "reason": reason})
    clock = refresh_clock(ctx, on)
    if clock.due_on is None:
        raise APPLICATION.refuse(app, ctx.transition, "当前无法计算答复期限（等待补正中）。")
    body = compose.compose_reasonable_period(app, working_days, reason, clock.due_on)
    return send_notice(app, LetterKind.REASONABLE_PERIOD, body, ctx.actor, on)


# --------------------------------------------------------------------------- 第三十二条


def application_notify_third_party(
    *,
    actor: Actor,
    application: Application,
    reasons: str,
    disclose_on: datetime.date,
    consultation_id: int | None = None,
    on: datetime.date | None = None,
) -> Letter:
    """第三十二条: tell an objecting third party in writing that the agency decided to disclose,
    with the content, the reasons and the date of disclosure. The disclosing reply cannot be
    signed before that notice, nor before `disclose_on`."""
    return APPLICATION.apply(
        actor,
        application,
        Action.NOTIFY_THIRD_PARTY,
        reasons=reasons,
        disclose_on=disclose_on,
        consultation_id=consultation_id,
        on=on,
    )


@APPLICATION.effect(Action.NOTIFY_THIRD_PARTY)
def _notify_third_party(ctx: AppContext) -> Letter:
    app, on = ctx.obj, _on(ctx)
    pending = Consultation.objects.select_for_update().filter(
        application=app,
        kind=ConsultationKind.THIRD_PARTY,
        answer=ConsultationAnswer.OBJECTION,
        notified_on__isnull=True,
    )
    wanted = ctx.data.get("consultation_id")
    if wanted:
        consultation = pending.filter(pk=int(wanted)).first()
        if consultation is None:
            raise NotFound("未找到该不同意公开的第三方。")
    else:
        found = list(pending[:2])
        if len(found) > 1:
            raise ValidationFailed("有多个不同意公开的第三方，请选择告知对象。", fields={"consultation": ["请选择。"]})
        consultation = found[0]
    reasons = str(ctx.data.get("reasons") or "").strip()
    disclose_on = ctx.data.get("disclose_on")
    errors: dict[str, list[str]] = {}
    if not reasons:
        errors["reasons"] = ["请写明决定公开的理由（如不公开可能对公共利益造成重大影响的情形）。"]
    if not isinstance(disclose_on, datetime.date) or not on < disclose_on <= on + datetime.timedelta(
        days=MAX_DISCLOSURE_DELAY_DAYS
    ):
        errors["disclose_on"] = [f"公开日期应晚于告知之日，且不超过{MAX_DISCLOSURE_DELAY_DAYS}日。"]
    if consultation.answered_on is not None and on < consultation.answered_on:
        errors["on"] = ["告知日期不能早于第三方提出意见之日。"]
    if errors:
        raise ValidationFailed("告知第三方的内容有误。", fields=errors)
    assert isinstance(disclose_on, datetime.date)  # noqa: S101 — checked above
    consultation.notified_on = on
    consultation.disclose_on = disclose_on
    consultation.save(update_fields=["notified_on", "disclose_on"])
    add_event(
        app,
        EventKind.THIRD_PARTY_NOTIFIED,
        on,
        ctx.actor,
        {"consultation_id": consultation.pk, "disclose_on": disclose_on.isoformat()},
    )
    ctx.after.update({"consultation": consultation.pk, "disclose_on": disclose_on.isoformat()})
    body = compose.compose_third_party_notice(app, consultation, reasons, disclose_on)
    return send_notice(
        app,
        LetterKind.THIRD_PARTY_NOTICE,
        body,
        ctx.actor,
        on,
        recipient=consultation.party_name,
        consultation=consultation,
    )

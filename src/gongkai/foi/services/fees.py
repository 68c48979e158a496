"""信息处理费 (条例第四十二条, 《政府信息公开信息处理费管理办法》国办函〔2020〕109号): the notice,
its delivery, payment.

- A fee notice only within the reply period: it is part of handling the application, so it is
  refused once the due date has passed (109号: 在答复期限内发出收费通知).
- The 20 working days to pay run from the day the applicant receives the notice, determined by
  channel as 条例第三十一条 does for applications: in person — the day handed over; online or
  e-mail — the day both sides confirm; by mail — the day of 签收 (recorded when the receipt
  returns; until then there is no last day and the case cannot lapse). Counting starts the next
  day; the last day is included and the letter says so ("X年X月X日（含）前").
"""

from __future__ import annotations

import datetime

from gongkai.core.actors import Actor
from gongkai.core.errors import ValidationFailed
from gongkai.core.transitions import Context
from gongkai.foi import letters as compose
from gongkai.foi import selectors
from gongkai.foi.fees import PAYMENT_WORKING_DAYS, FeeError, FeeMethod, fee_quote
from gongkai.foi.models import Application, EventKind, FeeDelivery, FeeNotice, LetterKind
from gongkai.foi.services._common import AppContext, add_event, refresh_clock
from gongkai.foi.services._common import today as _today
from gongkai.foi.services.letters import send_notice
from gongkai.foi.transitions import APPLICATION, FEE_NOTICE, Action, FeeAction
from gongkai.workdays import selectors as workdays

MAX_DELIVERY_DAYS = 60  # a receipt date more than this after sending is a typing error


def _on(ctx: AppContext, key: str = "on") -> datetime.date:
    value = ctx.data.get(key)
    return value if isinstance(value, datetime.date) else _today()


def pay_by_of(delivered_on: datetime.date) -> datetime.date:
    """109号: the last day to pay, 20 working days after the day the notice was received."""
    return workdays.add_working_days(delivered_on, PAYMENT_WORKING_DAYS).date


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


def application_send_fee_notice(
    *,
    actor: Actor,
    application: Application,
    method: str,
    quantity: int,
    payment_method: str,
    delivery: str = FeeDelivery.IN_PERSON,
    delivered_on: datetime.date | None = None,
    on: datetime.date | None = None,
) -> FeeNotice:
    """条例第四十二条, 国办函〔2020〕109号: one method per application, within the reply period;
    20 working days to pay from the day the applicant receives the notice."""
    return APPLICATION.apply(
        actor,
        application,
        Action.SEND_FEE_NOTICE,
        method=method,
        quantity=quantity,
        payment_method=payment_method,
        delivery=delivery,
        delivered_on=delivered_on,
        on=on,
    )


def _delivery_day(ctx: AppContext, delivery: str, on: datetime.date) -> datetime.date | None:
    if delivery not in FeeDelivery.values:
        raise ValidationFailed("请选择收费通知的送达方式。", fields={"delivery": ["请选择送达方式。"]})
    if delivery == FeeDelivery.MAIL:
        return None  # 签收之日, recorded later (record_fee_delivery)
    day = ctx.data.get("delivered_on")
    if delivery == FeeDelivery.IN_PERSON or not isinstance(day, datetime.date):
        return on
    if not on <= day <= on + datetime.timedelta(days=MAX_DELIVERY_DAYS):
        raise ValidationFailed("确认日期应不早于发出之日。", fields={"delivered_on": ["日期有误。"]})
    return day


@APPLICATION.effect(Action.SEND_FEE_NOTICE)
def _send_fee_notice(ctx: AppContext) -> FeeNotice:
    app, on = ctx.obj, _on(ctx)
    method = str(ctx.data.get("method") or "")
    quantity = int(ctx.data.get("quantity") or 0)
    payment_method = str(ctx.data.get("payment_method") or "").strip()
    delivery = str(ctx.data.get("delivery") or FeeDelivery.IN_PERSON)
    current = selectors.clock_of(app, today=on)
    if current.due_on is not None and on > current.due_on:
        # 109号: the notice belongs to the handling of the application, inside its reply period.
        raise APPLICATION.refuse(
            app, ctx.transition, f"答复期限已于{current.due_on:%Y年%m月%d日}届满，不能再发出收费通知。"
        )
    already = pieces_earlier_this_month(app) if method == FeeMethod.BY_PIECE else 0
    try:
        quote = fee_quote(method, quantity, already_this_month=already)
    except FeeError as exc:
        raise ValidationFailed(str(exc), fields={"method": [str(exc)]}) from None
    if quote.amount == 0:
        raise ValidationFailed("按所选方式计算的金额为零，无需发出收费通知。", fields={"quantity": ["金额为零。"]})
    if not payment_method:
        raise ValidationFailed("请写明缴纳方式。", fields={"payment_method": ["请写明缴纳方式。"]})
    delivered_on = _delivery_day(ctx, delivery, on)
    pay_by = pay_by_of(delivered_on) if delivered_on is not None else None
    notice = FeeNotice.objects.create(
        application=app,
        method=method,
        quantity=quantity,
        already_this_month=already,
        amount=quote.amount,
        sent_on=on,
        delivery=delivery,
        delivered_on=delivered_on,
        pay_by=pay_by,
        payment_method=payment_method,
    )
    add_event(
        app,
        EventKind.FEE_NOTICE_SENT,
        on,
        ctx.actor,
        {"amount": quote.amount, "pay_by": pay_by.isoformat() if pay_by else None, "delivery": delivery},
    )
    refresh_clock(ctx, on)
    body = compose.compose_fee(app, quote, pay_by, payment_method, mailed=delivery == FeeDelivery.MAIL)
    send_notice(app, LetterKind.FEE, body, ctx.actor, on)
    return notice


def application_record_fee_delivery(
    *, actor: Actor, application: Application, delivered_on: datetime.date
) -> FeeNotice:
    """A mailed fee notice was signed for on `delivered_on`: the 20 working days start."""
    return APPLICATION.apply(actor, application, Action.RECORD_FEE_DELIVERY, delivered_on=delivered_on)


@APPLICATION.effect(Action.RECORD_FEE_DELIVERY)
def _record_fee_delivery(ctx: AppContext) -> FeeNotice:
    app = ctx.obj
    notice = FeeNotice.objects.select_for_update().get(application=app)
    day = ctx.data.get("delivered_on")
    if not isinstance(day, datetime.date) or not notice.sent_on <= day <= notice.sent_on + datetime.timedelta(
        days=MAX_DELIVERY_DAYS
    ):
        raise ValidationFailed("签收日期应不早于发出之日。", fields={"delivered_on": ["日期有误。"]})
    notice.delivered_on = day
    notice.pay_by = pay_by_of(day)
    notice.save(update_fields=["delivered_on", "pay_by"])
    add_event(app, EventKind.FEE_NOTICE_DELIVERED, day, ctx.actor, {"pay_by": notice.pay_by.isoformat()})
    ctx.after.update({"delivered_on": day.isoformat(), "pay_by": notice.pay_by.isoformat()})
    return notice


def application_record_payment(*, actor: Actor, application: Application, on: datetime.date | None = None) -> FeeNotice:
    return APPLICATION.apply(actor, application, Action.RECORD_PAYMENT, on=on)


@APPLICATION.effect(Action.RECORD_PAYMENT)
def _record_payment(ctx: AppContext) -> FeeNotice:
    app, on = ctx.obj, _on(ctx)
    notice = selectors.fee_notice_of(app)
    if notice is None:
        raise APPLICATION.refuse(app, ctx.transition, "本申请没有待缴的收费通知。")
    if notice.pay_by is not None and on > notice.pay_by:
        raise APPLICATION.refuse(
            app, ctx.transition, f"缴费期限已于{notice.pay_by:%Y年%m月%d日}届满，逾期未缴纳的视为放弃申请。"
        )
    if on < notice.sent_on:
        raise ValidationFailed("缴费日期不能早于收费通知发出之日。", fields={"on": ["日期有误。"]})
    notice = FEE_NOTICE.apply_nested(ctx.actor, notice, FeeAction.PAY, on=on)
    add_event(app, EventKind.FEE_PAID, on, ctx.actor, {"amount": notice.amount})
    refresh_clock(ctx, on)
    return notice


@FEE_NOTICE.effect(FeeAction.PAY)
def _pay_fee_notice(ctx: Context[FeeNotice]) -> FeeNotice:
    ctx.update(paid_on=ctx.data["on"])
    return ctx.obj

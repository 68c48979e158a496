"""行政复议 and 行政诉讼 against the handling of a case (annual report table 四).

Recording one is a row of the application's table (only on a replied or closed case); deciding
one is the appeal's own small table: pending --decide--> upheld | corrected | other.
"""

from __future__ import annotations

import datetime

from gongkai.core.actors import Actor
from gongkai.core.errors import ValidationFailed
from gongkai.core.transitions import Context
from gongkai.foi.models import Appeal, AppealKind, AppealResult, Application
from gongkai.foi.services._common import AppContext
from gongkai.foi.transitions import APPEAL, APPLICATION, Action, AppealAction


def appeal_record(
    *,
    actor: Actor,
    application: Application,
    kind: str,
    filed_on: datetime.date,
    body: str,
    case_number: str = "",
    note: str = "",
) -> Appeal:
    """行政复议 or 行政诉讼 (直接起诉 / 复议后起诉) against the handling of a case (table 四)."""
    return APPLICATION.apply(
        actor,
        application,
        Action.RECORD_APPEAL,
        kind=kind,
        filed_on=filed_on,
        body=body,
        case_number=case_number,
        note=note,
    )


@APPLICATION.effect(Action.RECORD_APPEAL)
def _record_appeal(ctx: AppContext) -> Appeal:
    app = ctx.obj
    kind = str(ctx.data.get("kind") or "")
    body = str(ctx.data.get("body") or "").strip()
    filed_on = ctx.data.get("filed_on")
    errors: dict[str, list[str]] = {}
    if kind not in AppealKind.values:
        errors["kind"] = ["请选择复议或诉讼类型。"]
    if not body:
        errors["body"] = ["请填写复议机关或人民法院。"]
    if not isinstance(filed_on, datetime.date):
        errors["filed_on"] = ["请填写提起日期。"]
    elif filed_on < app.received_on:
        errors["filed_on"] = ["提起日期不能早于收到申请之日。"]
    if errors or not isinstance(filed_on, datetime.date):
        raise ValidationFailed("复议、诉讼信息有误。", fields=errors)
    appeal = Appeal.objects.create(
        application=app,
        kind=kind,
        filed_on=filed_on,
        body=body,
        case_number=str(ctx.data.get("case_number") or "").strip(),
        note=str(ctx.data.get("note") or ""),
    )
    ctx.after.update({"appeal": appeal.pk, "kind": kind})
    return appeal


def appeal_decide(*, actor: Actor, appeal: Appeal, result: str, decided_on: datetime.date) -> Appeal:
    return APPEAL.apply(actor, appeal, AppealAction.DECIDE, result=result, decided_on=decided_on)


@APPEAL.effect(AppealAction.DECIDE)
def _decide(ctx: Context[Appeal]) -> Appeal:
    appeal = ctx.obj
    result = str(ctx.data.get("result") or "")
    decided_on = ctx.data.get("decided_on")
    if result not in AppealResult.values or result == AppealResult.PENDING:
        raise ValidationFailed("请选择审结结果。", fields={"result": ["请选择维持、纠正或其他结果。"]})
    if not isinstance(decided_on, datetime.date) or decided_on < appeal.filed_on:
        raise ValidationFailed("审结日期不能早于提起日期。", fields={"decided_on": ["日期有误。"]})
    ctx.update(decided_on=decided_on)
    ctx.move_to(result)
    ctx.after["application"] = appeal.application_id
    return appeal

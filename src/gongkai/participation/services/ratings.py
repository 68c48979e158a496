"""好差评 (国办发〔2019〕51号): five levels; every 差评 (不满意, 非常不满意) opens a rectification
with a deadline (a local rule: 四川 15 WD, 德州 5 WD — `rectification_working_days`), a 回访
record (实名差评回访（整改）率100%) and the result (整改 / 解释说明 / 申诉复核认定误评)."""

import datetime
import re
from typing import Any

from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.orgs.models import Organization
from gongkai.participation import permissions, selectors
from gongkai.participation.models import Rating, RatingLevel, Rectification, RectificationResult, ServiceChannel
from gongkai.participation.services._common import check_token, clean_text, once, same_text, today_or, token_reused
from gongkai.workdays import services as workdays_services

OWNER_LABEL = "participation.rectification"
_PHONE = re.compile(r"^[0-9+\-() ]{7,30}$")


def on_deadlines_moved(changes: list[Any]) -> None:
    for change in changes:
        Rectification.objects.filter(pk=int(change.owner_id)).update(
            due_on=change.new_due_date, due_provisional=change.new_provisional
        )


@transaction.atomic
def rating_submit(
    *,
    org: Organization,
    level: int,
    token: str,
    comment: str = "",
    service_name: str = "",
    channel: str = ServiceChannel.ONLINE,
    rater_name: str = "",
    rater_phone: str = "",
    today: datetime.date | None = None,
) -> tuple[Rating, bool]:
    """One rating (一次一评 / 一事一评). A 差评 opens its rectification in the same transaction."""
    token = check_token(token)

    def same(r: Rating) -> bool:
        return r.org_id == org.pk and r.level == level and same_text(r.comment, comment)

    existing = Rating.objects.filter(token=token).first()
    if existing is not None:
        if not same(existing):
            raise token_reused()
        return existing, False
    today = today_or(today)
    errors: dict[str, list[str]] = {}
    if level not in RatingLevel.values:
        errors["level"] = ["请选择评价等级。"]
    if channel not in ServiceChannel.values:
        errors["channel"] = ["请选择服务渠道。"]
    comment = clean_text(comment, label="评价内容", field="comment", required=False, limit=1000, errors=errors)
    service_name = clean_text(
        service_name, label="服务事项", field="service_name", required=False, limit=200, errors=errors
    )
    rater_name = clean_text(rater_name, label="姓名", field="rater_name", required=False, limit=50, errors=errors)
    rater_phone = (rater_phone or "").strip()
    if rater_phone and not _PHONE.match(rater_phone):
        errors["rater_phone"] = ["联系电话格式不正确。"]
    if errors:
        raise ValidationFailed("评价未提交，请检查后重试。", code="rating_invalid", fields=errors)

    def create() -> Rating:
        return Rating.objects.create(
            org=org,
            level=level,
            comment=comment,
            service_name=service_name,
            channel=channel,
            rater_name=rater_name,
            rater_phone=rater_phone,
            rated_on=today,
            token=token,
        )

    rating, created = once(Rating, token, create, same)
    if created:
        audit_record(actor=None, action="rating.received", obj=rating, after={"org": org.pk, "level": level})
        if rating.is_bad:
            days = selectors.settings_for(org).rectification_working_days
            task = Rectification.objects.create(rating=rating, due_on=today)
            deadline = workdays_services.deadline_track(
                owner_label=OWNER_LABEL, owner_id=task.pk, kind="rectify", start=today, working_days=days
            )
            task.due_on, task.due_provisional = deadline.due_date, deadline.provisional
            task.save(update_fields=["due_on", "due_provisional"])
            audit_record(
                actor=None, action="rating.rectification_opened", obj=task, after={"due_on": task.due_on.isoformat()}
            )
    return rating, created


def _lock(task: Rectification, actor: Actor) -> Rectification:
    task = Rectification.objects.select_for_update().select_related("rating", "rating__org").get(pk=task.pk)
    if not permissions.can_handle_ratings(actor, task.rating.org):
        raise NotFound("未找到该整改任务。")
    if task.closed_on is not None:
        raise Conflict("该整改任务已办结。", code="illegal_transition")
    return task


@transaction.atomic
def rectification_follow_up(
    *, actor: Actor, rectification: Rectification, note: str, today: datetime.date | None = None
) -> Rectification:
    """回访: 专人回访核实 what the rater experienced."""
    task = _lock(rectification, actor)
    errors: dict[str, list[str]] = {}
    note = clean_text(note, label="回访记录", field="note", required=True, limit=2000, errors=errors)
    if errors:
        raise ValidationFailed("回访记录未保存。", code="follow_up_invalid", fields=errors)
    task.followup_note = note
    task.followed_up_on = today_or(today)
    task.save(update_fields=["followup_note", "followed_up_on"])
    audit_record(actor=actor, action="rating.followed_up", obj=task, after={"on": task.followed_up_on.isoformat()})
    return task


@transaction.atomic
def rectification_close(
    *, actor: Actor, rectification: Rectification, result: str, note: str, today: datetime.date | None = None
) -> Rectification:
    """The result: 已整改, 已解释说明, or 申诉复核认定误评. A named rating must be followed up first."""
    task = _lock(rectification, actor)
    if not permissions.can_handle_ratings(actor, task.rating.org):
        raise PermissionDenied()
    errors: dict[str, list[str]] = {}
    if result not in RectificationResult.values:
        errors["result"] = ["请选择整改结果。"]
    note = clean_text(note, label="整改情况", field="note", required=True, limit=2000, errors=errors)
    if task.rating.rater_phone and task.followed_up_on is None:
        errors["followup"] = ["实名差评须先回访（国办发〔2019〕51号：实名差评回访率100%）。"]
    if errors:
        raise ValidationFailed("整改结果未保存。", code="rectification_invalid", fields=errors)
    task.result = result
    task.result_note = note
    task.closed_on = today_or(today)
    task.closed_by_id = actor.pk
    task.save(update_fields=["result", "result_note", "closed_on", "closed_by"])
    workdays_services.deadline_close(owner_label=OWNER_LABEL, owner_id=task.pk, actor=actor)
    audit_record(
        actor=actor,
        action="rating.rectification_closed",
        obj=task,
        after={"result": result, "closed_on": task.closed_on.isoformat(), "late": task.closed_on > task.due_on},
    )
    return task

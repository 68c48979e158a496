"""审核: each step of the org's review workflow approves or rejects the current revision."""

from django.db.models import Q

from gongkai.core.actors import Actor
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.transitions import Context
from gongkai.disclosure import permissions, selectors
from gongkai.disclosure.models import Decision, Kind, Publication, ReviewDecision, State
from gongkai.disclosure.services._common import user_of
from gongkai.disclosure.transitions import PUBLICATION, Action
from gongkai.orgs.roles import Role


def _has_interpretation_in_review(publication: Publication) -> bool:
    """三同步: an interpretation of this policy submitted with it (or already out)."""
    return Publication.objects.filter(
        Q(current_revision__interprets=publication) | Q(interprets=publication),
        kind=Kind.INTERPRETATION,
        state__in=[State.IN_REVIEW, State.APPROVED, State.PUBLISHED],
    ).exists()


def publication_decide(
    *, actor: Actor, publication: Publication, decision: str, opinion: str = "", override_reason: str = ""
) -> ReviewDecision:
    """Approve or reject the current revision at the current review step."""
    if decision not in Decision.values:
        raise ValidationFailed(
            "审核结论应为通过或退回。", code="decision_invalid", fields={"decision": ["无效的结论。"]}
        )
    action = Action.APPROVE if decision == Decision.APPROVE else Action.REJECT
    try:
        return PUBLICATION.apply(actor, publication, action, opinion=opinion, override_reason=override_reason)
    except PermissionDenied:
        # Tell the reviewer which step waits for whom (they can see the item, or it would be 404).
        fresh = Publication.objects.select_related("org", "current_revision").filter(pk=publication.pk).first()
        if fresh is not None and permissions.is_own_draft(actor, fresh):
            raise PermissionDenied(permissions.OWN_DRAFT_REFUSED) from None
        step = selectors.current_step(fresh) if fresh is not None else None
        if step is None:
            raise
        raise PermissionDenied(f"“{step.name}”环节须由{Role(step.role).label}人员审核。") from None


def _decide(ctx: Context[Publication], decision: str) -> ReviewDecision:
    publication = ctx.obj
    opinion, override_reason = ctx.data.get("opinion", "").strip(), ctx.data.get("override_reason", "").strip()
    step = selectors.current_step(publication)
    if step is None:  # every step approved: the state would be APPROVED, not IN_REVIEW
        raise RuntimeError(f"publication {publication.pk} in review without a pending step")
    revision = publication.working_revision
    if decision == Decision.REJECT and not opinion:
        raise ValidationFailed(
            "退回时须填写审核意见。", code="opinion_required", fields={"opinion": ["请填写退回理由。"]}
        )
    is_last = selectors.is_last_step(publication, step)
    needs_interpretation = (
        decision == Decision.APPROVE
        and is_last
        and revision.is_major_policy
        and not _has_interpretation_in_review(publication)
    )
    # 三同步: 政策文件与解读材料同步组织、同步审签、同步部署 (国办发〔2016〕80号 实施细则).
    if needs_interpretation and not override_reason:
        raise ValidationFailed(
            "重大政策须与政策解读同步审签（三同步）。请先提交解读，或填写未同步解读的理由。",
            code="interpretation_required",
            fields={"override_reason": ["请填写未同步解读的理由。"]},
        )
    record = ReviewDecision.objects.create(
        revision=revision,
        step_order=step.order,
        step_name=step.name,
        actor=user_of(ctx.actor),
        decision=decision,
        opinion=opinion,
        override_reason=override_reason if decision == Decision.APPROVE else "",
    )
    if decision == Decision.APPROVE and not is_last:
        ctx.move_to(State.IN_REVIEW)  # the next step decides; only the last one approves the item
    ctx.after.update(
        {
            "revision": revision.number,
            "step": step.name,
            "opinion": record.opinion,
            "override_reason": record.override_reason,
        }
    )
    return record


@PUBLICATION.effect(Action.APPROVE)
def _approve(ctx: Context[Publication]) -> ReviewDecision:
    return _decide(ctx, Decision.APPROVE)


@PUBLICATION.effect(Action.REJECT)
def _reject(ctx: Context[Publication]) -> ReviewDecision:
    return _decide(ctx, Decision.REJECT)

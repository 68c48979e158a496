"""The state table of a publication: which action is allowed in which state.

draft --submit--> in_review --approve (last step)--> approved --publish--> published
in_review --reject--> draft; any edit of a submitted, approved or published text starts a new
revision in draft (a new revision restarts review: 一事一审) while the published revision stays
public; published --withdraw--> withdrawn.
"""

from django.db import models

from gongkai.core.errors import Conflict
from gongkai.disclosure.models import Publication, State


class Action(models.TextChoices):
    EDIT = "edit", "修改"
    SUBMIT = "submit", "送审"
    APPROVE = "approve", "审核通过"
    REJECT = "reject", "退回"
    PUBLISH = "publish", "发布"
    WITHDRAW = "withdraw", "撤回"
    CHANGE_VALIDITY = "change_validity", "变更有效性"
    ATTACH = "attach", "上传附件"
    MASK = "mask", "去标识化"


ALLOWED: dict[Action, frozenset[State]] = {
    Action.EDIT: frozenset({State.DRAFT, State.IN_REVIEW, State.APPROVED, State.PUBLISHED}),
    Action.SUBMIT: frozenset({State.DRAFT}),
    Action.APPROVE: frozenset({State.IN_REVIEW}),
    Action.REJECT: frozenset({State.IN_REVIEW}),
    Action.PUBLISH: frozenset({State.APPROVED}),
    Action.ATTACH: frozenset({State.DRAFT}),
    Action.MASK: frozenset({State.DRAFT, State.IN_REVIEW, State.APPROVED}),
}


def is_public_record(publication: Publication) -> bool:
    """Has been published and not withdrawn (it may have a newer revision in review)."""
    return publication.published_revision_id is not None and publication.state != State.WITHDRAWN


def check(action: Action, publication: Publication) -> None:
    """Raise Conflict (409) when `action` is not allowed in the publication's state."""
    if action in (Action.WITHDRAW, Action.CHANGE_VALIDITY):
        allowed = is_public_record(publication)
    else:
        allowed = State(publication.state) in ALLOWED[action]
    if not allowed:
        raise Conflict(
            f"“{State(publication.state).label}”状态下不能{action.label}。",
            code="illegal_transition",
            extra={"state": publication.state, "action": action.value},
        )

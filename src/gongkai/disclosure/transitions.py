"""The state table of a publication: which action is allowed in which state, and for whom.

draft --submit--> in_review --approve (last step)--> approved --publish--> published
in_review --reject--> draft; any edit of a submitted, approved or published text starts a new
revision in draft (a new revision restarts review: 一事一审) while the published revision stays
public; a public record (published once and not withdrawn, whatever its working revision is
doing) --withdraw--> withdrawn, and has its validity changed in place.

Only the org's (or an ancestor's) editorial staff know that unpublished work exists: for
anyone else every action is *not found*. The services register each action's effect.
"""

from django.db import models

from gongkai.core.transitions import Transition, Workflow
from gongkai.disclosure import permissions
from gongkai.disclosure.attachments import has_working_attachments, public_attachments
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
    DETACH = "detach", "删除附件"
    TAKE_DOWN = "take_down_attachment", "撤下附件"
    MASK = "mask", "去标识化"


def is_public_record(publication: Publication) -> bool:
    """Has been published and not withdrawn (it may have a newer revision in review)."""
    return publication.published_revision_id is not None and publication.state != State.WITHDRAWN


def has_public_attachments(publication: Publication) -> bool:
    return is_public_record(publication) and public_attachments(publication).exists()


_WORKING = frozenset({State.DRAFT, State.IN_REVIEW, State.APPROVED})
_NOT_WITHDRAWN = _WORKING | {State.PUBLISHED}
_DRAFTER = "您不是该机构的起草人员。"

PUBLICATION: Workflow[Publication] = Workflow(
    name="publication",
    model=Publication,
    states=State,
    visible=permissions.can_see_unpublished,
    not_found="未找到该信息。",
    lock_related=("org", "current_revision"),
    effects_module="gongkai.disclosure.services",
    # The suggested next step is the workflow's path (送审, 审核, 发布); editing, attachments,
    # masking, validity and sending back are side tasks a page offers after it.
    side_tasks=(
        *(Action.EDIT, Action.ATTACH, Action.DETACH, Action.MASK),
        *(Action.CHANGE_VALIDITY, Action.TAKE_DOWN, Action.REJECT),
    ),
    transitions=[
        Transition(
            Action.EDIT,
            Action.EDIT.label,
            _NOT_WITHDRAWN,
            State.DRAFT,
            permissions.can_edit,
            denied=_DRAFTER,
            audit_action="publication.edited",
        ),
        Transition(
            Action.SUBMIT,
            Action.SUBMIT.label,
            frozenset({State.DRAFT}),
            State.IN_REVIEW,
            permissions.can_submit,
            denied=_DRAFTER,
            audit_action="publication.submitted",
        ),
        # The target is the table's outcome of the last step; an earlier step stays in review
        # (the effect moves it back with ctx.move_to). The current step's role decides.
        Transition(
            Action.APPROVE,
            Action.APPROVE.label,
            frozenset({State.IN_REVIEW}),
            State.APPROVED,
            permissions.can_decide_step,
            denied="当前审核环节须由该环节指定角色的人员审核。",
            audit_action="publication.approved",
        ),
        Transition(
            Action.REJECT,
            Action.REJECT.label,
            frozenset({State.IN_REVIEW}),
            State.DRAFT,
            permissions.can_decide_step,
            denied="当前审核环节须由该环节指定角色的人员审核。",
            audit_action="publication.rejected",
        ),
        Transition(
            Action.PUBLISH,
            Action.PUBLISH.label,
            frozenset({State.APPROVED}),
            State.PUBLISHED,
            permissions.can_publish,
            denied="只有签发人员或政务公开管理员可以发布。",
            audit_action="publication.published",
        ),
        Transition(
            Action.WITHDRAW,
            Action.WITHDRAW.label,
            _NOT_WITHDRAWN,
            State.WITHDRAWN,
            permissions.can_withdraw,
            denied="只有签发人员或政务公开管理员可以撤回已发布的信息。",
            when=is_public_record,
            audit_action="publication.withdrawn",
        ),
        Transition(
            Action.CHANGE_VALIDITY,
            Action.CHANGE_VALIDITY.label,
            _NOT_WITHDRAWN,
            None,
            permissions.can_change_validity,
            when=is_public_record,
            audit_action="publication.validity_changed",
        ),
        Transition(
            Action.ATTACH,
            Action.ATTACH.label,
            frozenset({State.DRAFT}),
            None,
            permissions.can_edit,
            denied=_DRAFTER,
            audit_action="publication.attachment_added",
        ),
        # Removing is an edit of the draft like adding: a public attachment leaves the public
        # page when this revision is released (disclosure/attachments.py).
        Transition(
            Action.DETACH,
            Action.DETACH.label,
            frozenset({State.DRAFT}),
            None,
            permissions.can_edit,
            denied=_DRAFTER,
            when=has_working_attachments,
            when_fails="没有可删除的附件。",
            audit_action="publication.attachment_removed",
        ),
        # A public file found to hold personal data (or to be the wrong one) leaves the public
        # page at once, like 撤回 of the whole item and by the same people, not at the next release.
        Transition(
            Action.TAKE_DOWN,
            Action.TAKE_DOWN.label,
            _NOT_WITHDRAWN,
            None,
            permissions.can_withdraw,
            denied="只有签发人员或政务公开管理员可以撤下已公开的附件。",
            when=has_public_attachments,
            when_fails="没有已公开的附件。",
            audit_action="publication.attachment_taken_down",
        ),
        Transition(
            Action.MASK,
            Action.MASK.label,
            _WORKING,
            None,
            permissions.can_mask,
            denied="您不能对该信息作去标识化处理。",
            audit_action="publication.masked",
        ),
    ],
)

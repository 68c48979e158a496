"""The state tables of a 舆情 event and of a press event.

舆情: registered --assess (研判)--> assessed --respond--> responded --close (效果评估)--> closed;
share (信息共享 with related orgs) stays in place while the event is open.

Press event: planned --hold--> held --publish_transcript--> published; planned --cancel--> cancelled.
Publishing the transcript hands it to disclosure as an interpretation of the policy, which then
goes through the org's own review (先审后发) before the public sees it.
"""

from django.db import models

from gongkai.core.transitions import Transition, Workflow
from gongkai.opinion import permissions
from gongkai.opinion.models import Event, EventState, PressEvent, PressState


class Action(models.TextChoices):
    ASSESS = "assess", "研判"
    RESPOND = "respond", "回应"
    CLOSE = "close", "办结并评估效果"
    SHARE = "share", "共享给相关单位"


class PressAction(models.TextChoices):
    HOLD = "hold", "登记举行情况"
    PUBLISH_TRANSCRIPT = "publish_transcript", "发布实录（作为政策解读送审）"
    CANCEL = "cancel", "取消"


_OPEN = frozenset({EventState.REGISTERED, EventState.ASSESSED, EventState.RESPONDED})

EVENT: Workflow[Event] = Workflow(
    name="opinion_event",
    model=Event,
    states=EventState,
    visible=permissions.can_see_event,
    not_found="未找到该舆情。",
    lock_related=("org", "registered_in"),
    effects_module="gongkai.opinion.services",
    # The suggested next step follows the table (研判, 回应, 办结); 共享 is a side task.
    side_tasks=(Action.SHARE,),
    transitions=[
        Transition(
            Action.ASSESS,
            Action.ASSESS.label,
            frozenset({EventState.REGISTERED}),
            EventState.ASSESSED,
            permissions.can_assess,
            denied="只有责任单位或登记单位的政务公开办可以研判。",
        ),
        Transition(
            Action.RESPOND,
            Action.RESPOND.label,
            frozenset({EventState.ASSESSED}),
            EventState.RESPONDED,
            permissions.can_respond,
            denied="只有责任单位的签发人员或政务公开管理员可以回应舆情。",
        ),
        Transition(
            Action.CLOSE,
            Action.CLOSE.label,
            frozenset({EventState.RESPONDED}),
            EventState.CLOSED,
            permissions.can_respond,
            denied="只有责任单位的签发人员或政务公开管理员可以办结。",
        ),
        Transition(
            Action.SHARE,
            Action.SHARE.label,
            _OPEN,
            None,
            permissions.can_share,
            denied="只有责任单位或登记单位可以共享舆情。",
        ),
    ],
)

PRESS: Workflow[PressEvent] = Workflow(
    name="press_event",
    model=PressEvent,
    states=PressState,
    visible=permissions.can_see_press,
    not_found="未找到该发布活动。",
    lock_related=("org",),
    effects_module="gongkai.opinion.services",
    side_tasks=(PressAction.CANCEL,),
    transitions=[
        Transition(
            PressAction.HOLD,
            PressAction.HOLD.label,
            frozenset({PressState.PLANNED}),
            PressState.HELD,
            permissions.can_run_press,
            denied="您不是该机构的工作人员。",
        ),
        Transition(
            PressAction.PUBLISH_TRANSCRIPT,
            PressAction.PUBLISH_TRANSCRIPT.label,
            frozenset({PressState.HELD}),
            PressState.PUBLISHED,
            permissions.can_publish_transcript,
            denied="实录作为政策解读送审，须由本机构的起草人员办理。",
        ),
        Transition(
            PressAction.CANCEL,
            PressAction.CANCEL.label,
            frozenset({PressState.PLANNED}),
            PressState.CANCELLED,
            permissions.can_run_press,
            denied="您不是该机构的工作人员。",
        ),
    ],
)

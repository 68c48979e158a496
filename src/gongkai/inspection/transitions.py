"""The state tables of a rectification item and of a 政务新媒体 account.

Rectification (限期整改, seed 002 七):
open|reopened --submit (the org reports its fix)--> submitted
submitted --verify (the office checks it)--> verified
submitted --reopen (not fixed)--> reopened
open|submitted|reopened --confirm_fixed (the next inspection no longer finds it; no button)--> verified
submitted --still_found (the next inspection finds it again; no button)--> reopened

政务新媒体 account (开设备案和动态管理; 动态关停 for 更新不及时、无互动功能、严重表述错误: seed 002 七):
active --order_rectification--> rectifying --restore--> active
active|rectifying --shut_down (动态关停)--> closed --reinstate (重新备案)--> active
active|rectifying|closed --deregister--> deregistered
"""

from __future__ import annotations

from django.db import models

from gongkai.core.transitions import Transition, Workflow
from gongkai.inspection import permissions
from gongkai.inspection.models import AccountStatus, MediaAccount, Rectification, RectificationState

R = RectificationState
A = AccountStatus


class RectificationAction(models.TextChoices):
    SUBMIT = "submit", "报送整改情况"
    VERIFY = "verify", "核验通过"
    REOPEN = "reopen", "退回重新整改"
    CONFIRM_FIXED = "confirm_fixed", "复查已整改"
    STILL_FOUND = "still_found", "复查仍存在"


class AccountAction(models.TextChoices):
    ORDER_RECTIFICATION = "order_rectification", "责令限期整改"
    RESTORE = "restore", "整改完成，恢复运营"
    SHUT_DOWN = "shut_down", "动态关停"
    REINSTATE = "reinstate", "重新备案开设"
    DEREGISTER = "deregister", "注销账号"


SUPERVISOR_ONLY = "只有上级政务公开办可以执行此操作。"

RECTIFICATION: Workflow[Rectification] = Workflow(
    name="rectification",
    model=Rectification,
    states=RectificationState,
    visible=permissions.can_see_rectification,
    not_found="未找到该整改事项。",
    lock_related=("org",),
    effects_module="gongkai.inspection.services",
    transitions=[
        Transition(
            RectificationAction.SUBMIT,
            RectificationAction.SUBMIT.label,
            frozenset({R.OPEN, R.REOPENED}),
            R.SUBMITTED,
            permissions.can_submit_rectification,
            denied="只有整改单位的工作人员可以报送整改情况。",
        ),
        Transition(
            RectificationAction.VERIFY,
            RectificationAction.VERIFY.label,
            frozenset({R.SUBMITTED}),
            R.VERIFIED,
            permissions.can_verify_rectification,
            denied=SUPERVISOR_ONLY,
        ),
        Transition(
            RectificationAction.REOPEN,
            RectificationAction.REOPEN.label,
            frozenset({R.SUBMITTED}),
            R.REOPENED,
            permissions.can_verify_rectification,
            denied=SUPERVISOR_ONLY,
        ),
        Transition(
            RectificationAction.CONFIRM_FIXED,
            RectificationAction.CONFIRM_FIXED.label,
            frozenset({R.OPEN, R.SUBMITTED, R.REOPENED}),
            R.VERIFIED,
            permissions.can_verify_rectification,
            denied=SUPERVISOR_ONLY,
            interactive=False,
        ),
        Transition(
            RectificationAction.STILL_FOUND,
            RectificationAction.STILL_FOUND.label,
            frozenset({R.SUBMITTED}),
            R.REOPENED,
            permissions.can_verify_rectification,
            denied=SUPERVISOR_ONLY,
            interactive=False,
        ),
    ],
)

ACCOUNT: Workflow[MediaAccount] = Workflow(
    name="media_account",
    model=MediaAccount,
    states=AccountStatus,
    visible=permissions.can_see_account,
    not_found="未找到该政务新媒体账号。",
    lock_related=("org",),
    state_field="status",
    effects_module="gongkai.inspection.services",
    transitions=[
        Transition(
            AccountAction.ORDER_RECTIFICATION,
            AccountAction.ORDER_RECTIFICATION.label,
            frozenset({A.ACTIVE}),
            A.RECTIFYING,
            permissions.can_manage_account,
            denied=SUPERVISOR_ONLY,
        ),
        Transition(
            AccountAction.RESTORE,
            AccountAction.RESTORE.label,
            frozenset({A.RECTIFYING}),
            A.ACTIVE,
            permissions.can_manage_account,
            denied=SUPERVISOR_ONLY,
        ),
        Transition(
            AccountAction.SHUT_DOWN,
            AccountAction.SHUT_DOWN.label,
            frozenset({A.ACTIVE, A.RECTIFYING}),
            A.CLOSED,
            permissions.can_manage_account,
            denied=SUPERVISOR_ONLY,
        ),
        Transition(
            AccountAction.REINSTATE,
            AccountAction.REINSTATE.label,
            frozenset({A.CLOSED}),
            A.ACTIVE,
            permissions.can_manage_account,
            denied=SUPERVISOR_ONLY,
        ),
        Transition(
            AccountAction.DEREGISTER,
            AccountAction.DEREGISTER.label,
            frozenset({A.ACTIVE, A.RECTIFYING, A.CLOSED}),
            A.DEREGISTERED,
            permissions.can_deregister_account,
            denied="只有本单位政务公开办管理员可以注销账号。",
        ),
    ],
)

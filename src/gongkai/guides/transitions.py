"""The state table of a guide version.

draft --edit (stay)--> draft; draft --publish--> published; draft --discard--> discarded;
published --supersede--> superseded (not a button: publishing the next version supersedes the
current one in the same transaction). A published text is never edited: a change is a new draft.
"""

from django.db import models

from gongkai.core.transitions import Transition, Workflow
from gongkai.guides import permissions
from gongkai.guides.models import GuideVersion, VersionState


class Action(models.TextChoices):
    EDIT = "edit", "修改"
    PUBLISH = "publish", "发布"
    DISCARD = "discard", "放弃草稿"
    SUPERSEDE = "supersede", "替代"


_EDIT_DENIED = "只有本单位起草人员或管理员可以编辑办事指南。"
_PUBLISH_DENIED = "只有本单位签发人或管理员可以发布办事指南。"
_DRAFT = frozenset({VersionState.DRAFT})

VERSION: Workflow[GuideVersion] = Workflow(
    name="guide_version",
    model=GuideVersion,
    states=VersionState,
    visible=permissions.can_see_version,
    not_found="未找到该办事指南。",
    lock_related=("item", "item__org"),
    effects_module="gongkai.guides.services",
    transitions=[
        Transition(Action.EDIT, Action.EDIT.label, _DRAFT, None, permissions.can_edit_version, denied=_EDIT_DENIED),
        Transition(
            Action.PUBLISH,
            Action.PUBLISH.label,
            _DRAFT,
            VersionState.PUBLISHED,
            permissions.can_publish_version,
            denied=_PUBLISH_DENIED,
        ),
        Transition(
            Action.DISCARD,
            Action.DISCARD.label,
            _DRAFT,
            VersionState.DISCARDED,
            permissions.can_edit_version,
            denied=_EDIT_DENIED,
        ),
        Transition(
            Action.SUPERSEDE,
            Action.SUPERSEDE.label,
            frozenset({VersionState.PUBLISHED}),
            VersionState.SUPERSEDED,
            permissions.can_publish_version,
            denied=_PUBLISH_DENIED,
            interactive=False,
        ),
    ],
)

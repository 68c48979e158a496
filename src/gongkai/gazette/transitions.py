"""The state table of a gazette issue.

draft --edit (stay)--> draft (contents); draft --publish--> published (needs entries);
draft --discard--> discarded. A published issue is never changed (a 公报 is a printed record).
"""

from django.db import models

from gongkai.core.transitions import Transition, Workflow
from gongkai.gazette import permissions
from gongkai.gazette.models import GazetteIssue, IssueState


class Action(models.TextChoices):
    EDIT = "edit", "编辑目录"
    PUBLISH = "publish", "出版"
    DISCARD = "discard", "作废"


_EDIT_DENIED = "只有本单位起草人员或管理员可以编辑公报。"
_DRAFT = frozenset({IssueState.DRAFT})


def has_entries(issue: GazetteIssue) -> bool:
    return issue.entries.exists()


ISSUE: Workflow[GazetteIssue] = Workflow(
    name="gazette_issue",
    model=GazetteIssue,
    states=IssueState,
    visible=permissions.can_see_issue,
    not_found="未找到该期公报。",
    lock_related=("org",),
    effects_module="gongkai.gazette.services",
    transitions=[
        Transition(Action.EDIT, Action.EDIT.label, _DRAFT, None, permissions.can_edit_issue, denied=_EDIT_DENIED),
        Transition(
            Action.PUBLISH,
            Action.PUBLISH.label,
            _DRAFT,
            IssueState.PUBLISHED,
            permissions.can_publish_issue,
            denied="只有本单位签发人或管理员可以出版公报。",
            when=has_entries,
            when_fails="本期公报没有目录条目，不能出版。",
        ),
        Transition(
            Action.DISCARD,
            Action.DISCARD.label,
            _DRAFT,
            IssueState.DISCARDED,
            permissions.can_edit_issue,
            denied=_EDIT_DENIED,
        ),
    ],
)

"""The state table of a catalog version.

draft --edit (stay)--> draft; draft --publish--> published; draft --discard--> discarded;
published --supersede--> superseded; draft or published --bind (stay)--> itself
(not a button: publishing the next version supersedes the current one, in the same transaction).
Published versions are never edited: a change starts a new draft (a copy), so what the public
saw on any day stays on record.
"""

from typing import cast

from django.db import models

from gongkai.catalogs import permissions
from gongkai.catalogs.models import CatalogVersion, VersionState
from gongkai.core.actors import Actor
from gongkai.core.transitions import Transition, Workflow


class Action(models.TextChoices):
    EDIT = "edit", "编辑事项"
    PUBLISH = "publish", "发布"
    DISCARD = "discard", "放弃草稿"
    BIND = "bind", "关联栏目"
    SUPERSEDE = "supersede", "替代"


_ADMIN_ONLY = "只有政务公开管理员可以编制和发布标准目录。"


def has_items(version: CatalogVersion) -> bool:
    return version.items.exists()


VERSION: Workflow[CatalogVersion] = Workflow(
    name="catalog_version",
    model=CatalogVersion,
    states=VersionState,
    visible=permissions.can_see_version,
    not_found="未找到该标准目录版本。",
    lock_related=("catalog", "catalog__org"),
    effects_module="gongkai.catalogs.services",
    transitions=[
        Transition(
            Action.EDIT,
            Action.EDIT.label,
            frozenset({VersionState.DRAFT}),
            None,
            permissions.can_edit_version,
            denied=_ADMIN_ONLY,
        ),
        Transition(
            Action.PUBLISH,
            Action.PUBLISH.label,
            frozenset({VersionState.DRAFT}),
            VersionState.PUBLISHED,
            permissions.can_publish_version,
            denied=_ADMIN_ONLY,
            when=has_items,
            when_fails="目录中没有事项，不能发布。",
        ),
        Transition(
            Action.DISCARD,
            Action.DISCARD.label,
            frozenset({VersionState.DRAFT}),
            VersionState.DISCARDED,
            permissions.can_edit_version,
            denied=_ADMIN_ONLY,
        ),
        # Binding an item to a 主动公开目录 column links content to it; it does not change what the
        # catalog says, so it is open on the published version too.
        Transition(
            Action.BIND,
            Action.BIND.label,
            frozenset({VersionState.DRAFT, VersionState.PUBLISHED}),
            None,
            permissions.can_edit_version,
            denied=_ADMIN_ONLY,
        ),
        Transition(
            Action.SUPERSEDE,
            Action.SUPERSEDE.label,
            frozenset({VersionState.PUBLISHED}),
            VersionState.SUPERSEDED,
            permissions.can_publish_version,
            denied=_ADMIN_ONLY,
            interactive=False,
        ),
    ],
)


def engine_actor(actor: Actor | None) -> Actor:
    """The engine types its actor as a user; ours may be None, the platform itself (a command on
    the server), which this app's policies (permissions.py) accept and the audit log records as
    "系统"."""
    return cast(Actor, actor)

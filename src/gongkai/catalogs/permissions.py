"""Who may do what with 标准目录 (built on the org tree: a role applies to its org's subtree).

The 政务公开办 (Role.ADMIN) compiles, edits, publishes and binds its catalogs and those of the
orgs beneath it (国办发〔2019〕54号: 基层政府 compile the catalog; 条例第四条 the 工作机构 runs
the catalog work). Every staff role of an org or an ancestor sees its drafts and its coverage
(a county's officers supervise their townships); the public sees published versions only.

`actor=None` is the platform itself: a `gongkai catalog` command run on the server by whoever
runs the platform (core.actors). Pages and the API always pass the request's user (an
AnonymousUser when nobody is signed in), never None.
"""

from gongkai.catalogs.models import CatalogVersion, VersionState
from gongkai.core.actors import Actor
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role

STAFF_ROLES = (Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.FOI_OFFICER, Role.ADMIN)


def can_manage_catalogs(actor: Actor | None, org: Organization) -> bool:
    """Import, edit, publish and bind the org's catalogs."""
    return actor is None or org_permissions.has_role(actor, org, Role.ADMIN)


def can_see_coverage(actor: Actor | None, org: Organization) -> bool:
    return actor is None or org_permissions.has_role(actor, org, *STAFF_ROLES)


def can_see_version(actor: Actor | None, version: CatalogVersion) -> bool:
    """Published and superseded versions are public record; drafts (and discarded ones) are the
    org's staff's."""
    if version.state in (VersionState.PUBLISHED, VersionState.SUPERSEDED):
        return True
    return can_see_coverage(actor, version.catalog.org)


def can_publish_version(actor: Actor | None, version: CatalogVersion) -> bool:
    return can_manage_catalogs(actor, version.catalog.org)


def can_edit_version(actor: Actor | None, version: CatalogVersion) -> bool:
    return can_manage_catalogs(actor, version.catalog.org)

"""Who may do what with an annual report. Roles follow the org tree (gongkai.orgs.permissions):
a role held in an org applies to it and its whole subtree, never upward or sideways.

The org-level policies (``can_edit(actor, org)`` ...) answer before a report exists (starting
it, table 二 figures, supervision); the report-level ones are the workflow's policies
(reports/transitions.py) and are the same rules applied to the report's org.
"""

from gongkai.core.actors import Actor
from gongkai.orgs.models import Organization
from gongkai.orgs.permissions import has_role
from gongkai.orgs.roles import Role
from gongkai.reports.models import AnnualReport, WebsiteReport

_ANY_ROLE = tuple(Role)


def can_view_draft(actor: Actor, org: Organization) -> bool:
    """Drafts and reports under review: the org's staff (and those above it) only."""
    return has_role(actor, org, *_ANY_ROLE)


def can_edit(actor: Actor, org: Organization) -> bool:
    """Start the report, edit its text, send it for review, enter table 二 figures."""
    return has_role(actor, org, Role.EDITOR, Role.ADMIN)


def can_publish(actor: Actor, org: Organization) -> bool:
    """Return or publish a report under review, or reopen a published one for correction."""
    return has_role(actor, org, Role.ADMIN, Role.APPROVER)


def can_override(actor: Actor, org: Organization) -> bool:
    """Publish although an identity fails, recording why: the org's 政务公开办 admin only."""
    return has_role(actor, org, Role.ADMIN)


def can_supervise(actor: Actor, org: Organization) -> bool:
    """See which orgs in the subtree have not published, and the roll-up."""
    return has_role(actor, org, Role.ADMIN, Role.APPROVER)


# --- the workflow's policies, on a report -------------------------------------------------------


def can_see_report(actor: Actor, report: AnnualReport) -> bool:
    """The working copy (and its actions) exists only for the org's staff: others get 404.

    A published version is public, but it is read through the public selectors, never through
    the workflow, so the working copy of a correction does not leak either."""
    return can_view_draft(actor, report.org)


def can_draft_report(actor: Actor, report: AnnualReport) -> bool:
    """Edit the text and send it for review: the org's editors and its admin."""
    return can_edit(actor, report.org)


def can_review_report(actor: Actor, report: AnnualReport) -> bool:
    """Return, publish, reopen for correction, import a historical report: approver or admin."""
    return can_publish(actor, report.org)


def can_override_report(actor: Actor, report: AnnualReport) -> bool:
    """Publish a report whose identities fail, recording why: the admin only."""
    return can_override(actor, report.org)


# --- 政府网站工作年度报表: the same roles as the annual report --------------------------------


def can_see_website_report(actor: Actor, report: WebsiteReport) -> bool:
    return can_view_draft(actor, report.org)


def can_edit_website_report(actor: Actor, report: WebsiteReport) -> bool:
    return can_edit(actor, report.org)


def can_publish_website_report(actor: Actor, report: WebsiteReport) -> bool:
    return can_publish(actor, report.org)

"""Reads for the FOI case page: the case's timeline and who may be named its 经办人.

The timeline merges the statutory events (``ClockEvent``: the dates the clock counts from) with
the audit log's entries that have no event of their own (drafting and editing letters, appeals),
so each step appears once, labelled in Chinese.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model

from gongkai.core.audit import TimelineRow, display_name, timeline_of
from gongkai.core.transitions import audit_labels
from gongkai.foi.models import Application, EventKind
from gongkai.foi.transitions import APPLICATION, Action
from gongkai.orgs.models import Membership
from gongkai.orgs.roles import Role

# Audit codes written outside the workflow table, with their labels.
_EXTRA_LABELS = {
    "foi.registered": "登记申请",
    "foi.letter_edited": str(Action.EDIT_LETTER.label),
}
# Audit codes already shown through their clock event (``foi.<event kind>``, and 登记 as 收到申请).
_SHOWN_AS_EVENTS = frozenset({f"foi.{kind}" for kind in EventKind.values} | {"foi.registered"})


def case_timeline(app: Application, *, limit: int = 200) -> list[TimelineRow]:
    """What happened to the case, oldest first: its clock events and the other audited steps."""
    labels = {**audit_labels(APPLICATION), **_EXTRA_LABELS}
    rows = [
        TimelineRow(when=e.on, who=display_name(e.actor, ""), action=e.get_kind_display(), note=e.note)
        for e in app.events.select_related("actor").order_by("on", "id")[:limit]
    ]
    rows += timeline_of(app, labels, limit=limit, skip=_SHOWN_AS_EVENTS)
    # Events carry the statutory day, audited steps their moment: order by day, events first.
    rows.sort(key=lambda r: (r.day, isinstance(r.when, datetime.datetime)))
    return rows


def handling_officers(app: Application) -> list[Any]:
    """Who may be named 经办人: active holders of the FOI role on the case's organisation or above."""
    holders = Membership.objects.filter(org_id__in=app.org.ancestor_ids(), role=Role.FOI_OFFICER)
    users = get_user_model().objects.filter(pk__in=holders.values("user_id"), is_active=True)
    return list(users.order_by("username")[:200])

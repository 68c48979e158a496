"""Test helpers shared by the guides, gazette and opendata tests: staff on the org tree and real
publications through the disclosure workflow (no shortcuts into its tables)."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine

from gongkai.disclosure import services as disclosure
from gongkai.disclosure.services import Content
from gongkai.orgs.roles import Role

# Fixed dates: 2025-09-30 is a Tuesday before the 国庆 holiday (10-01..10-08).
NOW = datetime.datetime(2025, 9, 22, 9, 0, tzinfo=datetime.UTC)  # Monday, a working day


def make_staff(org_tree: dict[str, Any], make_user: Any, prefix: str) -> dict[str, Any]:
    """Editor in 县卫健委; reviewer, approver, admin at the county; people elsewhere in the tree."""
    county, dept = org_tree["county"], org_tree["dept"]
    return {
        "editor": make_user(f"{prefix}-editor", org=dept, role=Role.EDITOR),
        "county_editor": make_user(f"{prefix}-county-editor", org=county, role=Role.EDITOR),
        "reviewer": make_user(f"{prefix}-reviewer", org=county, role=Role.REVIEWER),
        "approver": make_user(f"{prefix}-approver", org=county, role=Role.APPROVER),
        "admin": make_user(f"{prefix}-admin", org=county, role=Role.ADMIN),
        "foi": make_user(f"{prefix}-foi", org=county, role=Role.FOI_OFFICER),
        "township_editor": make_user(f"{prefix}-township", org=org_tree["township"], role=Role.EDITOR),
        "sibling_admin": make_user(f"{prefix}-sibling", org=org_tree["sibling"], role=Role.ADMIN),
        "city_admin": make_user(f"{prefix}-city", org=org_tree["city"], role=Role.ADMIN),
        "nobody": make_user(f"{prefix}-nobody"),
    }


def publish(staff: dict[str, Any], org: Any, *, title: str, kind: str = "policy", **extra: Any) -> Any:
    """A publication through 起草 → 保密审查 → 签发 → 发布 (drafted by the org's own editor)."""
    drafter = staff["editor"] if org.level == "department" else staff["county_editor"]
    with time_machine.travel(NOW, tick=False):
        pub, _ = disclosure.publication_create_draft(
            actor=drafter,
            org=org,
            content=Content(
                title=title,
                kind=kind,
                body_html=f"<p>{title}正文。</p>",
                written_on=datetime.date(2025, 9, 1),
                formed_on=datetime.date(2025, 9, 2),
                **extra,
            ),
        )
        disclosure.publication_submit(actor=drafter, publication=pub)
        disclosure.publication_decide(actor=staff["reviewer"], publication=pub, decision="approve", opinion="同意")
        disclosure.publication_decide(
            actor=staff["approver"], publication=pub, decision="approve", override_reason="解读另行发布"
        )
        return disclosure.publication_publish(actor=staff["approver"], publication=pub)

import datetime
from typing import Any

import pytest
import time_machine

from gongkai.disclosure import services as disclosure
from gongkai.disclosure.services import Content
from gongkai.orgs.roles import Role


@pytest.fixture
def people(org_tree, make_user) -> dict[str, Any]:
    """The county's 政务公开办 admin, a county editor, a township admin, a sibling county's admin."""
    return {
        "admin": make_user("cat-admin", org=org_tree["county"], role=Role.ADMIN),
        "editor": make_user("cat-editor", org=org_tree["county"], role=Role.EDITOR),
        "reviewer": make_user("cat-reviewer", org=org_tree["county"], role=Role.REVIEWER),
        "approver": make_user("cat-approver", org=org_tree["county"], role=Role.APPROVER),
        "township_admin": make_user("cat-township", org=org_tree["township"], role=Role.ADMIN),
        "sibling_admin": make_user("cat-sibling", org=org_tree["sibling"], role=Role.ADMIN),
    }


def file_publication(people, org, column_id: int, *, formed_on: datetime.date, published_on: datetime.date, title: str):
    """A real publication through 起草 → 审核 → 签发 → 发布, filed in the column, published that day."""
    at = datetime.datetime.combine(published_on, datetime.time(10, 0), tzinfo=datetime.UTC)
    with time_machine.travel(at, tick=False):
        pub, _ = disclosure.publication_create_draft(
            actor=people["editor"],
            org=org,
            content=Content(
                title=title, kind="notice", body_html="<p>内容。</p>", formed_on=formed_on, catalog_node_ids=[column_id]
            ),
        )
        disclosure.publication_submit(actor=people["editor"], publication=pub)
        disclosure.publication_decide(actor=people["reviewer"], publication=pub, decision="approve", opinion="同意")
        disclosure.publication_decide(actor=people["approver"], publication=pub, decision="approve")
        return disclosure.publication_publish(actor=people["approver"], publication=pub)

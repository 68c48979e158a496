import itertools
from typing import Any

import pytest

from gongkai.core.form_tokens import issue_form_token
from gongkai.orgs.roles import Role

_tokens = itertools.count(1)


def token() -> str:
    """A fresh form token, issued as the portal issues one on GET."""
    return issue_form_token()


@pytest.fixture
def staff(org_tree, make_user) -> dict[str, Any]:
    """The county's 政务公开办 (admin, approver, reviewer), the health commission's editor, a
    township editor, and the admin of the sibling county (no rights here)."""
    return {
        "admin": make_user("county-admin", org=org_tree["county"], role=Role.ADMIN),
        "approver": make_user("county-approver", org=org_tree["county"], role=Role.APPROVER),
        "reviewer": make_user("county-reviewer", org=org_tree["county"], role=Role.REVIEWER),
        "editor": make_user("dept-editor", org=org_tree["dept"], role=Role.EDITOR),
        "county_editor": make_user("county-editor", org=org_tree["county"], role=Role.EDITOR),
        "township_editor": make_user("township-editor", org=org_tree["township"], role=Role.EDITOR),
        "sibling_admin": make_user("sibling-admin", org=org_tree["sibling"], role=Role.ADMIN),
        "city_admin": make_user("city-admin", org=org_tree["city"], role=Role.ADMIN),
    }

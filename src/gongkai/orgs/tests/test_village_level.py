"""The 村 level (村（居）务公开): a village sits under a township (or a county's 街道), never above one."""

import pytest
from conftest import make_credit_code

from gongkai.core.errors import ValidationFailed
from gongkai.orgs.roles import Level
from gongkai.orgs.services import organization_create

pytestmark = pytest.mark.django_db


def test_village_under_township_and_nothing_government_under_a_village(org_tree, superuser):
    village = organization_create(
        actor=superuser,
        name="木兰乡木兰村民委员会",
        level=Level.VILLAGE,
        credit_code=make_credit_code(),
        slug="shicheng-mulan-cun",
        parent=org_tree["township"],
    )
    assert village.get_level_display() == "村"
    with pytest.raises(ValidationFailed) as refused:
        organization_create(
            actor=superuser,
            name="某乡人民政府",
            level=Level.TOWNSHIP,
            credit_code=make_credit_code(),
            slug="under-village",
            parent=village,
        )
    assert refused.value.fields["parent"] == ["乡级机构不能隶属于村级机构。"]

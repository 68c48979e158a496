import datetime

import pytest

from gongkai.foi import services
from gongkai.orgs.roles import Role

# A valid 18-digit resident ID (check character computed per GB 11643).
ID_NUMBER = "11010519491231002X"


def applicant(**over):
    data = {
        "kind": "natural_person",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "phone": "13800138000",
        "email": "zhang@example.org",
        "address": "江西省赣州市石城县琴江镇1号",
    }
    data.update(over)
    return services.Applicant(**data)


def request(**over):
    data = {
        "description": "石城县2024年城乡居民医疗救助资金的分配和使用情况",
        "info_form": "electronic",
        "delivery": "email",
    }
    data.update(over)
    return services.Request(**data)


@pytest.fixture
def people(org_tree, make_user):
    dept = org_tree["dept"]
    return {
        "officer": make_user("foi-officer", org=dept, role=Role.FOI_OFFICER),
        "admin": make_user("foi-admin", org=dept, role=Role.ADMIN),
        "approver": make_user("foi-approver", org=dept, role=Role.APPROVER),
        "editor": make_user("foi-editor", org=dept, role=Role.EDITOR),
        "stranger": make_user("foi-stranger", org=org_tree["sibling"], role=Role.FOI_OFFICER),
    }


@pytest.fixture
def register(org_tree, people):
    def factory(received_on="2025-09-26", org=None, **over):
        day = datetime.date.fromisoformat(received_on)
        app, _code = services.application_register(
            actor=people["officer"],
            org=org or org_tree["dept"],
            applicant=over.pop("applicant", None) or applicant(),
            request=over.pop("request", None) or request(),
            receipt=services.Receipt("in_person", day),
            today=day,
        )
        return app

    return factory

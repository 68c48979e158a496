from typing import Any

import pytest
import time_machine

from gongkai.guides import services
from gongkai.guides.models import GuideVersion, VersionState
from gongkai.guides.tests.helpers import NOW, make_staff

COMPLETE: dict[str, Any] = {
    "basis": "《中华人民共和国母婴保健法》第三十三条",
    "conditions": "在本县出生的新生儿。",
    "materials": "出生医学证明首次签发申请表\n父母双方身份证\n分娩机构出具的分娩记录",
    "process": "申请—受理—审核—签发",
    "legal_days": 20,
    "promised_days": 5,
    "fees": "不收费",
    "place_and_hours": "县政务服务中心二楼卫健窗口，工作日 8:30—17:30",
    "consult_phone": "0797-5710000",
    "complaint_phone": "0797-12345",
}


@pytest.fixture
def staff(org_tree: Any, make_user: Any) -> dict[str, Any]:
    return make_staff(org_tree, make_user, "g")


@pytest.fixture
def at_now() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def guide_in(org_tree: Any, superuser: Any, at_now: Any) -> Any:
    """A guide version of 县卫健委 in a given state."""

    def factory(state: str, **overrides: Any) -> GuideVersion:
        values = {**COMPLETE, **overrides}
        version = services.item_create(
            actor=superuser, org=org_tree["dept"], name="出生医学证明首次签发", item_type="public_service", **values
        )
        if state == VersionState.PUBLISHED:
            services.version_publish(actor=superuser, version=version)
        elif state == VersionState.DISCARDED:
            services.version_discard(actor=superuser, version=version)
        elif state == VersionState.SUPERSEDED:
            services.version_publish(actor=superuser, version=version)
            draft = services.version_new_draft(actor=superuser, item=version.item)
            services.version_publish(actor=superuser, version=draft)
        version.refresh_from_db()
        assert version.state == state
        return version

    return factory

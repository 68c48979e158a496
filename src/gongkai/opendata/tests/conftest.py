import io
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.guides.tests.helpers import NOW, make_staff
from gongkai.opendata import services
from gongkai.opendata.models import Dataset, DatasetState

CSV = "站点名称,地址,开放时间\n石城县图书馆,琴江镇八一路1号,9:00-17:00\n木兰乡文化站,木兰乡政府院内,8:30-17:30\n"


def csv_upload(text: str = CSV, *, encoding: str = "utf-8", name: str = "sites.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_upload(rows: list[list[Any]], name: str = "sites.xlsx") -> SimpleUploadedFile:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


VALID = {
    "title": "石城县公共文化服务场所名录",
    "description": "全县公共图书馆、文化站的名称、地址和开放时间。",
    "topic": "文化休闲",
    "keywords": "文化,图书馆",
    "update_frequency": "monthly",
    "licence": "cc-by",
    "open_type": "unconditional",
    "fields": [{"name": "站点名称", "type": "文本", "description": "场所的正式名称"}],
}


@pytest.fixture
def staff(org_tree: Any, make_user: Any) -> dict[str, Any]:
    return make_staff(org_tree, make_user, "d")


@pytest.fixture
def at_now() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def dataset_in(org_tree: Any, superuser: Any, at_now: Any) -> Any:
    def factory(state: str, *, resource: bool = True, **overrides: Any) -> Dataset:
        dataset = services.dataset_create(actor=superuser, org=org_tree["dept"], **{**VALID, **overrides})
        if resource:
            services.resource_add(actor=superuser, dataset=dataset, name="场所名录", format="csv", upload=csv_upload())
        if state in (DatasetState.PUBLISHED, DatasetState.WITHDRAWN):
            services.dataset_publish(actor=superuser, dataset=dataset)
        if state == DatasetState.WITHDRAWN:
            services.dataset_withdraw(actor=superuser, dataset=dataset)
        dataset.refresh_from_db()
        assert dataset.state == state
        return dataset

    return factory

"""办事指南, 政府公报 and 开放数据 reach the one index through the outbox, each with its own type
facet; drafts never do, and a withdrawn dataset leaves the index."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.gazette import services as gazette
from gongkai.guides import services as guides
from gongkai.guides.tests.helpers import NOW, make_staff, publish
from gongkai.opendata import services as opendata
from gongkai.search import indexer
from gongkai.search.services import SearchRequest, search

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_index")]


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_a_guide_is_found_once_published(org_tree, superuser, at_now):
    version = guides.item_create(
        actor=superuser,
        org=org_tree["dept"],
        name="出生医学证明首次签发",
        item_type="public_service",
        materials="出生医学证明首次签发申请表",
    )
    indexer.apply_pending()
    assert search(SearchRequest(q="出生医学证明", types=["guide"])).total == 0
    guides.version_publish(actor=superuser, version=version)
    indexer.apply_pending()
    result = search(SearchRequest(q="出生医学证明", facets=True))
    assert [h.id for h in result.hits] == [f"guide:{version.item_id}"]
    assert result.facets["type"] == {"guide": 1}
    assert result.hits[0].url == reverse("portal:guide_detail", args=[version.item_id])


def test_a_gazette_issue_is_found_once_published_beside_the_rule_it_reprints(org_tree, superuser, make_user):
    staff = make_staff(org_tree, make_user, "s")
    rule = publish(staff, org_tree["county"], title="石城县城市绿化管理办法", kind="rule")
    with time_machine.travel(NOW, tick=False):
        issue = gazette.issue_create(
            actor=superuser, org=org_tree["county"], year=2025, number=9, issued_on=datetime.date(2025, 9, 20)
        )
        gazette.entry_add(actor=superuser, issue=issue, publication_id=rule.pk)
    indexer.apply_pending()
    assert search(SearchRequest(q="城市绿化管理办法", types=["gazette"])).total == 0
    gazette.issue_publish(actor=superuser, issue=issue)
    indexer.apply_pending()
    result = search(SearchRequest(q="城市绿化管理办法", types=["gazette"]))
    assert [h.id for h in result.hits] == [f"gazette:{issue.pk}"]
    assert result.hits[0].url == reverse("portal:gazette_issue", args=[issue.pk])
    facets = search(SearchRequest(q="城市绿化管理办法", facets=True)).facets["type"]
    assert facets == {"gazette": 1, "publication": 1}


def test_a_dataset_is_found_once_opened_and_leaves_when_withdrawn(org_tree, superuser, at_now):
    dataset = opendata.dataset_create(
        actor=superuser,
        org=org_tree["dept"],
        title="石城县公共文化服务场所名录",
        update_frequency="monthly",
        open_type="unconditional",
        licence="cc-by",
    )
    upload = SimpleUploadedFile("sites.csv", "站点名称\n石城县图书馆\n".encode())
    opendata.resource_add(actor=superuser, dataset=dataset, name="名录", format="csv", upload=upload)
    indexer.apply_pending()
    assert search(SearchRequest(q="公共文化服务场所")).total == 0
    opendata.dataset_publish(actor=superuser, dataset=dataset)
    indexer.apply_pending()
    result = search(SearchRequest(q="公共文化服务场所", facets=True))
    assert [h.id for h in result.hits] == [f"dataset:{dataset.pk}"] and result.facets["type"] == {"dataset": 1}
    opendata.dataset_withdraw(actor=superuser, dataset=dataset)
    indexer.apply_pending()
    assert search(SearchRequest(q="公共文化服务场所")).total == 0

"""The 主题分类 filter of the public lists: the topics in use, and a category standing for itself
and what is under it (综合政务 finds 综合政务\\政务公开), on the portal's lists and through the
API alike. Topics are written category\\subcategory, as gov.cn writes them."""

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.disclosure import public_reads, services
from gongkai.disclosure.models import CatalogNode, DisclosureMode, Publication
from gongkai.disclosure.tests.conftest import content
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db

# The public items: (topic, kind), each published by the department.
TOPICS = [
    ("综合政务\\政务公开", "policy"),
    ("综合政务\\政务公开", "normative"),
    ("综合政务\\应急管理", "policy"),
    ("综合政务", "policy"),
    ("综合政务类", "policy"),  # another category that merely begins alike
    ("卫生、体育\\卫生", "policy"),
    ("审计", "notice"),
    ("", "policy"),
]


@pytest.fixture
def items(org_tree, make_user) -> dict[str, Any]:
    dept = org_tree["dept"]
    editor = make_user("editor", org=dept, role=Role.EDITOR)
    reviewer = make_user("reviewer", org=org_tree["county"], role=Role.REVIEWER)
    approver = make_user("approver", org=org_tree["county"], role=Role.APPROVER)
    column = CatalogNode.objects.create(org=dept, name="政策文件", code="zcwj")
    column.path = f"/{column.pk}/"
    column.save()

    def publish(topic: str, kind: str, n: int, **extra: Any) -> Publication:
        filed = {"catalog_node_ids": [column.pk]} if n % 2 else {}  # the odd ones
        publication, _ = services.publication_create_draft(
            actor=editor,
            org=dept,
            content=content(title=f"第{n}号文件（{topic or '无主题'}）", topic=topic, kind=kind, **filed, **extra),
        )
        services.publication_submit(actor=editor, publication=publication)
        services.publication_decide(actor=reviewer, publication=publication, decision="approve")
        services.publication_decide(actor=approver, publication=publication, decision="approve")
        return services.publication_publish(actor=approver, publication=publication)

    public = [publish(topic, kind, n) for n, (topic, kind) in enumerate(TOPICS, start=1)]
    # Topics only non-public items have: none of them is offered, or matched.
    withdrawn = publish("国防\\兵役", "policy", 90)
    services.publication_withdraw(actor=approver, publication=withdrawn, reason="重复发布")
    publish("外交\\领事", "policy", 91, disclosure_mode=DisclosureMode.ON_REQUEST, withholding_ground="process_info")
    later = publish("科技\\科普", "policy", 92)
    Publication.objects.filter(pk=later.pk).update(public_from=timezone.now() + datetime.timedelta(days=3))
    services.publication_create_draft(actor=editor, org=dept, content=content(topic="综合政务\\草稿"))
    return {"public": public, "dept": dept, "column": column, "editor": editor, "publish": publish}


def titles(html: str) -> set[str]:
    return set(re.findall(r"第\d+号文件（[^）]*）", html))


def test_the_topics_in_use_are_the_public_items_distinct_topics_one_seek_each(items):
    with CaptureQueriesContext(connection) as captured:
        topics = public_reads.public_topics()
    expected = sorted({topic for topic, _ in TOPICS if topic})
    assert sorted(topics) == expected
    assert len(topics) == len(set(topics))
    assert len(captured.captured_queries) == len(expected) + 1  # the last finds there is no more
    assert len(public_reads.public_topics(limit=3)) == 3


def test_topics_group_under_their_categories_and_a_category_stands_for_what_is_under_it():
    topics = ["审计", "综合政务", "综合政务\\应急管理", "综合政务\\政务公开", "综合政务类", "卫生、体育\\卫生"]
    groups = public_reads.topic_groups(topics)
    assert [(g.category, g.subtopics) for g in groups] == [
        ("审计", ()),
        ("综合政务", (("综合政务\\应急管理", "应急管理"), ("综合政务\\政务公开", "政务公开"))),
        ("综合政务类", ()),
        ("卫生、体育", (("卫生、体育\\卫生", "卫生"),)),
    ]
    assert public_reads.topics_asked("综合政务", topics) == ("综合政务", "综合政务\\应急管理", "综合政务\\政务公开")
    assert public_reads.topics_asked("综合政务\\政务公开", topics) == ("综合政务\\政务公开",)
    assert public_reads.topics_asked("卫生", topics) == ("卫生",)  # no category of that name
    assert public_reads.topics_asked("", topics) == ()


def test_the_policy_library_filters_by_a_category_or_one_topic(items):
    client = Client()
    page = client.get("/policies/", {"topic": "综合政务"}).content.decode()
    assert titles(page) == {
        "第1号文件（综合政务\\政务公开）",
        "第2号文件（综合政务\\政务公开）",
        "第3号文件（综合政务\\应急管理）",
        "第4号文件（综合政务）",
    }
    page = client.get("/policies/", {"topic": "综合政务\\政务公开"}).content.decode()
    assert titles(page) == {"第1号文件（综合政务\\政务公开）", "第2号文件（综合政务\\政务公开）"}
    page = client.get("/policies/", {"topic": "综合政务\\政务公开", "kind": "normative"}).content.decode()
    assert titles(page) == {"第2号文件（综合政务\\政务公开）"}
    # The form offers the topics in use by category, the one asked for chosen.
    options = re.findall(
        r'<option value="([^"]*)"( selected)?>([^<]*)</option>', page.split('id="f-topic"')[1].split("</select>")[0]
    )
    assert ("综合政务\\政务公开", " selected", "政务公开") in options
    assert ("综合政务", "", "综合政务（全部）") in options
    assert ("审计", "", "审计") in options
    assert not {value for value, _, _ in options} & {"国防\\兵役", "外交\\领事", "科技\\科普", "综合政务\\草稿"}
    assert '<optgroup label="卫生、体育">' in page


def test_a_topic_no_item_has_is_kept_in_the_form_escaped_and_matches_nothing(items):
    hostile = '<script>alert("x")</script>'
    response = Client().get("/policies/", {"topic": hostile})
    page = response.content.decode()
    assert response.status_code == 200
    assert hostile not in page
    assert '<option value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" selected>' in page
    assert titles(page) == set()
    assert "暂无符合条件的信息" in page


def test_an_orgs_catalog_column_filters_by_category_too(items):
    dept, column = items["dept"], items["column"]
    page = Client().get(f"/org/{dept.slug}/catalog/{column.code}/", {"topic": "综合政务"}).content.decode()
    assert titles(page) == {"第1号文件（综合政务\\政务公开）", "第3号文件（综合政务\\应急管理）"}


def test_the_api_filters_by_a_category_or_one_topic(items):
    client = Client()

    def listed(**query: Any) -> set[str]:
        response = client.get("/api/v1/publications", {"page_size": 50, **query})
        assert response.status_code == 200
        return {row["title"] for row in response.json()["results"]}

    assert listed(topic="综合政务") == {
        "第1号文件（综合政务\\政务公开）",
        "第2号文件（综合政务\\政务公开）",
        "第3号文件（综合政务\\应急管理）",
        "第4号文件（综合政务）",
    }
    assert listed(topic="综合政务\\应急管理") == {"第3号文件（综合政务\\应急管理）"}
    assert listed(topic="审计", kind="notice") == {"第7号文件（审计）"}
    assert listed(topic="国防") == set()  # only a withdrawn item has it


def test_the_draft_form_offers_the_topics_in_use_as_the_clerk_types(items):
    client = Client()
    client.force_login(items["editor"])
    page = client.get(f"/staff/orgs/{items['dept'].pk}/publications/new/").content.decode()
    assert re.search(r'<input type="text" name="topic"[^>]* list="topics-in-use"', page)
    offered = re.findall(
        r'<option value="([^"]*)"></option>', page.split('<datalist id="topics-in-use">')[1].split("</datalist>")[0]
    )
    assert offered == public_reads.public_topics()
    assert "综合政务\\政务公开" in offered and "综合政务\\草稿" not in offered  # a draft's topic is not public


def test_a_categorys_page_reads_its_orgs_by_key_after_its_rows(items):
    """Joined to its orgs, the rows of a category's topics came from SQLite's sorter only after
    every row of those topics was read (160 ms for a large category at a million); the page's
    orgs are read by key instead, in one query, and shown as before."""
    with CaptureQueriesContext(connection) as captured:
        page = Client().get("/policies/", {"topic": "综合政务"}).content.decode()
    lists = [q["sql"] for q in captured.captured_queries if '"topic" IN (' in q["sql"] and "ORDER BY" in q["sql"]]
    assert lists and not [sql for sql in lists if "JOIN" in sql.upper()]
    key_read = re.compile(r'FROM "orgs_organization" WHERE \(?"orgs_organization"\."id"\)? (?:=|IN)')
    by_key = [q["sql"] for q in captured.captured_queries if key_read.search(q["sql"])]
    assert len(by_key) == 1, by_key
    assert page.count("县卫健委") >= 4  # each row's org, as a single topic's rows show it


def test_the_topics_in_use_are_read_once_per_public_stamp_for_the_api(items):
    """The API (and the search service) find a category's topics among those in use on every
    request for a category: kept under the public stamp, they are read again only when an event
    or a release may have changed them."""
    client = Client()

    def category_listed(category: str) -> tuple[set[str], int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/publications", {"page_size": 50, "topic": category})
        assert response.status_code == 200
        seeks = [q for q in captured.captured_queries if re.search(r'"topic" > ', q["sql"])]
        return {row["title"] for row in response.json()["results"]}, len(seeks)

    first, seeks = category_listed("综合政务")
    assert len(first) == 4 and seeks == len({topic for topic, _ in TOPICS if topic}) + 1
    assert category_listed("综合政务") == (first, 0)
    assert category_listed("卫生、体育") == ({"第6号文件（卫生、体育\\卫生）"}, 0)

    # A new topic under the category, published (an outbox event): found at once.
    items["publish"]("综合政务\\新分类", "policy", 30)
    listed, seeks = category_listed("综合政务")
    assert "第30号文件（综合政务\\新分类）" in listed and seeks > 0

    # A scheduled item coming due writes nothing: its release moves the stamp.
    Publication.objects.filter(title="第92号文件（科技\\科普）").update(public_from=timezone.now())
    listed, seeks = category_listed("科技")
    assert listed == {"第92号文件（科技\\科普）"} and seeks > 0

"""What the search index reads of public publications: plain data, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.disclosure.models import Attachment
from gongkai.disclosure.selectors import public_publication_texts
from gongkai.disclosure.services import catalog_node_create, publication_import

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 4)


def _imported(superuser, org, n: int, **extra):
    return publication_import(
        actor=superuser,
        org=org,
        title=f"关于开展第{n}批惠民政策宣传的通知",
        body=f"第一段{n}\n第二段",
        published_on=DAY,
        source_key=f"texts:{n}",
        kind="notice",
        **extra,
    )[0]


def test_texts_carry_org_path_columns_with_ancestors_and_attachment_texts(superuser, org_tree):
    dept = org_tree["dept"]
    column = catalog_node_create(actor=superuser, org=dept, name="通知公告", code="tzgg", parent=None)
    sub = catalog_node_create(actor=superuser, org=dept, name="卫生通知", code="wstz", parent=column)
    item = _imported(superuser, dept, 1, keywords="宣传，惠民", doc_number="石卫字〔2025〕3号", topic="卫生")
    item.catalog_nodes.add(sub)
    for name, text in [("b.docx", "附件乙"), ("empty.png", ""), ("a.docx", "附件甲")]:
        Attachment.objects.create(publication=item, name=name, media_type="x", size=1, text=text)
    # Attachments of the released text (one added after it waits for the next release).
    Attachment.objects.filter(publication=item).update(added_at=item.published_revision.created_at)
    plain = _imported(superuser, org_tree["township"], 2)
    missing_pk = plain.pk + 1000  # no such publication: simply absent

    texts = {t.pk: t for t in public_publication_texts([item.pk, plain.pk, missing_pk])}
    assert set(texts) == {item.pk, plain.pk}
    text = texts[item.pk]
    assert text.org_id == dept.pk
    assert text.org_path == [org_tree["city"].pk, org_tree["county"].pk, dept.pk]
    assert text.catalog_node_ids == sorted([column.pk, sub.pk])
    # Body as text, then the keywords, then the attachments' texts in the order they were added.
    assert text.text == "第一段1\n第二段\n宣传 惠民\n附件乙\n附件甲"
    assert (text.kind, text.is_interpretation, text.topic, text.doc_number) == (
        "notice",
        False,
        "卫生",
        "石卫字〔2025〕3号",
    )
    assert text.published_on == DAY and text.revision_id == item.published_revision_id and text.state == "published"
    assert text.index_number == item.index_number != ""
    filed = {int(part) for node in plain.catalog_nodes.all() for part in node.path.strip("/").split("/")}
    assert texts[plain.pk].catalog_node_ids == sorted(filed)
    assert texts[plain.pk].text == "第一段2\n第二段"


def test_texts_of_many_publications_take_three_queries(superuser, org_tree):
    pks = [_imported(superuser, org_tree["dept"], n).pk for n in range(30)]
    with CaptureQueriesContext(connection) as queries:
        texts = public_publication_texts(pks)
    assert len(texts) == 30
    assert len(queries) == 3, [q["sql"] for q in queries]

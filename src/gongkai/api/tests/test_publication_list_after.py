"""GET /api/v1/publications?after=…: a program takes a whole public list, however long, a page at a
time from each page's next_after (pages by number stop at API_MAX_ROWS rows)."""

import datetime

import pytest
from django.utils import timezone

from gongkai.api import disclosure as api_disclosure
from gongkai.disclosure import services
from gongkai.disclosure.models import Publication

pytestmark = pytest.mark.django_db

DAYS = [datetime.date(2024, 3, 1), datetime.date(2024, 3, 2), datetime.date(2025, 7, 9)]


@pytest.fixture
def archive(org_tree, superuser) -> list[int]:
    """17 public items of three orgs and two kinds on three days (several on each day, so that a
    page boundary falls inside a day), and the ids in the list's order."""
    orgs = [org_tree["dept"], org_tree["county"], org_tree["sibling"]]
    for n in range(17):
        services.publication_import(
            actor=superuser,
            org=orgs[n % 3],
            title=f"第{n + 1}份文件",
            body="正文",
            kind=["notice", "policy"][n % 2],
            published_on=DAYS[n % 3],
            source_key=f"after-{n}",
        )
    return list(Publication.objects.order_by("-published_on", "-id").values_list("pk", flat=True))


def walk(client, **query) -> tuple[list[int], list[dict]]:
    """Every page from the first through next_after: the ids in order, and the pages."""
    pages = [client.get("/api/v1/publications", query).json()]
    while pages[-1]["next_after"]:
        assert len(pages) < 50, "next_after does not advance"
        pages.append(client.get("/api/v1/publications", {**query, "after": pages[-1]["next_after"]}).json())
    return [row["id"] for page in pages for row in page["results"]], pages


def test_next_after_reaches_every_item_once_in_the_lists_order(client, archive):
    ids, pages = walk(client, page_size=3)
    assert ids == archive
    assert len(pages) == 6 and [len(p["results"]) for p in pages] == [3, 3, 3, 3, 3, 2]
    assert pages[-1]["next_after"] is None
    assert all(p["total"] == 17 for p in pages)  # the count is the list's, not what is left of it
    last = Publication.objects.get(pk=pages[0]["results"][-1]["id"])
    assert pages[0]["next_after"] == f"{last.published_on:%Y%m%d}-{last.pk}"


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "notice"},
        {"year": 2024},
        {"org": "shicheng"},  # the county and its subtree: the department's items too
        {"org": "shicheng", "kind": "policy", "year": 2024},
    ],
    ids=["kind", "year", "subtree", "all"],
)
def test_next_after_keeps_the_filters(client, archive, query):
    everything = client.get("/api/v1/publications", {**query, "page_size": 100}).json()
    expected = [row["id"] for row in everything["results"]]
    assert 0 < len(expected) < len(archive)
    assert walk(client, **query, page_size=2)[0] == expected


def test_next_after_goes_on_past_the_numbered_pages_cap(client, archive, monkeypatch):
    monkeypatch.setattr(api_disclosure, "API_MAX_ROWS", 4)
    beyond = client.get("/api/v1/publications", {"page_size": 2, "page": 3})
    assert beyond.status_code == 422 and beyond.json()["code"] == "page_beyond_limit"
    assert "next_after" in beyond.json()["title"]
    last_numbered = client.get("/api/v1/publications", {"page_size": 3, "page": 2}).json()
    assert [r["id"] for r in last_numbered["results"]] == archive[3:4]  # the 4th row, the cap's last
    assert last_numbered["total_capped"] and last_numbered["next_after"]
    rest = walk(client, page_size=3, after=last_numbered["next_after"])[0]
    assert rest == archive[4:]


def test_an_item_published_during_the_walk_neither_repeats_nor_hides_a_row(client, archive, superuser, org_tree):
    """Numbered pages shift when a newer item comes in (the first page's last row is the second
    page's first); a position does not."""
    first = client.get("/api/v1/publications", {"page_size": 5}).json()
    services.publication_import(
        actor=superuser,
        org=org_tree["dept"],
        title="新发布的文件",
        body="正文",
        published_on=timezone.localdate(),
        source_key="after-new",
    )
    by_number = client.get("/api/v1/publications", {"page_size": 5, "page": 2}).json()
    assert by_number["results"][0]["id"] == first["results"][-1]["id"]  # what `after` avoids
    rest, _ = walk(client, page_size=5, after=first["next_after"])
    assert [r["id"] for r in first["results"]] + rest == archive


def test_a_withdrawn_item_at_the_position_does_not_lose_the_walk(client, archive, superuser):
    first = client.get("/api/v1/publications", {"page_size": 4}).json()
    edge = Publication.objects.get(pk=first["results"][-1]["id"])
    services.publication_withdraw(actor=superuser, publication=edge, reason="内容有误，予以撤回")
    rest, _ = walk(client, page_size=4, after=first["next_after"])
    assert rest == archive[4:]


@pytest.mark.parametrize(
    "after",
    [
        "abc",
        "20241340-5",  # the shape of a position, not a date
        "18001231-5",  # before the platform's years
        "21010101-5",
        "20240301-0",
        "20240301--5",
        "2024031-5",
        "20240301-5\n",
        "٢٠٢٤٠٣٠١-5",  # Arabic-Indic digits: int() would take them
        "20240301-1234567890123456789",  # past a 64-bit id
    ],
)
def test_an_after_that_is_no_position_is_refused_with_the_field_named(client, archive, after):
    response = client.get("/api/v1/publications", {"after": after})
    assert response.status_code == 422, after
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "bad_after" and "next_after" in body["title"]
    assert "after" in body["errors"]


def test_an_overlong_after_is_refused_before_any_work(client):
    response = client.get("/api/v1/publications", {"after": "2" * 31})
    assert response.status_code == 422 and response["Content-Type"].startswith("application/problem+json")


def test_after_and_a_page_number_together_are_refused(client, archive):
    first = client.get("/api/v1/publications", {"page_size": 3}).json()
    response = client.get("/api/v1/publications", {"after": first["next_after"], "page": 2})
    assert response.status_code == 422 and response.json()["code"] == "after_with_page"
    assert "page" in response.json()["errors"]

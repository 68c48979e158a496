"""The public page cache and conditional GET (portal/page_cache.py), through the HTTP client."""

import datetime
import re
import time
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from gongkai.core.models import OutboxEvent
from gongkai.disclosure import services
from gongkai.disclosure.models import Publication
from gongkai.disclosure.tests.conftest import content
from gongkai.guides import services as guides
from gongkai.guides.tests.conftest import COMPLETE
from gongkai.orgs import services as orgs_services
from gongkai.orgs.roles import Role
from gongkai.participation.services import consultations, mailbox
from gongkai.participation.services.consultations import ConsultationInput
from gongkai.participation.tests.letters import street_light_letter
from gongkai.portal import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(org_tree, make_user) -> dict[str, Any]:
    return {
        "editor": make_user("editor", org=org_tree["dept"], role=Role.EDITOR),
        "reviewer": make_user("reviewer", org=org_tree["county"], role=Role.REVIEWER),
        "approver": make_user("approver", org=org_tree["county"], role=Role.APPROVER),
        "admin": make_user("admin", org=org_tree["county"], role=Role.ADMIN),
    }


def publish(people, org_tree, *, at: datetime.datetime | None = None, **overrides: Any) -> Publication:
    publication, _ = services.publication_create_draft(
        actor=people["editor"], org=org_tree["dept"], content=content(**overrides)
    )
    services.publication_submit(actor=people["editor"], publication=publication)
    services.publication_decide(actor=people["reviewer"], publication=publication, decision="approve")
    services.publication_decide(actor=people["approver"], publication=publication, decision="approve")
    return services.publication_publish(actor=people["approver"], publication=publication, at=at)


def test_a_public_page_is_served_from_the_cache_the_second_time(org_tree, people):
    item = publish(people, org_tree)
    client = Client()
    first = client.get(f"/info/{item.pk}/")
    assert first.status_code == 200 and "X-Page-Cache" not in first
    second = client.get(f"/info/{item.pk}/")
    assert second.status_code == 200 and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]
    # The middleware after the cache still runs on a hit: the security headers are there.
    assert "Content-Security-Policy" in second and second["X-Frame-Options"] == "DENY"


def test_publishing_and_withdrawing_invalidate_cached_pages_at_once(org_tree, people):
    first = publish(people, org_tree, title="第一份通知")
    client = Client()
    for url in ("/", f"/org/{org_tree['dept'].slug}/", f"/info/{first.pk}/", "/policies/"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url

    second = publish(people, org_tree, title="第二份通知：新发布")
    home = client.get(f"/org/{org_tree['dept'].slug}/")
    assert "X-Page-Cache" not in home and "第二份通知：新发布" in home.content.decode()

    client.get(f"/info/{first.pk}/")
    services.publication_withdraw(actor=people["approver"], publication=first, reason="内容有误")
    assert client.get(f"/info/{first.pk}/").status_code == 410
    assert client.get(f"/info/{first.pk}/").status_code == 410  # a 410 is never stored
    listed = client.get(f"/org/{org_tree['dept'].slug}/").content.decode()
    assert "第一份通知" not in listed and "第二份通知：新发布" in listed
    assert second.pk


def test_a_scheduled_release_changes_the_pages_without_any_write(org_tree, people):
    release_at = timezone.now() + datetime.timedelta(hours=2)
    publish(people, org_tree, title="定时发布的通知", at=release_at)
    client = Client()
    url = f"/org/{org_tree['dept'].slug}/"
    client.get(url)
    assert "定时发布的通知" not in client.get(url).content.decode()
    with time_machine.travel(release_at + datetime.timedelta(minutes=1), tick=False):
        assert "定时发布的通知" in client.get(url).content.decode()


def test_conditional_get_answers_304_until_the_content_changes(org_tree, people, settings):
    settings.GONGKAI_PAGE_CACHE_SECONDS = 3600
    with time_machine.travel(_bucket_start(3600), tick=False) as traveller:
        item = publish(people, org_tree)
        traveller.shift(datetime.timedelta(seconds=10))  # past the window of late commits
        client = Client()
        url = f"/info/{item.pk}/"
        page = client.get(url)
        etag, last_modified = page["ETag"], page["Last-Modified"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304
        assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304
        # Another item of the org is not on this page: it stays the same, and so does its ETag.
        publish(people, org_tree, title="另一份通知")
        traveller.shift(datetime.timedelta(seconds=10))
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304
        # A change of the item itself is.
        services.publication_change_validity(
            actor=people["approver"], publication=item, validity="repealed", changed_on=timezone.localdate()
        )
        traveller.shift(datetime.timedelta(seconds=10))
        again = client.get(url, headers={"if-none-match": etag})
        assert again.status_code == 200 and again["ETag"] != etag and "本文件已废止" in again.content.decode()
        # A change with no publication in it (a renamed org) makes every page afresh.
        orgs_services.organization_update(actor=people["admin"], org=org_tree["dept"], name="石城县改名后的部门")
        traveller.shift(datetime.timedelta(seconds=10))
        renamed = client.get(url, headers={"if-none-match": again["ETag"]})
        assert renamed.status_code == 200 and "石城县改名后的部门" in renamed.content.decode()


def policy_elsewhere(superuser, org, *, title: str = "瑞金市的新政策", kind: str = "policy") -> None:
    """An item of another county (瑞金市), imported: public at once, in no page of 石城县."""
    services.publication_import(
        actor=superuser,
        org=org,
        title=title,
        body="正文",
        kind=kind,
        published_on=timezone.localdate(),
        source_key="ruijin-1",
    )


# How far the bucket a test travels to starts past the events its fixtures wrote: beyond the
# window in which an event before a stamp still counts as a late commit after it (5 s,
# public_changes._LATE_COMMIT). A run a few seconds before the hour travelled to just past it, and
# the fixtures' org events counted as changes made since the pages were kept.
PAST_FIXTURES = 10


def _bucket_start(seconds: int) -> datetime.datetime:
    """The start of the next page-cache time bucket at least PAST_FIXTURES seconds ahead: a
    test's steps of seconds stay in it."""
    ahead = int(time.time()) + PAST_FIXTURES
    return datetime.datetime.fromtimestamp((ahead // seconds + 1) * seconds + 1, tz=datetime.UTC)


def test_pages_are_kept_through_changes_outside_what_they_show(org_tree, people, settings, superuser):
    """In a province every publication anywhere moves the content generation. A cached page is
    kept through a change it does not show (another org's item: a few index probes instead of
    its lists and template, the same ETag) and made afresh after one it does: an item of its
    org's subtree, a new interpretation of the item on it, a column of its catalog; never past
    its time bucket."""
    settings.GONGKAI_PAGE_CACHE_SECONDS = 3600
    dept, county, city, sibling = (org_tree[k] for k in ("dept", "county", "city", "sibling"))
    with time_machine.travel(_bucket_start(3600), tick=False) as traveller:
        item = publish(people, org_tree, kind="policy", title="石城县卫健委的政策")
        traveller.shift(datetime.timedelta(seconds=10))
        client = Client()
        urls = {
            "dept": f"/org/{dept.slug}/",
            "county": f"/org/{county.slug}/",
            "city": f"/org/{city.slug}/",
            "sibling": f"/org/{sibling.slug}/",
            "column": f"/org/{dept.slug}/catalog/statutory/",
            "item": f"/info/{item.pk}/",
            "library": f"/policies/?org={dept.slug}",
            "all policies": "/policies/",
        }
        etags = {name: client.get(url)["ETag"] for name, url in urls.items()}

        def kept() -> set[str]:
            traveller.shift(datetime.timedelta(seconds=10))
            names = set()
            for name, url in urls.items():
                with CaptureQueriesContext(connection) as queries:
                    page = client.get(url)
                if page.get("X-Page-Cache") == "hit":
                    assert page["ETag"] == etags[name], name
                    assert len(queries) <= 5, (name, [q["sql"] for q in queries.captured_queries])
                    names.add(name)
                else:
                    assert page["ETag"] != etags[name], name
                    etags[name] = page["ETag"]
            return names

        assert kept() == set(urls)
        policy_elsewhere(superuser, sibling)
        assert kept() == {"dept", "county", "column", "item", "library"}
        assert "瑞金市的新政策" in client.get(urls["sibling"]).content.decode()

        publish(
            people,
            org_tree,
            title="《石城县卫健委的政策》解读",
            kind="interpretation",
            interpretation_form="text",
            interprets_id=item.pk,
            body_html="<p>这份政策讲的是基层卫生服务怎么开展，群众看病有哪些新变化。</p>",
        )
        assert kept() == {"sibling"}
        assert "《石城县卫健委的政策》解读" in client.get(urls["item"]).content.decode()

        services.catalog_node_create(actor=superuser, org=sibling, name="瑞金新栏目", code="rj-new", parent=None)
        assert kept() == {"dept", "county", "column", "item", "library"}
        services.catalog_node_create(actor=people["admin"], org=dept, name="卫健新栏目", code="wjw-new", parent=None)
        assert kept() == {"sibling", "item"}

        traveller.shift(datetime.timedelta(seconds=3600))  # the next time bucket: all afresh
        assert kept() == set()


def test_pages_are_kept_through_events_of_modules_they_do_not_show(org_tree, people, settings, superuser):
    """A mailbox reply released, a consultation opened: each writes an outbox event, and none of
    the cached pages shows either (they link to those modules). Every page is kept, and is what
    its view makes now. A guide linked to a policy is shown on the policy's page: every page is
    made afresh. A publication anywhere leaves the org directory, which lists no item, as it is."""
    settings.GONGKAI_PAGE_CACHE_SECONDS = 3600
    dept, county, sibling = org_tree["dept"], org_tree["county"], org_tree["sibling"]
    with time_machine.travel(_bucket_start(3600), tick=False) as traveller:
        item = publish(people, org_tree, kind="policy", title="石城县出生医学证明管理办法")
        traveller.shift(datetime.timedelta(seconds=10))
        client = Client()
        urls = {
            "home (everything)": "/",
            "all policies": "/policies/",
            "dept": f"/org/{dept.slug}/",
            "column": f"/org/{dept.slug}/catalog/statutory/",
            "item": f"/info/{item.pk}/",
            "directory": "/orgs/",
        }
        for url in urls.values():
            assert client.get(url).status_code == 200

        def kept() -> set[str]:
            traveller.shift(datetime.timedelta(seconds=10))
            names = set()
            for name, url in urls.items():
                page = client.get(url)
                if page.get("X-Page-Cache") == "hit":
                    with override_settings(GONGKAI_PAGE_CACHE=False):
                        assert page.content == Client().get(url).content, name
                    names.add(name)
            return names

        letter = street_light_letter(county)
        mailbox.message_route(actor=people["admin"], message=letter, handling_org=dept)
        mailbox.message_reply(actor=people["editor"], message=letter, reply="已安排维修。")
        mailbox.message_review(actor=people["reviewer"], message=letter, approve=True)
        letter.refresh_from_db()
        assert letter.answered_on is not None
        assert kept() == set(urls)

        today = timezone.localdate()
        draft = ConsultationInput(
            title="石城县城区养犬管理规定（征求意见稿）",
            starts_on=today,
            ends_on=today + datetime.timedelta(days=40),
            draft_html="<p>第一条 为了规范养犬行为，制定本规定。</p>",
            channels="信函请寄至：石城县卫生健康委员会",
        )
        consultation = consultations.consultation_create(actor=people["editor"], org=dept, data=draft)
        consultations.consultation_open(actor=people["approver"], consultation=consultation)
        assert OutboxEvent.objects.filter(topic__in=page_cache.UNSHOWN_TOPICS).count() == 2
        assert kept() == set(urls)

        guide = guides.item_create(
            actor=superuser, org=dept, name="出生医学证明首次签发", item_type="public_service", **COMPLETE
        )
        guides.version_publish(actor=superuser, version=guide)
        guides.policy_link(actor=superuser, item=guide.item, publication_id=item.pk)
        assert kept() == set()
        assert "出生医学证明首次签发" in client.get(urls["item"]).content.decode()

        policy_elsewhere(superuser, sibling)
        assert kept() == {"dept", "column", "item", "directory"}


def test_org_site_and_catalog_changes_reach_cached_pages_at_once(org_tree, people):
    """What the org pages show beside the publications (the org's name, its site's look and
    footer, its catalog columns) changes through services that write an outbox event, so a
    cached page is never older than the change, in any worker."""
    publish(people, org_tree)
    admin, dept = people["admin"], org_tree["dept"]
    client = Client()
    url = f"/org/{dept.slug}/"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    orgs_services.organization_update(actor=admin, org=dept, name="石城县数据局")
    page = client.get(url)
    assert "X-Page-Cache" not in page and "石城县数据局" in page.content.decode()

    assert client.get(url)["X-Page-Cache"] == "hit"
    orgs_services.site_save(
        actor=admin, org=dept, today=datetime.date(2026, 12, 2), name="石城县数据局网站", icp_number="赣ICP备12345678号"
    )
    page = client.get(url)
    assert "X-Page-Cache" not in page and "赣ICP备12345678号" in page.content.decode()

    xxgk = f"/org/{dept.slug}/xxgk/"
    client.get(xxgk)
    assert client.get(xxgk)["X-Page-Cache"] == "hit"
    services.catalog_node_create(actor=admin, org=dept, name="新设栏目", code="xin-she", parent=None)
    page = client.get(xxgk)
    assert "X-Page-Cache" not in page and "新设栏目" in page.content.decode()


def test_reading_aid_cookies_get_their_own_cached_page(org_tree, people):
    item = publish(people, org_tree)
    plain, large = Client(), Client()
    large.cookies["gk_font"] = "large"
    url = f"/info/{item.pk}/"
    plain.get(url)
    assert plain.get(url)["X-Page-Cache"] == "hit"
    first_large = large.get(url)
    assert "X-Page-Cache" not in first_large and first_large["ETag"] != plain.get(url)["ETag"]
    assert large.get(url)["X-Page-Cache"] == "hit"


def test_a_signed_in_user_never_gets_or_leaves_a_cached_page(org_tree, people):
    item = publish(people, org_tree)
    url = f"/info/{item.pk}/"
    staff = Client()
    staff.force_login(people["editor"])
    for _ in range(2):
        response = staff.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response and "ETag" not in response
        assert "退出" in response.content.decode() or "editor" in response.content.decode()
    anonymous = Client().get(url)
    assert "X-Page-Cache" not in anonymous  # the signed-in page was not stored for anyone
    anonymous_page = anonymous.content.decode()
    assert "csrfmiddlewaretoken" not in anonymous_page
    # An anonymous page in the cache is not served to the signed-in user either.
    assert "X-Page-Cache" not in staff.get(url)


def test_pages_outside_the_list_and_other_methods_pass_through(org_tree, people):
    item = publish(people, org_tree)
    client = Client()
    for _ in range(2):
        assert "X-Page-Cache" not in client.get(f"/info/{item.pk}/print/")
        assert "ETag" not in client.get("/staff/login/")
    assert "X-Page-Cache" not in client.head(f"/info/{item.pk}/")  # HEAD fills the cache...
    assert client.head(f"/info/{item.pk}/")["X-Page-Cache"] == "hit"  # ...and is answered from it


def test_the_pager_counts_at_most_its_cap(org_tree, people, monkeypatch):
    """A full COUNT(*) reads every matching row: the pager stops counting at its cap and says so."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.portal.paging import CappedPaginator

    item = publish(people, org_tree, kind="policy")
    copies = []
    for i in range(120):
        row = Publication.objects.get(pk=item.pk)
        row.pk, row.index_number = None, f"COPY-{i}"
        copies.append(row)
    Publication.objects.bulk_create(copies)
    monkeypatch.setattr(CappedPaginator, "MAX_COUNTED", 100)
    with CaptureQueriesContext(connection) as captured:
        page = Client().get("/policies/").content.decode()
    assert "超过 100 条，第 1/5 页（可翻阅前 100 条）" in page
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 101" in sql for sql in counts)
    # Any 101 rows will do: ordered, the database would sort a subtree's rows to find the first.
    assert not any("ORDER BY" in sql.upper() for sql in counts), counts
    monkeypatch.setattr(CappedPaginator, "MAX_COUNTED", 1000)
    assert "共 121 条" in Client().get("/policies/?kind=policy").content.decode()


def test_catalog_and_pager_counts_are_kept_per_generation_and_follow_a_publication(
    org_tree, people, settings, monkeypatch
):
    """The catalog tree's counts (which read every filed item of the org) are memoised under the
    content generation, also when whole pages are not cached: a new publication shows at once."""
    from gongkai.portal.paging import CappedPaginator

    settings.GONGKAI_PAGE_CACHE = False
    publish(people, org_tree, title="第一份")
    client = Client()
    url = f"/org/{org_tree['dept'].slug}/catalog/statutory/"

    def counted() -> int:
        html = client.get(url).content.decode()
        return sum(int(n) for n in re.findall(r'class="count">（(\d+)）', html))

    first = counted()
    assert first > 0 and counted() == first
    monkeypatch.setattr("gongkai.portal.disclosure.public.PAGE_SIZE", 1)
    assert "共 1 条" not in client.get(url).content.decode()  # one page: no pager
    publish(people, org_tree, title="第二份")
    assert counted() > first
    assert "共 2 条，第 1/2 页" in client.get(url).content.decode()  # the memoised count moved too
    # Past the pager's cap the column still states its exact length (its count is known from
    # the tree) and says how far it can be paged; a list without a known length says 超过.
    publish(people, org_tree, title="第三份")
    monkeypatch.setattr(CappedPaginator, "MAX_COUNTED", 2)
    assert "共 3 条，第 1/2 页（可翻阅前 2 条）" in client.get(url).content.decode()


def test_an_orgs_catalog_counts_are_recounted_only_after_a_change_in_that_org(org_tree, people, settings, superuser):
    """Any publication anywhere moves the content generation; the catalog counts of an org
    (which read all its filed items, and give its columns' pager counts) are kept through a
    change in another org and recounted after one in the org. The page cache is off: the
    counts' memos work without it."""
    settings.GONGKAI_PAGE_CACHE = False
    client = Client()
    url = f"/org/{org_tree['dept'].slug}/catalog/statutory/"

    def visit() -> tuple[int, bool]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        # The catalog tree's counts, whose column count is also the unfiltered pager's.
        counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]]
        assert len(counts) in (0, 1), counts
        recounted = bool(counts)
        return sum(int(n) for n in re.findall(r'class="count">（(\d+)）', html)), recounted

    # Memos last one time bucket at most: the clock starts at the next bucket, so that the
    # test's steps of 10 seconds do not cross into another and recount for that reason.
    settings.GONGKAI_PAGE_CACHE_SECONDS = 3600
    with time_machine.travel(_bucket_start(3600), tick=False) as traveller:
        publish(people, org_tree, title="第一份")
        traveller.shift(datetime.timedelta(seconds=10))
        first, recounted = visit()
        assert first > 0 and recounted
        assert visit() == (first, False)
        policy_elsewhere(superuser, org_tree["sibling"], title="瑞金市的通知", kind="notice")
        traveller.shift(datetime.timedelta(seconds=10))
        assert visit() == (first, False)
        publish(people, org_tree, title="第二份")
        second, recounted = visit()
        assert recounted and second > first
        assert visit() == (second, False)


def test_the_generation_names_the_newest_release_as_an_instant(org_tree, people):
    """The release time in the generation is what the catalog memo checks releases after: it
    must be the newest public_from itself in the process's zone (Asia/Shanghai), in which
    SQLite's naive datetimes were read as local times, 8 hours off."""
    # Not under time_machine, which runs the process in UTC while it travels.
    item = publish(people, org_tree)
    generation = page_cache.content_generation()
    assert generation.released == item.public_from
    assert generation.changed >= item.public_from.timestamp()


def test_a_large_org_tree_is_counted_again_only_after_an_org_changes(
    org_tree, people, superuser, monkeypatch, settings
):
    """The directory and a large subtree's 专栏 count the orgs below each org they list (two
    grouped reads of every org path in a province, about 4 ms); no publication changes that, so
    the counts are kept through publications and made again when an org is created or moved."""
    from conftest import make_credit_code

    from gongkai.orgs import selectors as org_selectors
    from gongkai.orgs.models import Level

    settings.GONGKAI_PAGE_CACHE = False  # every page made afresh: only the tree is kept
    settings.GONGKAI_PAGE_CACHE_SECONDS = 3600
    monkeypatch.setattr(org_selectors, "SUBTREE_SHOWN", 4)
    client = Client()

    def made(url: str) -> tuple[str, int]:
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        counts = [
            q for q in captured.captured_queries if "orgs_organization" in q["sql"] and "SUBSTR" in q["sql"].upper()
        ]
        return html, len(counts)

    with time_machine.travel(_bucket_start(3600), tick=False) as traveller:  # past the org_tree's events
        for url in ("/orgs/", "/org/ganzhou/xxgk/"):
            html, counted = made(url)
            assert "下属机构 2 个</a>" in html and counted == 1, url
            publish(people, org_tree)
            traveller.shift(datetime.timedelta(seconds=10))  # past the window of late commits
            html, counted = made(url)
            assert "下属机构 2 个</a>" in html and counted == 0, url
        html, counted = made("/")  # the home before any site lists every org, as the directory
        assert "下属机构 2 个</a>" in html and counted == 0
        orgs_services.organization_create(
            actor=superuser,
            name="石城县屏山镇人民政府",
            level=Level.TOWNSHIP,
            credit_code=make_credit_code(),
            slug="shicheng-pingshan",
            parent=org_tree["county"],
        )
        traveller.shift(datetime.timedelta(seconds=10))
        for url, counts in (("/orgs/", 1), ("/org/ganzhou/xxgk/", 1), ("/", 0)):
            html, counted = made(url)
            assert "下属机构 3 个</a>" in html and counted == counts, url

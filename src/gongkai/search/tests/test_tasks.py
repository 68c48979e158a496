"""search.index_pending: idempotent (run twice, same index), and inline indexing is the task."""

import pytest

from gongkai.core.tasks import run_now
from gongkai.disclosure import services
from gongkai.search import indexer
from gongkai.search.tests.test_integration import ids, people, publish  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_index")]


def test_indexing_twice_gives_the_same_index(people, org_tree):  # noqa: F811
    item = publish(people, org_tree, title="关于农村公路养护资金的通知", doc_number="")
    assert run_now("search.index_pending") == 1
    entries = sorted((e.id, e.version) for e in indexer.get_index().entries())
    assert run_now("search.index_pending") == 0  # nothing new: the cursor moved
    assert sorted((e.id, e.version) for e in indexer.get_index().entries()) == entries
    assert ids("农村公路养护") == [f"publication:{item.pk}"]
    # The same events applied again (a redelivered task after a crash before the cursor moved).
    indexer._cursor().__class__.objects.update(last_event_id=0)
    assert run_now("search.index_pending") == 1
    assert sorted((e.id, e.version) for e in indexer.get_index().entries()) == entries
    assert indexer.check().ok


def test_a_run_while_another_holds_the_index_is_retried_later(people, org_tree):  # noqa: F811
    from gongkai.core.tasks import Busy, claim

    publish(people, org_tree, title="关于农村公路养护资金的通知", doc_number="")
    with claim("search.index_pending", seconds=60), pytest.raises(Busy):
        run_now("search.index_pending")
    assert run_now("search.index_pending") == 1


def test_inline_indexing_queues_the_task_on_commit(settings, people, org_tree, django_capture_on_commit_callbacks):  # noqa: F811
    settings.GONGKAI_SEARCH_INLINE = True
    with django_capture_on_commit_callbacks(execute=True):
        item = publish(people, org_tree, title="关于农村公路养护资金的通知", doc_number="")
        withdrawn = publish(people, org_tree, title="关于农村公路养护资金的补充通知", doc_number="")
        services.publication_withdraw(actor=people["approver"], publication=withdrawn, reason="重复发布")
    assert ids("农村公路养护") == [f"publication:{item.pk}"]

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.core.models import OutboxEvent
from gongkai.core.outbox import outbox_after, outbox_emit


@pytest.mark.django_db(transaction=True)
def test_events_are_written_only_inside_a_transaction_and_read_in_order():
    user = get_user_model().objects.create_user("someone", password="x-long-password-1")
    with pytest.raises(RuntimeError):
        outbox_emit(topic="t.changed", obj=user)
    with transaction.atomic():
        first = outbox_emit(topic="t.changed", obj=user)
        outbox_emit(topic="other.changed", obj=user)
        second = outbox_emit(topic="t.changed", obj=user)
    assert [e.pk for e in outbox_after(0, topics=("t.changed",))] == [first.pk, second.pk]
    assert list(outbox_after(first.pk, topics=("t.changed",))) == [second]
    assert first.object_type == "auth.user" and first.object_id == str(user.pk)


@pytest.mark.django_db(transaction=True)
def test_an_event_rolls_back_with_its_change():
    user = get_user_model().objects.create_user("someone", password="x-long-password-1")
    with pytest.raises(ValueError), transaction.atomic():
        outbox_emit(topic="t.changed", obj=user)
        raise ValueError
    assert not OutboxEvent.objects.exists()

import pytest
from django.contrib.auth import get_user_model

from gongkai.core.audit import audit_record, audit_trail
from gongkai.core.models import AuditEvent, AuditLogIsAppendOnly

pytestmark = pytest.mark.django_db


def make_event() -> AuditEvent:
    user = get_user_model().objects.create_user("auditor", password="x-long-password-1")
    return audit_record(
        actor=user,
        action="test.touched",
        object_type="test.thing",
        object_id="7",
        object_repr="东西",
        before={"a": 1},
        after={"a": 2},
    )


def test_event_is_written_with_actor_label_and_states():
    event = make_event()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_label == "auditor"
    assert stored.before == {"a": 1}
    assert stored.after == {"a": 2}
    assert list(audit_trail(object_type="test.thing", object_id="7")) == [stored]


def test_orm_refuses_to_change_an_event():
    event = make_event()
    event.action = "test.rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="test.rewritten")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["action"])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.touched"


def test_orm_refuses_to_delete_an_event():
    event = make_event()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_system_actor_is_labelled():
    event = audit_record(actor=None, action="system.tick", object_type="x", object_id="1")
    assert event.actor is None
    assert event.actor_label == "系统"


def test_database_refuses_an_update_issued_in_raw_sql():
    from django.db import DatabaseError, connection, transaction

    event = make_event()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = %s WHERE id = %s", ["test.rewritten", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.touched"

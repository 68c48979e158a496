"""foi.scan_deadlines: run twice, the due dates and the reminders are those of one run."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.core.tasks import run_now
from gongkai.foi import services
from gongkai.foi.models import Application, Reminder

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat


def test_scanning_twice_sends_each_reminder_once(register, people, django_capture_on_commit_callbacks):
    people["officer"].email = "officer@example.org"
    people["officer"].save()
    app = register("2025-09-26")
    services.application_accept(actor=people["officer"], application=app, on=D("2025-09-29"))
    with django_capture_on_commit_callbacks(execute=True):
        assert run_now("foi.scan_deadlines", today=D("2025-10-27")) == 1  # due 10-30: 3 working days left
    state = list(Application.objects.values_list("pk", "due_on", "state"))
    sent = len(mail.outbox)
    assert sent >= 1
    with django_capture_on_commit_callbacks(execute=True):
        assert run_now("foi.scan_deadlines", today=D("2025-10-27")) == 0
    assert list(Application.objects.values_list("pk", "due_on", "state")) == state
    assert list(Reminder.objects.values_list("application_id", "kind", "due_on")) == [
        (app.pk, "due_soon", D("2025-10-30"))
    ]
    assert len(mail.outbox) == sent  # nobody is mailed twice


def test_the_scan_command_can_queue_the_task(register, people, capsys, django_capture_on_commit_callbacks):
    app = register("2025-09-26")
    services.application_accept(actor=people["officer"], application=app, on=D("2025-09-29"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("foi", "scan", "--today", "2025-10-31", "--queue")
    assert "已加入任务队列：foi.scan_deadlines" in capsys.readouterr().out
    assert Reminder.objects.filter(application=app).exists()  # embedded mode: run after the commit

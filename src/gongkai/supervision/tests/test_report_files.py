"""Evidence attached to a progress report opens from the assignment page for the reporting unit
and the supervising office, and for nobody else."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.privacy.tests.pdf import make_pdf
from gongkai.supervision.models import Assignment, Plan, Task
from gongkai.supervision.schedule import periods
from gongkai.supervision.services import assignment_report

pytestmark = pytest.mark.django_db


def test_report_evidence_downloads_for_the_unit_and_the_office_only(
    shicheng, office, clerk, other_clerk, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    due = datetime.date(2024, 6, 30)
    plan = Plan.objects.create(org=shicheng["shicheng"], year=2024, title="要点")
    task = Task.objects.create(plan=plan, seq=1, number="一", title="做好解读", body="做好解读。", due=due)
    assignment = Assignment.objects.create(
        task=task,
        org=shicheng["shicheng-wjw"],
        role="lead",
        state="assigned",
        due_on=periods(year=2024, due=due, recurrence="")[0].due_on,
    )
    pdf = make_pdf(["Interpretation published on 2024-05-01."])
    with time_machine.travel(datetime.date(2024, 5, 1)):
        report = assignment_report(
            actor=clerk, assignment=assignment, text="已完成解读", uploads=[SimpleUploadedFile("解读截图.pdf", pdf)]
        )
    (item,) = report.attachments.all()
    link = f"/staff/supervision/assignments/{assignment.pk}/files/{item.pk}/"
    for user in (clerk, office):
        client = Client()
        client.force_login(user)
        assert f'href="{link}"' in client.get(f"/staff/supervision/assignments/{assignment.pk}/").content.decode()
        response = client.get(link)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf
    outsider = Client()
    outsider.force_login(other_clerk)  # a clerk of another unit
    assert outsider.get(link).status_code == 404
    clerk_client = Client()
    clerk_client.force_login(clerk)
    assert clerk_client.get(f"/staff/supervision/assignments/{assignment.pk}/files/{item.pk + 1}/").status_code == 404
    assert Client().get(f"/media/{item.file.name}").status_code == 404

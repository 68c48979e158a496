"""inspection.scheduled_run: run twice in a quarter, each scheduled site is inspected once."""

import datetime

import pytest
from django.core.management import call_command

from gongkai.core.tasks import Busy, claim, run_now
from gongkai.inspection import services
from gongkai.inspection.models import Inspection
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 6, 30)


def test_the_quarterly_run_twice_inspects_each_site_once(org_tree, make_user):
    admin = make_user("county-admin", org=org_tree["county"], role=Role.ADMIN)
    site = services.site_register(actor=admin, org=org_tree["dept"], name="县卫健委网站")
    services.site_register(actor=admin, org=org_tree["township"], name="木兰乡网站", scheduled=False)
    assert run_now("inspection.scheduled_run", username=admin.username, as_of=DAY, max_pages=50) == 1
    first = list(Inspection.objects.values_list("pk", "site_id", "quarter"))
    assert first == [(first[0][0], site.pk, "2025Q2")]
    assert run_now("inspection.scheduled_run", username=admin.username, as_of=DAY, max_pages=50) == 0
    assert list(Inspection.objects.values_list("pk", "site_id", "quarter")) == first
    # Two runs at once: the second waits for a retry instead of inspecting the site again.
    with claim("inspection.scheduled_run", seconds=60), pytest.raises(Busy):
        run_now("inspection.scheduled_run", username=admin.username, as_of=DAY + datetime.timedelta(days=1))
    assert run_now("inspection.scheduled_run", username="nobody") == 0


def test_the_inspect_command_can_queue_the_run(org_tree, make_user, capsys, django_capture_on_commit_callbacks):
    admin = make_user("county-admin", org=org_tree["county"], role=Role.ADMIN)
    services.site_register(actor=admin, org=org_tree["dept"], name="县卫健委网站")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("inspect", "scheduled", "--user", admin.username, "--as-of", "2025-06-30", "--queue")
    assert "已加入任务队列：inspection.scheduled_run" in capsys.readouterr().out
    assert Inspection.objects.filter(quarter="2025Q2").count() == 1

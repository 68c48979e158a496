"""disclosure.import_manifest: importing the same manifest twice imports it once."""

import pytest
from django.core.management import call_command

from gongkai.core.tasks import run_now
from gongkai.disclosure.models import Publication
from gongkai.disclosure.tests.test_import import manifest_rows, write_xlsx

pytestmark = pytest.mark.django_db


def test_importing_twice_imports_once(tmp_path, org_tree, superuser):
    path = tmp_path / "清单.xlsx"
    write_xlsx(path, manifest_rows(6, bad_lines=[2, 3, 4]))
    first = run_now("disclosure.import_manifest", path=str(path), username=superuser.username)
    assert first == {"imported": 3, "skipped": 0, "rejected": 3}
    pks = sorted(Publication.objects.values_list("pk", flat=True))
    second = run_now("disclosure.import_manifest", path=str(path), username=superuser.username)
    assert second == {"imported": 0, "skipped": 3, "rejected": 3}
    assert sorted(Publication.objects.values_list("pk", flat=True)) == pks
    assert run_now("disclosure.import_manifest", path=str(path), username="nobody") == {}


def test_the_import_command_can_queue_the_task(
    tmp_path, org_tree, superuser, capsys, django_capture_on_commit_callbacks
):
    path = tmp_path / "清单.xlsx"
    write_xlsx(path, manifest_rows(4, bad_lines=[2, 3, 4]))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import", str(path), "--as", superuser.username, "--queue")
    assert "已加入任务队列：disclosure.import_manifest" in capsys.readouterr().out
    assert Publication.objects.count() == 1

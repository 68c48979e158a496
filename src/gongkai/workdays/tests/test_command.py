"""`gongkai workdays …` (the management command), including its exit statuses."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from gongkai.core.models import AuditEvent
from gongkai.workdays import services
from gongkai.workdays.models import SpecialDay, TrackedDeadline, YearSchedule

pytestmark = pytest.mark.django_db
D = datetime.date


def run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def counts():
    return (YearSchedule.objects.count(), SpecialDay.objects.count(), AuditEvent.objects.count())


def test_add_json_worked_example():
    data = json.loads(run("add", "2025-09-26", "20", "--json"))
    assert data["date"] == "2025-10-30"
    assert data["provisional"] is False
    assert any("2025-10-11（星期六）调休上班" in line for line in data["explanation"])


def test_add_text_and_pauses():
    text = run("add", "2025-09-26", "20", "--pause", "2025-10-27:2025-10-28:征求第三方意见")
    assert text.startswith("2025-11-03（星期一）\n")
    assert "2025-10-27 至 2025-10-28 暂停计算（征求第三方意见），其间 2 个工作日不计入" in text
    text = run("add", "2025-09-26", "20", "--pause", "2025-11-03:2025-11-04:征求第三方意见")
    assert "2025-11-03 至 2025-11-04 暂停计算（征求第三方意见）：在期限届满之后，不影响期限" in text
    data = json.loads(run("add", "2025-09-26", "20", "--pause", "2025-11-03:2025-11-04", "--json"))
    assert data["date"] == "2025-10-30"  # the pause is after the deadline
    data = json.loads(run("add", "2025-09-26", "20", "--pause", "2025-10-27:2025-10-28", "--json"))
    assert data["date"] == "2025-11-03"


def test_between_json():
    data = json.loads(run("between", "2025-09-26", "2025-10-30", "--json"))
    assert data["working_days"] == 20
    assert data["provisional"] is False


def test_provisional_year_is_flagged():
    data = json.loads(run("add", "2027-03-01", "5", "--json"))
    assert data["provisional"] is True
    assert "推算" in run("add", "2027-03-01", "5")
    calendar = run("calendar", "2027")
    assert "provisional" in calendar and "推算" in calendar
    assert json.loads(run("calendar", "2027", "--json"))["provisional"] is True


def test_calendar_lists_holidays_tiaoxiu_and_source():
    text = run("calendar", "2025")
    assert "2025-10-06（星期一） 中秋节" in text
    assert "2025-10-11（星期六） 国庆节" in text
    assert "chinesecalendar" in text
    data = json.loads(run("calendar", "2025", "--json"))
    assert data["source"] == "package"
    assert data["working_days"] > 240


def test_day():
    assert run("day", "2025-10-11").startswith("工作日")
    assert json.loads(run("day", "2025-10-06", "--json"))["kind"] == "holiday"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2025-13-01", "3"), "没有 13 月"),
        (("add", "2025-9-26", "3"), "格式错误"),
        (("add", "2025-09-26", "-3"), "不能为负数"),
        (("add", "2025-09-26", "three"), "不小于 0 的整数"),
        (("add", "2025-09-26", "3", "--pause", "2025-11-04:2025-11-03"), "早于开始日"),
        (("between", "2025-09-26", "tomorrow"), "格式错误"),
        (("calendar", "MMXXV"), "年份"),
        (("calendar", "2100"), "超出"),
    ],
)
def test_bad_input_is_a_clear_error_with_status_2(args, message):
    with pytest.raises(CommandError, match=message) as info:
        run(*args)
    assert info.value.returncode == 2


def test_import_then_provisional_deadline_moves(schedule_2027_csv):
    deadline = services.deadline_track(
        owner_label="foi.application", owner_id=5, kind="reply", start="2027-01-20", working_days=20
    )
    assert deadline.provisional
    assert json.loads(run("add", "2027-01-20", "20", "--json"))["provisional"] is True
    out = run("import", str(schedule_2027_csv), "--note", "国办发明电〔2026〕X号")
    assert "已导入 2027 年放假安排" in out
    assert "其中 1 个已重新计算" in out
    data = json.loads(run("add", "2027-01-20", "20", "--json"))
    assert data["provisional"] is False
    assert data["date"] == "2027-02-24"
    deadline.refresh_from_db()
    assert (deadline.due_date, deadline.provisional) == (D(2027, 2, 24), False)
    assert AuditEvent.objects.filter(
        object_type="workdays.trackeddeadline", object_id=str(deadline.pk), action="workdays.deadline.recomputed"
    ).exists()
    schedule = YearSchedule.objects.get(year=2027)
    assert schedule.source == "import"
    assert AuditEvent.objects.filter(action="workdays.schedule.imported", object_id=str(schedule.pk)).exists()
    calendar = run("calendar", "2027")
    assert "文件导入" in calendar and "2027-02-20（星期六） 春节" in calendar
    # Importing the same file again changes nothing.
    events = AuditEvent.objects.count()
    assert "未作修改" in run("import", str(schedule_2027_csv), "--note", "国办发明电〔2026〕X号")
    assert AuditEvent.objects.count() == events
    assert "其中 0 个发生变化" in run("recompute", "--year", "2027")


def test_import_with_errors_writes_nothing_and_lists_every_line(tmp_path):
    services.deadline_track(owner_label="x.y", owner_id=1, kind="k", start="2027-01-20", working_days=20)
    path = tmp_path / "bad.csv"
    path.write_text(
        "date,kind,name\n"
        "2027-01-01,holiday,元旦\n"
        "2027-02-05,休,春节\n"
        "2027-02-05,班,春节\n"  # both holiday and working day
        "2027-02-31,休,春节\n"  # no such date
        "2027-02-06,maybe,春节\n"  # unknown kind
        "2028-01-01,holiday,元旦\n"  # another year
        "2027-03-03,班,无\n",  # a Wednesday is already a working day
        encoding="utf-8",
    )
    before = counts()
    deadline_before = list(TrackedDeadline.objects.values_list("due_date", "provisional"))
    with pytest.raises(CommandError) as info:
        run("import", str(path))
    assert info.value.returncode == 2
    message = str(info.value)
    assert "未作任何修改" in message
    assert "第 4 行：日期 2027-02-05 同时被列为放假和调休上班（另见第 3 行）" in message
    assert "第 5 行：日期“2027-02-31”不存在" in message
    assert "第 6 行：类型“maybe”无法识别" in message
    assert "第 7 行：日期 2028-01-01 不属于 2027 年" in message
    assert "第 8 行：2027-03-03（星期三）本来就是工作日" in message
    assert counts() == before
    assert list(TrackedDeadline.objects.values_list("due_date", "provisional")) == deadline_before


def test_import_missing_file_and_wrong_year(tmp_path, schedule_2027_csv):
    with pytest.raises(CommandError, match="无法读取文件") as info:
        run("import", str(tmp_path / "nope.csv"))
    assert info.value.returncode == 2
    with pytest.raises(CommandError, match="不属于 2028 年"):
        run("import", str(schedule_2027_csv), "--year", "2028")
    assert YearSchedule.objects.count() == 0


def test_import_accepts_a_bom_and_no_header(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeff2027-01-01,休,元旦\r\n2027-01-02,休,元旦\r\n".encode())
    run("import", str(path))
    assert YearSchedule.objects.get(year=2027).days.count() == 2


def test_recompute_json():
    services.deadline_track(owner_label="x.y", owner_id=1, kind="k", start="2027-01-20", working_days=20)
    data = json.loads(run("recompute", "--json"))
    assert data == {"years": None, "checked": 1, "changed": 0, "changes": []}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["workdays", "add", "2025-02-30", "3"], "2025 年 2 月没有 30 日"),
        (["workdays", "add", "2025-09-26", "-1"], "不能为负数"),
    ],
)
def test_console_script_exit_status_and_stderr(capsys, argv, message):
    """The `gongkai` console script's own path: stderr in Chinese, exit status 2."""
    with pytest.raises(SystemExit) as info:
        execute_from_command_line(["gongkai", *argv])
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""

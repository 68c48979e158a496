"""Importing seed 002 (石城县2024年政务公开工作要点) and the other written forms."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from gongkai.supervision.models import Assignment, Task, UnitAlias
from gongkai.supervision.planparse import find_due, find_recurrence, parse_plan, split_units
from gongkai.supervision.services import plan_import, plan_read, unit_map
from gongkai.supervision.tests.conftest import SEED_002


def test_seed_002_gives_one_task_per_numbered_point_with_its_units():
    tasks = parse_plan(SEED_002.read_text(encoding="utf-8"), year=2024)
    # The page holds the document twice (page + print view); each of 一 … 十二 once.
    assert [t.number for t in tasks] == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    assert tasks[0].title == "聚焦高质量发展推进信息公开"
    assert tasks[0].lead == [] and len(tasks[0].units) == 9 and "石城工业园区管委会" in tasks[0].units
    assert tasks[1].units[:3] == ["县教科体局", "县人社局", "县退役军人事务局"] and len(tasks[1].units) == 12
    # 三 is split over two lines on the page ("县政府重" / "大政策"): one paragraph.
    assert tasks[2].lead == ["县政府办", "县行政审批局", "县司法局", "县融媒体中心"]
    assert tasks[2].units == ["县政府各部门", "县直有关单位", "各乡镇人民政府", "县城市社区管委会"]
    assert "重大政策、重点工作" in tasks[2].body
    assert tasks[5].lead == ["县政府办", "县网信办"]
    assert all("牵头" not in t.title and "（" not in t.title for t in tasks)
    assert tasks[9].due == datetime.date(2024, 12, 31)  # 十: 年内至少参加一次


def test_import_matches_units_to_the_tree_and_lists_the_rest(shicheng, office):
    result = plan_import(actor=office, org=shicheng["shicheng"], year=2024, data=SEED_002.read_bytes(), name="002.txt")
    assert result.plan is not None and Task.objects.filter(plan=result.plan).count() == 12
    third = result.tasks[2]
    assert [m.orgs[0].slug for m in third.lead] == ["shicheng-bgs", "shicheng-xzspj", "shicheng-sfj", "shicheng-rmtzx"]
    collective = third.units[0]
    assert collective.name == "县政府各部门" and collective.matched and len(collective.orgs) == 26
    assert set(result.unmatched) == {"石城工业园区管委会", "县直有关单位", "有关部门和单位"}
    task1 = Task.objects.get(plan=result.plan, seq=1)
    assert set(Assignment.objects.filter(task=task1).values_list("org__slug", flat=True)) == {
        "shicheng-gxj", "shicheng-fgw", "shicheng-swj", "shicheng-wglj", "shicheng-scjgj",
        "shicheng-nyncj", "shicheng-jktj", "shicheng-sthjj",
    }  # fmt: skip
    lead = Assignment.objects.get(task__plan=result.plan, task__seq=3, org=shicheng["shicheng-sfj"])
    assert lead.role == "lead" and lead.due_on == datetime.date(2024, 12, 31)

    # A person maps a name; it is assigned now and remembered for the next import.
    created = unit_map(actor=office, plan=result.plan, name="石城工业园区管委会", org=shicheng["shicheng-gzfw"])
    assert created == 1  # only 一 names it
    assert Assignment.objects.filter(task=task1, org=shicheng["shicheng-gzfw"]).exists()
    # "县直有关单位" names no single unit: mapped to none, it stops asking.
    assert unit_map(actor=office, plan=result.plan, name="县直有关单位", org=None) == 0
    assert UnitAlias.objects.filter(scope=shicheng["shicheng"], name="石城工业园区管委会").exists()
    again = plan_read(org=shicheng["shicheng"], year=2025, data=SEED_002.read_bytes(), name="002.txt")
    assert again.unmatched == ["有关部门和单位"]


@pytest.mark.parametrize(
    "paren,lead,units",
    [
        ("县政府办牵头，县政府各部门按职责分工负责", ["县政府办"], ["县政府各部门"]),
        ("责任单位：县发改委、县财政局", [], ["县发改委", "县财政局"]),
        ("牵头单位：县政府办；配合单位：县司法局、县网信办", ["县政府办"], ["县司法局", "县网信办"]),
        ("牵头单位:县政府办;配合单位:县司法局", ["县政府办"], ["县司法局"]),
        (
            "县政务中心牵头，驻政务大厅各部门、各单位按工作职能分别负责落实",
            ["县政务中心"],
            ["驻政务大厅各部门", "各单位"],
        ),
        ("县政府办公室负责落实", [], ["县政府办公室"]),
    ],
)
def test_unit_parenthesis_forms(paren, lead, units):
    assert split_units(paren) == (lead, units)


def test_due_dates_and_recurrence():
    assert find_due("6月底前完成清理", 2024) == datetime.date(2024, 6, 30)
    assert find_due("于2025年9月30日前公开", 2024) == datetime.date(2025, 9, 30)
    assert find_due("3月15日前报送，9月底前完成", 2024) == datetime.date(2024, 9, 30)
    assert find_due("持续推进", 2024) is None
    assert find_recurrence("每季度报送一次进展") == "quarterly"
    assert find_recurrence("按月更新") == "monthly"


def test_sub_items_and_half_width_forms():
    text = (
        "一、总体任务\n(一)做好解读，6月底前完成。(县政府办牵头,各乡镇按职责分工负责)\n"
        "（二）每季度检查网站。（责任单位：县网信办）\n二、保障\n（三）强化培训。（县政府办负责）"
    )
    tasks = parse_plan(text, year=2024)
    assert [(t.number, t.title, t.lead, t.units, t.due, t.recurrence) for t in tasks] == [
        ("（一）", "做好解读，6月底前完成", ["县政府办"], ["各乡镇"], datetime.date(2024, 6, 30), ""),
        ("（二）", "每季度检查网站", [], ["县网信办"], None, "quarterly"),
        ("（三）", "强化培训", [], ["县政府办"], None, ""),
    ]


def test_cli_json_and_exit_codes(shicheng, tmp_path):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "plan", "import", str(SEED_002), "--org", "shicheng", "--year", "2024", "--dry-run", "--json", stdout=out
        )
    assert exit_.value.code == 1  # unmatched names need a person
    data = json.loads(out.getvalue())
    assert len(data["tasks"]) == 12 and data["tasks"][0]["due"] is None and data["tasks"][10]["recurrence"] == "yearly"
    assert data["tasks"][2]["lead"][0] == {
        "name": "县政府办",
        "org": "shicheng-bgs",
        "orgs": ["shicheng-bgs"],
        "matched": True,
    }
    assert "石城工业园区管委会" in data["tasks"][0]["unmatched"]
    assert Task.objects.count() == 0  # dry run
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"PK\x03\x04 not really a docx")
    with pytest.raises(CommandError) as error:
        call_command("plan", "import", str(bad), "--org", "shicheng", "--year", "2024")
    assert error.value.returncode == 2
    good = tmp_path / "plan.txt"
    good.write_text("一、做好解读。（县政府办牵头，县司法局按职责分工负责）", encoding="utf-8")
    call_command("plan", "import", str(good), "--org", "shicheng", "--year", "2024", stdout=io.StringIO())
    assert Assignment.objects.count() == 2

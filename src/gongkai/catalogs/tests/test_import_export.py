"""Import and export in the published layout: every 时限 form, the round trip, bad inputs (each
problem names sheet, row and column; nothing is saved), and the CLI exactly as specified."""

import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.catalogs import selectors, services
from gongkai.catalogs.exporting import write_workbook
from gongkai.catalogs.importing import ParsedItem, WorkbookUnreadable, read_workbook
from gongkai.catalogs.models import CatalogItem, CatalogVersion, VersionState
from gongkai.catalogs.tests.workbooks import ALL_FORMS, Row, build, channels, with_row
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _comparable(items):
    return [(i.area, *sorted(i.fields().items())) for i in items]


def test_every_form_of_the_issue_is_read_with_its_rule_and_checkboxes():
    result = read_workbook(build({"社会救助": ALL_FORMS}, stage=True, village=True))
    assert result.errors == []
    by_level2 = {i.level2: i.as_cli() for i in result.items}
    assert by_level2["部门文件"]["deadline"] == {
        "text": "信息形成或者变更之日起20个工作日内",
        "days": 20,
        "unit": "working_day",
    }
    assert by_level2["政府预算"]["deadline"]["unit"] == "calendar_day"
    assert by_level2["审核信息"]["deadline"] == {
        "text": "制定或获取信息之日起10个工作日内，公示7个工作日",
        "days": 10,
        "unit": "working_day",
        "publicity_days": 7,
        "publicity_unit": "working_day",
    }
    for standing in ("办事指南", "救助标准", "供养标准"):
        assert by_level2[standing]["deadline"] is None
    assert by_level2["资金发放"]["deadline"]["period"] == "quarter"
    assert by_level2["年度统计"]["deadline"]["month"] == 3
    assert by_level2["其他事项"]["deadline_flagged"] is True
    assert by_level2["其他事项"]["deadline"]["text"] == "及时公开"
    assert any("及时公开" in str(w) and "第12行" in str(w) for w in result.warnings)
    guide = by_level2["办事指南"]
    assert guide["channels"] == ["政府网站", "政务服务中心"]
    assert (guide["level1"], guide["area"]) == ("最低生活保障", "社会救助")  # filled down from the merged cell
    audit = by_level2["审核信息"]
    assert (audit["audience_public"], audit["audience_specific"], audit["proactive"], audit["on_request"]) == (
        False,
        True,
        True,
        False,
    )
    assert (audit["county"], audit["township"], audit["village"]) == (True, True, False)
    negative = by_level2["个人隐私信息"]
    assert negative["proactive"] is False and negative["on_request"] is False


def test_round_trip_import_export_reimport(org_tree, people):
    rows = with_row(ALL_FORMS, 0, stage="结果", village="√")
    data = build({"社会救助": rows, "财政预决算": ALL_FORMS[:3]}, stage=True, village=True)
    first = read_workbook(data)
    outcome = services.catalog_import(actor=people["admin"], org=org_tree["county"], data=data, filename="目录.xlsx")
    assert [v.state for v in outcome.versions] == [VersionState.DRAFT, VersionState.DRAFT]
    exported = write_workbook("石城县", selectors.export_areas(org_tree["county"]))
    again = read_workbook(exported)
    assert again.errors == []
    assert sorted(_comparable(again.items)) == sorted(_comparable(first.items))
    # The export is the published layout: two header rows with merged group cells.
    sheet = openpyxl.load_workbook(io.BytesIO(exported))["社会救助"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A2:A3" in merged  # 序号 down both header rows
    assert any(r.startswith("C2:D2") for r in merged)  # 公开事项 over 一级/二级事项 (after 序号, 过程)
    assert sheet["C3"].value == "一级事项" and sheet["I4"].value.startswith("■政府网站")
    # Re-importing the export into the same org replaces the draft with the same items.
    services.catalog_import(actor=people["admin"], org=org_tree["county"], data=exported, filename="导出.xlsx")
    assert CatalogVersion.objects.filter(catalog__org=org_tree["county"]).count() == 2
    stored = [
        ParsedItem(
            area="social_assistance",
            sheet="",
            row=0,
            **{k: getattr(i, k) for k in ParsedItem.__dataclass_fields__ if k not in ("area", "sheet", "row")},
        )
        for i in CatalogItem.objects.filter(version__catalog__area="social_assistance").order_by("position")
    ]
    assert _comparable(stored) == [c for c in _comparable(first.items) if c[0] == "social_assistance"]


def _problems(data):
    return [str(p) for p in read_workbook(data).errors]


def test_missing_header_is_named_with_sheet_and_row():
    assert _problems(build({"社会救助": ALL_FORMS}, drop_header="公开时限")) == [
        "工作表“社会救助”第2行：缺少表头“公开时限”。"
    ]


def test_row_without_level2_names_sheet_row_and_column():
    problems = _problems(build({"社会救助": with_row(ALL_FORMS, 2, level2="")}))
    assert problems == ["工作表“社会救助”第6行C列：二级事项：为空（每行须有二级事项）。"]


def test_unknown_channel_is_refused():
    rows = with_row(ALL_FORMS, 1, channels=channels("政府网站") + " ■抖音直播间")
    problems = _problems(build({"社会救助": rows}))
    assert len(problems) == 1 and problems[0].startswith(
        "工作表“社会救助”第5行H列：公开渠道和载体：无法识别的渠道“抖音直播间”"
    )


def test_merged_cell_spanning_columns_is_refused():
    problems = _problems(build({"社会救助": ALL_FORMS}, merge_across=(3, 2)))
    assert problems == [
        "工作表“社会救助”第7行D列：合并单元格 D7:E7 跨越了多个栏目（公开内容（要素）、公开依据），无法确定所属。"
    ]


def test_bad_checkbox_unknown_area_and_duplicate_area():
    problems = _problems(build({"社会救助": with_row(ALL_FORMS, 0, proactive="是的")}))
    assert problems == ["工作表“社会救助”第4行K列：公开方式：主动：应为“√”或留空，实际为“是的”。"]
    assert "无法识别所属领域" in _problems(build({"杂项": ALL_FORMS}, title=False))[0]
    assert "已在工作表" in _problems(build({"环境保护": ALL_FORMS, "生态环境": ALL_FORMS}))[0]


def test_negative_list_item_needs_its_legal_ground():
    rows = with_row(ALL_FORMS, 9, basis="")
    assert "负面清单" in _problems(build({"社会救助": rows}))[0]


def test_a_failing_real_run_saves_nothing(org_tree, people):
    bad = build({"社会救助": ALL_FORMS, "财政预决算": with_row(ALL_FORMS, 4, level2="")})
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.catalog_import(actor=people["admin"], org=org_tree["county"], data=bad)
    assert refused.value.code == "catalog_import_rejected"
    assert "工作表“财政预决算”第8行C列" in refused.value.fields["file"][0]
    assert CatalogVersion.objects.count() == 0 and CatalogItem.objects.count() == 0
    assert AuditEvent.objects.count() == audits


def test_unreadable_file_and_permissions(org_tree, people):
    with pytest.raises(WorkbookUnreadable):
        services.catalog_import(actor=people["admin"], org=org_tree["county"], data=b"not a workbook", dry_run=True)
    data = build({"社会救助": ALL_FORMS})
    for who in ("editor", "sibling_admin", "township_admin"):
        with pytest.raises(PermissionDenied):
            services.catalog_import(actor=people[who], org=org_tree["county"], data=data)
    assert CatalogVersion.objects.count() == 0


def test_reimport_keeps_column_bindings_of_the_same_items(org_tree, people, superuser):
    from gongkai.disclosure import selectors as disclosure
    from gongkai.disclosure.services import catalog_ensure_default

    county = org_tree["county"]
    catalog_ensure_default(org=county)
    column = next(c for c in disclosure.catalog_columns([county.pk]) if c.code == "key-areas")
    data = build({"社会救助": ALL_FORMS})
    version = services.catalog_import(actor=people["admin"], org=county, data=data, publish=True).versions[0]
    item = version.items.get(level2="审核信息")
    services.item_bind(actor=people["admin"], item=item, column_id=column.pk)
    rows = [*ALL_FORMS, Row("临时救助", "新增事项", "实时")]
    draft = services.catalog_import(actor=people["admin"], org=county, data=build({"社会救助": rows})).versions[0]
    assert draft.pk != version.pk and draft.items.count() == len(rows)
    assert draft.items.get(level2="审核信息").column_id == column.pk
    assert draft.items.get(level2="新增事项").column_id is None


# --------------------------------------------------------------------------- the CLI, as specified


def _cli(*args):
    out = io.StringIO()
    call_command("catalog", *args, stdout=out)
    return out.getvalue()


def test_cli_dry_run_json_lists_every_item_and_saves_nothing(tmp_path, org_tree):
    path = tmp_path / "目录.xlsx"
    path.write_bytes(build({"社会救助": ALL_FORMS}))
    payload = json.loads(_cli("import", str(path), "--org", "shicheng", "--dry-run", "--json"))
    assert len(payload["items"]) == len(ALL_FORMS) and CatalogVersion.objects.count() == 0
    first = payload["items"][0]
    for key in (
        "area",
        "level1",
        "level2",
        "content",
        "basis",
        "subject",
        "channels",
        "audience_public",
        "audience_specific",
        "proactive",
        "on_request",
        "county",
        "township",
        "village",
        "deadline",
    ):
        assert key in first
    assert first["deadline"] == {"text": "信息形成或者变更之日起20个工作日内", "days": 20, "unit": "working_day"}


def test_cli_exit_codes_and_real_import_export(tmp_path, org_tree):
    good, bad, broken = tmp_path / "good.xlsx", tmp_path / "bad.xlsx", tmp_path / "broken.xlsx"
    good.write_bytes(build({"社会救助": ALL_FORMS}))
    bad.write_bytes(build({"社会救助": with_row(ALL_FORMS, 1, level2="")}))
    broken.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(CommandError) as rejected:
        _cli("import", str(bad), "--org", "shicheng", "--json")
    assert rejected.value.returncode == 1 and CatalogVersion.objects.count() == 0
    with pytest.raises(CommandError) as unreadable:
        _cli("import", str(broken), "--org", "shicheng")
    assert unreadable.value.returncode == 2
    with pytest.raises(CommandError) as missing:
        _cli("import", str(tmp_path / "none.xlsx"), "--org", "shicheng")
    assert missing.value.returncode == 2
    text = _cli("import", str(good), "--org", "shicheng")
    assert "共 10 个事项，1 个领域" in text and CatalogItem.objects.count() == 10
    out = tmp_path / "out.xlsx"
    assert "已导出 1 个领域、10 个事项" in _cli("export", "--org", "shicheng", str(out))
    reread = json.loads(_cli("import", str(out), "--org", "shicheng", "--dry-run", "--json"))
    original = json.loads(_cli("import", str(good), "--org", "shicheng", "--dry-run", "--json"))
    strip = lambda items: [{k: v for k, v in i.items() if k not in ("row", "sheet")} for i in items]  # noqa: E731
    assert strip(reread["items"]) == strip(original["items"])

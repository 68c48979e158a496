"""督查考核 back-office pages through the HTTP client: plan import and name mapping, the
records and training page, the scheme forms. Units are chosen from the office's tree."""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.orgs.roles import Role
from gongkai.supervision.models import (
    Assignment,
    Attendance,
    Indicator,
    Interview,
    ManualPoint,
    Plan,
    Scheme,
    SpecialCheck,
    TrainingSession,
    UnitAlias,
)

pytestmark = pytest.mark.django_db

PLAN = (
    "石城县2025年政务公开工作要点\n"
    "一、做好政策解读。各单位6月底前完成重要政策解读（县卫健委牵头，木兰乡按职责分工负责）。\n"
    "二、加强平台建设。每季度报送一次平台建设情况（责任单位：县卫健委、石城县数据局）。\n"
)


@pytest.fixture
def people(org_tree, make_user):
    return {
        "office": make_user("pg-office", org=org_tree["county"], role=Role.ADMIN),
        "approver": make_user("pg-approver", org=org_tree["county"], role=Role.APPROVER),
        "stranger": make_user("pg-stranger", org=org_tree["sibling"], role=Role.ADMIN),
    }


def _as(client, user):
    client.force_login(user)
    return client


def _upload(text=PLAN, name="要点.txt"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def _select_options(html, name):
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select.group(1))


@time_machine.travel(datetime.datetime(2025, 5, 6, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_plan_import_page_and_name_mapping(client, org_tree, people):
    county = org_tree["county"]
    url = f"/staff/supervision/orgs/{county.pk}/import/"
    _as(client, people["office"])
    dashboard = client.get(f"/staff/supervision/orgs/{county.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' in dashboard and "导入工作要点" in dashboard

    # Errors beside the field, nothing saved: an unreadable text, a year out of range.
    empty = client.post(url, {"year": 2025, "file": _upload("没有编号的文字。")})
    assert empty.status_code == 422 and "未能从文件中识别出任何任务" in empty.content.decode()
    far = client.post(url, {"year": 1999, "file": _upload()})
    assert far.status_code == 422 and "field-error" in far.content.decode()
    assert not Plan.objects.exists()

    done = client.post(url, {"year": 2025, "file": _upload()}, follow=True)
    plan = Plan.objects.get()
    assert done.redirect_chain[-1][0] == f"/staff/supervision/plans/{plan.pk}/"
    page = done.content.decode()
    assert "已导入任务 2 项" in page and "做好政策解读" in page and "石城县数据局（待对应）" in page
    # The name is mapped with a choice of the office's tree: the county and its units, no other county.
    options = _select_options(page, "org")
    assert ("", "不对应（非单一单位）") in options
    assert {label for _, label in options} >= {"石城县人民政府", "石城县卫生健康委员会", "石城县木兰乡人民政府"}
    assert "瑞金市人民政府" not in page
    mapping = f"/staff/supervision/plans/{plan.pk}/map/"
    refused = client.post(mapping, {"name": "石城县数据局", "org": org_tree["sibling"].pk}, follow=True)
    assert "请从本级及下级机构中选择对应机构" in refused.content.decode()
    assert not UnitAlias.objects.exists()
    mapped = client.post(mapping, {"name": "石城县数据局", "org": county.pk}, follow=True).content.decode()
    assert "已对应，新增分工 1 项" in mapped and "待对应的单位名称" not in mapped
    assert Assignment.objects.filter(task__plan=plan, org=county).count() == 1
    assert UnitAlias.objects.get().org == county

    # The approver sees the office's pages but does not import; a stranger does not see them.
    assert _as(client, people["approver"]).post(url, {"year": 2025, "file": _upload()}).status_code == 403
    assert _as(client, people["stranger"]).post(url, {"year": 2025, "file": _upload()}).status_code == 404
    assert Plan.objects.count() == 1


@time_machine.travel(datetime.datetime(2025, 6, 10, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_records_and_training_page(client, org_tree, people):
    county, dept, township, sibling = (org_tree[k] for k in ("county", "dept", "township", "sibling"))
    url = f"/staff/supervision/orgs/{county.pk}/records/"
    page = _as(client, people["office"]).get(url).content.decode()
    assert "单位编号" not in page and "每行：单位标识" not in page
    # The interview's unit: the units beneath the office, by name.
    assert _select_options(page, "unit") == [
        ("", "---------"),
        (str(dept.pk), "石城县卫生健康委员会"),
        (str(township.pk), "石城县木兰乡人民政府"),
    ]
    assert "瑞金市人民政府" not in page and f'name="units" value="{dept.pk}"' in page

    check = {
        "form": "check", "title": "政务公开专项督查", "held_on": "2025-05-20",
        "units": [dept.pk, township.pk], "findings": "栏目更新不及时", "requirements": "一个月内整改",
    }  # fmt: skip
    outside = client.post(url, {**check, "units": [sibling.pk]})
    assert outside.status_code == 422 and "field-error" in outside.content.decode()
    assert client.post(url, check).status_code == 302
    assert set(SpecialCheck.objects.get().units.values_list("slug", flat=True)) == {"shicheng-wjw", "shicheng-mulan"}

    interview = {
        "form": "interview",
        "unit": township.pk,
        "held_on": "2025-06-01",
        "reason": "整改不到位",
        "attendees": "乡长",
    }
    assert client.post(url, {**interview, "unit": county.pk}).status_code == 422  # the office itself is no unit
    assert client.post(url, interview).status_code == 302 and Interview.objects.get().unit == township

    def training(rows, **over):
        data = {"form": "training", "title": "条例解读培训", "held_on": "2025-06-05", "hours": "3", "place": "县政府"}
        data |= {"att-TOTAL_FORMS": str(len(rows)), "att-INITIAL_FORMS": "0", "att-MIN_NUM_FORMS": "0"}
        data["att-MAX_NUM_FORMS"] = "100"
        for i, (unit, names) in enumerate(rows):
            data[f"att-{i}-unit"], data[f"att-{i}-names"] = unit, names
        return data | over

    no_names = client.post(url, training([(dept.pk, ""), ("", "")]))
    assert no_names.status_code == 422 and "请填写参训人员" in no_names.content.decode()
    no_unit = client.post(url, training([("", "张三")]))
    assert no_unit.status_code == 422 and "请选择参训单位" in no_unit.content.decode()
    nobody = client.post(url, training([("", "")]))
    assert nobody.status_code == 422 and "请至少填写一个单位的参训人员" in nobody.content.decode()
    hours = client.post(url, training([(dept.pk, "张三")], hours="100"))
    assert hours.status_code == 422 and "条例解读培训" in hours.content.decode()  # what was typed stays
    too_many = client.post(url, training([(dept.pk, "张三")] * 101))
    assert too_many.status_code == 422 and not TrainingSession.objects.exists()

    saved = client.post(url, training([(dept.pk, "张三（分管领导）、李四"), ("", "")]), follow=True)
    assert saved.status_code == 200 and "已登记" in saved.content.decode()
    assert sorted(Attendance.objects.values_list("name", "position")) == [("张三", "分管领导"), ("李四", "")]
    page = saved.content.decode()
    assert re.search(r"<th scope=\"row\">县卫健委</th><td>2</td><td>6\.0</td>", page)
    assert re.search(r"本年度尚未参训的单位：木兰乡", page)
    assert "每年至少开展两次专项督查；本年已开展 1 次" in page
    # More rows on request, bounded.
    assert client.get(url + "?rows=30").content.decode().count('name="att-29-unit"') == 1
    assert 'name="att-100-unit"' not in client.get(url + "?rows=99999").content.decode()
    assert _as(client, people["approver"]).post(url, check).status_code == 403
    assert _as(client, people["stranger"]).get(url).status_code == 404


@time_machine.travel(datetime.datetime(2025, 1, 20, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_scheme_forms(client, org_tree, people):
    county, dept, township = org_tree["county"], org_tree["dept"], org_tree["township"]
    _as(client, people["office"])
    created = client.post(f"/staff/supervision/orgs/{county.pk}/schemes/", {"year": 2024, "title": ""})
    scheme = Scheme.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/staff/supervision/schemes/{scheme.pk}/"
    url = f"/staff/supervision/schemes/{scheme.pk}/"

    deduct = {"form": "indicator", "code": "A2", "name": "逾期扣分", "weight": "10", "rule": "deduct"}
    missing = client.post(url, {**deduct, "source": "disclosure.timeliness"})
    assert missing.status_code == 422 and "必填。" in missing.content.decode() and not Indicator.objects.exists()
    assert client.post(url, {**deduct, "source": "disclosure.timeliness", "per_item": "4"}).status_code == 302
    manual = {"form": "indicator", "code": "B1", "name": "工作创新", "weight": "5", "rule": "manual", "source": ""}
    assert client.post(url, manual).status_code == 302

    page = client.get(url).content.decode()
    assert "单位编号" not in page
    assert {label for _, label in _select_options(page, "org")} >= {"石城县卫生健康委员会", "石城县木兰乡人民政府"}
    assert "石城县人民政府</option>" not in page  # the assessing org is not assessed
    codes = re.search(r'<select name="indicator_code"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert "B1 工作创新（满分5.00）" in codes and "A2" not in codes and "加减分（计入总分）" in codes

    point = {"form": "point", "org": dept.pk, "indicator_code": "B1", "points": "3", "reason": "政策解读形式创新"}
    outside = client.post(url, {**point, "org": county.pk})
    assert outside.status_code == 422 and "field-error" in outside.content.decode()
    not_manual = client.post(url, {**point, "indicator_code": "A2"})
    assert not_manual.status_code == 422 and not ManualPoint.objects.exists()
    no_reason = client.post(url, {**point, "reason": ""})
    assert no_reason.status_code == 422
    assert client.post(url, point).status_code == 302
    assert client.post(url, {**point, "org": township.pk, "indicator_code": "", "points": "-2"}).status_code == 302
    assert sorted(ManualPoint.objects.values_list("org__slug", "indicator_code", "points")) == [
        ("shicheng-mulan", "", -2),
        ("shicheng-wjw", "B1", 3),
    ]
    sheet = client.post(f"/staff/supervision/schemes/{scheme.pk}/compute/", follow=True).content.decode()
    assert "已计算" in sheet and "工作创新" in sheet
    assert _as(client, people["approver"]).post(url, point).status_code == 403
    assert _as(client, people["stranger"]).get(url).status_code == 404

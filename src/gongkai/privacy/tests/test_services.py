import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.privacy.models import WordingRule
from gongkai.privacy.scanner import scan_text
from gongkai.privacy.selectors import wording_rule_list, wording_rules_active
from gongkai.privacy.services import privacy_mask_apply, privacy_override_record, wording_rule_save
from gongkai.privacy.tests.helpers import make_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_superuser("site-admin", password="site-admin-password-1")


@pytest.fixture
def editor():
    return get_user_model().objects.create_user("editor", password="editor-password-1")


def test_wording_rule_create_update_and_audit(admin_user):
    rule = wording_rule_save(actor=admin_user, pattern=" 十九届五中全会精神 ", correction="党的十九届五中全会精神")
    assert rule.pattern == "十九届五中全会精神"
    updated = wording_rule_save(
        actor=admin_user, rule_id=rule.pk, pattern=rule.pattern, correction="党的十九届五中全会精神", severity="warning"
    )
    assert updated.severity == "warning"
    events = AuditEvent.objects.filter(object_type="privacy.wordingrule", object_id=str(rule.pk)).order_by("id")
    assert [e.action for e in events] == ["privacy.wording_rule.created", "privacy.wording_rule.updated"]
    assert (events[1].before or {})["severity"] == "error"
    assert (events[1].after or {})["severity"] == "warning"


def test_invalid_and_duplicate_rules_are_refused(admin_user):
    with pytest.raises(ValidationFailed, match="正则表达式有误") as caught:
        wording_rule_save(actor=admin_user, pattern="(未闭合", is_regex=True)
    assert caught.value.fields == {"pattern": [caught.value.message]}
    wording_rule_save(actor=admin_user, pattern="国务院总理李克强", correction="国务院总理")
    with pytest.raises(ValidationFailed, match="已有相同"):
        wording_rule_save(actor=admin_user, pattern="国务院总理李克强", correction="x")
    with pytest.raises(ValidationFailed, match="严重程度"):
        wording_rule_save(actor=admin_user, pattern="别的", severity="fatal")
    assert WordingRule.objects.count() == 1


def test_only_users_with_the_permission_may_write_rules(editor):
    with pytest.raises(PermissionDenied):
        wording_rule_save(actor=editor, pattern="某表述")
    editor.user_permissions.add(Permission.objects.get(codename="add_wordingrule"))
    editor = get_user_model().objects.get(pk=editor.pk)  # permissions are cached per instance
    assert wording_rule_save(actor=editor, pattern="某表述").pk


def test_selector_compiles_only_active_rules_for_the_engine(admin_user):
    wording_rule_save(actor=admin_user, pattern="政府信息公开条列", correction="政府信息公开条例")
    wording_rule_save(actor=admin_user, pattern="停用的规则", active=False)
    rules = wording_rules_active()
    assert [r.spec.pattern for r in rules] == ["政府信息公开条列"]
    assert wording_rule_list(active=False).get().pattern == "停用的规则"
    report = scan_text("依据《政府信息公开条列》。停用的规则。", wording_rules=rules)
    assert [(f.kind, f.text) for f in report.findings] == [("wording", "政府信息公开条列")]


def test_mask_apply_masks_saves_and_audits_counts_only(admin_user):
    number = make_id()
    draft = Group.objects.create(name=f"申请人：张三 身份证{number} 手机13812345678")
    counts = privacy_mask_apply(actor=admin_user, obj=draft, fields=["name"])
    assert counts == {"id_card": 1, "mobile": 1, "person_name": 1}
    draft.refresh_from_db()
    assert draft.name == "申请人：张* 身份证110105********" + number[-4:] + " 手机138****5678"
    event = AuditEvent.objects.get(action="privacy.masked")
    assert event.object_type == "auth.group" and event.object_id == str(draft.pk)
    assert event.after == {"fields": {"name": counts}, "counts": counts, "total": 3}
    stored = json.dumps([event.before, event.after, event.object_repr, event.note], ensure_ascii=False)
    assert number not in stored and "13812345678" not in stored and "张三" not in stored


def test_mask_apply_on_html_field_and_nothing_to_mask(admin_user):
    draft = Group.objects.create(name="<p>申请人：<b>李四</b></p>")
    assert privacy_mask_apply(actor=admin_user, obj=draft, html_fields=["name"]) == {"person_name": 1}
    draft.refresh_from_db()
    assert draft.name == "<p>申请人：<b>李*</b></p>"
    assert privacy_mask_apply(actor=admin_user, obj=draft, html_fields=["name"]) == {}
    assert AuditEvent.objects.filter(action="privacy.masked").count() == 2
    with pytest.raises(ValidationFailed):
        privacy_mask_apply(actor=admin_user, obj=draft)


def test_override_needs_a_reason_and_records_counts(admin_user):
    draft = Group.objects.create(name="草稿")
    report = scan_text("申请人：王五，手机13812345678")
    with pytest.raises(ValidationFailed, match="理由"):
        privacy_override_record(actor=admin_user, obj=draft, report=report, reason="  ")
    event = privacy_override_record(actor=admin_user, obj=draft, report=report, reason="本人书面同意公开")
    assert event.action == "privacy.override"
    assert event.after == {"counts": {"mobile": 1, "person_name": 1}, "total": 2}
    assert event.note == "本人书面同意公开"
    with pytest.raises(ValidationFailed, match="无需特批"):
        privacy_override_record(actor=admin_user, obj=draft, report=scan_text("正文"), reason="x")


def test_admin_add_view_validates_the_pattern_and_saves_through_the_service(client, admin_user):
    client.force_login(admin_user)
    url = "/admin/privacy/wordingrule/add/"
    data = {"pattern": "(a+)+", "is_regex": "on", "correction": "", "severity": "error", "active": "on", "note": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "嵌套重复" in response.content.decode()
    data["pattern"] = "人民政府信息公开条列"
    data.pop("is_regex")
    response = client.post(url, data)
    assert response.status_code == 302
    rule = WordingRule.objects.get()
    assert AuditEvent.objects.filter(action="privacy.wording_rule.created", object_id=str(rule.pk)).exists()

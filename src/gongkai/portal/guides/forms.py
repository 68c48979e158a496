"""Forms of the 办事指南 back office (Chinese labels, every field bounded)."""

from __future__ import annotations

from django import forms

from gongkai.guides.models import ItemType
from gongkai.guides.services import MAX_FORM_BYTES
from gongkai.guides.services.guides import MAX_DAYS


def _text(label: str, max_length: int, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
        error_messages={"max_length": f"{label}不能超过{max_length}字。"},
    )


def _days(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        error_messages={"min_value": "至少 1 个工作日。", "max_value": f"不超过 {MAX_DAYS} 个工作日。"},
    )


class ContentForm(forms.Form):
    """The standard elements of a guide (what EDIT takes)."""

    name = forms.CharField(label="事项名称", max_length=200, error_messages={"required": "请填写事项名称。"})
    basis = _text("设定依据", 5000)
    conditions = _text("受理条件", 5000)
    materials = _text("申请材料（每行一项）", 5000, rows=5)
    process = _text("办理流程", 5000)
    legal_days = _days("法定办结时限（工作日）")
    promised_days = _days("承诺办结时限（工作日）")
    fees = _text("收费标准", 2000, rows=2)
    place_and_hours = _text("办理地点和时间", 2000, rows=2)
    consult_phone = forms.CharField(label="咨询电话", max_length=64, required=False)
    complaint_phone = forms.CharField(label="监督投诉电话", max_length=64, required=False)
    online_url = forms.URLField(label="网上办理地址", max_length=500, required=False, assume_scheme="https")
    changed_on = forms.DateField(
        label="办事条件变化日（变更须在1个工作日内公开）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式不正确。"},
    )
    change_note = forms.CharField(label="变更说明", max_length=500, required=False)


class ItemForm(ContentForm):
    item_type = forms.ChoiceField(label="事项类型", choices=ItemType.choices)
    code = forms.CharField(label="事项编码", max_length=64, required=False)
    field_order = ["name", "item_type", "code"]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="表格文件（PDF、DOCX、XLSX）",
        error_messages={"required": "请选择文件。"},
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FORM_BYTES:
            raise forms.ValidationError(f"文件不能超过 {MAX_FORM_BYTES // (1024 * 1024)} MB。")
        return upload


class PolicyForm(forms.Form):
    publication_id = forms.IntegerField(
        label="政策文件编号", min_value=1, max_value=2**62, error_messages={"required": "请填写政策文件编号。"}
    )


class NewDraftForm(forms.Form):
    changed_on = forms.DateField(label="办事条件变化日", required=False, widget=forms.DateInput(attrs={"type": "date"}))

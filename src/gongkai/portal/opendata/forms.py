"""Forms of 开放数据 (public request form and the back office)."""

from __future__ import annotations

from django import forms
from django.conf import settings

from gongkai.opendata.models import Frequency, Licence, OpenType, ResourceFormat


class DatasetForm(forms.Form):
    title = forms.CharField(label="数据集名称", max_length=200, error_messages={"required": "请填写数据集名称。"})
    description = forms.CharField(
        label="摘要", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    topic = forms.CharField(label="主题", max_length=50, required=False)
    keywords = forms.CharField(label="关键词", max_length=200, required=False)
    update_frequency = forms.ChoiceField(label="更新频率", choices=Frequency.choices)
    licence = forms.ChoiceField(label="开放许可", choices=Licence.choices)
    open_type = forms.ChoiceField(label="开放类型", choices=OpenType.choices)
    open_conditions = forms.CharField(
        label="开放条件（有条件开放时必填）", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    fields_text = forms.CharField(
        label="数据项（每行一项：名称|类型|说明）",
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_fields_text(self) -> list[dict[str, str]]:
        rows = []
        for line in self.cleaned_data["fields_text"].splitlines():
            if line.strip():
                parts = [p.strip() for p in line.split("|")] + ["", ""]
                rows.append({"name": parts[0], "type": parts[1], "description": parts[2]})
        if len(rows) > 200:
            raise forms.ValidationError("数据项最多 200 项。")
        return rows

    def service_data(self) -> dict[str, object]:
        data = dict(self.cleaned_data)
        data["fields"] = data.pop("fields_text")
        return data

    @staticmethod
    def fields_initial(fields: list[dict[str, str]]) -> str:
        return "\n".join(f"{f.get('name', '')}|{f.get('type', '')}|{f.get('description', '')}" for f in fields)


class ResourceForm(forms.Form):
    name = forms.CharField(label="资源名称", max_length=200, error_messages={"required": "请填写资源名称。"})
    format = forms.ChoiceField(label="格式", choices=ResourceFormat.choices)
    upload = forms.FileField(label="文件（CSV、XLSX、JSON）", required=False)
    url = forms.URLField(label="接口地址（API 时填写）", max_length=500, required=False, assume_scheme="https")

    def clean_upload(self) -> object:
        upload = self.cleaned_data.get("upload")
        limit = settings.GONGKAI_MAX_ATTACHMENT_BYTES
        if upload is not None and upload.size > limit:
            raise forms.ValidationError(f"文件不能超过 {limit // (1024 * 1024)} MB。")
        return upload


class RequestForm(forms.Form):
    applicant = forms.CharField(label="申请人（单位）", max_length=200)
    contact = forms.CharField(label="联系方式", max_length=100)
    purpose = forms.CharField(label="用途说明", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    note = forms.CharField(label="审核意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


__all__ = ["DatasetForm", "DecisionForm", "RequestForm", "ResourceForm"]

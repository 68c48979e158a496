"""Forms of the 督查考核 back office: Chinese labels, bounds on every input."""

from __future__ import annotations

import re

from django import forms

from gongkai.supervision.indicators import REGISTRY
from gongkai.supervision.models import Rule


class ImportForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    file = forms.FileField(label="工作要点文件（.docx 或 .txt）", max_length=200)


class MapForm(forms.Form):
    name = forms.CharField(label="单位名称（原文）", max_length=100)
    org = forms.IntegerField(label="对应机构", required=False, min_value=1)


class ReportForm(forms.Form):
    text = forms.CharField(label="进展情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    links = forms.CharField(
        label="关联已公开信息（编号，用逗号分隔）",
        max_length=200,
        required=False,
        help_text="最多10条，须为已公开的信息。",
    )
    file1 = forms.FileField(label="附件一", required=False)
    file2 = forms.FileField(label="附件二", required=False)
    file3 = forms.FileField(label="附件三", required=False)

    def clean_links(self) -> list[int]:
        raw = self.cleaned_data.get("links") or ""
        parts = [p for p in re.split(r"[,，、\s]+", raw) if p]
        if any(not p.isdigit() or len(p) > 12 for p in parts):
            raise forms.ValidationError("请填写信息编号（数字），用逗号分隔。")
        if len(parts) > 10:
            raise forms.ValidationError("最多关联10条信息。")
        return [int(p) for p in parts]


class NoteForm(forms.Form):
    note = forms.CharField(label="意见", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(NoteForm):
    note = forms.CharField(label="退回理由", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class AcceptForm(forms.Form):
    note = forms.CharField(label="审核意见（可不填）", max_length=5000, required=False)


class EscalateForm(forms.Form):
    note = forms.CharField(label="督办要求", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class SchemeForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="方案名称", max_length=200, required=False)


class IndicatorForm(forms.Form):
    code = forms.CharField(label="编号", max_length=20)
    name = forms.CharField(label="指标名称", max_length=100)
    weight = forms.DecimalField(label="分值", min_value=0, max_value=1000, decimal_places=2)
    rule = forms.ChoiceField(label="评分规则", choices=Rule.choices)
    source = forms.ChoiceField(label="数据来源（自动指标）", required=False)
    target = forms.DecimalField(
        label="目标值（0–1，达标规则用）", required=False, min_value=0, max_value=1, decimal_places=4
    )
    per_item = forms.DecimalField(
        label="每项扣分（扣分规则用）", required=False, min_value=0, max_value=100, decimal_places=2
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["source"].choices = [("", "—（人工评分）")] + [(k, s.label) for k, s in REGISTRY.items()]  # type: ignore[attr-defined]


class ManualPointForm(forms.Form):
    org = forms.IntegerField(label="单位", min_value=1)
    indicator_code = forms.CharField(label="人工指标编号（不填为加减分）", max_length=20, required=False)
    points = forms.DecimalField(label="分数", min_value=-100, max_value=100, decimal_places=2)
    reason = forms.CharField(label="理由", max_length=500)


class TrainingForm(forms.Form):
    title = forms.CharField(label="培训主题", max_length=200)
    held_on = forms.DateField(label="培训日期")
    hours = forms.DecimalField(label="学时", min_value=0.5, max_value=80, decimal_places=1)
    place = forms.CharField(label="地点或方式", max_length=200, required=False)
    attendees = forms.CharField(
        label="参训人员（每行：单位标识 姓名 职务）",
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="例如：shicheng-wjw 张三 分管领导",
    )


class InterviewForm(forms.Form):
    unit = forms.IntegerField(label="被约谈单位", min_value=1)
    held_on = forms.DateField(label="约谈日期")
    reason = forms.CharField(label="约谈事由", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    attendees = forms.CharField(label="参加人员", max_length=300)
    outcome = forms.CharField(label="约谈结果及整改要求", max_length=5000, required=False)


class SpecialCheckForm(forms.Form):
    title = forms.CharField(label="督查事项", max_length=200)
    held_on = forms.DateField(label="督查日期")
    units = forms.CharField(label="被督查单位（标识，用逗号分隔）", max_length=5000)
    findings = forms.CharField(label="发现的问题", max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    requirements = forms.CharField(label="整改要求", max_length=10000, required=False)

"""Forms of the 督查考核 back office: Chinese labels, bounds on every input."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet

from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import organization_subtree
from gongkai.supervision.indicators import REGISTRY
from gongkai.supervision.models import Rule, Scheme

MAX_ATTENDEE_ROWS = 100  # units per training session entered at once
MAX_NAMES_PER_ROW = 200


def below(org: Organization) -> QuerySet[Organization]:
    """The orgs beneath `org` in its tree: the only ones its office supervises, checks or trains."""
    return organization_subtree(org).exclude(pk=org.pk).order_by("path")


class OrgChoiceField(forms.ModelChoiceField):
    """A unit chosen from the office's tree by its name (never a typed-in id)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class OrgMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ImportForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    file = forms.FileField(label="工作要点文件（.docx 或 .txt）", max_length=200)


class MapForm(forms.Form):
    name = forms.CharField(label="单位名称（原文）", max_length=100)
    org = OrgChoiceField(
        label="对应机构", queryset=Organization.objects.none(), required=False, empty_label="不对应（非单一单位）"
    )

    def __init__(self, *args: Any, scope: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = organization_subtree(scope).order_by("path")  # type: ignore[attr-defined]


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
    org = OrgChoiceField(label="被考核单位", queryset=Organization.objects.none())
    indicator_code = forms.ChoiceField(label="人工评分指标", required=False)
    points = forms.DecimalField(label="分数", min_value=-100, max_value=100, decimal_places=2)
    reason = forms.CharField(label="理由", max_length=500)

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Who is assessed: the units directly beneath the assessing org (services.scheme_units).
        units = Organization.objects.filter(parent=scheme.org).order_by("sort_order", "path", "id")
        self.fields["org"].queryset = units  # type: ignore[attr-defined]
        manual = scheme.indicators.filter(rule=Rule.MANUAL).order_by("sort_order", "id")
        self.fields["indicator_code"].choices = [("", "加减分（计入总分）")] + [  # type: ignore[attr-defined]
            (i.code, f"{i.code} {i.name}（满分{i.weight}）") for i in manual
        ]


class TrainingForm(forms.Form):
    title = forms.CharField(label="培训主题", max_length=200)
    held_on = forms.DateField(label="培训日期", widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(label="学时", min_value=0.5, max_value=80, decimal_places=1)
    place = forms.CharField(label="地点或方式", max_length=200, required=False)


NAME_WITH_POSITION = re.compile(r"^(?P<name>[^（(]{1,50})(?:[（(](?P<position>[^）)]{1,50})[）)])?$")


class AttendeeForm(forms.Form):
    """One unit's attendees of a session: the unit from the office's tree, the names typed."""

    unit = OrgChoiceField(label="参训单位", queryset=Organization.objects.none(), required=False)
    names = forms.CharField(
        label="参训人员",
        max_length=5000,
        required=False,
        help_text="姓名用顿号或逗号分隔，可在括号内注明职务，如：张三（分管领导）、李四",
    )

    def __init__(self, *args: Any, office: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = below(office)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit, raw = data.get("unit"), (data.get("names") or "").strip()
        if unit is None and raw:
            self.add_error("unit", "请选择参训单位。")
        if unit is not None and not raw:
            self.add_error("names", "请填写参训人员。")
        people: list[tuple[str, str]] = []
        for part in [p.strip() for p in re.split(r"[、,，;；\n]+", raw) if p.strip()]:
            match = NAME_WITH_POSITION.match(part)
            if match is None:
                self.add_error("names", f"“{part[:20]}”格式有误（姓名不超过50字，职务写在括号内）。")
                break
            people.append((match["name"].strip(), (match["position"] or "").strip()))
        if len(people) > MAX_NAMES_PER_ROW:
            self.add_error("names", f"每个单位最多{MAX_NAMES_PER_ROW}人。")
        data["people"] = people
        return data


class BaseAttendeeFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, office: Organization, **kwargs: Any) -> None:
        self.office = office
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "office": self.office}

    def attendees(self) -> list[tuple[Organization, str, str]]:
        return [
            (f.cleaned_data["unit"], n, p)
            for f in self.forms
            if f.cleaned_data.get("unit")
            for n, p in f.cleaned_data["people"]
        ]


def attendee_formset(rows: int = 6) -> type[BaseAttendeeFormSet]:
    """The attendee rows of a training form; `rows` empty rows to fill (1 to MAX_ATTENDEE_ROWS)."""
    return forms.formset_factory(  # type: ignore[return-value]
        AttendeeForm,
        formset=BaseAttendeeFormSet,
        extra=max(1, min(rows, MAX_ATTENDEE_ROWS)),
        max_num=MAX_ATTENDEE_ROWS,
        absolute_max=MAX_ATTENDEE_ROWS,
        validate_max=True,
    )


class InterviewForm(forms.Form):
    unit = OrgChoiceField(label="被约谈单位", queryset=Organization.objects.none())
    held_on = forms.DateField(label="约谈日期", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="约谈事由", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    attendees = forms.CharField(label="参加人员", max_length=300)
    outcome = forms.CharField(label="约谈结果及整改要求", max_length=5000, required=False)

    def __init__(self, *args: Any, office: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = below(office)  # type: ignore[attr-defined]


class SpecialCheckForm(forms.Form):
    title = forms.CharField(label="督查事项", max_length=200)
    held_on = forms.DateField(label="督查日期", widget=forms.DateInput(attrs={"type": "date"}))
    units = OrgMultipleChoiceField(
        label="被督查单位",
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    findings = forms.CharField(label="发现的问题", max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    requirements = forms.CharField(label="整改要求", max_length=10000, required=False)

    def __init__(self, *args: Any, office: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = below(office)  # type: ignore[attr-defined]

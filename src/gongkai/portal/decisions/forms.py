"""Forms of the 重大行政决策与建议提案 pages: Chinese labels, bounded fields; rules stay in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.decisions.models import (
    Attendance,
    ProposalKind,
    PublishMode,
    Satisfaction,
    Selection,
    StepKind,
    StepStatus,
)
from gongkai.orgs.models import Organization

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})
MAX_ID = 2**63 - 1


class MeetingRegistrationForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    kind = forms.ChoiceField(
        label="参会方式", choices=Attendance.choices, widget=forms.RadioSelect, initial=Attendance.OBSERVE
    )
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=30)
    unit = forms.CharField(label="身份或单位（列席必填）", required=False, max_length=100)


class CatalogForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=1949, max_value=2100)
    title = forms.CharField(label="目录名称", max_length=200)


def _org_field(label: str, root: Organization, *, required: bool = True) -> forms.ModelChoiceField:
    qs = Organization.objects.filter(path__startswith=root.path).order_by("path")
    return forms.ModelChoiceField(label=label, queryset=qs, required=required)


def decision_add_form(root: Organization) -> type[forms.Form]:
    class DecisionAddForm(forms.Form):
        title = forms.CharField(label="决策事项名称", max_length=200)
        summary = forms.CharField(label="主要内容", required=False, max_length=2000, widget=TEXT)
        host_org = _org_field("承办单位", root)
        planned_on = forms.DateField(label="计划完成时间", widget=DATE)
        technical = forms.BooleanField(label="专业性、技术性较强（须专家论证）", required=False, initial=True)
        affects_stability = forms.BooleanField(
            label="可能影响社会稳定、公共安全（须风险评估）", required=False, initial=True
        )

    return DecisionAddForm


class StepForm(forms.Form):
    kind = forms.ChoiceField(label="程序", choices=StepKind.choices)
    status = forms.ChoiceField(label="履行情况", choices=StepStatus.choices)
    done_on = forms.DateField(label="完成日期", required=False, widget=DATE)
    summary = forms.CharField(label="情况说明", required=False, max_length=5000, widget=TEXT)
    reason = forms.CharField(label="不适用理由（记为不适用时必填）", required=False, max_length=2000, widget=TEXT)
    consultation_id = forms.IntegerField(
        label="关联征求意见编号（公众参与）", required=False, min_value=1, max_value=MAX_ID
    )
    document_title = forms.CharField(label="文书名称", required=False, max_length=200)
    document_url = forms.URLField(label="文书链接", required=False, max_length=500, assume_scheme="https")


class DecisionPublishForm(forms.Form):
    decision_html = forms.CharField(label="决策文件正文", max_length=200000, widget=forms.Textarea(attrs={"rows": 8}))
    interpretation_html = forms.CharField(label="政策解读", max_length=100000, widget=forms.Textarea(attrs={"rows": 6}))
    adoption_note = forms.CharField(
        label="公众意见、专家论证意见采纳情况", required=False, max_length=5000, widget=TEXT
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=1000, widget=TEXT)


class MeetingForm(forms.Form):
    title = forms.CharField(label="会议名称", max_length=200)
    agenda = forms.CharField(label="会议议题", max_length=5000, widget=TEXT)
    held_at = forms.DateTimeField(label="召开时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    location = forms.CharField(label="地点", max_length=200)
    registration_ends_on = forms.DateField(label="报名截止日期", widget=DATE)
    capacity = forms.IntegerField(label="名额", min_value=1, max_value=500)
    selection = forms.ChoiceField(label="报名超过名额时的遴选方式", choices=Selection.choices)


class AttendanceForm(forms.Form):
    attended = forms.CharField(
        label="实际出席人员的报名编号（以逗号分隔）",
        required=False,
        max_length=4000,
        help_text="只能填写入选人员的编号；未填写的入选人员记为未出席。",
    )

    def clean_attended(self) -> list[int]:
        raw = [p.strip() for p in self.cleaned_data["attended"].replace("，", ",").split(",") if p.strip()]
        if len(raw) > 500 or not all(p.isdigit() and len(p) < 19 for p in raw):
            raise forms.ValidationError("请填写以逗号分隔的报名编号（最多500个）。")
        return [int(p) for p in raw]


class LinksForm(forms.Form):
    live_url = forms.URLField(label="直播链接", required=False, max_length=500, assume_scheme="https")
    record_url = forms.URLField(label="会议记录或回放链接", required=False, max_length=500, assume_scheme="https")


class ProposalForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=1949, max_value=2100)
    kind = forms.ChoiceField(label="类别", choices=ProposalKind.choices)
    number = forms.CharField(label="编号", max_length=30)
    author = forms.CharField(label="领衔代表/委员", max_length=100)
    delegation = forms.CharField(label="代表团/界别", required=False, max_length=100)
    subject = forms.CharField(label="标题", max_length=200)
    field = forms.CharField(label="领域（如：城市建设）", max_length=30)
    body = forms.CharField(label="内容", required=False, max_length=20000, widget=TEXT)


def assign_form(root: Organization) -> type[forms.Form]:
    class AssignForm(forms.Form):
        lead = _org_field("主办单位", root)
        joint = forms.ModelMultipleChoiceField(
            label="会办单位（可多选，最多10个）",
            required=False,
            queryset=Organization.objects.filter(path__startswith=root.path).order_by("path"),
        )

    return AssignForm


class EvaluateForm(forms.Form):
    satisfaction = forms.ChoiceField(label="代表/委员满意度", choices=Satisfaction.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="代表/委员意见", required=False, max_length=2000, widget=TEXT)


class PublishReplyForm(forms.Form):
    mode = forms.ChoiceField(
        label="公开方式", choices=PublishMode.choices, widget=forms.RadioSelect, initial=PublishMode.FULL
    )
    consent = forms.BooleanField(label="已征得代表/委员同意公开", required=False)
    public_summary = forms.CharField(label="公开摘要（公开摘要时必填）", required=False, max_length=5000, widget=TEXT)
    summary_reason = forms.CharField(
        label="不公开全文的理由（公开摘要时必填）", required=False, max_length=1000, widget=TEXT
    )


class DraftForm(forms.Form):
    reply = forms.CharField(
        label="答复内容（会办单位填写会办意见）", max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )


class SignForm(forms.Form):
    signed_by = forms.CharField(label="签发人", max_length=50)


class SettingsForm(forms.Form):
    reply_months = forms.IntegerField(label="办理期限（自交办之日起，月）", min_value=1, max_value=12)


def data_of(form: forms.Form) -> dict[str, Any]:
    return dict(form.cleaned_data)

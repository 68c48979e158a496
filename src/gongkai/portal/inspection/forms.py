"""Forms of the inspection back office: Chinese labels, bounded inputs."""

from django import forms

from gongkai.inspection.services import SHUT_DOWN_REASONS


class RunForm(forms.Form):
    as_of = forms.DateField(label="检查基准日", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    max_pages = forms.IntegerField(label="最多读取页面数", min_value=1, max_value=2000, initial=300)


class SubmitForm(forms.Form):
    response = forms.CharField(label="整改情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class VerifyForm(forms.Form):
    note = forms.CharField(label="核验意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(forms.Form):
    note = forms.CharField(label="退回理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200)


class ShutDownForm(forms.Form):
    reason = forms.ChoiceField(label="关停原因", choices=[(r, r) for r in SHUT_DOWN_REASONS])

"""Forms of the 政府公报 back office."""

from __future__ import annotations

from django import forms

from gongkai.core.years import FIRST_YEAR, LAST_YEAR
from gongkai.gazette.models import Section
from gongkai.gazette.services.issues import MAX_NUMBER


class IssueForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=FIRST_YEAR, max_value=LAST_YEAR)
    number = forms.IntegerField(label="期号", min_value=1, max_value=MAX_NUMBER)
    total_number = forms.IntegerField(label="总期号", min_value=1, max_value=100_000, required=False)
    issued_on = forms.DateField(
        label="出版日期", widget=forms.DateInput(attrs={"type": "date"}), error_messages={"invalid": "日期格式不正确。"}
    )


class EntryForm(forms.Form):
    """Add one entry: from a public publication (规章、规范性文件 must be), or typed by hand."""

    op = forms.CharField(widget=forms.HiddenInput, initial="add")
    publication_id = forms.IntegerField(
        label="政府信息编号（从已公开信息收录）", min_value=1, max_value=2**62, required=False
    )
    section = forms.ChoiceField(label="栏目（手工录入时）", choices=[("", "—"), *list(Section.choices)], required=False)
    title = forms.CharField(label="标题（手工录入时）", max_length=300, required=False)
    doc_number = forms.CharField(label="文号", max_length=100, required=False)
    text = forms.CharField(label="正文", max_length=200_000, required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def clean_op(self) -> str:
        op = self.cleaned_data["op"]
        if op not in ("add", "remove"):
            raise forms.ValidationError("不支持的操作。")
        return str(op)

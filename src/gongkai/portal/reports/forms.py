"""年度报告 forms: one per workflow action (text, return, publish, reopen), table 二 figures,
their import, and the year asked for on the supervisor's pages."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from gongkai.reports.services import FIRST_REPORT_YEAR, MAX_PROSE

_NOTE_MAX = 2000
_COUNT_MAX = 2**31 - 1  # PositiveIntegerField


class ProseForm(forms.Form):
    """修改: the free-text sections 一、五、六 (the service requires 一)."""

    overview = forms.CharField(
        label="一、总体情况", widget=forms.Textarea(attrs={"rows": 14}), required=False, max_length=MAX_PROSE
    )
    problems = forms.CharField(
        label="五、存在的主要问题及改进情况",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=MAX_PROSE,
    )
    other = forms.CharField(
        label="六、其他需要报告的事项", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=MAX_PROSE
    )


class ReturnForm(forms.Form):
    note = forms.CharField(label="退回意见", max_length=_NOTE_MAX)


class PublishForm(forms.Form):
    """发布. The page drops the fields that do not apply to this report (see staff.py); the
    service says which one is missing when it is needed."""

    change_note = forms.CharField(
        label="更正说明（更正发布时必填）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=_NOTE_MAX,
    )
    override_reason = forms.CharField(
        label="勾稽关系不成立仍发布的理由（仅政务公开管理员）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=_NOTE_MAX,
    )


class ReopenForm(forms.Form):
    note = forms.CharField(label="更正原因", required=False, max_length=_NOTE_MAX)


class FiguresForm(forms.Form):
    licensing = forms.IntegerField(label="行政许可 本年处理决定数量", min_value=0, max_value=_COUNT_MAX, required=False)
    punishment = forms.IntegerField(
        label="行政处罚 本年处理决定数量", min_value=0, max_value=_COUNT_MAX, required=False
    )
    coercion = forms.IntegerField(label="行政强制 本年处理决定数量", min_value=0, max_value=_COUNT_MAX, required=False)
    fee_amount = forms.DecimalField(
        label="行政事业性收费 本年收费金额（单位：万元）",
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=4,
        required=False,
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV或Excel文件")


class YearForm(forms.Form):
    year = forms.IntegerField(label="报告年度", min_value=FIRST_REPORT_YEAR, max_value=2100)

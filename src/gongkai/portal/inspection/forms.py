"""Forms of the inspection back office: Chinese labels, bounded inputs."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from gongkai.inspection.models import Platform
from gongkai.inspection.services import SHUT_DOWN_REASONS
from gongkai.orgs.models import Organization


class RunForm(forms.Form):
    as_of = forms.DateField(label="检查基准日", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    max_pages = forms.IntegerField(label="最多读取页面数", min_value=1, max_value=2000, initial=300)


class _ActionForm(forms.Form):
    """A form of one action button; a page shows several, so each has its own id prefix."""

    id_prefix = "action"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class SubmitForm(_ActionForm):
    id_prefix = "submit"
    response = forms.CharField(label="整改情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class VerifyForm(_ActionForm):
    id_prefix = "verify"
    note = forms.CharField(label="核验意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(_ActionForm):
    id_prefix = "reopen"
    note = forms.CharField(label="退回理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(_ActionForm):
    reason = forms.CharField(label="原因", max_length=200)


class OrderForm(ReasonForm):
    id_prefix = "order"
    reason = forms.CharField(label="整改原因", max_length=200)


class ReinstateForm(ReasonForm):
    id_prefix = "reinstate"
    reason = forms.CharField(label="重新备案说明", max_length=200)


class DeregisterForm(ReasonForm):
    id_prefix = "deregister"
    reason = forms.CharField(label="注销原因", max_length=200)


class ShutDownForm(_ActionForm):
    id_prefix = "shut_down"
    reason = forms.ChoiceField(label="关停原因", choices=[(r, r) for r in SHUT_DOWN_REASONS])


DATE = forms.DateInput(attrs={"type": "date", "min": "2000-01-01"}, format="%Y-%m-%d")


class OrgChoiceForm(forms.Form):
    """A form with an `org` choice limited by the view to the orgs the user administers."""

    org = forms.ModelChoiceField(label="主办单位", queryset=Organization.objects.none())

    def __init__(self, *args: Any, orgs: QuerySet[Organization] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]  # editing: the org stays
        else:
            field = self.fields["org"]
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = orgs


class SiteForm(OrgChoiceForm):
    name = forms.CharField(label="网站名称", max_length=100)
    url = forms.CharField(
        label="网址",
        max_length=500,
        required=False,
        help_text="外部网站填写首页网址（http:// 或 https:// 开头）；留空表示本平台上该机构的网站，从数据库检查。",
    )
    department = forms.BooleanField(
        label="部门网站（无对外服务功能）", required=False, help_text="按75分计并折算为百分制（×4/3），不检查办事服务。"
    )
    scheduled = forms.BooleanField(label="纳入季度检查", required=False, initial=True)


class AccountForm(OrgChoiceForm):
    platform = forms.ChoiceField(label="平台", choices=Platform.choices)
    name = forms.CharField(label="账号名称", max_length=100)
    account_id = forms.CharField(label="账号标识（微信号、微博ID等）", max_length=100, required=False)
    registered_on = forms.DateField(label="开设备案日期", widget=DATE)
    responsible = forms.CharField(label="责任人", max_length=50)
    contact = forms.CharField(label="联系方式", max_length=50, required=False)
    feed_url = forms.CharField(
        label="信息源地址",
        max_length=500,
        required=False,
        help_text="RSS/Atom 地址（http:// 或 https:// 开头），用于检查更新。",
    )
    has_interaction = forms.BooleanField(
        label="提供互动功能",
        required=False,
        initial=True,
        help_text="未提供有效互动功能为单项否决（国办秘函〔2019〕19号）。",
    )


class PostForm(forms.Form):
    posted_on = forms.DateField(label="发布日期", widget=DATE)
    title = forms.CharField(label="标题", max_length=200, required=False)


class WordingRuleForm(OrgChoiceForm):
    pattern = forms.CharField(
        label="错误表述", max_length=200, help_text="按原文匹配，至少2个字；对本单位及下级单位的网站生效。"
    )
    correction = forms.CharField(label="正确表述", max_length=200, required=False)
    source = forms.CharField(
        label="依据", max_length=200, required=False, help_text="如任免文件、行政区划调整文件的文号。"
    )

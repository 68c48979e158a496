"""The staff page where an org's 政务公开办 admin edits its site: name, host names, colour, the
footer's statutory numbers and contact, and the data and notes of its 政府信息公开指南."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as orgs
from gongkai.orgs import services as org_services
from gongkai.orgs.models import Site, Theme
from gongkai.portal._shared import apply_errors, require_staff


def _char(label: str, max_length: int, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, help_text=help_text)


class SiteForm(forms.Form):
    name = forms.CharField(label="网站名称", max_length=60)
    hosts = _char("域名", 500, "多个域名用英文逗号分隔，不含 http:// 和端口；留空则只能通过 /org/站点标识/ 访问。")
    theme = forms.ChoiceField(label="主题色", choices=Theme.choices)
    site_code = _char("网站标识码", 10, "10位数字")
    icp_number = _char("ICP备案号", 40, "如：赣ICP备12345678号")
    police_number = _char("公安机关备案号", 40, "如：赣公网安备 36073502000001号")
    police_record_code = _char("公安备案编号（数字）", 20)
    sponsor = _char("主办单位", 100)
    operator = _char("承办单位", 100)
    address = _char("办公地址", 200)
    postcode = _char("邮政编码", 6)
    phone = _char("联系电话", 40)
    fax = _char("传真", 40)
    email = _char("电子邮箱", 120)
    office_hours = _char("办公时间", 200)
    foi_office = _char("依申请公开受理机构", 100)
    foi_address = _char("受理地址", 200)
    foi_phone = _char("受理电话", 40)
    guide_notes = forms.CharField(
        label="指南补充说明",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="显示在政府信息公开指南末尾“其他说明”中，每行一段。",
    )


def site_settings(request: HttpRequest, slug: str) -> HttpResponse:
    actor = require_staff(request)
    org = orgs.organization_by_slug(slug)
    if not org_permissions.can_manage_org(actor, org):
        raise PermissionDenied("只有本机构的政务公开管理员可以修改网站设置。")
    site = orgs.own_site(org) or Site(org=org, name=org.name)
    if request.method == "POST":
        form = SiteForm(request.POST)
        if form.is_valid():
            try:
                org_services.site_save(actor=actor, org=org, today=timezone.localdate(), **form.cleaned_data)
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "网站设置和公开指南已保存。")
                return redirect("portal:staff_site_settings", slug=org.slug)
        status = 422
    else:
        form = SiteForm(initial={name: getattr(site, name) for name in SiteForm.base_fields})
        status = 200
    context = {"org": org, "form": form, "site": site}
    return render(request, "portal/sites/staff_settings.html", context, status=status)

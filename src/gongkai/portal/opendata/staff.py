"""开放数据 back office: an org's datasets with the stale check, a dataset with its actions
(from the table), resources, and 有条件开放 requests."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.core.errors import ValidationFailed
from gongkai.opendata import permissions, selectors, services
from gongkai.opendata.transitions import DATASET, REQUEST, Action, RequestAction
from gongkai.orgs.services import organization_get
from gongkai.portal._shared import ActionHandler, action_rows, action_view, apply_errors, require_staff
from gongkai.portal.opendata import forms as f


class EditForm(f.DatasetForm):
    pass


def _edit(request: HttpRequest, dataset: Any, data: dict[str, Any]) -> object:
    data = dict(data)
    data["fields"] = data.pop("fields_text")
    return services.dataset_edit(actor=request.user, dataset=dataset, **data)


HANDLERS: dict[str, ActionHandler] = {
    Action.EDIT: ActionHandler(_edit, EditForm, "已保存。"),
    Action.ADD_RESOURCE: ActionHandler(
        lambda r, d, data: services.resource_add(actor=r.user, dataset=d, **data), f.ResourceForm, "已添加资源。"
    ),
    Action.PUBLISH: ActionHandler(lambda r, d, _: services.dataset_publish(actor=r.user, dataset=d), None, "已开放。"),
    Action.WITHDRAW: ActionHandler(
        lambda r, d, _: services.dataset_withdraw(actor=r.user, dataset=d), None, "已下线。"
    ),
    Action.REPUBLISH: ActionHandler(
        lambda r, d, _: services.dataset_republish(actor=r.user, dataset=d), None, "已重新开放。"
    ),
}
REQUEST_HANDLERS: dict[str, ActionHandler] = {
    RequestAction.APPROVE: ActionHandler(
        lambda r, q, d: services.request_approve(actor=r.user, request=q, **d), f.DecisionForm, "已同意。"
    ),
    RequestAction.REJECT: ActionHandler(
        lambda r, q, d: services.request_reject(actor=r.user, request=q, **d), f.DecisionForm, "已答复不同意。"
    ),
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from gongkai.guides.selectors import staff_orgs

    require_staff(request)
    return render(request, "portal/opendata/staff_home.html", {"orgs": staff_orgs(request.user)})


@login_required
def org_page(request: HttpRequest, org_id: int) -> HttpResponse:
    require_staff(request)
    org = organization_get(pk=org_id)
    datasets = list(selectors.datasets_for_staff(request.user, org)[: selectors.MAX_LIST])
    form = f.DatasetForm(request.POST or None) if permissions.can_edit_datasets(request.user, org) else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            dataset = services.dataset_create(actor=request.user, org=org, **form.service_data())
        except ValidationFailed as exc:
            apply_errors(form, exc, aliases={"fields": "fields_text"})
        else:
            messages.success(request, "已新建数据集（草稿）。")
            return redirect("portal:opendata_dataset", dataset.pk)
    return render(
        request,
        "portal/opendata/staff_org.html",
        {
            "org": org,
            "datasets": datasets,
            "form": form,
            "stale": selectors.stale_datasets(org, today=timezone.localdate()),
        },
        status=422 if form is not None and form.errors else 200,
    )


def _dataset_page(request: HttpRequest, dataset: Any, *, failed: tuple[str, Any] | None = None) -> HttpResponse:
    actions = action_rows(DATASET, request.user, dataset, HANDLERS)
    rows = []
    for row in actions:
        if failed is not None and row.action == failed[0]:
            row = type(row)(row.transition, failed[1])
        elif row.action == Action.EDIT and row.form is not None:
            row.form.initial = {k: getattr(dataset, k) for k in f.DatasetForm.base_fields if hasattr(dataset, k)}
            row.form.initial["fields_text"] = f.DatasetForm.fields_initial(dataset.fields)
        rows.append(row)
    requests = []
    for req in selectors.requests_of(dataset)[:200]:
        if permissions.can_see_request(request.user, req):
            requests.append((req, action_rows(REQUEST, request.user, req, REQUEST_HANDLERS)))
    return render(
        request,
        "portal/opendata/staff_dataset.html",
        {
            "dataset": dataset,
            "org": dataset.org,
            "actions": rows,
            "resources": list(selectors.resources_of(dataset)),
            "requests": requests,
        },
        status=422 if failed else 200,
    )


@login_required
def dataset_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    return _dataset_page(request, selectors.dataset_get_for_staff(actor=request.user, pk=pk))


dataset_action = action_view(
    get=selectors.dataset_get_for_staff,
    back="portal:opendata_dataset",
    handlers=HANDLERS,
    rerender=lambda request, dataset, action, form: _dataset_page(request, dataset, failed=(action, form)),
)


request_action = action_view(
    get=selectors.request_get_for_staff,
    back=lambda req: reverse("portal:opendata_dataset", args=[req.dataset_id]),
    handlers=REQUEST_HANDLERS,
)

"""Public 开放数据 pages: the catalogue, a dataset with previews and downloads, 有条件开放 requests."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.opendata import selectors, services
from gongkai.opendata.models import OpenType
from gongkai.orgs.selectors import organization_by_slug
from gongkai.portal._shared import apply_errors, id_or_404
from gongkai.portal.downloads import send_upload
from gongkai.portal.opendata.forms import RequestForm

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def catalogue(request: HttpRequest) -> HttpResponse:
    org = organization_by_slug(request.GET["org"][:100]) if request.GET.get("org") else None
    q = request.GET.get("q", "")[:100]
    pages = Paginator(selectors.catalogue(org=org, q=q), 20)
    page = pages.get_page(id_or_404(request.GET.get("page", "1")) if request.GET.get("page") else 1)
    return render(request, "portal/opendata/catalogue.html", {"page": page, "q": q, "org": org})


def _detail(request: HttpRequest, dataset: object, form: RequestForm | None, status: int = 200) -> HttpResponse:
    resources = list(selectors.resources_of(dataset))  # type: ignore[arg-type]
    return render(
        request,
        "portal/opendata/dataset.html",
        {"dataset": dataset, "resources": resources, "form": form},
        status=status,
    )


def dataset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = selectors.dataset_get_public(pk=pk)
    form = RequestForm() if dataset.open_type == OpenType.CONDITIONAL else None
    return _detail(request, dataset, form)


@require_POST
def dataset_request(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = selectors.dataset_get_public(pk=pk)
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_submit(dataset=dataset, **form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "申请已提交，审核结果将通过您留下的联系方式告知。")
            return redirect("portal:dataset_detail", dataset.pk)
    return _detail(request, dataset, form, status=422)


def resource_download(request: HttpRequest, pk: int, resource_id: int) -> FileResponse:
    resource = selectors.resource_get_public(dataset_pk=pk, pk=resource_id)
    if resource.dataset.open_type == OpenType.CONDITIONAL or not resource.file:
        # 有条件开放: files go to approved applicants through the data office, not the open web.
        raise NotFound("该资源不提供直接下载。")
    name = (resource.file.name or "data").rsplit("/", 1)[-1]
    response = send_upload(resource.file, name=name, media_type=CONTENT_TYPES.get(resource.format, ""))
    services.resource_downloaded(resource)  # counted once the file is there to send
    return response

"""政务公开工作概览: the disclosure office's figures for its subtree as charts (ECharts, options
built in `charts`) with the same figures in tables underneath for screen readers, and as XLSX."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.orgs.services import organization_get
from gongkai.portal._shared import id_or_404, require_staff
from gongkai.portal.supervision.charts import bar_chart, column_chart
from gongkai.supervision import exports
from gongkai.supervision.overview import FIRST_YEAR, LAST_YEAR, Overview, office_overview

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=FIRST_YEAR, max_value=LAST_YEAR)


def _overview(request: HttpRequest, org_id: int) -> Overview:
    actor = require_staff(request)
    org = organization_get(pk=id_or_404(org_id))
    today = timezone.localdate()
    form = YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else today.year
    return office_overview(actor=actor, org=org, year=year, today=today)


@login_required
def overview_page(request: HttpRequest, org_id: int) -> HttpResponse:
    overview = _overview(request, org_id)
    charts = []
    for n, (key, label) in enumerate(overview.labels.items(), start=1):
        rows = [
            (row.org.display_name, [row.figures[key].percent or Decimal(0)])
            for row in overview.units
            if row.figures[key].percent is not None
        ]
        chart = bar_chart(
            f"rate-{n}",
            f"{label}（%）",
            rows,
            series=["百分比"],
            maximum=100,
            unit="%",
            description="有记录的单位才显示；各单位数据见下方“各单位指标”表格。",
        )
        charts.append((key, label, chart if rows else None))
    months = [(f"{n}月", count) for n, count in enumerate(overview.months, start=1)]
    context = {
        "overview": overview,
        "org": overview.org,
        "year": overview.year,
        "month_chart": column_chart("months", f"{overview.year}年每月公开信息数", months, series="公开信息数"),
        "months": months,
        "charts": charts,
        "year_form": YearForm(initial={"year": overview.year}),
    }
    return render(request, "portal/supervision/overview.html", context)


@login_required
def overview_xlsx(request: HttpRequest, org_id: int) -> HttpResponse:
    overview = _overview(request, org_id)
    response = HttpResponse(exports.overview_xlsx(overview), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="overview-{overview.org.slug}-{overview.year}.xlsx"'
    return response

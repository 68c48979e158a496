"""Pages of the 督查考核 module (back office only: the 工作台, the office's dashboard, plans,
assessment and records)."""

from django.urls import URLPattern, path

from gongkai.portal.supervision import overview, staff

urlpatterns: list[URLPattern] = [
    path("staff/supervision/", staff.home, name="supervision_home"),
    path("staff/supervision/assignments/<int:pk>/", staff.assignment_page, name="supervision_assignment"),
    path(
        "staff/supervision/assignments/<int:pk>/files/<int:file_id>/",
        staff.report_file,
        name="supervision_report_file",
    ),
    path(
        "staff/supervision/assignments/<int:pk>/<str:action>/",
        staff.assignment_action,
        name="supervision_assignment_action",
    ),
    path("staff/supervision/orgs/<int:org_id>/", staff.dashboard, name="supervision_dashboard"),
    # 政务公开工作概览: the office's figures as charts, tables and XLSX
    path("staff/overview/orgs/<int:org_id>/", overview.overview_page, name="office_overview"),
    path("staff/overview/orgs/<int:org_id>/overview.xlsx", overview.overview_xlsx, name="office_overview_xlsx"),
    path("staff/supervision/orgs/<int:org_id>/import/", staff.plan_import, name="supervision_plan_import"),
    path("staff/supervision/orgs/<int:org_id>/schemes/", staff.scheme_create, name="supervision_scheme_create"),
    path("staff/supervision/orgs/<int:org_id>/records/", staff.records_page, name="supervision_records"),
    path("staff/supervision/plans/<int:pk>/", staff.plan_page, name="supervision_plan"),
    path("staff/supervision/plans/<int:pk>/map/", staff.unit_map, name="supervision_unit_map"),
    path("staff/supervision/schemes/<int:pk>/", staff.scheme_page, name="supervision_scheme"),
    path("staff/supervision/schemes/<int:pk>/compute/", staff.scheme_compute, name="supervision_scheme_compute"),
    path("staff/supervision/sheets/<int:pk>/", staff.sheet_page, name="supervision_sheet"),
    path("staff/supervision/sheets/<int:pk>/notice.<str:fmt>", staff.sheet_notice, name="supervision_notice"),
    path("staff/supervision/sheets/<int:pk>/<str:action>/", staff.sheet_action, name="supervision_sheet_action"),
]

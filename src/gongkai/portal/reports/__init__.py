"""年度报告 pages: the public report (portal layout, downloads) in `public`, the staff workflow,
table 二 figures, the supervisor's page and the roll-up in `staff`. Thin views over
gongkai.reports; URL names and paths are the ones templates and tests use."""

from django.urls import URLPattern, path

from gongkai.portal.reports import public, staff, website

urlpatterns: list[URLPattern] = [
    path("org/<slug:slug>/reports/", public.report_list, name="report_list"),
    # 政府网站工作年度报表 (国办函〔2018〕12号)
    path("org/<slug:slug>/website-reports/", website.website_report_list, name="website_report_list"),
    path("org/<slug:slug>/website-reports/<int:year>/", website.website_report_page, name="website_report_page"),
    path(
        "org/<slug:slug>/website-reports/<int:year>/report.xlsx",
        website.website_report_download,
        name="website_report_download",
    ),
    path("staff/orgs/<int:org_id>/website-reports/", website.website_report_home, name="website_report_home"),
    path("staff/orgs/<int:org_id>/website-reports/start/", website.website_report_start, name="website_report_start"),
    path("staff/website-reports/<int:pk>/", website.website_report_staff, name="website_report_staff"),
    path("staff/website-reports/<int:pk>/<str:action>/", website.website_report_action, name="website_report_action"),
    path("org/<slug:slug>/reports/<int:year>/", public.report_page, name="report_page"),
    path("org/<slug:slug>/reports/<int:year>/report.<str:fmt>", public.report_download, name="report_download"),
    path("staff/orgs/<int:org_id>/reports/supervision/", staff.report_supervision, name="report_supervision"),
    path("staff/orgs/<int:org_id>/reports/rollup/", staff.report_rollup, name="report_rollup"),
    path("staff/orgs/<int:org_id>/reports/<int:year>/", staff.report_staff, name="report_staff"),
    path("staff/orgs/<int:org_id>/reports/<int:year>/start/", staff.report_start, name="report_start"),
    path("staff/orgs/<int:org_id>/reports/<int:year>/figures/", staff.report_figures, name="report_figures"),
    path(
        "staff/orgs/<int:org_id>/reports/<int:year>/figures/import/",
        staff.report_figures_import,
        name="report_figures_import",
    ),
    path("staff/orgs/<int:org_id>/reports/<int:year>/<str:action>/", staff.report_action, name="report_action"),
]

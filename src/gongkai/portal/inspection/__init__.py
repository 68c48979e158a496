"""Pages of the 网站与新媒体检查 module (back office)."""

from django.urls import URLPattern, path

from gongkai.portal.inspection import staff

urlpatterns: list[URLPattern] = [
    path("staff/inspection/", staff.home, name="inspection_home"),
    path("staff/inspection/sites/<int:pk>/", staff.site_page, name="inspection_site"),
    path("staff/inspection/sites/<int:pk>/run/", staff.site_run, name="inspection_site_run"),
    path("staff/inspection/reports/<int:pk>/", staff.report_page, name="inspection_report"),
    path("staff/inspection/reports/<int:pk>/report.<slug:fmt>", staff.report_file, name="inspection_report_file"),
    path("staff/inspection/rectifications/<int:pk>/", staff.rectification_page, name="inspection_rectification"),
    path(
        "staff/inspection/rectifications/<int:pk>/<slug:action>/",
        staff.rectification_action,
        name="inspection_rectification_action",
    ),
    path("staff/inspection/accounts/<int:pk>/", staff.account_page, name="inspection_account"),
    path("staff/inspection/accounts/<int:pk>/<slug:action>/", staff.account_action, name="inspection_account_action"),
]

"""Pages of the 网站与新媒体检查 module (back office)."""

from django.urls import URLPattern, path

from gongkai.portal.inspection import registers, staff

urlpatterns: list[URLPattern] = [
    path("staff/inspection/", staff.home, name="inspection_home"),
    path("staff/inspection/sites/new/", registers.site_new, name="inspection_site_new"),
    path("staff/inspection/sites/<int:pk>/", staff.site_page, name="inspection_site"),
    path("staff/inspection/sites/<int:pk>/edit/", registers.site_edit, name="inspection_site_edit"),
    path("staff/inspection/sites/<int:pk>/run/", staff.site_run, name="inspection_site_run"),
    path("staff/inspection/reports/<int:pk>/", staff.report_page, name="inspection_report"),
    path("staff/inspection/reports/<int:pk>/report.<slug:fmt>", staff.report_file, name="inspection_report_file"),
    path("staff/inspection/rectifications/<int:pk>/", staff.rectification_page, name="inspection_rectification"),
    path(
        "staff/inspection/rectifications/<int:pk>/<slug:action>/",
        staff.rectification_action,
        name="inspection_rectification_action",
    ),
    path("staff/inspection/accounts/new/", registers.account_new, name="inspection_account_new"),
    path("staff/inspection/accounts/<int:pk>/", staff.account_page, name="inspection_account"),
    # Before the action pattern below, which would otherwise take "edit" for an action.
    path("staff/inspection/accounts/<int:pk>/edit/", registers.account_edit, name="inspection_account_edit"),
    path("staff/inspection/accounts/<int:pk>/posts/", registers.account_post, name="inspection_account_post"),
    path("staff/inspection/accounts/<int:pk>/feed/", registers.account_feed, name="inspection_account_feed"),
    path("staff/inspection/accounts/<int:pk>/<slug:action>/", staff.account_action, name="inspection_account_action"),
    path("staff/inspection/wording/", registers.wording_list, name="inspection_wording"),
    path("staff/inspection/wording/<int:pk>/edit/", registers.wording_edit, name="inspection_wording_edit"),
    path("staff/inspection/wording/<int:pk>/delete/", registers.wording_delete, name="inspection_wording_delete"),
]

"""Pages of the 政府公报 module: the public archive (``public``) and the back office (``staff``)."""

from django.urls import URLPattern, path

from gongkai.portal.gazette import public, staff

urlpatterns: list[URLPattern] = [
    path("org/<slug:slug>/gazette/", public.archive, name="gazette_archive"),
    path("gazette/<int:pk>/", public.issue_page, name="gazette_issue"),
    path("gazette/<int:pk>/pdf/", public.issue_pdf, name="gazette_issue_pdf"),
    path("staff/gazette/", staff.home, name="gazette_home"),
    path("staff/gazette/orgs/<int:org_id>/", staff.org_page, name="gazette_org"),
    path("staff/gazette/issues/<int:pk>/", staff.issue_page, name="gazette_staff_issue"),
    path(
        "staff/gazette/issues/<int:pk>/entries/<int:entry_id>/remove/", staff.entry_remove, name="gazette_entry_remove"
    ),
    path("staff/gazette/issues/<int:pk>/<slug:action>/", staff.issue_action, name="gazette_issue_action"),
]

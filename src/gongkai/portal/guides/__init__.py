"""Pages of the 办事指南 module: public guides (``public``) and the back office (``staff``)."""

from django.urls import URLPattern, path

from gongkai.portal.guides import public, staff

urlpatterns: list[URLPattern] = [
    path("org/<slug:slug>/guides/", public.guide_list, name="guide_list"),
    path("guides/<int:pk>/", public.guide_detail, name="guide_detail"),
    path("guides/<int:pk>/forms/<int:form_id>/", public.guide_form, name="guide_form"),
    path("staff/guides/", staff.home, name="guides_home"),
    path("staff/guides/orgs/<int:org_id>/", staff.org_page, name="guides_org"),
    path("staff/guides/orgs/<int:org_id>/new/", staff.item_new, name="guides_item_new"),
    path("staff/guides/versions/<int:pk>/", staff.version_page, name="guides_version"),
    path("staff/guides/versions/<int:pk>/forms/", staff.form_upload, name="guides_form_upload"),
    path("staff/guides/versions/<int:pk>/policies/", staff.policy_add, name="guides_policy_add"),
    path("staff/guides/versions/<int:pk>/new-draft/", staff.new_draft, name="guides_new_draft"),
    path("staff/guides/versions/<int:pk>/<slug:action>/", staff.version_action, name="guides_version_action"),
]

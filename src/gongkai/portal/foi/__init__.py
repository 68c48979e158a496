"""依申请公开 pages: public forms (``public``) and the staff back office (``staff``)."""

from django.urls import URLPattern, path

from gongkai.portal.foi import public, review_body, staff

urlpatterns: list[URLPattern] = [
    path("org/<slug:slug>/foi/apply/", public.apply, name="foi_apply"),
    path("org/<slug:slug>/foi/submitted/<str:token>/", public.submitted, name="foi_submitted"),
    path("org/<slug:slug>/foi/track/", public.track, name="foi_track"),
    path("staff/foi/", staff.staff_home, name="foi_staff_home"),
    path("staff/foi/orgs/<int:org_id>/register/", staff.staff_register, name="foi_staff_register"),
    path("staff/foi/orgs/<int:org_id>/review-body/", review_body.review_body_page, name="foi_review_body"),
    path("staff/foi/cases/<int:pk>/", staff.staff_case, name="foi_staff_case"),
    path("staff/foi/cases/<int:pk>/<slug:action>/", staff.staff_action, name="foi_staff_action"),
    path("staff/foi/letters/<int:lid>/edit/", staff.staff_letter_edit, name="foi_staff_letter_edit"),
    path("staff/foi/letters/<int:lid>/file.<slug:fmt>", staff.staff_letter_file, name="foi_staff_letter_file"),
]

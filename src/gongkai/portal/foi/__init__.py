"""依申请公开 pages: public forms (``public``) and the staff back office (``staff``)."""

from django.urls import URLPattern, path

from gongkai.portal.foi import public, review_body, signing, staff

urlpatterns: list[URLPattern] = [
    path("org/<slug:slug>/foi/apply/", public.apply, name="foi_apply"),
    path("org/<slug:slug>/foi/receipt/<str:receipt>/", public.receipt, name="foi_receipt"),
    path("org/<slug:slug>/foi/track/", public.track, name="foi_track"),
    path("org/<slug:slug>/foi/withdraw/", public.withdraw, name="foi_withdraw"),
    path("org/<slug:slug>/foi/letter/<str:link>/", public.letter_file, name="foi_letter_file"),
    path("org/<slug:slug>/foi/file/<str:link>/", public.reply_file, name="foi_reply_file"),
    path("staff/foi/", staff.staff_home, name="foi_staff_home"),
    path("staff/foi/orgs/<int:org_id>/register/", staff.staff_register, name="foi_staff_register"),
    path("staff/foi/orgs/<int:org_id>/review-body/", review_body.review_body_page, name="foi_review_body"),
    path("staff/foi/cases/<int:pk>/", staff.staff_case, name="foi_staff_case"),
    path("staff/foi/cases/<int:pk>/sign/", signing.staff_sign, name="foi_staff_sign"),
    path("staff/foi/cases/<int:pk>/sign/letter/", signing.staff_sign_letter, name="foi_staff_sign_letter"),
    path("staff/foi/cases/<int:pk>/<slug:action>/", staff.staff_action, name="foi_staff_action"),
    path("staff/foi/cases/<int:pk>/reply-files/<int:file_id>/", staff.staff_reply_file, name="foi_staff_reply_file"),
    path("staff/foi/letters/<int:lid>/edit/", staff.staff_letter_edit, name="foi_staff_letter_edit"),
    path("staff/foi/letters/<int:lid>/file.<slug:fmt>", staff.staff_letter_file, name="foi_staff_letter_file"),
]

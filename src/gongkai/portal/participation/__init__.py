"""公众参与 pages: public forms and pages (``public``), the back office (``staff``: the work list,
consultations and comments; ``staff_cases``: mailbox, 差评整改, events). URL names and paths are
the ones templates and links use; each action of a state table also has one generic URL."""

from django.urls import URLPattern, path

from gongkai.portal.participation import public, staff, staff_cases

_consultation = "staff/participation/consultations/<int:pk>/"
_comment = "staff/participation/comments/<int:pk>/"

urlpatterns: list[URLPattern] = [
    path("consultations/", public.consultation_list, name="consultation_list"),
    path("consultations/<int:pk>/", public.consultation_detail, name="consultation_detail"),
    path("consultations/<int:pk>/comment/", public.consultation_comment, name="consultation_comment"),
    path(
        "consultations/<int:pk>/attachments/<int:attachment_id>/",
        public.consultation_attachment,
        name="consultation_attachment",
    ),
    path("mailbox/", public.mailbox_wall, name="mailbox_wall"),
    path("mailbox/<int:pk>/", public.mailbox_item, name="mailbox_item"),
    path("mailbox/track/", public.mailbox_track, name="mailbox_track"),
    path("mailbox/rate/", public.mailbox_rate, name="mailbox_rate"),
    path("org/<slug:slug>/mailbox/", public.mailbox_write, name="mailbox_write"),
    path("org/<slug:slug>/rate/", public.rating_form, name="rating_form"),
    path("participation/statistics/", public.participation_statistics, name="participation_statistics"),
    path("events/", public.event_list, name="event_list"),
    path("events/<int:pk>/", public.event_detail, name="event_detail"),
    path("events/<int:pk>/register/", public.event_register, name="event_register"),
    path("staff/participation/", staff.staff_home, name="participation_staff_home"),
    path(
        "staff/participation/orgs/<int:org_id>/consultations/new/",
        staff.consultation_staff_new,
        name="consultation_staff_new",
    ),
    path(_consultation, staff.consultation_staff, name="consultation_staff"),
    path(_consultation + "edit/", staff.consultation_staff_edit, name="consultation_staff_edit"),
    path(_consultation + "open/", staff.consultation_staff_action, {"action": "open"}, name="consultation_staff_open"),
    path(
        _consultation + "attach/",
        staff.consultation_staff_action,
        {"action": "attach"},
        name="consultation_staff_attach",
    ),
    path(
        _consultation + "register/",
        staff.consultation_staff_action,
        {"action": "register_comment"},
        name="consultation_staff_register",
    ),
    path(
        _consultation + "feedback/",
        staff.consultation_staff_action,
        {"action": "publish_feedback"},
        name="consultation_staff_feedback",
    ),
    path(_consultation + "do/<slug:action>/", staff.consultation_staff_action, name="consultation_staff_action"),
    path(
        _consultation + "attachments/<int:attachment_id>/",
        staff.consultation_staff_attachment,
        name="consultation_staff_attachment",
    ),
    path(
        _comment + "moderate/",
        staff.comment_staff_action,
        {"action": "moderate"},
        name="consultation_staff_moderate",
    ),
    path(_comment + "decide/", staff.comment_staff_action, {"action": "decide"}, name="consultation_staff_decide"),
    path(_comment + "do/<slug:action>/", staff.comment_staff_action, name="comment_staff_action"),
    path("staff/participation/messages/<int:pk>/", staff_cases.mailbox_staff, name="mailbox_staff"),
    path(
        "staff/participation/messages/<int:pk>/<slug:action>/",
        staff_cases.mailbox_staff_action,
        name="mailbox_staff_action",
    ),
    path("staff/participation/rectifications/<int:pk>/", staff_cases.rating_staff, name="rating_staff"),
    path(
        "staff/participation/rectifications/<int:pk>/<slug:action>/",
        staff_cases.rating_staff_action,
        name="rating_staff_action",
    ),
    path("staff/participation/events/", staff_cases.event_staff_list, name="event_staff_list"),
    path("staff/participation/events/<int:pk>/", staff_cases.event_staff, name="event_staff"),
]

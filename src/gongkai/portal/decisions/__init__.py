"""Pages of the 重大行政决策与建议提案 module (public and back office)."""

from django.urls import URLPattern, path

from gongkai.portal.decisions import public, staff

urlpatterns: list[URLPattern] = [
    path("decisions/", public.home, name="decisions_home"),
    path("decisions/catalogs/<int:pk>/", public.catalog, name="decisions_catalog"),
    path("decisions/items/<int:pk>/", public.decision, name="decisions_decision"),
    path("decisions/preannouncements/", public.preannouncements, name="decisions_preannouncements"),
    path("decisions/meetings/<int:pk>/", public.meeting, name="decisions_meeting"),
    path("decisions/meetings/<int:pk>/register/", public.meeting_register, name="decisions_meeting_register"),
    path("decisions/replies/", public.replies, name="decisions_replies"),
    path("decisions/replies/<int:pk>/", public.reply, name="decisions_reply"),
    path("staff/decisions/", staff.home, name="decisions_staff_home"),
    path("staff/decisions/orgs/<int:org_id>/catalogs/new/", staff.catalog_new, name="decisions_staff_catalog_new"),
    path("staff/decisions/catalogs/<int:pk>/", staff.catalog_page, name="decisions_staff_catalog"),
    path(
        "staff/decisions/catalogs/<int:pk>/do/<str:action>/",
        staff.catalog_action,
        name="decisions_staff_catalog_action",
    ),
    path("staff/decisions/items/<int:pk>/", staff.decision_page, name="decisions_staff_decision"),
    path(
        "staff/decisions/items/<int:pk>/do/<str:action>/", staff.decision_action, name="decisions_staff_decision_action"
    ),
    path("staff/decisions/orgs/<int:org_id>/meetings/new/", staff.meeting_new, name="decisions_staff_meeting_new"),
    path("staff/decisions/meetings/<int:pk>/", staff.meeting_page, name="decisions_staff_meeting"),
    path(
        "staff/decisions/meetings/<int:pk>/do/<str:action>/",
        staff.meeting_action,
        name="decisions_staff_meeting_action",
    ),
    path("staff/decisions/orgs/<int:org_id>/proposals/new/", staff.proposal_new, name="decisions_staff_proposal_new"),
    path("staff/decisions/proposals/<int:pk>/", staff.proposal_page, name="decisions_staff_proposal"),
    path(
        "staff/decisions/proposals/<int:pk>/do/<str:action>/",
        staff.proposal_action,
        name="decisions_staff_proposal_action",
    ),
    path("staff/decisions/units/<int:pk>/", staff.unit_page, name="decisions_staff_unit"),
    path("staff/decisions/units/<int:pk>/do/<str:action>/", staff.unit_action, name="decisions_staff_unit_action"),
    path("staff/decisions/orgs/<int:org_id>/summary/<int:year>/", staff.summary, name="decisions_staff_summary"),
]

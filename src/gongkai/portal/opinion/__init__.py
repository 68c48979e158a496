"""Pages of the 舆情回应与新闻发布 module: public press pages (``public``), back office (``staff``)."""

from django.urls import URLPattern, path

from gongkai.portal.opinion import public, staff

urlpatterns: list[URLPattern] = [
    path("org/<slug:slug>/press/", public.press_list, name="opinion_press_list"),
    path("org/<slug:slug>/press/<int:pk>/", public.press_detail, name="opinion_press_detail"),
    path("staff/opinion/", staff.staff_home, name="opinion_staff_home"),
    path("staff/opinion/orgs/<int:org_id>/register/", staff.staff_register, name="opinion_staff_register"),
    path("staff/opinion/orgs/<int:org_id>/press/new/", staff.staff_press_new, name="opinion_staff_press_new"),
    path("staff/opinion/orgs/<int:org_id>/settings/", staff.staff_settings, name="opinion_staff_settings"),
    path("staff/opinion/events/<int:pk>/", staff.staff_event, name="opinion_staff_event"),
    path("staff/opinion/events/<int:pk>/<slug:action>/", staff.staff_event_action, name="opinion_staff_event_action"),
    path("staff/opinion/press/<int:pk>/", staff.staff_press, name="opinion_staff_press"),
    path("staff/opinion/press/<int:pk>/<slug:action>/", staff.staff_press_action, name="opinion_staff_press_action"),
]

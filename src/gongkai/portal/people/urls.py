"""Addresses of the people, org-management and two-factor pages (included by portal.urls)."""

from django.urls import URLPattern, path

from gongkai.portal.people import auth, orgs, staff

urlpatterns: list[URLPattern] = [
    path("staff/login/code/", auth.login_code, name="login_code"),
    path("staff/people/", staff.home, name="people_home"),
    path("staff/people/new/", staff.staff_new, name="people_new"),
    path("staff/people/<int:pk>/", staff.person, name="people_person"),
    path("staff/people/<int:pk>/roles/", staff.person_grant, name="people_grant"),
    path("staff/people/<int:pk>/active/", staff.person_active, name="people_active"),
    path("staff/people/<int:pk>/password-link/", staff.person_link, name="people_link"),
    path("staff/people/roles/<int:pk>/revoke/", staff.membership_revoke, name="people_revoke"),
    path("staff/people/orgs/<int:org_id>/two-factor/", staff.org_two_factor, name="people_org_two_factor"),
    path("staff/people/2fa/", auth.enrol, name="people_enrol"),
    path("staff/people/2fa/disable/", auth.enrol_disable, name="people_enrol_disable"),
    path("staff/people/reset/<str:uidb64>/<str:token>/", auth.password_set, name="people_reset"),
    path("staff/orgs/", orgs.home, name="orgs_home"),
    path("staff/orgs/new/", orgs.org_new, name="orgs_new"),
    path("staff/orgs/<int:pk>/edit/", orgs.org_edit, name="orgs_edit"),
]

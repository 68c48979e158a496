"""Sites in the cluster (站群): which site a request is for (by host name, or by /org/<slug>/),
each site's home page, 信息公开专栏, 政府信息公开指南, 网站地图 and contact page, the cluster
portal's member list, and the staff page that edits a site's settings. ``urlpatterns`` is
what portal.urls puts first, so the site home answers at "/" and "/org/<slug>/"."""

from django.urls import path

from gongkai.portal.sites import staff, views

urlpatterns = [
    path("", views.home, name="home"),
    path("orgs/", views.directory, name="org_directory"),
    path("org/<slug:slug>/", views.site_home, name="org"),
    path("org/<slug:slug>/xxgk/", views.disclosure_column, name="org_xxgk"),
    path("org/<slug:slug>/xxgk/guide/", views.guide, name="org_guide"),
    path("org/<slug:slug>/sitemap/", views.site_map, name="org_sitemap"),
    path("org/<slug:slug>/contact/", views.contact, name="org_contact"),
    path("staff/orgs/<slug:slug>/site/", staff.site_settings, name="staff_site_settings"),
]

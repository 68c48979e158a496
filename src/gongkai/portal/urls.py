from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from gongkai.portal import feeds, foi, participation, staff, views
from gongkai.portal import reports as report_pages
from gongkai.portal import search as search_pages

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("policies/", views.policy_library, name="policies"),
    path("org/<slug:slug>/", views.org_site, name="org"),
    path("org/<slug:slug>/feed.atom", feeds.OrgFeed(), name="org_feed"),
    path("org/<slug:slug>/catalog/<slug:code>/", views.catalog_node, name="catalog_node"),
    path("org/<slug:slug>/catalog/<slug:code>/feed.atom", feeds.CatalogNodeFeed(), name="catalog_feed"),
    path("info/<int:pk>/", views.publication_detail, name="publication"),
    path("info/<int:pk>/print/", views.publication_print, name="publication_print"),
    path("info/<int:pk>/qr.svg", views.publication_qr, name="publication_qr"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"orgs": feeds.OrgSitemap, "publications": feeds.PublicationSitemap}},
        name="sitemap",
    ),
    path("staff/login/", views.LoginView.as_view(), name="login"),
    path("staff/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", staff.dashboard, name="staff_home"),
    path("staff/orgs/<int:org_id>/publications/new/", staff.publication_new, name="staff_publication_new"),
    path("staff/orgs/<slug:slug>/compliance/", staff.compliance, name="staff_compliance"),
    path("staff/publications/<int:pk>/", staff.publication_detail, name="staff_publication"),
    path("staff/publications/<int:pk>/edit/", staff.publication_edit, name="staff_publication_edit"),
    path("staff/publications/<int:pk>/submit/", staff.publication_submit, name="staff_publication_submit"),
    path("staff/publications/<int:pk>/decide/", staff.publication_decide, name="staff_publication_decide"),
    path("staff/publications/<int:pk>/publish/", staff.publication_publish, name="staff_publication_publish"),
    path("staff/publications/<int:pk>/withdraw/", staff.publication_withdraw, name="staff_publication_withdraw"),
    path("staff/publications/<int:pk>/validity/", staff.publication_validity, name="staff_publication_validity"),
    path("staff/publications/<int:pk>/attach/", staff.publication_attach, name="staff_publication_attach"),
    path("staff/publications/<int:pk>/diff/", staff.publication_diff, name="staff_publication_diff"),
    path("staff/publications/<int:pk>/mask/", staff.publication_mask, name="staff_publication_mask"),
]

# Each module's pages live in their own file, so modules can grow without touching this one.
urlpatterns += foi.urlpatterns + participation.urlpatterns + search_pages.urlpatterns + report_pages.urlpatterns

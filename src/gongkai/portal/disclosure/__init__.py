"""主动公开 pages: the public site (public.py), the back office (staff.py), their forms, and
the feeds (portal.feeds) and sitemaps (portal.sitemaps). ``urlpatterns`` is what portal.urls includes; the home
pages ("" and org/<slug>/) are the sites' (portal.sites)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.portal import feeds, sitemaps
from gongkai.portal.disclosure import public, staff

urlpatterns = [
    path("policies/", public.policy_library, name="policies"),
    path("org/<slug:slug>/feed.atom", feeds.OrgFeed(), name="org_feed"),
    path("org/<slug:slug>/catalog/<slug:code>/", public.catalog_node, name="catalog_node"),
    path("org/<slug:slug>/catalog/<slug:code>/feed.atom", feeds.CatalogNodeFeed(), name="catalog_feed"),
    path("info/<int:pk>/", public.publication_detail, name="publication"),
    path("info/<int:pk>/print/", public.publication_print, name="publication_print"),
    path("info/<int:pk>/qr.svg", public.publication_qr, name="publication_qr"),
    path("info/<int:pk>/attachments/<int:attachment_id>/", public.attachment_download, name="publication_attachment"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-orgs.xml", sitemaps.sitemap_orgs, name="sitemap_orgs"),
    path("sitemap-publications.xml", sitemaps.sitemap_publications, name="sitemap_publications"),
    path("staff/login/", public.LoginView.as_view(), name="login"),
    path("staff/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", staff.dashboard, name="staff_home"),
    path("staff/orgs/<int:org_id>/publications/new/", staff.publication_new, name="staff_publication_new"),
    path("staff/orgs/<slug:slug>/compliance/", staff.compliance, name="staff_compliance"),
    path("staff/publications/<int:pk>/", staff.publication_detail, name="staff_publication"),
    path("staff/publications/<int:pk>/edit/", staff.publication_edit, name="staff_publication_edit"),
    path(
        "staff/publications/<int:pk>/actions/<slug:action>/",
        staff.publication_action,
        name="staff_publication_action",
    ),
    path("staff/publications/<int:pk>/submit/", staff.publication_submit, name="staff_publication_submit"),
    path("staff/publications/<int:pk>/decide/", staff.publication_decide, name="staff_publication_decide"),
    path("staff/publications/<int:pk>/publish/", staff.publication_publish, name="staff_publication_publish"),
    path("staff/publications/<int:pk>/withdraw/", staff.publication_withdraw, name="staff_publication_withdraw"),
    path("staff/publications/<int:pk>/validity/", staff.publication_validity, name="staff_publication_validity"),
    path("staff/publications/<int:pk>/attach/", staff.publication_attach, name="staff_publication_attach"),
    path(
        "staff/publications/<int:pk>/attachments/<int:attachment_id>/",
        staff.attachment_download,
        name="staff_publication_attachment",
    ),
    path("staff/publications/<int:pk>/diff/", staff.publication_diff, name="staff_publication_diff"),
    path("staff/publications/<int:pk>/mask/", staff.publication_mask, name="staff_publication_mask"),
]

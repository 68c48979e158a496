"""Pages of the 标准目录 module: the public catalog of an org (``public``) and the back office
(``staff``): import with preview, versions and their actions, items, binding, coverage."""

from django.urls import URLPattern, path

from gongkai.portal.catalogs import public, staff

urlpatterns: list[URLPattern] = [
    path("org/<slug:slug>/catalog-standard/", public.catalog_standard, name="catalogs_public"),
    path("staff/catalogs/", staff.home, name="catalogs_home"),
    path("staff/catalogs/orgs/<int:org_id>/", staff.org_page, name="catalogs_org"),
    path("staff/catalogs/orgs/<int:org_id>/import/", staff.import_page, name="catalogs_import"),
    path("staff/catalogs/orgs/<int:org_id>/coverage/", staff.coverage_page, name="catalogs_coverage"),
    path("staff/catalogs/versions/<int:pk>/", staff.version_page, name="catalogs_version"),
    path("staff/catalogs/versions/<int:pk>/items/new/", staff.item_new, name="catalogs_item_new"),
    path("staff/catalogs/versions/<int:pk>/<slug:action>/", staff.version_action, name="catalogs_version_action"),
    path("staff/catalogs/items/<int:pk>/edit/", staff.item_edit, name="catalogs_item_edit"),
    path("staff/catalogs/items/<int:pk>/bind/", staff.item_bind, name="catalogs_item_bind"),
    path("staff/catalogs/items/<int:pk>/delete/", staff.item_delete, name="catalogs_item_delete"),
]

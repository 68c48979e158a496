"""Pages of the 开放数据 module: the public catalogue (``public``) and the back office (``staff``)."""

from django.urls import URLPattern, path

from gongkai.portal.opendata import public, staff

urlpatterns: list[URLPattern] = [
    path("opendata/", public.catalogue, name="opendata_catalogue"),
    path("opendata/<int:pk>/", public.dataset_detail, name="dataset_detail"),
    path("opendata/<int:pk>/request/", public.dataset_request, name="dataset_request"),
    path("opendata/<int:pk>/resources/<int:resource_id>/download/", public.resource_download, name="dataset_download"),
    path("staff/opendata/", staff.home, name="opendata_home"),
    path("staff/opendata/orgs/<int:org_id>/", staff.org_page, name="opendata_org"),
    path("staff/opendata/datasets/<int:pk>/", staff.dataset_page, name="opendata_dataset"),
    path("staff/opendata/datasets/<int:pk>/<slug:action>/", staff.dataset_action, name="opendata_dataset_action"),
    path("staff/opendata/requests/<int:pk>/<slug:action>/", staff.request_action, name="opendata_request_action"),
]

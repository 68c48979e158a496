from django.urls import path

from gongkai.portal import (
    catalogs,
    decisions,
    disclosure,
    foi,
    gazette,
    guides,
    inspection,
    opendata,
    opinion,
    participation,
    reading_aids,
    sites,
    supervision,
)
from gongkai.portal import people as people_pages
from gongkai.portal import reports as report_pages
from gongkai.portal import search as search_pages

app_name = "portal"

# 主动公开 pages (public site, back office, feeds) live in portal/disclosure/.
# The sites of the cluster come first: their "" and "org/<slug>/" (site home pages) take the
# place of the older disclosure pages of the same names (portal/sites/).
urlpatterns = [*sites.urlpatterns, *disclosure.urlpatterns]

# Each module's pages live in their own file, so modules can grow without touching this one.
urlpatterns += foi.urlpatterns + participation.urlpatterns + search_pages.urlpatterns + report_pages.urlpatterns
urlpatterns += catalogs.urlpatterns + inspection.urlpatterns + supervision.urlpatterns
urlpatterns += opinion.urlpatterns + decisions.urlpatterns + guides.urlpatterns + gazette.urlpatterns
urlpatterns += opendata.urlpatterns
urlpatterns += people_pages.urlpatterns  # 人员与角色、组织机构、两步验证
urlpatterns += [path("reading/", reading_aids.set_reading, name="reading")]  # 繁體、字号、适老化

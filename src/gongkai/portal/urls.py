from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("org/<slug:slug>/", views.org_site, name="org"),
    path("info/<int:pk>/", views.publication_detail, name="publication"),
    path("staff/login/", views.LoginView.as_view(), name="login"),
    path("staff/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", views.staff_home, name="staff_home"),
]

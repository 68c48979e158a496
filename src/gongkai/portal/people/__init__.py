"""People and roles: staff management, org management and two-factor sign-in pages."""

from gongkai.portal.people.urls import urlpatterns

__all__ = ["urlpatterns"]

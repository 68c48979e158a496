"""REST API of the 政府公报 module: the archive and issues (public), issues with `actions` (staff)."""

from gongkai.api.gazette.views import router

__all__ = ["router"]

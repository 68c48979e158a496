"""REST API of the 办事指南 module: published guides (public), versions with `actions` (staff)."""

from gongkai.api.guides.views import router

__all__ = ["router"]

"""REST API of the 标准目录 module."""

from gongkai.api.catalogs.views import router

__all__ = ["router"]

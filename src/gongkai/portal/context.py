from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Defaults for the layout; pages about one organisation override both."""
    return {"site_name": settings.GONGKAI_SITE_NAME, "site_org": None}

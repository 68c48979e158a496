from typing import Any, cast

from django.http import HttpRequest
from ninja.security import HttpBearer

from gongkai.orgs.services import api_token_authenticate


class StaffToken(HttpBearer):
    """Staff endpoints: `Authorization: Bearer gk_…`, a token created with `gongkai token create`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is None:
            return None
        request.user = cast(Any, user)
        return user

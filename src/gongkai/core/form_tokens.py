"""Server-issued idempotency tokens for public forms.

A public form carries a token so that a double submit stores one record and answers with the
first submit's receipt. The token must come from us: a client-made token ("0000000000000001")
could collide with, or deliberately reuse, another writer's and fetch their receipt. A token is
128 random bits with an HMAC of them under the site's SECRET_KEY; only tokens this site issued
verify. Services also bind a reused token to the content it first came with: the same token
with other content is a conflict that reveals nothing of the first submission.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

_SALT = b"gongkai.form-token.v1"
_RANDOM_HEX = 32
_SIGNATURE_HEX = 16
TOKEN_LENGTH = _RANDOM_HEX + 1 + _SIGNATURE_HEX


def _signature(random_part: str) -> str:
    key = hashlib.sha256(_SALT + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, random_part.encode(), hashlib.sha256).hexdigest()[:_SIGNATURE_HEX]


def issue_form_token() -> str:
    random_part = secrets.token_hex(_RANDOM_HEX // 2)
    return f"{random_part}-{_signature(random_part)}"


def is_issued_form_token(token: str) -> bool:
    if len(token) != TOKEN_LENGTH or token[_RANDOM_HEX] != "-":
        return False
    random_part, signature = token[:_RANDOM_HEX], token[_RANDOM_HEX + 1 :]
    return hmac.compare_digest(signature, _signature(random_part))

"""Demo and development: DEBUG on, SQLite in the data directory unless DATABASE_URL says otherwise."""

import os

os.environ.setdefault("DEBUG", "1")

from gongkai.config.settings.base import *  # noqa: F403

# ".localhost" admits the demo cluster's member sites (wjw.shicheng.localhost ...), which browsers
# resolve to this machine (RFC 6761), so host routing can be tried without editing /etc/hosts.
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", ".localhost", "[::1]"]  # noqa: F405

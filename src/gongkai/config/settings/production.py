"""Production: HTTPS only, HSTS, secure cookies. SECRET_KEY and ALLOWED_HOSTS must come from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ["DEBUG"] = "0"

from gongkai.config.settings.base import *  # noqa: F403

if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS 未设置：生产环境必须列出本站域名。")

# The search index has one writer (the indexer: `gongkai search worker`, or a `gongkai worker
# --queues search`). Web workers never write it (several processes would each hold the tantivy
# writer). With a task broker, "inline" only queues `search.index_pending` after each commit for
# that single writer, so a publication is indexed at once instead of at the next catch-up run
# (the rehearsal measured a 62 s lag without it); without a broker it would index in the web
# process, so it stays off.
GONGKAI_SEARCH_INLINE = bool(GONGKAI_TASK_BROKER_URL)  # noqa: F405

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer or container health check probes the backend over plain HTTP: a redirect to
# HTTPS would read as a failure. Only these two answers, which carry no data, are exempt.
SECURE_REDIRECT_EXEMPT = [r"^api/v1/(health|ready)$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
# Static files: whitenoise serves them from STATIC_ROOT (filled by `gongkai serve`'s
# collectstatic), with content-hashed names cached for a year and gzip/brotli variants.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

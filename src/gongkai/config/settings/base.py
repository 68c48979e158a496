"""Settings shared by every environment.

Everything that differs between a laptop demo and a province's cluster comes from the
environment: DATABASE_URL, GONGKAI_DATA_DIR, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def default_data_dir() -> Path:
    # The data directory (SQLite file, uploads, search index) lives outside the source
    # tree so that a checkout can be replaced without touching an agency's data.
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "gongkai"


DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR") or default_data_dir()).expanduser()

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY 未设置：生产环境必须通过环境变量提供 SECRET_KEY。")
    # Development-only fallback; never used when DEBUG is off (see above).
    SECRET_KEY = "dev-insecure-gongkai-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "gongkai.core",
    "gongkai.orgs",
    "gongkai.workdays",
    "gongkai.privacy",
    "gongkai.disclosure",
    "gongkai.foi",
    "gongkai.participation",
    "gongkai.catalogs",
    "gongkai.inspection",
    "gongkai.opinion",
    "gongkai.decisions",
    "gongkai.guides",
    "gongkai.gazette",
    "gongkai.opendata",
    "gongkai.reports",
    "gongkai.search",
    "gongkai.supervision",
    "gongkai.portal",
    "gongkai.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongkai.core.middleware.reject_nul_characters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Two-factor sign-in (TOTP): marks a session verified, then the policy keeps staff pages
    # closed to sessions that must be verified and are not (see docs/people.md).
    "django_otp.middleware.OTPMiddleware",
    "gongkai.portal.people.middleware.two_factor_gate",
    "gongkai.core.ratelimit.public_writes_limit",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "gongkai.core.middleware.ApplicationErrorMiddleware",
    "gongkai.api.problems.problem_fallback",
    # Axes must be last: it answers locked-out logins itself.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "gongkai.config.urls"
WSGI_APPLICATION = "gongkai.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "gongkai.portal.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A persistent connection that died with a database restart is replaced before use,
        # instead of failing every request that the worker serves after the restart.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the portal read while an officer writes; a busy timeout instead of
    # "database is locked" errors under a burst of public form submissions.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "ratelimit": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        },
        # Counters must be atomic across worker processes: without Redis, in the database.
        "ratelimit": {"BACKEND": "gongkai.core.ratelimit.CounterCache", "KEY_PREFIX": "rl"},
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:staff_home"
LOGOUT_REDIRECT_URL = "portal:home"

# Staff login lockout (django-axes): five failures for the same account from the same
# address lock it for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
# Locked by account across addresses (a slow guess spread over many addresses) and by address
# across accounts (one password sprayed over many names), each after AXES_FAILURE_LIMIT failures.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Content security policy (django-csp 4): no inline script or style, no third parties.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# The platform's own name, shown where no organisation is being viewed.
GONGKAI_SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "政务公开平台")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING" if DEBUG else "INFO")},
    "loggers": {
        # Axes logs every failed login at WARNING; keep those in production logs only.
        "axes": {"level": os.environ.get("AXES_LOG_LEVEL", "ERROR")},
    },
}
CSRF_FAILURE_VIEW = "gongkai.portal.views.csrf_failure"

# 政策解读 is due within this many working days after its policy (a local rule: the Sichuan
# draft in the seeds asks for 3, as Zhengzhou does; no national figure is confirmed).
GONGKAI_INTERPRETATION_WINDOW = int(os.environ.get("GONGKAI_INTERPRETATION_WINDOW", "3"))

# Largest attachment accepted on a publication (bytes).
GONGKAI_MAX_ATTACHMENT_BYTES = int(os.environ.get("GONGKAI_MAX_ATTACHMENT_MB", "50")) * 1024 * 1024
# An Office (zip) upload may unpack to at most this much, and any upload's text may be at most
# this many characters: what a person drafts, with room to spare, but no zip bomb.
GONGKAI_MAX_UNZIPPED_BYTES = int(os.environ.get("GONGKAI_MAX_UNZIPPED_MB", "100")) * 1024 * 1024
GONGKAI_MAX_EXTRACTED_CHARS = int(os.environ.get("GONGKAI_MAX_EXTRACTED_CHARS", "5000000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Public forms (依申请公开, 留言, 征求意见) are rate-limited per client address through the
# cache (Redis when REDIS_URL is set, so that every web worker counts the same way).
RATELIMIT_USE_CACHE = "ratelimit"
# How many reverse proxies (TLS terminator, load balancer) stand in front of the web workers;
# 0 when clients connect directly. Rate limits and login lockouts key on the address the
# outermost of them saw (gongkai.core.ratelimit.client_ip), never on what clients claim.
GONGKAI_TRUSTED_PROXY_COUNT = int(os.environ.get("GONGKAI_TRUSTED_PROXY_COUNT", "0"))
RATELIMIT_IP_META_KEY = "gongkai.core.ratelimit.client_ip"
# All anonymous writes of the site together (every public form and API write), whatever the
# address: the bound a flood from many addresses meets. Each form also limits each address.
GONGKAI_PUBLIC_WRITES_RATE = os.environ.get("GONGKAI_PUBLIC_WRITES_RATE", "600/m")
AXES_CLIENT_IP_CALLABLE = "gongkai.core.ratelimit.axes_client_ip"
RATELIMIT_VIEW = "gongkai.portal.views.rate_limited"

# Full-text search: the tantivy index lives in the data directory. Inline indexing (after each
# commit, in the web process) suits the demo and a small site; a city or province sets it off
# and runs `gongkai search worker`, so web processes only read the index.
GONGKAI_SEARCH_DIR = os.environ.get("GONGKAI_SEARCH_DIR", "")
GONGKAI_SEARCH_INLINE = env_bool("GONGKAI_SEARCH_INLINE", True)

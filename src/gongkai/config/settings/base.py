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
    "gongkai.notify",
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
    # Which site of the cluster a request is for (host name, /org/<slug>/ path): portal/sites.
    "gongkai.portal.sites.middleware.resolve_site",
    # 繁體 view, type size and 适老化 mode per visitor (cookies); converts public HTML only.
    "gongkai.portal.reading_aids.ReadingAidsMiddleware",
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
    # Page cache and conditional GET of the public pages (issue 24, portal/page_cache.py).
    "gongkai.portal.page_cache.PageCacheMiddleware",
    # At most GONGKAI_ANONYMOUS_QUERY_SECONDS of database time for an anonymous read that the
    # page cache did not answer (core/query_budget.py).
    "gongkai.core.query_budget.anonymous_read_budget",
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
                "gongkai.portal.reading_aids.reading_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}",
        # Persistent connections (issue 24): a new connection and its PRAGMAs cost ~1 ms a request.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
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
# Database time one anonymous GET may take (core/query_budget.py); 0 turns the bound off.
GONGKAI_ANONYMOUS_QUERY_SECONDS = float(os.environ.get("GONGKAI_ANONYMOUS_QUERY_SECONDS", "1.0"))
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
# Worker processes for the text work (normalisation, segmentation) of a backlog the indexer
# applies in bulk (an import, a restore, a reindex): rjieba holds the GIL, so threads would
# not help. One per core is the rule; 0 or 1 does the work in the indexer's own process.
GONGKAI_SEARCH_INDEX_PROCESSES = min(64, max(0, int(os.environ.get("GONGKAI_SEARCH_INDEX_PROCESSES", "2"))))
# --- Index replicas (search/snapshots.py, docs/operations.md, Index replicas) ---
# The indexer (`gongkai search worker`) publishes immutable snapshots of the committed index
# under GONGKAI_SEARCH_SNAPSHOT_DIR (empty: no snapshots, every process opens the index
# directory). Web nodes of a cluster run with GONGKAI_SEARCH_ROLE=replica: they read only the
# snapshot the CURRENT pointer names, checked at most once per interval (seconds).
GONGKAI_SEARCH_SNAPSHOT_DIR = os.environ.get("GONGKAI_SEARCH_SNAPSHOT_DIR", "")
GONGKAI_SEARCH_ROLE = os.environ.get("GONGKAI_SEARCH_ROLE", "writer")
if GONGKAI_SEARCH_ROLE not in {"writer", "replica"}:
    raise ImproperlyConfigured("GONGKAI_SEARCH_ROLE must be writer or replica.")
if GONGKAI_SEARCH_ROLE == "replica":
    if not GONGKAI_SEARCH_SNAPSHOT_DIR:
        raise ImproperlyConfigured("GONGKAI_SEARCH_ROLE=replica needs GONGKAI_SEARCH_SNAPSHOT_DIR.")
    GONGKAI_SEARCH_INLINE = False  # a replica never writes the index (only the indexer does)
GONGKAI_SEARCH_SNAPSHOT_INTERVAL = float(os.environ.get("GONGKAI_SEARCH_SNAPSHOT_INTERVAL", "5"))
# Snapshots kept besides the newest ones readers may still be opening (at least 2).
GONGKAI_SEARCH_SNAPSHOT_KEEP = max(2, int(os.environ.get("GONGKAI_SEARCH_SNAPSHOT_KEEP", "3")))
# Failure drills only: the indexer sleeps this long between placing a snapshot and switching.
GONGKAI_SEARCH_SNAPSHOT_DRILL_PAUSE = float(os.environ.get("GONGKAI_SEARCH_SNAPSHOT_DRILL_PAUSE", "0"))
# --- end index replicas ---

# --- notify (issue 16): e-mail and SMS to citizens -------------------------------------------------
# E-mail goes through Django's mail backends: SMTP when EMAIL_HOST is set (the usual EMAIL_* settings
# from the environment), else the backend EMAIL_BACKEND names (Django's own default is SMTP on
# localhost). Tests use locmem (pytest-django). SMS: NOTIFY_SMS_BACKEND, a class with
# send(recipient, text); the default only logs, with the number masked.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@gongkai.local")
NOTIFY_SMS_BACKEND = os.environ.get("NOTIFY_SMS_BACKEND", "gongkai.notify.sms.LoggingBackend")
# How long the receipt page's signed address stays valid after an application (seconds).
# The public address of the portal ("https://www.example.gov.cn"), for links in e-mails and SMS.
GONGKAI_PUBLIC_BASE_URL = os.environ.get("GONGKAI_PUBLIC_BASE_URL", "").rstrip("/")
FOI_RECEIPT_MAX_AGE = int(os.environ.get("FOI_RECEIPT_MAX_AGE", str(7 * 24 * 3600)))

# --- Task queue (issue 25; gongkai.core.tasks, docs/operations.md "Task queue") -------------------
# Empty: the embedded default, tasks run in the process that queued them, after its commit.
# A Redis URL: Celery; run `gongkai worker` (any number, any machine) and one `gongkai scheduler`.
GONGKAI_TASK_BROKER_URL = os.environ.get("GONGKAI_TASK_BROKER_URL", "")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True  # a task is acknowledged when done: a worker that dies loses nothing
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long tasks (an inspection crawl) must not hold others back
CELERY_TASK_IGNORE_RESULT = True  # tasks write their effects to the database; no result backend
# Redis redelivers an unacknowledged task after this long: longer than the longest task's time
# limit (6 h, an inspection or an import), or a task still running would be started again.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 7 * 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
# The search index is a directory on one machine: its task goes to a queue that only the worker
# beside the index consumes (`gongkai worker --queues search`); everything else to "celery".
CELERY_TASK_ROUTES = {"search.*": {"queue": "search"}}
# Periodic tasks (run by `gongkai scheduler`): "every" seconds or "cron" (minute hour day month weekday).
GONGKAI_TASK_SCHEDULE: dict[str, dict] = {
    # Catch-up for scheduled releases (public_from) and any event an enqueue missed.
    "search-index-catch-up": {"task": "search.index_pending", "every": 60},
    # Due dates and reminders (each reminder is sent once, whatever the number of runs).
    "foi-deadline-scan": {"task": "foi.scan_deadlines", "cron": "30 6 * * *"},
    "foi-deadline-scan-afternoon": {"task": "foi.scan_deadlines", "cron": "30 13 * * *"},
    # Published annual reports rendered (PDF, DOCX, XLSX) before anyone asks for them.
    "reports-render-published": {"task": "reports.render_published", "every": 600},
    # Messages still queued after a mail server or SMS gateway outage.
    "notify-deliver-queued": {"task": "notify.deliver_queued", "every": 300},
}
if os.environ.get("GONGKAI_INSPECTION_USER"):
    # The quarterly website check (19号), as this 政务公开办 administrator: daily, for sites not
    # yet checked this quarter.
    GONGKAI_TASK_SCHEDULE["inspection-scheduled"] = {
        "task": "inspection.scheduled_run",
        "cron": "0 2 * * *",
        "kwargs": {"username": os.environ["GONGKAI_INSPECTION_USER"]},
    }

# --- Public page cache (issue 24; gongkai.portal.page_cache, docs/performance.md) -----------------
# Anonymous GETs of the public pages are cached under a content generation that every outbox
# event and release changes; pages are kept at most this many seconds. The "pages" cache
# holds them: Redis when REDIS_URL is set (shared by the cluster), else each process's memory.
GONGKAI_PAGE_CACHE = env_bool("GONGKAI_PAGE_CACHE", True)
GONGKAI_PAGE_CACHE_SECONDS = int(os.environ.get("GONGKAI_PAGE_CACHE_SECONDS", "300"))
_pages_cache: dict[str, object] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "pages"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
)
_pages_cache["OPTIONS"] = {"MAX_ENTRIES": 2000} if not REDIS_URL else {}
CACHES["pages"] = _pages_cache  # type: ignore[assignment]
# --- end public page cache ---

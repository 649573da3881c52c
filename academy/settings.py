"""Settings for Academy Archive, read from the environment.

Every variable is listed, with a safe development value, in `.env.example`.
"""

import os
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from academy.static_headers import add_security_headers

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off the archive "
            "refuses to start without its own secret key: set DJANGO_SECRET_KEY to "
            "a long random string, e.g. the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    # Development only: DEBUG is on, so this key never signs anything in production.
    SECRET_KEY = "django-insecure-development-key-for-local-use-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# The site's own address: every absolute link it writes (og:url, hreflang, feeds,
# sitemaps, calendars, citations, JSON-LD, the API) starts with it, whatever
# Host a request names (academy.middleware.CanonicalSiteMiddleware).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SITE_URL is not set. With DJANGO_DEBUG off the archive needs "
            "the address visitors reach it at, e.g. https://archive.example.org, "
            "to write its links from."
        )
    SITE_URL = "http://127.0.0.1:8000"
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"DJANGO_SITE_URL must start with http:// or https://, not {SITE_URL!r}."
    )

# Whom harvesters of the OAI-PMH repository (/oai/) may write to.
OAI_ADMIN_EMAIL = os.environ.get("DJANGO_OAI_ADMIN_EMAIL", "archive@example.org")

INSTALLED_APPS = [
    "modeltranslation",
    "academy.apps.ArchiveAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "reversion",
    "reversion_compare",
    "import_export",
    "academy.apps.AcademyConfig",
    "people",
    "events",
    "public",
]
# The apps holding the archive's records: what the public pages show (a change
# to any of their records expires the cached pages) and what an export holds.
ARCHIVE_APPS = ("people", "events")

MIDDLEWARE = [
    # Outermost: every response, errors included, gets an id and an access line.
    "academy.logs.RequestLogMiddleware",
    "academy.middleware.HeadMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files answered here, before the page middleware below; they get
    # the page headers they need from academy/static_headers.py.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "academy.middleware.CanonicalSiteMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, letting the admin follow the staff member's language.
    "academy.middleware.LocaleMiddleware",
    # Below the language, so its refusal is in the page's.
    "academy.middleware.QueryStringLimitMiddleware",
    # Below the language, above anything that may set a cookie.
    "academy.caching.PublicPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "academy.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "academy.context_processors.page_languages",
            ],
        },
    },
]

WSGI_APPLICATION = "academy.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two gunicorn workers saving at once were 500s ("database is locked": both
    # read, then both wanted to write). A transaction takes the write lock when
    # it begins and waits up to `timeout` seconds for it; WAL lets pages be read
    # while a save is written. Durability stays at SQLite's default, FULL.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL",
    }

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down or unreachable: pages come from the database instead.
            "BACKEND": "academy.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Room for the cached pages and the tags they keep (a few dozen
            # each: academy/cache_tags.py), not Django's 300.
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }
# How long a cached page, count or option list lives, and how long browsers and
# proxies may keep a public page (academy/caching.py). With the local-memory
# cache it also bounds how long one worker can miss another's change.
ARCHIVE_CACHE_SECONDS = int(os.environ.get("DJANGO_CACHE_SECONDS", "60"))
# The licence the archive's open data (its data package) is published under:
# a name (an SPDX identifier) and the address of its text.
DATA_LICENSE = os.environ.get("DJANGO_DATA_LICENSE", "CC-BY-4.0")
DATA_LICENSE_URL = os.environ.get(
    "DJANGO_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
# Whether whole public pages are cached. Off, every request renders its page
# while counts, option lists and fragments stay cached (how `make bench`
# measures an uncached page).
ARCHIVE_PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", True)

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates written day first in both languages (academy/formats/).
FORMAT_MODULE_PATH = ["academy.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# django-modeltranslation: records fall back to English where Russian is missing.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "/static/"
# Relative paths are taken from the repository root; absolute ones are kept.
STATIC_ROOT = BASE_DIR / os.environ.get("DJANGO_STATIC_ROOT", "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = BASE_DIR / os.environ.get("DJANGO_MEDIA_ROOT", "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The page security headers on every static file (WhiteNoise serves them above
# the middleware that sets those).
WHITENOISE_ADD_HEADERS_FUNCTION = add_security_headers

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The read-only JSON API (academy/api.py): anonymous, public records only.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "public.api.openapi.ArchiveAutoSchema",
    "EXCEPTION_HANDLER": "public.api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Academy Archive API",
    "DESCRIPTION": (
        "Read-only access to the archive's published records. Translated fields "
        "follow the Accept-Language header, with every language also given "
        "under its own suffix (name_en, name_ru)."
    ),
    "VERSION": "1",
    "LICENSE": {"name": DATA_LICENSE, "url": DATA_LICENSE_URL},
    "SERVERS": [{"url": SITE_URL}],
    # JSON Schema proper: a link that may be null is `oneOf: [$ref, null]`,
    # which validators read as meant (3.0's `nullable` beside `allOf` is not).
    "OAS_VERSION": "3.1.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "public.api.openapi.blank_or_uri",
        "public.api.openapi.operation_summaries",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from the sidecar package's static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "events.dates.DatePrecision",
        "EventKindEnum": "events.models.Event.Kind",
        "OrganizationKindEnum": "people.models.Organization.Kind",
    },
}
# Any site may read the open data from a browser, and revalidate it: the API,
# CSV, calendars, citations, feeds, statistics.json and the data package, with
# or without a language prefix. Read-only, no cookies; the HTML pages share
# nothing.
OPEN_DATA_PATHS = (
    r"api/.*",
    r"(events|people)\.csv",
    r"events\.ics",
    r"events/[^/]+(\.ics|/citation\.(bib|json|ris))",
    r"(events|topics/[^/]+|countries/[^/]+)/feed/",
    r"statistics\.json",
    r"oai/",
    r"data/.*",
)
CORS_URLS_REGEX = r"^(/({languages}))?/({paths})$".format(
    languages="|".join(code for code, _name in LANGUAGES),
    paths="|".join(OPEN_DATA_PATHS),
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = (*cors_default_headers, "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Security and production (issue 8) -------------------------------------------
# Every value comes from a DJANGO_ variable (see .env.example); with DJANGO_DEBUG
# off the defaults pass `manage.py check --deploy` without a warning.

# Behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto (and appends
# the client's address to X-Forwarded-For). Only turn on when such a proxy is the
# sole way in: otherwise clients could forge the header.
BEHIND_TLS_PROXY = env_bool("DJANGO_SECURE_PROXY_SSL_HEADER")
# The proxy's own addresses: X-Forwarded-For is read only from requests that come
# from one of them, so a client reaching gunicorn directly cannot forge it.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe the health check over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool(
    "DJANGO_SECURE_COOKIES", not DEBUG
)
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool(
    "DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", True
)
# Django's defaults, stated because the tests and the README rely on them.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The admin's address: a path of one's own keeps it out of drive-by scans.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
# Where a login lands when its `next` is missing or off-site: the admin, not
# Django's /accounts/profile/, which this site does not have.
LOGIN_REDIRECT_URL = "admin:index"
# A record's history compares links by the record they point to; otherwise
# django-reversion-compare lists every link as changed ("add: None") whenever
# any field changed (its issue #67).
REVERSION_COMPARE_FOREIGN_OBJECTS_AS_ID = True

# django-csp: the public templates hold no inline CSS or JS, so nothing inline runs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# django-permissions-policy: no page of the archive needs any of these.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Bodies and query strings past these get a 400 before any view sees them.
# Uploads are files, limited by academy/images.py (5 MB a photo) and
# academy/documents.py (20 MB a PDF), not counted here; an event's form takes
# 20 photos and their documents in one save, its body bounded by the proxy.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 40
# A filter URL naming a hundred values is some 4 KB, and the 1,000 parameters
# above fit if short (academy/middleware.py).
DATA_UPLOAD_MAX_QUERY_BYTES = 16_384

# django-axes: five failed logins for one username from one address lock that pair
# out for an hour, and twenty from one address, whatever the usernames, lock
# the address (academy/security.py); both are answered with 429 and the page below.
AUTHENTICATION_BACKENDS = [
    "academy.security.AddressLockoutBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(
    os.environ.get("DJANGO_AXES_ADDRESS_FAILURE_LIMIT", "20")
)
AXES_COOLOFF_TIME = int(os.environ.get("DJANGO_AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "academy.security.client_ip"
# Corrections a visitor may suggest from one address within an hour
# (academy/rate_limits.py): enough for a careful reader, not for a flood.
CORRECTIONS_PER_HOUR = int(os.environ.get("DJANGO_CORRECTIONS_PER_HOUR", "5"))

# --- Logs and error reports (issue 12) -------------------------------------------
# One JSON line per record on stderr (academy/logs.py), every error with its
# traceback and request id, whatever DJANGO_DEBUG says.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "academy.logs.JSONFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers print only with DEBUG on, or mail ADMINS: without
        # them its records reach the root's, so a 500 is logged in production.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # The dev server's request lines repeat the access lines.
        "django.server": {"handlers": [], "propagate": False},
        # django-axes announces itself at every start; its warnings still show.
        "axes": {"level": "WARNING"},
    },
}

# Error reports to Sentry, only when a DSN is given; no personal data is sent.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False, traces_sample_rate=0)

# Spreadsheet imports (academy/imports.py): all rows or none, and only for
# staff given the model's import permission (events.import_event,
# people.import_person), which editors have not.
# Exports escape formulas themselves (academy/spreadsheets.py):
# IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT stays off, as in 4.4 it deletes a
# leading "=" (an export would no longer import back unchanged) and lets
# "+", "-" and "@" formulas through.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"

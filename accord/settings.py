"""Accord settings: everything comes from the environment, with safe development defaults.

Production needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL; see docs/deployment.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ACCORD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value.strip() else default
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for development)."
        )
    SECRET_KEY = "accord-development-only-secret-key-never-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Daphne first, so that `runserver` serves websockets as well.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "accord",
    "proposals",
    "realtime",
    "submissions",
    "legislation",
    "publication",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accord.middleware.PreferredLanguageMiddleware",
    "accord.middleware.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "accord.urls"
WSGI_APPLICATION = "accord.wsgi.application"
ASGI_APPLICATION = "accord.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "accord" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accord.context_processors.notifications",
            ],
        },
    },
]

# Every form is drawn by the site's layout: labels, required marks, errors beside their field.
FORM_RENDERER = "accord.form_rendering.AccordFormRenderer"

# Database: DATABASE_URL, or an SQLite file under var/ for development.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'accord.sqlite3'}",
        # Persistent connections: the live-editing path stores every update, and opening a
        # connection per update costs more than the write (docs/performance.md).
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ yet (it is not in git).
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the websocket writers and page readers work side by side.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Channel layer: Redis when REDIS_URL is set, otherwise in-memory (one process only).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                # A room relays every update through its group: room for bursts, and the
                # group is re-joined well before it expires (see docs/realtime-protocol.md).
                "capacity": env_int("ACCORD_CHANNEL_CAPACITY", 5000),
                "group_expiry": env_int("ACCORD_GROUP_EXPIRY", 7 * 24 * 3600),
                "expiry": 60,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_USER_MODEL = "accord.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes watches every sign-in (the site's and the admin's) before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Languages: Russian first, English second.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "accord" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "frontend" / "dist"]
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
MEDIA_ROOT = VAR_DIR / "media"

# Email: console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Accord <accord@localhost>")
# The address people use, for links in emails sent outside a request (digests, reminders).
ACCORD_SITE_URL = os.environ.get("ACCORD_SITE_URL", "http://127.0.0.1:8000")

# Security: strict by default outside DEBUG.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    # Behind the proxy that terminates TLS (see docker-compose.yml).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SILENCED_SYSTEM_CHECKS = (
    ["security.W021"] if not env_bool("SECURE_HSTS_PRELOAD", default=False) else []
)

# Uploads: proposals are text; nothing larger than this is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
ACCORD_MAX_MARKDOWN_UPLOAD_BYTES = env_int("ACCORD_MAX_MARKDOWN_UPLOAD_BYTES", 1024 * 1024)
# Imported .docx/.odt: the file as uploaded, and its zip package once unpacked (zip bombs).
ACCORD_MAX_IMPORT_UPLOAD_BYTES = env_int("ACCORD_MAX_IMPORT_UPLOAD_BYTES", 10 * 1024 * 1024)
ACCORD_MAX_IMPORT_UNPACKED_BYTES = env_int("ACCORD_MAX_IMPORT_UNPACKED_BYTES", 50 * 1024 * 1024)
ACCORD_MAX_PROPOSAL_TEXT_CHARS = env_int("ACCORD_MAX_PROPOSAL_TEXT_CHARS", 2_000_000)
# Request bodies (accord/bodylimit.py): refused with 413 before they are buffered. The largest
# legitimate body is an answer upload (ACCORD_MAX_ANSWER_UPLOAD_BYTES, 20 MiB) with its form.
ACCORD_MAX_REQUEST_BYTES = env_int("ACCORD_MAX_REQUEST_BYTES", 24 * 1024 * 1024)
# Sign-in pages and /healthz take at most a small form.
ACCORD_MAX_FORM_REQUEST_BYTES = env_int("ACCORD_MAX_FORM_REQUEST_BYTES", 64 * 1024)
# Markdown renders run in worker processes killed past this time (proposals/render_worker.py).
ACCORD_MARKDOWN_RENDER_SECONDS = float(env_int("ACCORD_MARKDOWN_RENDER_SECONDS", 10))
ACCORD_MARKDOWN_WORKERS = env_int("ACCORD_MARKDOWN_WORKERS", 2)

ACCORD_INVITATION_MAX_AGE = timedelta(days=env_int("ACCORD_INVITATION_DAYS", 7))

# Live editing (docs/realtime-protocol.md lists what each limit does when reached).
ACCORD_WS_MAX_SOCKETS_PER_USER = env_int("ACCORD_WS_MAX_SOCKETS_PER_USER", 20)
ACCORD_WS_MAX_MESSAGE_BYTES = env_int("ACCORD_WS_MAX_MESSAGE_BYTES", 1024 * 1024)
ACCORD_WS_MAX_DOCUMENT_BYTES = env_int("ACCORD_WS_MAX_DOCUMENT_BYTES", 16 * 1024 * 1024)
ACCORD_WS_MESSAGES_PER_SECOND = env_int("ACCORD_WS_MESSAGES_PER_SECOND", 60)
ACCORD_WS_MESSAGE_BURST = env_int("ACCORD_WS_MESSAGE_BURST", 600)
# Presence (awareness) frames: every client echoes every presence it hears, so a room of N
# members sends N×N frames per renewal round; their own allowance grows with the room.
ACCORD_WS_PRESENCE_PER_SECOND = env_int("ACCORD_WS_PRESENCE_PER_SECOND", 400)
ACCORD_WS_PRESENCE_BURST = env_int("ACCORD_WS_PRESENCE_BURST", 4000)
ACCORD_WS_MAX_PRESENCE_BYTES = env_int("ACCORD_WS_MAX_PRESENCE_BYTES", 4096)
# Presence entries the server reads from one frame, client ids one socket may introduce, and
# presence states one room holds (issue 10: one member cannot lock a room).
ACCORD_WS_PRESENCE_PER_FRAME = env_int("ACCORD_WS_PRESENCE_PER_FRAME", 100)
ACCORD_WS_PRESENCE_PER_SOCKET = env_int("ACCORD_WS_PRESENCE_PER_SOCKET", 4)
ACCORD_WS_PRESENCE_PER_ROOM = env_int("ACCORD_WS_PRESENCE_PER_ROOM", 1000)
ACCORD_WS_ROLE_RECHECK_SECONDS = float(env_int("ACCORD_WS_ROLE_RECHECK_SECONDS", 2))
ACCORD_ROOM_IDLE_SECONDS = float(env_int("ACCORD_ROOM_IDLE_SECONDS", 30))
ACCORD_TEXT_MIRROR_SECONDS = 1.0
ACCORD_COMPACT_EVERY = env_int("ACCORD_COMPACT_EVERY", 500)
# An automatic version is made after this long without edits (and when the last editor leaves).
ACCORD_VERSION_PAUSE_SECONDS = float(env_int("ACCORD_VERSION_PAUSE_SECONDS", 120))
ACCORD_GROUP_REJOIN_SECONDS = 3600
ACCORD_PRESENCE_TIMEOUT_SECONDS = 30
# Presence leaves a room in ticks: changes every ACCORD_PRESENCE_TICK_MS (0: at once), renewals of
# unchanged states within ACCORD_PRESENCE_RENEWAL_SECONDS (stock clients renew every 15 s and
# forget a peer after 30 s, so this must stay well under 12 s). Issue 17.
# A room's frames go to daphne's sockets framed once (autobahn's PreparedMessage) instead of
# through Channels' per-socket send; 0 turns it off (realtime/direct.py, issue 17).
ACCORD_WS_DIRECT_SEND = env_int("ACCORD_WS_DIRECT_SEND", 1) == 1
ACCORD_PRESENCE_TICK_MS = env_int("ACCORD_PRESENCE_TICK_MS", 50)
ACCORD_PRESENCE_RENEWAL_SECONDS = float(env_int("ACCORD_PRESENCE_RENEWAL_SECONDS", 5))

# Submission packages (issue 6). Deadlines of Federal Law 59-FZ in calendar days; all settable.
ACCORD_REGISTRATION_DAYS = env_int("ACCORD_REGISTRATION_DAYS", 3)  # art. 8 part 2
ACCORD_FORWARDING_DAYS = env_int("ACCORD_FORWARDING_DAYS", 7)  # art. 8 part 3
ACCORD_ANSWER_DAYS = env_int("ACCORD_ANSWER_DAYS", 30)  # art. 12 part 1
ACCORD_ANSWER_EXTENSION_DAYS = env_int("ACCORD_ANSWER_EXTENSION_DAYS", 30)  # art. 12 part 2
ACCORD_DUE_SOON_DAYS = env_int("ACCORD_DUE_SOON_DAYS", 5)
# A due date on a weekend or public holiday moves to the "next" working day (Civil Code art. 193),
# the "previous" one, or stays ("none"); see submissions/workdays.py (issue 11).
ACCORD_DEADLINE_NONWORKING = os.environ.get("ACCORD_DEADLINE_NONWORKING", "next").strip().lower()
# E-reception portals commonly accept up to 5 MB per attachment set.
ACCORD_PACKAGE_WARN_BYTES = env_int("ACCORD_PACKAGE_WARN_BYTES", 5 * 1024 * 1024)
ACCORD_MAX_ANSWER_UPLOAD_BYTES = env_int("ACCORD_MAX_ANSWER_UPLOAD_BYTES", 20 * 1024 * 1024)
# Public pages (issue 16): cached per URL until a publish change, and at most this long; a
# rate limit per client address per minute; the verify page's upload is hashed, never kept.
ACCORD_PUBLIC_CACHE_SECONDS = env_int("ACCORD_PUBLIC_CACHE_SECONDS", 300)
ACCORD_PUBLIC_RATE_PER_MINUTE = env_int("ACCORD_PUBLIC_RATE_PER_MINUTE", 120)
ACCORD_PUBLIC_VERIFY_PER_MINUTE = env_int("ACCORD_PUBLIC_VERIFY_PER_MINUTE", 20)
ACCORD_PUBLIC_VERIFY_MAX_BYTES = env_int("ACCORD_PUBLIC_VERIFY_MAX_BYTES", 20 * 1024 * 1024)
ACCORD_MAX_RECIPIENTS_CSV_BYTES = env_int("ACCORD_MAX_RECIPIENTS_CSV_BYTES", 1024 * 1024)
# A proposal gets a table of contents in the PDF from this many headings on.
ACCORD_PDF_TOC_MIN_HEADINGS = env_int("ACCORD_PDF_TOC_MIN_HEADINGS", 6)
# Tagged PDF (structure for screen readers) costs about 30 % of a 100-page render
# (docs/performance.md); on by default.
ACCORD_PDF_TAGGED = env_bool("ACCORD_PDF_TAGGED", True)
# Packages are built by `manage.py runworker accord-export` when a Redis layer is configured;
# with the in-memory layer (one process) they are built in a thread of the web process.
ACCORD_EXPORT_CHANNEL = "accord-export"
ACCORD_EXPORT_TIMEOUT_SECONDS = env_int("ACCORD_EXPORT_TIMEOUT_SECONDS", 600)
ACCORD_EXPORT_IN_PROCESS = env_bool("ACCORD_EXPORT_IN_PROCESS", not REDIS_URL)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous call answers 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Accord API",
    "DESCRIPTION": "Working groups, proposals and their texts. Every call needs a signed-in user "
    "(session or token) and sees only the user's working groups.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents its error answers too (accord/api_errors.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "accord.api_errors.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ProposalKindEnum": "proposals.models.ProposalKind",
        "VersionKindEnum": "proposals.models.VersionKind",
    },
}

# Sign-in and API abuse (issue 10; docs/deployment.md, "Security"). Wrong passwords are counted
# per account and address together, and per address across all accounts: someone guessing cannot
# lock a member out from everywhere, and one address cannot try many accounts. The next wrong
# password after the allowance locks until ACCORD_LOGIN_LOCKOUT_MINUTES after it.
ACCORD_LOGIN_FAILURES_ALLOWED = env_int("ACCORD_LOGIN_FAILURES_ALLOWED", 5)
ACCORD_LOGIN_IP_FAILURES_ALLOWED = env_int("ACCORD_LOGIN_IP_FAILURES_ALLOWED", 50)
ACCORD_LOGIN_LOCKOUT_MINUTES = env_int("ACCORD_LOGIN_LOCKOUT_MINUTES", 15)
# Proxies in front of Accord that append the client's address to X-Forwarded-For (Caddy: 1).
# 0 trusts no header and counts by the connection's address.
ACCORD_TRUSTED_PROXIES = env_int("ACCORD_TRUSTED_PROXIES", 0)
AXES_HANDLER = "accord.security.LoginAttemptsHandler"
AXES_FAILURE_LIMIT = ACCORD_LOGIN_FAILURES_ALLOWED + 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=ACCORD_LOGIN_LOCKOUT_MINUTES)
# Attempts while locked do not move the end of the lock, so the page can say until when.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accord.security.login_username"
AXES_CLIENT_IP_CALLABLE = "accord.security.client_ip"
AXES_LOCKOUT_CALLABLE = "accord.security.login_lockout_response"
# Successful sign-ins are not kept (addresses are personal data); lock-outs go to the audit log.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Password-reset requests: per address, and per email (the page answers the same either way).
ACCORD_PASSWORD_RESETS_PER_IP = env_int("ACCORD_PASSWORD_RESETS_PER_IP", 10)
ACCORD_PASSWORD_RESETS_PER_EMAIL = env_int("ACCORD_PASSWORD_RESETS_PER_EMAIL", 3)
ACCORD_PASSWORD_RESET_WINDOW_MINUTES = env_int("ACCORD_PASSWORD_RESET_WINDOW_MINUTES", 60)
# API calls per signed-in user (token and session count together) and per anonymous address.
ACCORD_API_RATE_USER = os.environ.get("ACCORD_API_RATE_USER") or "2000/hour"
ACCORD_API_RATE_ANON = os.environ.get("ACCORD_API_RATE_ANON") or "100/hour"
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "accord.throttling.UserThrottle",
    "accord.throttling.AnonThrottle",
]
REST_FRAMEWORK["EXCEPTION_HANDLER"] = "accord.api_errors.api_exception_handler"
# Throttle counters live in the cache: Redis when configured, so that every process counts alike.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
    | {"KEY_PREFIX": "accord"}
}
# Content-Security-Policy, enforced: scripts and style sheets only from this site (a nonce for
# the <style> elements CodeMirror and the API docs add); style attributes stay allowed because
# the editor's remote cursors and author colours are set as attributes (no script can run from
# one). 'self' covers the same-origin websockets.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", csp_constants.NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The API docs page: no call to the public swagger.io validator (and none allowed by the CSP).
SPECTACULAR_SETTINGS["SWAGGER_UI_SETTINGS"] = {"validatorUrl": None}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "daphne": {"level": "WARNING"},
        # WeasyPrint reports every layout step at INFO; keep its warnings (refused URLs).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes reports every wrong password; lock-outs are logged by accord.services.
        "axes": {"level": "ERROR"},
    },
}

"""Django settings, read from the environment (see README "Configuration")."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from pamong.env import env_bool, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent
TESTING = "pytest" in sys.modules or env_bool("PAMONG_TESTING")

DATA_DIR = Path(env_str("PAMONG_DATA_DIR", "./var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING or env_bool("PAMONG_DEV")):
        # A predictable key in production would let anyone forge sessions.
        key_file = DATA_DIR / "secret_key"
        if not key_file.exists():
            from django.utils.crypto import get_random_string

            key_file.write_text(get_random_string(64), encoding="utf-8")
            key_file.chmod(0o600)
        SECRET_KEY = key_file.read_text(encoding="utf-8").strip()
    else:
        SECRET_KEY = "pamong-insecure-development-key"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pamong.core",
    "pamong.org",
    "pamong.imports",
    "pamong.attendance",
    "pamong.leave",
    "pamong.performance",
    "pamong.kinerja_org",
    "pamong.appraisal",
    "pamong.tpp",
    "pamong.ui",
    "pamong.participation",
    "pamong.recruitment",
    "pamong.competence",
    "pamong.careers",
    "pamong.demo",
    "pamong.api",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pamong.accounts",
    "pamong.evaluation",
]

MIDDLEWARE = [
    "pamong.core.clientip.ClientAddressMiddleware",
    "pamong.core.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "pamong.core.inputs.ControlCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pamong.core.feedback.HtmxFeedbackMiddleware",
    "pamong.core.middleware.TenantScopeMiddleware",
    "pamong.accounts.middleware.SignInPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pamong.urls"
WSGI_APPLICATION = "pamong.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "ui:login"
LOGIN_REDIRECT_URL = "ui:home"
LOGOUT_REDIRECT_URL = "ui:login"

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
                "django.template.context_processors.i18n",
                "pamong.core.context_processors.actor",
            ],
            # `label`, `labels` and `tz_label`: codes as words in every template.
            "builtins": ["pamong.core.templatetags.pamong_labels"],
        },
    }
]

_default_db = f"sqlite:///{DATA_DIR / 'pamong.sqlite3'}"
_database_url = env_str("DATABASE_URL", _default_db)
try:
    DATABASES = {
        # Health checks: a pooled connection the server dropped is replaced before use
        # instead of answering one HTTP 500 per web worker (issue 18).
        "default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    }
except Exception as exc:  # dj_database_url raises several types on bad URLs
    raise ImproperlyConfigured(f"DATABASE_URL={_database_url!r} is not valid: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server read while an import or a TPP run writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"REDIS_URL={REDIS_URL!r} must start with redis://, rediss:// or unix://"
    )
if REDIS_URL and not TESTING:
    CACHES = {"default": {"BACKEND": "pamong.core.rediscache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL or TESTING
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A killed worker child's message goes back to the queue at once; the job itself decides
# whether anything is left to do (core/jobs.py: claim, lease, fence). The visibility
# timeout must exceed the longest job, or Redis hands a running job's message to another
# worker (which then finds the job claimed and does nothing).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
PAMONG_JOB_LEASE_SECONDS = env_int("PAMONG_JOB_LEASE_SECONDS", 120)
PAMONG_JOB_MAX_SECONDS = env_int("PAMONG_JOB_MAX_SECONDS", 2 * 60 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": PAMONG_JOB_MAX_SECONDS}
# Periodic work for `celery -A pamong beat`; each task is idempotent, so a missed or
# doubled beat does no harm.
CELERY_BEAT_SCHEDULE = {
    "escalate-overdue-complaints": {
        "task": "pamong.participation.tasks.escalate_overdue_complaints",
        "schedule": 60 * 60,
    },
    "purge-import-uploads": {
        "task": "pamong.imports.tasks.purge_import_uploads",
        "schedule": 24 * 60 * 60,
    },
    # Daily reminder e-mail of the SKP cycle; sends nothing twice to a user on one day.
    "email-appraisal-reminders": {
        "task": "pamong.appraisal.tasks.email_appraisal_reminders",
        "schedule": 24 * 60 * 60,
    },
    # Fails jobs whose worker died (lease ran out) so their page offers a retry.
    "expire-stale-jobs": {"task": "pamong.core.tasks.expire_stale_jobs", "schedule": 60},
    # Logins of employees whose service ended (pensiun, berhenti) are closed every hour;
    # the sign-in check refuses them anyway from their end date on.
    "close-ended-accounts": {
        "task": "pamong.accounts.tasks.close_ended_accounts",
        "schedule": 60 * 60,
    },
    "apply-kp-tmt": {"task": "pamong.careers.tasks.apply_kp_tmt", "schedule": 60 * 60},
    # CPNS whose probation year ends within 60 days: BKPSDM is reminded once a week each.
    "remind-cpns-decisions": {
        "task": "pamong.recruitment.tasks.remind_cpns_decisions",
        "schedule": 24 * 60 * 60,
    },
    # JP reminders (20 JP right) from July on, at most once a month per person.
    "email-jp-reminders": {
        "task": "pamong.competence.tasks.email_jp_reminders",
        "schedule": 24 * 60 * 60,
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PAMONG_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Indonesian favourites (and the Pemda's own words) that Django's list lacks.
    {"NAME": "pamong.accounts.validators.IndonesianCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in: django-axes first (throttling and lockout), then Django's own check, which
# also refuses inactive users and employees whose service has ended (accounts.backends).
AUTHENTICATION_BACKENDS = [
    "pamong.accounts.backends.ThrottledBackend",
    "pamong.accounts.backends.PamongModelBackend",
]
# A lockout per account and, separately, per client address (see README "Sign-in").
AXES_FAILURE_LIMIT = env_int("PAMONG_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("PAMONG_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "pamong.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Two-factor sign-in is mandatory for BKPSDM admins, finance officers, TPP approvers and
# the superadmin. Only the demo (scripts/demo) turns it off.
PAMONG_REQUIRE_2FA = env_bool("PAMONG_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = env_str("PAMONG_OTP_ISSUER", "Pamong")
# Links in activation e-mails stay valid this long (Django's reset token).
PASSWORD_RESET_TIMEOUT = env_int("PAMONG_ACTIVATION_LINK_HOURS", 72) * 3600
# API tokens expire after this many days unless a shorter date is chosen.
PAMONG_API_TOKEN_DAYS = env_int("PAMONG_API_TOKEN_DAYS", 365)
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PAMONG_IMPORT_MAX_BYTES = env_int("PAMONG_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# Imports with more rows than this run as a background job with a progress bar.
PAMONG_IMPORT_BACKGROUND_ROWS = env_int("PAMONG_IMPORT_BACKGROUND_ROWS", 3000)
# Reports from the public form per client address and window (participation/public.py),
# counted in the cache: with several web processes REDIS_URL must be set so they share it.
PAMONG_PUBLIC_RATE_LIMIT = env_rate("PAMONG_PUBLIC_RATE_LIMIT", (5, 600))

SESSION_COOKIE_HTTPONLY = True
# Sessions end this many minutes after sign-in (default 8 hours, one working day).
SESSION_COOKIE_AGE = env_int("PAMONG_SESSION_MINUTES", 8 * 60) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("PAMONG_SESSION_BROWSER_CLOSE", False)
# Production behind TLS (docs/deployment.md): SECURE_COOKIES=1, SECURE_SSL_REDIRECT=1,
# SECURE_HSTS_SECONDS=31536000. /healthz stays reachable over plain HTTP for local probes.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# nginx sets X-Forwarded-Proto; believed only when a trusted proxy is configured.
if env_int("PAMONG_TRUSTED_PROXY_COUNT", 0) or env_list("PAMONG_TRUSTED_PROXIES", []):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "pamong.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pamong API",
    "DESCRIPTION": (
        "Tenant-scoped JSON API of Pamong. Authenticate with `Authorization: Token <key>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set shared by several serializers (the schema has no warnings).
    "ENUM_NAME_OVERRIDES": {
        "ExpectationEnum": "pamong.api.schema_enums.Expectation",
        "EmployeeStatusEnum": "pamong.api.schema_enums.EmployeeStatus",
        "SkpStatusEnum": "pamong.api.schema_enums.SkpStatus",
        "PkStatusEnum": "pamong.api.schema_enums.PkStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "pamong.api.schema.document_errors",
    ],
    # The schema and docs need a login (session or token) unless PAMONG_PUBLIC_API_DOCS=1.
    "SERVE_PERMISSIONS": (
        ["rest_framework.permissions.AllowAny"]
        if env_bool("PAMONG_PUBLIC_API_DOCS", False)
        else ["rest_framework.permissions.IsAuthenticated"]
    ),
}

# One JSON line per request on stderr (core/requestlog.py), and JSON for every other log
# line too with PAMONG_LOG_JSON=1, so journald/Loki can parse them.
_log_format = "json" if env_bool("PAMONG_LOG_JSON", False) else "plain"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "pamong.core.requestlog.JsonFormatter"},
        "plain": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": _log_format},
        "requests": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "pamong.request": {
            "handlers": ["requests"],
            "level": "INFO" if env_bool("PAMONG_REQUEST_LOG", not TESTING) else "WARNING",
            "propagate": False,
        },
    },
}
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "pamong@localhost")
# The public address of this installation, for links in e-mails (no request to read it from).
PAMONG_BASE_URL = env_str("PAMONG_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
if not PAMONG_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"PAMONG_BASE_URL={PAMONG_BASE_URL!r} must start with http:// or https://"
    )
# Imports read through tabular.read_table stop at this many data rows and columns, with a
# clear message (a spreadsheet's size on disk says little about its grid; see xlsx.py).
PAMONG_IMPORT_MAX_ROWS = env_int("PAMONG_IMPORT_MAX_ROWS", 200_000)
PAMONG_IMPORT_MAX_COLUMNS = env_int("PAMONG_IMPORT_MAX_COLUMNS", 100)
# Reverse proxies in front of Pamong whose X-Forwarded-For is believed (core/clientip.py):
# a count of proxies, or their addresses/networks. Neither: REMOTE_ADDR as is.
PAMONG_TRUSTED_PROXY_COUNT = env_int("PAMONG_TRUSTED_PROXY_COUNT", 0)
PAMONG_TRUSTED_PROXIES = env_list("PAMONG_TRUSTED_PROXIES", [])
# SKP evidence and leave attachments: JPEG, PNG or PDF up to this size (core/uploads.py).
PAMONG_ATTACHMENT_MAX_BYTES = env_int("PAMONG_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
# Uploaded import files are kept this many days, and only for successful imports.
PAMONG_IMPORT_RETENTION_DAYS = env_int("PAMONG_IMPORT_RETENTION_DAYS", 90)

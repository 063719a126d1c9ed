"""chengjie settings. Everything a deployment changes comes from the environment (see README)."""

from datetime import timedelta
from pathlib import Path
import os

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = BASE_DIR / "chengjie"


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Where the embedded install keeps its database, uploads, task queue and generated secret.
DATA_DIR = Path(os.environ.get("CHENGJIE_DATA_DIR", BASE_DIR / "var")).resolve()

DEBUG = _env_bool("CHENGJIE_DEBUG")
# Production settings switch on HTTPS-only cookies and HSTS; the embedded demo serves plain HTTP on loopback.
PRODUCTION = _env_bool("CHENGJIE_PRODUCTION")


def _secret_key() -> str:
    if value := os.environ.get("SECRET_KEY"):
        return value
    if path := os.environ.get("SECRET_KEY_FILE"):
        return Path(path).read_text().strip()
    # The embedded install generates one key per data directory on first start and keeps it.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        from django.utils.crypto import get_random_string

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(get_random_string(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# The audit chain's HMAC-SM3 key; kept apart from SECRET_KEY so rotating one does not break the other.
AUDIT_HMAC_KEY = os.environ.get("CHENGJIE_AUDIT_KEY", SECRET_KEY)

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")
# Addresses of reverse proxies whose X-Forwarded-For we believe; empty means the peer address is the client.
TRUSTED_PROXIES = _env_list("CHENGJIE_TRUSTED_PROXIES")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "huey.contrib.djhuey",
    "chengjie.core",
    "chengjie.accounts",
    "chengjie.audit",
    "chengjie.org",
    "chengjie.parks",
    "chengjie.workcalendar",
    "chengjie.notifications",
    "chengjie.api",
    "chengjie.leads",
    "chengjie.projects",
    "chengjie.projects.importer",
    "chengjie.supervision",
    "chengjie.approvals",
    "chengjie.inspections",
    "chengjie.appeals",
    "chengjie.service",
    "chengjie.dispatch",
    "chengjie.appraisal",
    "chengjie.dashboard",
    "chengjie.bulletins",
    "chengjie.documents",
    "chengjie.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "chengjie.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "chengjie.accounts.middleware.SessionPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "chengjie.core.middleware.AccessRuleMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chengjie.core.context_processors.shell",
            ],
        },
    }
]

# --- Database: SQLite embedded by default, PostgreSQL in production (DATABASE_URL=postgres://…).
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'chengjie.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock up front so two
        # writers queue behind busy_timeout instead of failing with "database is locked" mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # Warning colours in lists are many small correlated subqueries; PostgreSQL's JIT spends seconds
    # compiling such a query to save milliseconds (measured: 10 of 10.6 s of a county's filtered list).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    DATABASES["default"].setdefault("TEST", {})
    if name := os.environ.get("CHENGJIE_TEST_DB"):
        DATABASES["default"]["TEST"]["NAME"] = name
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Identity (等保三级 / OWASP ASVS L2)
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "chengjie.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "chengjie.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "chengjie.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "chengjie.accounts.passwords.NumericPasswordValidator"},
    {"NAME": "chengjie.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("CHENGJIE_PASSWORD_MAX_AGE_DAYS", "90"))
# 等保: idle sessions end after 30 minutes; no session outlives 12 hours whatever the activity.
SESSION_IDLE_SECONDS = int(os.environ.get("CHENGJIE_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_COOKIE_AGE = int(os.environ.get("CHENGJIE_SESSION_MAX_SECONDS", str(12 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# 等保: lock after 5 failures for one username from one address, for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "chengjie.accounts.views.lockout"
AXES_CLIENT_IP_CALLABLE = "chengjie.core.request_context.client_ip"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

OTP_TOTP_ISSUER = "承接 chengjie"

# --- Security headers
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("CHENGJIE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
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

# --- Language and time: zh-Hans first, through gettext.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files (uploads live outside the web root and are served only through views).
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": DATA_DIR / "files"}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Hashed file names need `collectstatic`; tests and development serve straight from the apps instead.
if not _env_bool("CHENGJIE_STATIC_MANIFEST", True):
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# --- Background work: huey, on SQLite beside the database by default, on Redis at scale.
QUEUE_URL = os.environ.get("CHENGJIE_QUEUE_URL", "")
HUEY = {
    "name": "chengjie",
    "immediate": _env_bool("CHENGJIE_QUEUE_IMMEDIATE"),
    "consumer": {"workers": int(os.environ.get("CHENGJIE_WORKERS", "2")), "worker_type": "thread"},
}
# The nightly warning sweep runs counties side by side in this many processes on PostgreSQL (SQLite has
# one writer, so it sweeps one county at a time there). Default: one per CPU.
SWEEP_WORKERS = int(os.environ.get("CHENGJIE_SWEEP_WORKERS", "0")) or os.cpu_count() or 1
if QUEUE_URL.startswith("redis://"):
    HUEY.update({"huey_class": "huey.RedisHuey", "url": QUEUE_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "queue.sqlite3")})

# --- Notifications
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "chengjie@localhost")
# Where links in e-mail, robot and SMS messages point, e.g. https://chengjie.example.gov.cn
SITE_URL = os.environ.get("CHENGJIE_SITE_URL", "").rstrip("/")
# Hosts a user's robot webhook may point at: the server POSTs there, so an open list would let anyone
# make it call intranet addresses (SSRF). Add the county's private 政务钉钉 host here.
WEBHOOK_ALLOWED_HOSTS = _env_list("CHENGJIE_WEBHOOK_HOSTS", "oapi.dingtalk.com,qyapi.weixin.qq.com")
SMS_GATEWAY_URL = os.environ.get("CHENGJIE_SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("CHENGJIE_SMS_GATEWAY_TOKEN", "")

# --- API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "chengjie.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["chengjie.api.permissions.AccessRulePermission"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "chengjie.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "chengjie 承接 API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["chengjie.api.permissions.AccessRulePermission"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CHENGJIE_LOG_LEVEL", "WARNING")},
}
CSRF_FAILURE_VIEW = "chengjie.core.views.csrf_failure"

"""Settings: one module, every value from the environment (see .env.example)."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")
    SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "ninja",  # serves the API docs page's assets from our static files (no CDN)
    "survey",
    "results",
    "survey.demo",  # the `seed_demo` command; product code never imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "survey.access.PrivatePagesNotStoredMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what the middleware below and the views answer (config/compression.py).
    "config.compression.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.session_refresh.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "survey.upload_limit.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the user read together with the session (survey/accounts/sessions.py).
    "survey.accounts.sessions.SessionUserMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "survey.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "results.api.audit.ApiAuditMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections (a new one per request cost more than most views), checked before
# reuse so a restarted database server costs one failed check, not a failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # The few statements every request makes (survey/sql_rows.py) are prepared on a connection
    # after this many runs, then planned once per connection; 0 never prepares (a pooler in
    # transaction mode that cannot keep prepared statements).
    _prepare_after = env.int("DB_PREPARE_THRESHOLD", default=5)
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = _prepare_after or None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate-limit counters must be shared by every worker process: a database table by default.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://cache_table")}
if CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
    # Django's default of 300 entries would cull rate-limit counters to make room for cached
    # figures and page tables; culling is for a cache full of those, not of counters.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault(
        "MAX_ENTRIES", env.int("CACHE_MAX_ENTRIES", default=50_000)
    )
# With a fast shared cache (CACHE_URL=redis://host:6379/N) every web node reads the same
# sessions (cached, the database behind them), sign-in failure counters (axes), rate-limit
# counters and cached charts: nodes keep no state of their own.
FAST_SHARED_CACHE = CACHES["default"]["BACKEND"].endswith(("RedisCache", "PyMemcacheCache"))
# Sessions keep their user as a column: one query reads both (survey/accounts/sessions.py).
SESSION_ENGINE = "survey.accounts.sessions"
if FAST_SHARED_CACHE:
    SESSION_ENGINE = "survey.accounts.cached_sessions"
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"

# Results and charts are cached per data version (results/statistics/cache.py), so this only
# bounds how long an unused entry occupies the cache.
RESULTS_CACHE_SECONDS = env.int("RESULTS_CACHE_SECONDS", default=7 * 24 * 60 * 60)

AUTH_USER_MODEL = "survey.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "survey.accounts.sign_in_limits.AddressLimitBackend",
    "survey.accounts.sessions.SessionUserBackend",  # Django's ModelBackend, see there
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Brute-force protection on sign-in (django-axes): lock the account + address pair, the account
# counted as sign-in matches it (survey/sign_in_limits.py); on top, a limit of failures per
# address against any account (password spraying). A password reset lifts an account's lock.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "survey.accounts.sign_in_limits.axes_username"
AXES_CLIENT_IP_CALLABLE = "survey.accounts.sign_in_limits.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
SIGN_IN_FAILURE_RATE_LIMIT = env.str("SIGN_IN_FAILURE_RATE_LIMIT", default="30/h")
# Proxies in front of the application that append the client to X-Forwarded-For (0: none, the
# connection's address is the client's). Every per-address counter reads the address this way.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
RATELIMIT_IP_META_KEY = "survey.accounts.sign_in_limits.client_ip"

# Researchers and administrators confirm a TOTP code in production.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "Police Technology Survey"

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 2)
# Idle timeout rather than absolute: the expiry moves on at most once a minute
# (config/session_refresh.py), not with a session write on every request.
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env.bool(
    "SECURE_COOKIES", default=not DEBUG
)
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True  # no script reads it
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere (templates put JS in static files, data in data-
# attributes or json_script); the Django admin works under this policy as well.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Error reports (logs, e-mails to admins) never carry submitted form data: answers and
# passwords stay out of them.
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.error_reporting.NoPostDataFilter"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("fr", _("French")), ("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="survey@localhost")
# Where links in e-mails point (e.g. https://survey.example.be). Unset, they follow the address
# of the request that queued the e-mail, checked against ALLOWED_HOSTS (survey/links.py).
SITE_URL = env.str("SITE_URL", default="")

TASKS = {
    "default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# One autosave: its body and its fields (answers + the values the page showed), refused
# before anything is parsed or validated beyond them. A module of 500 questions fits.
AUTOSAVE_MAX_BYTES = env.int("AUTOSAVE_MAX_BYTES", default=256 * 1024)
AUTOSAVE_MAX_FIELDS = env.int("AUTOSAVE_MAX_FIELDS", default=2000)

INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=30)
# Per client address, on counters apart from sign-in's (django-ratelimit syntax).
INVITATION_RATE_LIMIT = env.str("INVITATION_RATE_LIMIT", default="20/h")
PASSWORD_RESET_RATE_LIMIT = env.str("PASSWORD_RESET_RATE_LIMIT", default="10/h")
# Calls to the read API per token.
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/m")

# Everything goes to the console once, through the root logger. Django's default "django"
# logger also has a console handler of its own (with DEBUG), which printed each of its messages
# twice: `make run` showed every reloader (runserver's, the worker's) starting twice. Its other
# handler, mail to ADMINS when DEBUG is off, stays.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
    },
}

# Bounds on imported files (register and response files), checked before parsing.
IMPORT_UPLOAD_MAX_MB = env.int("IMPORT_UPLOAD_MAX_MB", default=20)
IMPORT_COMMAND_MAX_MB = env.int("IMPORT_COMMAND_MAX_MB", default=200)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=1_000)
IMPORT_MAX_CELLS = env.int("IMPORT_MAX_CELLS", default=3_000_000)

# Personal data: who to ask about it (shown on the privacy page), and how long each kind is
# kept before `manage.py apply_retention` deletes it or unlinks it from the person (days).
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default=DEFAULT_FROM_EMAIL)
RETENTION_DAYS_INVITATIONS = env.int("RETENTION_DAYS_INVITATIONS", default=365)
RETENTION_DAYS_SIGN_IN_RECORDS = env.int("RETENTION_DAYS_SIGN_IN_RECORDS", default=180)
RETENTION_DAYS_PARADATA = env.int("RETENTION_DAYS_PARADATA", default=730)
RETENTION_DAYS_CONTACTS = env.int("RETENTION_DAYS_CONTACTS", default=1095)

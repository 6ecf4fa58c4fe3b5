"""Luukku settings: one module, every deployment difference comes from the environment.

LUUKKU_ENV=production turns on the strict transport settings; everything else has a safe
development default so that `luukku demo` needs no configuration at all.
"""

import json
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # src/luukku
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("LUUKKU_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


ENVIRONMENT = os.environ.get("LUUKKU_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("LUUKKU_DEBUG", default=False)
SECRET_KEY = os.environ.get("LUUKKU_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("LUUKKU_SECRET_KEY must be set in production")
    SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105 (development default)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("LUUKKU_ALLOWED_HOSTS", "*").split(",") if h.strip()]
if PRODUCTION and (not os.environ.get("LUUKKU_ALLOWED_HOSTS", "").strip() or "*" in ALLOWED_HOSTS):
    raise RuntimeError("LUUKKU_ALLOWED_HOSTS must list the site's host names in production (comma-separated, "
                       "not *), e.g. LUUKKU_ALLOWED_HOSTS=asiointi.esimerkki.fi")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("LUUKKU_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "luukku.core.admin_site.LuukkuAdminConfig",  # django.contrib.admin with the per-municipality site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "luukku.core",
    "luukku.catalogue",
    "luukku.people",
    "luukku.eservices",
    "luukku.cases",
    "luukku.notify",
    "luukku.feedback",
    "luukku.proactive",
    "luukku.frontoffice",
    "luukku.participation",
    "luukku.booking",
    "luukku.privacy",
    "luukku.maturity",
    "luukku.panels",
    "luukku.twofactor",
    "luukku.scm",
    "luukku.hearings",
    "luukku.strategy",
    "luukku.insight",
    "luukku.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "luukku.core.middleware.MunicipalityMiddleware",
    "luukku.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "luukku.core.middleware.BodySizeMiddleware",  # before anything reads the body (CSRF, views)
    "luukku.core.idle.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "luukku.config.urls"
WSGI_APPLICATION = "luukku.config.wsgi.application"

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
                "luukku.core.context_processors.municipality",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default. WAL lets the web process read while the worker writes;
# IMMEDIATE transactions take the write lock up front so two writers queue instead of
# deadlocking, and the busy timeout makes the queueing wait rather than fail.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'luukku.sqlite3'}")
# Persistent connections on SQLite too: a new one per request re-ran the PRAGMAs below, 2.4–4.0 ms a
# request (issue 15). gunicorn's sync workers serve one request at a time, each with its own
# connection; the development server's threads simply do not reuse theirs.
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    # JIT compilation costs more than it saves on our short OLTP queries (80 ms on a queue at 5 M cases).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # Parameters bound on the server: psycopg prepares a statement after its fifth run on a connection,
    # and PostgreSQL then skips parsing and planning it (issue 15: ~1.4 ms of server CPU per signed-in
    # page). Off behind PgBouncer's transaction pooling before 1.21 (no max_prepared_statements), where
    # a prepared statement may be asked for on another server connection (docs/operations.md).
    if env_bool("LUUKKU_DB_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# core.compiled: also build each compiled query the ORM's way and assert the same SQL (on in the tests).
LUUKKU_COMPILED_VERIFY = env_bool("LUUKKU_COMPILED_VERIFY", False)

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # A shared cache in front of the session table saves a query on every signed-in request
    # (bench/RESULTS.md). Not with the per-process cache: a logout must end the session everywhere.
    SESSION_ENGINE = "luukku.core.session_engines.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "luukku"}}
    SESSION_ENGINE = "luukku.core.session_engines.db"

# --- Background tasks (Django's Tasks API through the django-tasks backport) ----------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("LUUKKU_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Authentication and passwords ------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with the user read by a query written once per process (issue 15). Sessions begun
    # under the plain ModelBackend's name sign in again once.
    "luukku.people.backends.AccountBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# A session ends after this many minutes without requests (core.idle); staff handle others' data.
LUUKKU_SESSION_IDLE_MINUTES_STAFF = float(os.environ.get("LUUKKU_SESSION_IDLE_MINUTES_STAFF", "30"))
LUUKKU_SESSION_IDLE_MINUTES_RESIDENT = float(os.environ.get("LUUKKU_SESSION_IDLE_MINUTES_RESIDENT", "60"))
# PTV sync (catalogue.jobs): the PTV Open API to read every LUUKKU_PTV_SYNC_HOURS hours; empty = off.
LUUKKU_PTV_SYNC_URL = os.environ.get("LUUKKU_PTV_SYNC_URL", "")
LUUKKU_PTV_SYNC_HOURS = float(os.environ.get("LUUKKU_PTV_SYNC_HOURS", "24"))
# Finto's REST API for the YSO labels of PTV's ontology terms (catalogue.thesaurus); empty = off.
LUUKKU_FINTO_URL = os.environ.get("LUUKKU_FINTO_URL", "https://api.finto.fi/rest/v1/")
LUUKKU_FINTO_REFRESH_HOURS = float(os.environ.get("LUUKKU_FINTO_REFRESH_HOURS", "24"))
LUUKKU_FINTO_MAX_AGE_DAYS = float(os.environ.get("LUUKKU_FINTO_MAX_AGE_DAYS", "30"))
# Login throttling: five failures lock the username+address pair for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("LUUKKU_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/lockout.html"
# Failures are counted in the database, which every web process shares (a per-process cache
# handler would let each worker allow its own five).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
# Content languages of translated fields. A Sámi language is added here (and to LANGUAGES)
# without a migration: translated fields are stored as {language: text}.
CONTENT_LANGUAGES = ["fi", "sv", "en"]
# Fallback order per UI language, as the resident is most likely to understand.
LANGUAGE_FALLBACKS = {"fi": ["fi", "sv", "en"], "sv": ["sv", "fi", "en"], "en": ["en", "fi", "sv"]}
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("LUUKKU_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("LUUKKU_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Security -------------------------------------------------------------------------------
# No inline scripts or styles anywhere: the policy has no 'unsafe-inline'.
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
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = PRODUCTION or env_bool("LUUKKU_SECURE_COOKIES")
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("LUUKKU_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Request bodies ---------------------------------------------------------------------------
# A body (form or JSON) may declare at most LUUKKU_MAX_BODY_BYTES; multipart uploads may carry the
# feedback photos' allowance on top, and a signed-in user's up to LUUKKU_MAX_UPLOAD_BYTES (an
# application's attachments total 50 MB). Larger ones get 413 before they are read
# (core.middleware.BodySizeMiddleware). The reverse proxy should refuse them first: docs/operations.md.
LUUKKU_MAX_BODY_BYTES = int(os.environ.get("LUUKKU_MAX_BODY_BYTES", str(2 * 1024 * 1024)))
LUUKKU_MAX_UPLOAD_BYTES = int(os.environ.get("LUUKKU_MAX_UPLOAD_BYTES", str(51 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = LUUKKU_MAX_BODY_BYTES  # form fields (files excluded) read into memory
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploaded files go to a temporary file

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "luukku.core.api.BoundedPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "luukku.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Luukku API",
    "DESCRIPTION": "Open interfaces of a Luukku municipality: service catalogue, units and life events.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1/[^/]+",
    # Named enums (otherwise the colliding "kind" enums get hashed names).
    "ENUM_NAME_OVERRIDES": {
        "ServiceType": "luukku.catalogue.models.ServiceType",
        "ChargeType": "luukku.catalogue.models.ChargeType",
        "ProvisionType": "luukku.catalogue.models.ProvisionType",
        "OrganisationRole": "luukku.catalogue.models.OrganisationRole",
        "ChannelKind": "luukku.catalogue.models.ChannelKind",
        "HoursKind": "luukku.catalogue.models.HoursKind",
        "CodeKind": "luukku.catalogue.models.CodeKind",
    },
}

# The Helsinki profile GDPR API (privacy/gdpr_api.py): the accepted issuer, our audience and scopes.
LUUKKU_GDPR_API = {
    "ISSUER": os.environ.get("LUUKKU_GDPR_API_ISSUER", ""),
    "AUDIENCE": os.environ.get("LUUKKU_GDPR_API_AUDIENCE", ""),
    "JWKS_URL": os.environ.get("LUUKKU_GDPR_API_JWKS_URL", ""),
    "QUERY_SCOPE": os.environ.get("LUUKKU_GDPR_API_QUERY_SCOPE", "gdprquery"),
    "DELETE_SCOPE": os.environ.get("LUUKKU_GDPR_API_DELETE_SCOPE", "gdprdelete"),
}

# --- Logging: never log personal identity codes; request bodies are not logged. ------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LUUKKU_LOG_LEVEL", "WARNING")},
}

# --- Luukku ---------------------------------------------------------------------------------
# Finnish text analysis: "voikko" when libvoikko and its Finnish dictionary are installed,
# otherwise "snowball". "auto" picks the best available.
LUUKKU_FINNISH_ANALYZER = os.environ.get("LUUKKU_FINNISH_ANALYZER", "auto")
LUUKKU_PAGE_CACHE_SECONDS = int(os.environ.get("LUUKKU_PAGE_CACHE_SECONDS", "300"))
LUUKKU_BENCH = env_bool("LUUKKU_BENCH")  # routes the benchmarks' bare baseline view
# Identity codes at rest: Fernet keys (comma-separated, newest first) and the look-up hash key.
# Unset in development: both are derived from SECRET_KEY.
LUUKKU_HETU_KEYS = [k for k in os.environ.get("LUUKKU_HETU_KEYS", "").split(",") if k]
LUUKKU_HETU_HASH_KEY = os.environ.get("LUUKKU_HETU_HASH_KEY", "")
if PRODUCTION and not (LUUKKU_HETU_KEYS and LUUKKU_HETU_HASH_KEY):
    raise RuntimeError("LUUKKU_HETU_KEYS and LUUKKU_HETU_HASH_KEY must be set in production")

# --- Residents: population register and identification (people app) ------------------------
LUUKKU_POPULATION_REGISTER = os.environ.get("LUUKKU_POPULATION_REGISTER", "demo")
LUUKKU_DEMO_REGISTER_FILE = os.environ.get(
    "LUUKKU_DEMO_REGISTER_FILE", str(BASE_DIR / "people" / "data" / "demo_register.json")
)
# Suomi.fi e-Authorizations (Valtuudet), the person-to-person (HPA) web API: "" = not in use,
# "suomifi" = the real client (people/authorizations.py). ISSUES maps a Valtuudet issue code
# (valtuusasia) to the case-type slugs it lets the agent act in, e.g. {"parkingpermit": ["pysakointi"]}.
LUUKKU_EAUTHORIZATIONS = os.environ.get("LUUKKU_EAUTHORIZATIONS", "")
LUUKKU_VALTUUDET_URL = os.environ.get("LUUKKU_VALTUUDET_URL", "").rstrip("/")
LUUKKU_VALTUUDET_CLIENT_ID = os.environ.get("LUUKKU_VALTUUDET_CLIENT_ID", "")
LUUKKU_VALTUUDET_CLIENT_SECRET = os.environ.get("LUUKKU_VALTUUDET_CLIENT_SECRET", "")
LUUKKU_VALTUUDET_OAUTH_SECRET = os.environ.get("LUUKKU_VALTUUDET_OAUTH_SECRET", "")
LUUKKU_VALTUUDET_TIMEOUT = float(os.environ.get("LUUKKU_VALTUUDET_TIMEOUT", "10"))
LUUKKU_VALTUUDET_ISSUES = json.loads(os.environ.get("LUUKKU_VALTUUDET_ISSUES", "{}"))
# OpenID Connect identification broker (e.g. Suomi.fi or a commercial broker). Unset: strong
# identification is not offered and the local login is the only way in.
LUUKKU_OIDC_DISCOVERY_URL = os.environ.get("LUUKKU_OIDC_DISCOVERY_URL", "")
LUUKKU_OIDC_CLIENT_ID = os.environ.get("LUUKKU_OIDC_CLIENT_ID", "")
LUUKKU_OIDC_CLIENT_SECRET = os.environ.get("LUUKKU_OIDC_CLIENT_SECRET", "")
LUUKKU_OIDC_SCOPE = os.environ.get("LUUKKU_OIDC_SCOPE", "openid profile")
LUUKKU_OIDC_PKCE = env_bool("LUUKKU_OIDC_PKCE", True)
# Claims that carry the identity code, first found wins.
LUUKKU_OIDC_HETU_CLAIMS = [c.strip() for c in os.environ.get("LUUKKU_OIDC_HETU_CLAIMS", "national_id_num,hetu").split(",") if c.strip()]
# A login is strong (vahva sähköinen tunnistus) when its acr is one of these or amr has one of these.
LUUKKU_OIDC_STRONG_ACR = [a.strip() for a in os.environ.get(
    "LUUKKU_OIDC_STRONG_ACR",
    "http://ftn.ficora.fi/2017/loa2,http://ftn.ficora.fi/2017/loa3,http://eidas.europa.eu/LoA/substantial,"
    "http://eidas.europa.eu/LoA/high,substantial,high",
).split(",") if a.strip()]
LUUKKU_OIDC_STRONG_AMR = [a.strip() for a in os.environ.get(
    "LUUKKU_OIDC_STRONG_AMR", "hwk,sc,mfa,tupas,mpki,fpki,eidas"
).split(",") if a.strip()]
# A demo resident's local password login counts as strong only where this is on (development).
LUUKKU_DEMO_LOCAL_LOGIN_IS_STRONG = env_bool("LUUKKU_DEMO_LOCAL_LOGIN_IS_STRONG", not PRODUCTION)

# --- Notifications (luukku.notify: outbox, channels, scheduler) ------------------------------
# Email through Django's backend: printed to the console in development, SMTP in production.
EMAIL_BACKEND = os.environ.get("LUUKKU_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION
                               else "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("LUUKKU_EMAIL_HOST", "localhost")
# The file backend's folder (`luukku demo` writes its e-mail there, so the console stays readable).
EMAIL_FILE_PATH = os.environ.get("LUUKKU_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_PORT = int(os.environ.get("LUUKKU_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("LUUKKU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LUUKKU_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("LUUKKU_EMAIL_TLS")
EMAIL_TIMEOUT = 15  # a hanging SMTP server must not hold a delivery past its claim
DEFAULT_FROM_EMAIL = os.environ.get("LUUKKU_EMAIL_FROM", "luukku@localhost")
# Links in messages: a municipality's own host name (core.Domain) wins over this.
LUUKKU_PUBLIC_URL = os.environ.get("LUUKKU_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION:  # secret follow-up links in messages must lead to the real site
    from urllib.parse import urlsplit as _urlsplit

    _public = _urlsplit(os.environ.get("LUUKKU_PUBLIC_URL", "").strip())
    if (_public.scheme != "https" or not _public.hostname or _public.hostname in {"localhost", "0.0.0.0", "::1"}
            or _public.hostname.startswith("127.") or _public.hostname.endswith(".localhost")):
        raise RuntimeError("LUUKKU_PUBLIC_URL must be the site's public https:// address in production, "
                           "e.g. LUUKKU_PUBLIC_URL=https://asiointi.esimerkki.fi")
# The platform's own host names (comma-separated), shared by every municipality: no municipality may
# take one as its core.Domain (nor the host of LUUKKU_PUBLIC_URL).
LUUKKU_PLATFORM_HOSTS = [h.strip() for h in os.environ.get("LUUKKU_PLATFORM_HOSTS", "").split(",") if h.strip()]
# Channels a resident gets before choosing any, and the waits (seconds) between delivery attempts.
LUUKKU_NOTIFY_DEFAULT_CHANNELS = [c.strip() for c in os.environ.get("LUUKKU_NOTIFY_DEFAULT_CHANNELS", "email").split(",")
                                  if c.strip()]
LUUKKU_NOTIFY_BACKOFF_SECONDS = [int(s) for s in os.environ.get(
    "LUUKKU_NOTIFY_BACKOFF_SECONDS", "30,120,600,1800,7200,21600").split(",") if s.strip()]
LUUKKU_SCHEDULER_TICK_SECONDS = float(os.environ.get("LUUKKU_SCHEDULER_TICK_SECONDS", "5"))
# SMS through an HTTP gateway. The payload is a JSON template; {to}, {text}, {reference} (the
# delivery's idempotency key) and {sender} are filled in. Without a gateway URL, development
# writes text messages to the worker's console instead ("console"); production offers no SMS.
LUUKKU_SMS_GATEWAY_URL = os.environ.get("LUUKKU_SMS_GATEWAY_URL", "")
LUUKKU_SMS_GATEWAY_TOKEN = os.environ.get("LUUKKU_SMS_GATEWAY_TOKEN", "")
LUUKKU_SMS_GATEWAY_AUTH_HEADER = os.environ.get("LUUKKU_SMS_GATEWAY_AUTH_HEADER", "Authorization")
LUUKKU_SMS_GATEWAY_AUTH_SCHEME = os.environ.get("LUUKKU_SMS_GATEWAY_AUTH_SCHEME", "Bearer")
LUUKKU_SMS_PAYLOAD = os.environ.get(
    "LUUKKU_SMS_PAYLOAD", '{"to": "{to}", "from": "{sender}", "text": "{text}", "reference": "{reference}"}')
LUUKKU_SMS_SENDER = os.environ.get("LUUKKU_SMS_SENDER", "Luukku")
LUUKKU_SMS_TIMEOUT = float(os.environ.get("LUUKKU_SMS_TIMEOUT", "10"))
LUUKKU_SMS_BACKEND = os.environ.get(
    "LUUKKU_SMS_BACKEND", "gateway" if LUUKKU_SMS_GATEWAY_URL or PRODUCTION else "console")
# Suomi.fi Messages (Viestit) REST API. Paper mail (multichannel) only with Posti credentials.
LUUKKU_SUOMIFI_MESSAGES_URL = os.environ.get("LUUKKU_SUOMIFI_MESSAGES_URL", "").rstrip("/")
LUUKKU_SUOMIFI_MESSAGES_USERNAME = os.environ.get("LUUKKU_SUOMIFI_MESSAGES_USERNAME", "")
LUUKKU_SUOMIFI_MESSAGES_PASSWORD = os.environ.get("LUUKKU_SUOMIFI_MESSAGES_PASSWORD", "")
LUUKKU_SUOMIFI_MESSAGES_SERVICE_ID = os.environ.get("LUUKKU_SUOMIFI_MESSAGES_SERVICE_ID", "")
LUUKKU_SUOMIFI_PAPER_MAIL = env_bool("LUUKKU_SUOMIFI_PAPER_MAIL")
LUUKKU_SUOMIFI_POSTI_USERNAME = os.environ.get("LUUKKU_SUOMIFI_POSTI_USERNAME", "")
LUUKKU_SUOMIFI_POSTI_PASSWORD = os.environ.get("LUUKKU_SUOMIFI_POSTI_PASSWORD", "")
LUUKKU_SUOMIFI_POSTI_EMAIL = os.environ.get("LUUKKU_SUOMIFI_POSTI_EMAIL", "")
LUUKKU_SUOMIFI_TIMEOUT = float(os.environ.get("LUUKKU_SUOMIFI_TIMEOUT", "15"))

# --- Feedback ----------------------------------------------------------------------------------
# New feedback allowed per client address ("posts/seconds"; "0" turns the limit off), photos.
LUUKKU_FEEDBACK_RATE_LIMIT = os.environ.get("LUUKKU_FEEDBACK_RATE_LIMIT", "20/3600")
LUUKKU_FEEDBACK_PHOTO_MAX_BYTES = int(os.environ.get("LUUKKU_FEEDBACK_PHOTO_MAX_BYTES", str(5 * 1024 * 1024)))
LUUKKU_FEEDBACK_PHOTO_MAX_COUNT = int(os.environ.get("LUUKKU_FEEDBACK_PHOTO_MAX_COUNT", "3"))
# Open311 posts are completed by the worker in batches, one task per this many seconds (feedback/intake.py).
LUUKKU_FEEDBACK_INTAKE_SECONDS = float(os.environ.get("LUUKKU_FEEDBACK_INTAKE_SECONDS", "1"))
# Map tiles for the feedback map ({z}/{x}/{y}); empty: no background tiles, the map still shows the
# municipality's border and takes a click, and the address field works without JavaScript.
LUUKKU_MAP_TILES_URL = os.environ.get("LUUKKU_MAP_TILES_URL", "")
LUUKKU_MAP_TILES_ATTRIBUTION = os.environ.get("LUUKKU_MAP_TILES_ATTRIBUTION", "")
if LUUKKU_MAP_TILES_URL:  # the tile server's images must pass the CSP; "{s}" subdomains become "*"
    from urllib.parse import urlsplit as _urlsplit

    _tiles = _urlsplit(LUUKKU_MAP_TILES_URL.replace("{s}", "*"))
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")
# Behind a reverse proxy that sets X-Forwarded-For, rate limits count the client's address from it.
LUUKKU_TRUST_X_FORWARDED_FOR = env_bool("LUUKKU_TRUST_X_FORWARDED_FOR")
# How long an Open311 GET requests answer is reused (seconds; 0: never). Publishing retires it at once.
LUUKKU_OPEN311_CACHE_SECONDS = int(os.environ.get("LUUKKU_OPEN311_CACHE_SECONDS", "60"))

# --- Booking -----------------------------------------------------------------------------------
# Who takes the payment of a booking that costs money (booking.payments): "test" is Luukku's own
# page where no money moves (refused in production); a real provider registers its own key.
LUUKKU_PAYMENT_PROVIDER = os.environ.get("LUUKKU_PAYMENT_PROVIDER", "test")
# Outside appointment systems (booking.adapters): JSON per municipality slug ("*": all), per adapter, e.g.
# {"esimerkki": {"qmatic": {"url": "https://…/calendar-backend/public/api", "api_key": "…", "timeout": 10}}}.
# A resource names its adapter in `external_system`; without settings for its municipality it offers no times.
LUUKKU_BOOKING_SYSTEMS = json.loads(os.environ.get("LUUKKU_BOOKING_SYSTEMS", "{}") or "{}")

"""Settings for the UPT-PKPK internship placement system.

Everything comes from the environment (see .env.example). The defaults work on
a laptop after `make db`: the project-local PostgreSQL listens on a socket in
`.pg/run` of this checkout, so two checkouts never share a database.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from pkpk.lib.storage import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real deployments set variables

DEBUG = env.bool("DEBUG", default=False)

# A checkout's set-up (bin/setup) writes a random key to var/secret_key, so
# `manage.py` works locally with no variable; production sets SECRET_KEY.
_KEY_FILE = Path(env.str("SECRET_KEY_FILE", default=str(BASE_DIR / "var" / "secret_key")))
SECRET_KEY = env.str("SECRET_KEY", default="") or (
    _KEY_FILE.read_text().strip() if _KEY_FILE.exists() else ""
)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789"  # noqa: S105

# Old keys still accepted for signatures while a rotated key settles in
# (sessions, password-reset links, company links already e-mailed).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public base URL of every absolute link in letters and e-mails (never
# the request's host, which a client names). pkpk.W001 warns when production
# still has the laptop default.
SITE_URL_DEVELOPMENT = "http://127.0.0.1:8000"
SITE_URL = env.str("SITE_URL", default=SITE_URL_DEVELOPMENT).rstrip("/")

INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    # Third party
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_q",
    "axes",
    "csp",
    "auditlog",
    "ninja",  # the SIAKAD API; listed so its docs use its own static files, no CDN
    # Local
    "pkpk",
    "kampus",  # campus sign-in (OpenID Connect, LDAP): builds on pkpk only
    "notifikasi",
    "magang",
    "surat",
    "rekap",
    "siakad",  # the SIAKAD API at /api/v1/ (docs/api.md)
    "demo",  # last: the demo seed, the one app that imports every other
]

MIDDLEWARE = [
    "pkpk.logs.RequestLogMiddleware",  # first, so it times the whole request
    "django.middleware.security.SecurityMiddleware",
    "pkpk.middleware.RefuseNulMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pkpk.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the audit trail's actor and client address (pkpk/audit.py).
    "pkpk.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pkpk.middleware.CalendarPerRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pkpk.urls"
WSGI_APPLICATION = "pkpk.wsgi.application"

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
                "pkpk.context_processors.roles_context",
                "notifikasi.context_processors.notifications_context",
            ],
        },
    },
]

# The project-local database of this checkout (see Makefile / bin/db).
_LOCAL_DB = f"postgres://app@/pkpk?host={BASE_DIR / '.pg' / 'run'}&port=54329"
DATABASES = {"default": env.db("DATABASE_URL", default=_LOCAL_DB)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Parameters bound by the server and statements prepared on their second use
# in a connection: PostgreSQL then plans each query once per connection, not
# once per request (about 0.3-0.8 ms of its CPU for each page's joins here;
# pages are 15-25 % faster in all). Turn off behind a pooler in transaction
# mode (pgbouncer), which cannot keep prepared statements.
if env.bool("DB_PREPARED_STATEMENTS", default=True):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=2
    )
else:
    # Behind pgbouncer in transaction mode (docs/runbook.md, "Scaling out"):
    # each transaction may get another server connection, so nothing may
    # outlive one. psycopg 3 prepares a statement after 5 uses unless told
    # not to (None), and a server-side cursor (QuerySet.iterator()) is a
    # named cursor that must be declared and fetched on the same server.
    # Persistent connections (CONN_MAX_AGE) and their health checks stay:
    # they are connections to pgbouncer, which keeps the few real ones.
    DATABASES["default"].setdefault("OPTIONS", {}).update(prepare_threshold=None)
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The shared cache (docs/runbook.md, "Scaling out"): cached page fragments, and the
# rate limits' counts (pkpk/lib/ratelimit.py), are the same for every
# gunicorn worker and host. By default Django's database cache on the same
# PostgreSQL, through a connection of its own (the `cache` alias, routed by
# pkpk.lib.cache.CacheRouter): the pages' own queries stay what they were and
# a count never waits for, or rolls back with, a request's transaction.
# With REDIS_URL (e.g. redis://127.0.0.1:6379/0 or unix:///run/redis/redis.sock)
# the cache and the counts live in Redis instead.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    # Sessions read from Redis and written through to PostgreSQL
    # (cached_db), not Redis alone: a Redis restart or eviction signs nobody
    # out mid-form, and turning REDIS_URL on keeps the sessions already in
    # the database. Writes are rare (sign-in, language, sign-out), reads are
    # every request: those are the ones that leave PostgreSQL.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # In tests the alias is a mirror: it opens the test database, not this one.
    DATABASES["cache"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["pkpk.lib.cache.CacheRouter"]
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pkpk_cache",
            # Django culls a third of the table past MAX_ENTRIES (300 by
            # default: fewer than a semester's vacancy cards in two languages).
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

AUTH_USER_MODEL = "pkpk.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-ins while a lockout is in force.
    "axes.backends.AxesStandaloneBackend",
    "pkpk.auth.NimOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Campus sign-in (kampus/, docs/campus-sign-in.md). A campus account is
# matched to an existing student by NIM or e-mail and to a coordinating
# lecturer by e-mail or NIP; nobody is created, roles stay ours.
CAMPUS_STUDENT_MATCH = env.str("CAMPUS_STUDENT_MATCH", default="nim")
CAMPUS_LECTURER_MATCH = env.str("CAMPUS_LECTURER_MATCH", default="email")
# Off: students sign in with their campus account only (no password, no
# password reset); staff and lecturers keep their passwords.
STUDENT_PASSWORD_SIGN_IN = env.bool("STUDENT_PASSWORD_SIGN_IN", default=True)
# Each bridge switches itself on from its variables (kampus/oidc.py, kampus/ldap.py).
# LDAP (kampus/ldap.py): on when CAMPUS_LDAP_URI is set. The person types their
# campus uid (NIM, NIP) or e-mail and campus password in the normal form.
CAMPUS_LDAP_URI = env.str("CAMPUS_LDAP_URI", default="")
CAMPUS_LDAP_START_TLS = env.bool("CAMPUS_LDAP_START_TLS", default=False)
# The CA that signed the directory's certificate (PEM), when not one of the system's.
CAMPUS_LDAP_CA_FILE = env.str("CAMPUS_LDAP_CA_FILE", default="")
CAMPUS_LDAP_BIND_DN = env.str("CAMPUS_LDAP_BIND_DN", default="")
CAMPUS_LDAP_BIND_PASSWORD = env.str("CAMPUS_LDAP_BIND_PASSWORD", default="")
CAMPUS_LDAP_USER_SEARCH_BASE = env.str("CAMPUS_LDAP_USER_SEARCH_BASE", default="")
CAMPUS_LDAP_USER_FILTER = env.str(
    "CAMPUS_LDAP_USER_FILTER", default="(|(uid=%(user)s)(mail=%(user)s))"
)
CAMPUS_LDAP_ATTR_NIM = env.str("CAMPUS_LDAP_ATTR_NIM", default="uid")
CAMPUS_LDAP_ATTR_NIP = env.str("CAMPUS_LDAP_ATTR_NIP", default="employeeNumber")
CAMPUS_LDAP_ATTR_EMAIL = env.str("CAMPUS_LDAP_ATTR_EMAIL", default="mail")
# Seconds to connect and for each answer: a directory that hangs must not hold
# the sign-in page (and a gunicorn worker) for long.
CAMPUS_LDAP_TIMEOUT = env.float("CAMPUS_LDAP_TIMEOUT", default=5.0)
CAMPUS_LDAP_ENABLED = bool(CAMPUS_LDAP_URI)

if CAMPUS_LDAP_ENABLED:
    # After axes (a lockout holds for campus passwords too), before passwords.
    AUTHENTICATION_BACKENDS.insert(1, "kampus.ldap.CampusLDAPBackend")
    # A refused campus account's POST ends on kampus:unknown; Axes' stays last.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("axes.middleware.AxesMiddleware"), "kampus.ldap.RefusalMiddleware"
    )

# OpenID Connect (kampus/oidc.py, on mozilla-django-oidc): on as soon as one
# of its variables is set; the checks kampus.E020-E025 name what is missing.
# The endpoints come from the issuer's discovery document unless set one by one.
CAMPUS_OIDC_CLIENT_ID = env.str("CAMPUS_OIDC_CLIENT_ID", default="")
CAMPUS_OIDC_CLIENT_SECRET = env.str("CAMPUS_OIDC_CLIENT_SECRET", default="")
CAMPUS_OIDC_ISSUER = env.str("CAMPUS_OIDC_ISSUER", default="").rstrip("/")
CAMPUS_OIDC_ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": env.str("CAMPUS_OIDC_AUTHORIZATION_ENDPOINT", default=""),
    "OIDC_OP_TOKEN_ENDPOINT": env.str("CAMPUS_OIDC_TOKEN_ENDPOINT", default=""),
    "OIDC_OP_USER_ENDPOINT": env.str("CAMPUS_OIDC_USERINFO_ENDPOINT", default=""),
    "OIDC_OP_JWKS_ENDPOINT": env.str("CAMPUS_OIDC_JWKS_ENDPOINT", default=""),
}
CAMPUS_OIDC_NIM_CLAIM = env.str("CAMPUS_OIDC_NIM_CLAIM", default="preferred_username")
CAMPUS_OIDC_ENABLED = bool(
    CAMPUS_OIDC_CLIENT_ID
    or CAMPUS_OIDC_CLIENT_SECRET
    or CAMPUS_OIDC_ISSUER
    or any(CAMPUS_OIDC_ENDPOINTS.values())
)
if CAMPUS_OIDC_ENABLED:
    # After axes and the password backend: a campus answer is never a password.
    AUTHENTICATION_BACKENDS.append("kampus.oidc.CampusOIDCBackend")
    OIDC_RP_CLIENT_ID = CAMPUS_OIDC_CLIENT_ID
    OIDC_RP_CLIENT_SECRET = CAMPUS_OIDC_CLIENT_SECRET
    OIDC_RP_SIGN_ALGO = env.str("CAMPUS_OIDC_SIGN_ALGO", default="RS256")
    OIDC_RP_SCOPES = env.str("CAMPUS_OIDC_SCOPES", default="openid email profile")
    vars().update({name: url for name, url in CAMPUS_OIDC_ENDPOINTS.items() if url})
    OIDC_CREATE_USER = False  # nobody is created from a campus account
    OIDC_USE_PKCE = True
    OIDC_TIMEOUT = 10

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Proxies in front of gunicorn that append the address they saw to
# X-Forwarded-For (1 behind deploy/pkpk.nginx.conf). pkpk.lib.net.client_ip
# reads the client's address from it for the lockout, the rate limits and the
# audit trail; 0 trusts no header.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
if PROXY_COUNT < 0:
    raise ImproperlyConfigured("PROXY_COUNT must be 0 or more.")

# Sign-in throttling (django-axes). The lockout counts per account, whatever
# the person typed (NIM, e-mail in any case, spaces: pkpk.auth.lockout_username),
# in two ways:
# - per account and address: AXES_FAILURE_LIMIT failures lock that account
#   from that address for AXES_COOLOFF_TIME. Someone guessing from one place
#   cannot lock the student out elsewhere, and a campus behind one NAT
#   address is not locked out by one student's typos.
# - per account from all addresses: AXES_ACCOUNT_FAILURE_LIMIT failures lock
#   the account everywhere (pkpk.auth.LockoutHandler), so guessing from many
#   addresses gets no more than that many tries per cool-off. Attempts
#   refused during a lockout are not counted, so one address adds at most
#   AXES_FAILURE_LIMIT: locking a student out takes failures from several
#   addresses (4 with the defaults) and lasts one cool-off after they stop.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ACCOUNT_FAILURE_LIMIT = env.int("AXES_ACCOUNT_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "pkpk.auth.LockoutHandler"
AXES_USERNAME_CALLABLE = "pkpk.auth.lockout_username"
AXES_CLIENT_IP_CALLABLE = "pkpk.lib.net.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# A success clears that account's failures from that address only.
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
# Front-end packages come from the npm registry (package-lock.json) and are
# served from node_modules; nothing third-party is copied into the repo.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
# Source maps and Sass sources are for developers: not worth compressing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *["jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"],
    *["swf", "flv", "woff", "woff2", "3gp", "3gpp"],
    "map",
    "scss",
    "json",
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Uploads and issued letters: MEDIA_ROOT (on several servers, a folder they
# all mount, e.g. NFS), or with S3_BUCKET an S3-compatible object store
# (MinIO, Ceph, a cloud's) through django-storages. Either way every read and
# write goes through the storage API, and files leave only through the views
# that check the reader (no public URLs; pkpk/lib/downloads.py).
S3_BUCKET = env.str("S3_BUCKET", default="")
_MEDIA_STORAGE = media_storage(
    bucket=S3_BUCKET,
    endpoint_url=env.str("S3_ENDPOINT_URL", default=""),
    access_key=env.str("S3_ACCESS_KEY_ID", default=""),
    secret_key=env.str("S3_SECRET_ACCESS_KEY", default=""),
    region=env.str("S3_REGION", default=""),
)
STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Textareas show their character limit (pkpk/lib/text.py).
FORM_RENDERER = "pkpk.lib.text.FormRenderer"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="UPT-PKPK <pkpk@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# django-q2 on the ORM broker: no Redis, the queue lives in PostgreSQL.
Q_CLUSTER = {
    "name": "pkpk",
    "orm": "default",
    "workers": env.int("Q_WORKERS", default=2),
    # Seconds: a task running longer is stopped; a task not acknowledged
    # (its worker was killed) is handed out again after `retry`. The worker
    # resilience tests shorten both.
    "timeout": env.int("Q_TIMEOUT", default=300),
    "retry": env.int("Q_RETRY", default=360),
    "max_attempts": 3,
    "catch_up": False,
    "ack_failures": True,
    "label": "Antrean tugas",
}
# The worker writes a heartbeat every minute; /healthz wants one this recent.
WORKER_HEARTBEAT_MAX_AGE = timedelta(seconds=env.int("WORKER_HEARTBEAT_MAX_AGE", default=180))

# Deployment behind a TLS proxy (nginx): switched on with SECURE=1.
SECURE = env.bool("SECURE", default=False)
if SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy (django-csp): scripts and everything else only from
# our own origin, never inline. Inline style attributes stay allowed: the
# admin and Bootstrap's components set them, and they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # One JSON object per line (pkpk/logs.py), for journald and log shippers.
        "json": {"()": "pkpk.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("LOG_FORMAT", default="json"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        name: {"level": "WARNING"} for name in ("axes", "django_q", "weasyprint", "fontTools")
    },
}

# Issued letters are signed (PAdES) with the institution's certificate when
# LETTER_SIGNING_P12 names its PKCS#12 file (surat/letters/signing.py), and
# timestamped by an RFC 3161 server when LETTER_SIGNING_TSA_URL is set; off
# when unset. `make run` points it at a demo certificate under var/.
LETTER_SIGNING_P12 = env.str("LETTER_SIGNING_P12", default="")
_SIGNING_PASS_FILE = env.str("LETTER_SIGNING_PASSPHRASE_FILE", default="")
LETTER_SIGNING_PASSPHRASE = env.str("LETTER_SIGNING_PASSPHRASE", default="") or (
    Path(_SIGNING_PASS_FILE).read_text().strip() if _SIGNING_PASS_FILE else ""
)
LETTER_SIGNING_TSA_URL = env.str("LETTER_SIGNING_TSA_URL", default="")
if LETTER_SIGNING_P12 and not Path(LETTER_SIGNING_P12).is_file():
    raise ImproperlyConfigured(f"LETTER_SIGNING_P12: no file {LETTER_SIGNING_P12}.")
# Or the key on a token or HSM: its PKCS#11 module (the vendor's .so), the
# token's label, the label of the key and its certificate, and the user PIN.
LETTER_SIGNING_PKCS11_MODULE = env.str("LETTER_SIGNING_PKCS11_MODULE", default="")
LETTER_SIGNING_PKCS11_TOKEN = env.str("LETTER_SIGNING_PKCS11_TOKEN", default="")
LETTER_SIGNING_PKCS11_KEY = env.str("LETTER_SIGNING_PKCS11_KEY", default="")
_PKCS11_PIN_FILE = env.str("LETTER_SIGNING_PKCS11_PIN_FILE", default="")
LETTER_SIGNING_PKCS11_PIN = env.str("LETTER_SIGNING_PKCS11_PIN", default="") or (
    Path(_PKCS11_PIN_FILE).read_text().strip() if _PKCS11_PIN_FILE else ""
)
if LETTER_SIGNING_PKCS11_MODULE and LETTER_SIGNING_P12:
    raise ImproperlyConfigured("Set LETTER_SIGNING_P12 or LETTER_SIGNING_PKCS11_MODULE, not both.")
if LETTER_SIGNING_PKCS11_MODULE and not LETTER_SIGNING_PKCS11_KEY:
    raise ImproperlyConfigured("LETTER_SIGNING_PKCS11_KEY names the key on the token.")

# Errors to Sentry or a compatible server such as GlitchTip (pkpk/errors.py),
# only when a DSN is given.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from pkpk import errors

    errors.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production"),
        release=errors.release(BASE_DIR, env.str("SENTRY_RELEASE", default="")),
    )

# The SIAKAD API (siakad/, docs/api.md): calls per client (a fixed window,
# "120/min", "10/s", "5000/hour"), rows per pushed batch, and how long the
# call log is kept. Nothing is open until staff create a client in the admin.
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/min")
API_BATCH_MAX = env.int("API_BATCH_MAX", default=1000)
API_LOG_DAYS = env.int("API_LOG_DAYS", default=90)

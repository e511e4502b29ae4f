"""Settings of the test OpenID provider. Everything comes from the
environment tests/support/oidc.py sets: where its SQLite file and accounts
are, its own address (the issuer)."""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATE = Path(os.environ["OIDC_PROVIDER_STATE"])

DEBUG = False
SECRET_KEY = "test-oidc-provider-only"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SITE_URL = os.environ["OIDC_PROVIDER_URL"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oidc_provider",
    "tests.support.oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.support.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": STATE / "provider.sqlite3"}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True

# Our project runs on the same loopback address: cookies know no ports, so
# the provider's must not be named like ours.
SESSION_COOKIE_NAME = "campus_sessionid"
CSRF_COOKIE_NAME = "campus_csrftoken"
LOGIN_URL = "/login/"
# Quick hashing: accounts are made at every start.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

OIDC_USERINFO = "tests.support.oidc_provider.claims.userinfo"
OIDC_EXTRA_SCOPE_CLAIMS = "tests.support.oidc_provider.claims.CampusScopeClaims"
OIDC_IDTOKEN_SUB_GENERATOR = "tests.support.oidc_provider.claims.sub"

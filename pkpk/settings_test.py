"""Test settings: the real PostgreSQL, but fast hashing, local mail and inline tasks."""

from .settings import *  # noqa: F403
from .settings import Q_CLUSTER, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# django-q2 reads its configuration once at import: tasks run inline in tests.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
# pytest-django turns DEBUG off; the manifest would need collectstatic first.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each pytest-xdist worker (`make test-fast`) has a folder of its own for
# the files the tests do not put in their tmp_path.
_WORKER = env.str("PYTEST_XDIST_WORKER", default="")  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / ("test-media" + (f"-{_WORKER}" if _WORKER else ""))  # noqa: F405
AXES_FAILURE_LIMIT = 5
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Parallel runs in one checkout (several developers at once) name their own
# test database: PKPK_TEST_DB=test_pkpk_2 pytest ... Under pytest-xdist,
# pytest-django adds the worker to the name (test_pkpk_gw0, ...), and the
# `cache` alias, a test mirror of `default`, follows its worker's database.
DATABASES["default"]["TEST"] = {"NAME": env.str("PKPK_TEST_DB", default="test_pkpk")}  # noqa: F405
# Letters are unsigned unless a test signs them with a throw-away
# certificate of its own (tests/support/signing.py), whatever the shell sets.
LETTER_SIGNING_P12 = ""
LETTER_SIGNING_PASSPHRASE = ""
LETTER_SIGNING_TSA_URL = ""
LETTER_SIGNING_PKCS11_MODULE = ""
LETTER_SIGNING_PKCS11_PIN = ""

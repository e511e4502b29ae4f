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
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
AXES_FAILURE_LIMIT = 5
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Parallel runs in one checkout (several developers at once) name their own
# test database: PKPK_TEST_DB=test_pkpk_2 pytest ...
DATABASES["default"]["TEST"] = {"NAME": env.str("PKPK_TEST_DB", default="test_pkpk")}  # noqa: F405

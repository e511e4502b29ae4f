"""Sign-in with NIM or e-mail (students) or e-mail (staff, coordinators),
the lockout's view of who is signing in (django-axes), and the signed-in
person read back on each request."""

import functools
import unicodedata

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Sum

from . import roles
from .models import Jurusan, Mahasiswa, ProgramStudi, User


class NimOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        User = get_user_model()
        login = login_text(username)
        users = list(User.objects.signing_in_as(login)[:2])
        if len(users) != 1:
            # Unknown, or ambiguous: still spend the hashing time (timing attacks).
            User().set_password(password)
            return None
        user = users[0]
        if not settings.STUDENT_PASSWORD_SIGN_IN and _is_student(user):
            # The campus sign-in is the students' only way in (kampus/).
            user.check_password(password)  # the same time as any refusal
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The signed-in person for this request, in one query: with their
        group names (roles), their student record with programme and
        department, and what apps read with them (read_with_user: the
        bell's unread count). Every page needs all of it; read one by one,
        or built by the ORM on each request, they cost about as much CPU as
        a small page (see user_query)."""
        with connection.cursor() as cursor:
            cursor.execute(user_query(), [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        user = _assemble(connection.alias, row)
        return user if self.user_can_authenticate(user) else None


def _is_student(user) -> bool:
    return Mahasiswa.objects.filter(user_id=user.pk).exists()


def login_text(typed):
    """What a person typed as their NIM or e-mail, as the sign-in reads it."""
    return unicodedata.normalize("NFKC", typed).strip()


# The lockout (django-axes; the policy is explained at AXES_* in settings) ----


def lockout_username(request, credentials=None):
    """django-axes' name for the account being signed in to: the account's
    own user name whatever the person typed (NIM, e-mail in any letter case,
    spaces around), so all of them share one failure counter. Text that names
    no single account counts under itself, case-folded. Asked several times
    per sign-in: the answer is kept on the request."""
    if credentials is not None:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "POST", {}).get("username")
    if not typed:
        return None
    login = login_text(typed)
    known = request.__dict__.setdefault("_lockout_usernames", {})
    if login not in known:
        names = list(get_user_model().objects.signing_in_as(login).values_list("username")[:2])
        known[login] = names[0][0] if len(names) == 1 else login.casefold()
    return known[login]


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler, counting per account and address (its
    lockout parameters) and, on top, per account from all addresses: once
    an account has AXES_ACCOUNT_FAILURE_LIMIT recent failures, every address
    counts as locked out for it."""

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if username is None:
            return failures
        recent = AccessAttempt.objects.filter(
            username=username, attempt_time__gte=get_cool_off_threshold(request)
        )
        account = recent.aggregate(n=Sum("failures_since_start"))["n"] or 0
        if account >= settings.AXES_ACCOUNT_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


# What apps read with the signed-in user: {attribute: a scalar SELECT over
# the user's row `u`}, set on the user as that attribute. Apps add theirs
# from AppConfig.ready(), before the first request.
_READ_WITH_USER = {}


def read_with_user(attribute, select):
    """Read `select` (SQL giving one value for the user `u`, such as a
    count) in the signed-in user's query, kept as `user.<attribute>`."""
    _READ_WITH_USER[attribute] = select
    user_query.cache_clear()


# The models read with the user, in the order of the query's columns: each
# LEFT JOINed, so a staff account has NULLs for the student's three.
_JOINED = [
    (User, "u"),
    (Mahasiswa, "m"),
    (ProgramStudi, "p"),
    (Jurusan, "j"),
]


@functools.cache
def user_query():
    """The SQL of get_user, written once per process. Hand-written because
    compiling the same query through the ORM (select_related over three
    joins plus two subqueries) took 4 ms of CPU per request here against
    0.1 ms to send it."""
    columns = ", ".join(
        f'{alias}."{field.column}"'
        for model, alias in _JOINED
        for field in model._meta.concrete_fields
    )
    groups = User.groups.through._meta
    extras = "".join(f",\n          ({select})" for select in _READ_WITH_USER.values())
    return f"""
        SELECT {columns},
          ARRAY(SELECT g."name" FROM "{Group._meta.db_table}" g
                JOIN "{groups.db_table}" ug ON ug."group_id" = g."id"
                WHERE ug."user_id" = u."id") AS group_names{extras}
        FROM "{User._meta.db_table}" u
        LEFT JOIN "{Mahasiswa._meta.db_table}" m ON m."user_id" = u."id"
        LEFT JOIN "{ProgramStudi._meta.db_table}" p ON p."id" = m."prodi_id"
        LEFT JOIN "{Jurusan._meta.db_table}" j ON j."id" = p."jurusan_id"
        WHERE u."id" = %s"""  # noqa: S608 (names from the models, no input)


def _assemble(db, row):
    """The user with their student record, programme and department cached
    as select_related would, the groups kept for roles, and what apps read
    with the user set as their attributes."""
    objects = []
    start = 0
    for model, _alias in _JOINED:
        fields = model._meta.concrete_fields
        values = row[start : start + len(fields)]
        start += len(fields)
        objects.append(
            None if values[0] is None else model.from_db(db, [f.attname for f in fields], values)
        )
    user, mahasiswa, prodi, jurusan = objects
    user._state.fields_cache["mahasiswa"] = mahasiswa  # None: not a student (no query)
    if mahasiswa is not None:
        mahasiswa._state.fields_cache["user"] = user
        mahasiswa._state.fields_cache["prodi"] = prodi
        prodi._state.fields_cache["jurusan"] = jurusan
    roles.remember_groups(user, row[start])
    for attribute, value in zip(_READ_WITH_USER, row[start + 1 :], strict=True):
        setattr(user, attribute, value)
    return user

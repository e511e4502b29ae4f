"""Who a campus account is here. The campus (its OpenID provider or its
LDAP directory) tells us an account's NIM, NIP or e-mail; we look for the
one existing student or coordinating lecturer it names. Nobody is created
and nothing is granted from what the campus says: roles come only from our
groups and prodi links, so a directory attribute we did not ask for can
neither make an account nor widen what one sees.

Staff accounts (UPT-PKPK staff, the admin) are never opened by a campus
account: they keep their passwords, so a mistake in the directory cannot
give anyone staff rights."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Lower

from pkpk import roles
from pkpk.models import User

log = logging.getLogger("kampus")

STUDENT_KEYS = ("nim", "email")
LECTURER_KEYS = ("email", "nip")
SESSION_KEY = "kampus_refused"


@dataclass(frozen=True)
class CampusIdentity:
    """What the campus said about an account, already read out of its
    claims (OIDC) or attributes (LDAP) by the bridge that asked."""

    source: str  # "oidc" or "ldap"
    subject: str  # the campus's own id: the OIDC `sub`, the LDAP uid or DN
    nim: str = ""
    nip: str = ""
    email: str = ""


def person_for(identity: CampusIdentity) -> User | None:
    """The one active student or coordinating lecturer `identity` names, or
    None: for nobody, for more than one person, and for staff accounts."""
    found = _students(identity) | _lecturers(identity)
    users = list(found.filter(is_active=True).distinct()[:2])
    if len(users) != 1:
        return None
    user = users[0]
    if user.is_staff or user.is_superuser or roles.is_staf(user):
        return None
    return user


def _students(identity):
    key = settings.CAMPUS_STUDENT_MATCH
    value = _clean(getattr(identity, key))
    if not value:
        return User.objects.none()
    if key == "nim":
        return User.objects.filter(mahasiswa__nim=value)
    return _by_email(value).filter(mahasiswa__isnull=False)


def _lecturers(identity):
    key = settings.CAMPUS_LECTURER_MATCH
    value = _clean(getattr(identity, key))
    if not value:
        return User.objects.none()
    if key == "nip":
        return User.objects.filter(koordinator__nip=value)
    return _by_email(value).filter(koordinator__isnull=False)


def _by_email(email):
    # Through the lower(email) unique index, as sign-in reads it.
    return User.objects.alias(email_ci=Lower("email")).filter(
        Q(email_ci=email.lower()) & ~Q(email="")
    )


def _clean(value) -> str:
    return str(value or "").strip()


def refuse(request, identity: CampusIdentity) -> None:
    """Remember, for the page that explains it, which campus account was
    refused and by what it was looked up; and log it for staff."""
    shown = {
        "source": identity.source,
        "student": settings.CAMPUS_STUDENT_MATCH,
        "nim": _clean(identity.nim),
        "email": _clean(identity.email),
    }
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = shown
    log.info(
        "campus account not known here",
        extra={"source": identity.source, "subject": identity.subject},
    )


def refused(request) -> dict | None:
    return request.session.get(SESSION_KEY)

"""Sign-in with a campus LDAP account, in the normal sign-in form.

The person types their campus uid (NIM or NIP) or e-mail and their campus
password. django-auth-ldap binds with the service account, searches for
them and binds as them to check the password; we read the attributes into
a CampusIdentity and sign in the one existing student or coordinator it
names (kampus/identity.py). This bridge never creates or updates an
account: no user is built, no name or group is copied, no permission comes
from the directory.

On only when CAMPUS_LDAP_URI is set (pkpk/settings.py puts the backend
after django-axes and before the password backend, and RefusalMiddleware
before Axes' middleware)."""

import logging

import ldap
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_auth_ldap.backend import LDAPBackend, ldap_error
from django_auth_ldap.config import LDAPSearch

from pkpk.auth import NimOrEmailBackend, login_text
from pkpk.models import User

from .identity import CampusIdentity, person_for, refuse

log = logging.getLogger("kampus")

# Left on the request: the refusal for RefusalMiddleware, and the message the
# sign-in form shows instead of "wrong password" (pkpk.forms.SignInForm).
REFUSED = "campus_refused"
UNAVAILABLE = "sign_in_unavailable"

DOWN_MESSAGE = _(
    "The campus directory cannot be reached right now, so campus accounts cannot "
    "sign in. Try again in a few minutes. UPT-PKPK staff can still sign in with "
    "their password."
)


class CampusLDAPBackend(LDAPBackend):
    # No AUTH_LDAP_* setting is read: everything comes from CAMPUS_LDAP_*,
    # read when Django makes the backend, once per sign-in.
    settings_prefix = "CAMPUS_LDAP_UNUSED_"

    @property
    def default_settings(self):
        return directory_settings()

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.CAMPUS_LDAP_URI or not username or not password:
            return None
        login = login_text(username)
        self.unknown = None  # set by get_or_build_user: a campus account nobody here
        user = super().authenticate(request, username=login, password=password)
        if user is not None or self.unknown is None:
            # Signed in; or a wrong password, a name the directory does not
            # know, or the directory down: the password backend tries next.
            return user
        if User.objects.signing_in_as(login).exists():
            # A correct campus password for a name that is one of our own
            # accounts, yet not one a campus account opens (staff, an
            # ambiguous identity): that account's own password decides.
            return None
        refuse(request, self.unknown)
        if request is not None:
            setattr(request, REFUSED, True)
        raise PermissionDenied  # stops the other backends: nobody is signed in

    def get_or_build_user(self, username, ldap_user):
        """The one existing person the directory's entry names (its password
        checked). Never a new user, as django-auth-ldap would build."""
        identity = identity_of(ldap_user)
        person = person_for(identity)
        if person is None:
            self.unknown = identity
            raise ldap_user.AuthenticationFailed("campus account not known here")
        return person, False

    def get_user(self, user_id):
        # The session's user, read as every other sign-in reads it (one query).
        return NimOrEmailBackend().get_user(user_id)

    # Roles and permissions are ours (groups, prodi links): none from LDAP.
    def get_all_permissions(self, user, obj=None):
        return set()

    def get_group_permissions(self, user, obj=None):
        return set()


def directory_settings():
    """django-auth-ldap's settings, from ours."""
    return {
        "SERVER_URI": settings.CAMPUS_LDAP_URI,
        "START_TLS": settings.CAMPUS_LDAP_START_TLS,
        "BIND_DN": settings.CAMPUS_LDAP_BIND_DN,
        "BIND_PASSWORD": settings.CAMPUS_LDAP_BIND_PASSWORD,
        "USER_SEARCH": LDAPSearch(
            settings.CAMPUS_LDAP_USER_SEARCH_BASE,
            ldap.SCOPE_SUBTREE,
            settings.CAMPUS_LDAP_USER_FILTER,
            attrlist=_attributes(),
        ),
        "CONNECTION_OPTIONS": connection_options(),
        # Nothing is copied or mirrored, no account made.
        "ALWAYS_UPDATE_USER": False,
        "USER_ATTR_MAP": {},
        "MIRROR_GROUPS": None,
        "FIND_GROUP_PERMS": False,
        "NO_NEW_USERS": True,
        "CACHE_TIMEOUT": 0,
        "PERMIT_EMPTY_PASSWORD": False,
    }


def connection_options():
    options = {
        ldap.OPT_NETWORK_TIMEOUT: settings.CAMPUS_LDAP_TIMEOUT,  # connecting
        ldap.OPT_TIMEOUT: settings.CAMPUS_LDAP_TIMEOUT,  # each answer
        ldap.OPT_REFERRALS: 0,  # answered here, never chased elsewhere
        # ldaps:// and StartTLS: the directory's certificate must be valid
        # for its name and signed by a CA we trust, whatever /etc/ldap/ldap.conf says.
        ldap.OPT_X_TLS_REQUIRE_CERT: ldap.OPT_X_TLS_DEMAND,
    }
    if settings.CAMPUS_LDAP_CA_FILE:
        options[ldap.OPT_X_TLS_CACERTFILE] = settings.CAMPUS_LDAP_CA_FILE
    # Last: the TLS options above take effect in a new TLS context.
    options[ldap.OPT_X_TLS_NEWCTX] = 0
    return options


def _attributes():
    return [
        settings.CAMPUS_LDAP_ATTR_NIM,
        settings.CAMPUS_LDAP_ATTR_NIP,
        settings.CAMPUS_LDAP_ATTR_EMAIL,
    ]


def identity_of(ldap_user) -> CampusIdentity:
    attrs = ldap_user.attrs or {}

    def first(name):
        values = attrs.get(name) or [""]
        return values[0]

    return CampusIdentity(
        source="ldap",
        subject=ldap_user.dn,
        nim=first(settings.CAMPUS_LDAP_ATTR_NIM),
        nip=first(settings.CAMPUS_LDAP_ATTR_NIP),
        email=first(settings.CAMPUS_LDAP_ATTR_EMAIL),
    )


def _directory_error(sender, context, user, request, exception, **kwargs):
    """django-auth-ldap reports a directory it could not use (down, timed
    out, the service account refused) and carries on as if the name were
    unknown: remember it for the form's message."""
    if request is not None:
        setattr(request, UNAVAILABLE, DOWN_MESSAGE)
    log.warning("campus directory unavailable", extra={"context": context})


ldap_error.connect(_directory_error, sender=CampusLDAPBackend, dispatch_uid="kampus-ldap-down")


class RefusalMiddleware:
    """A campus account the directory vouched for but that is nobody here:
    the form's POST ends on the page that explains it (kampus:unknown)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and getattr(request, REFUSED, False):
            return redirect(reverse("kampus:unknown"))
        return response

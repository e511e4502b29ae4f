"""Sign-in with the campus's OpenID Connect provider, on mozilla-django-oidc.

The provider says who the person is (its claims); `kampus.identity` decides
who that is here: the one existing student or coordinating lecturer, never
staff, nobody created, nothing updated. An account we do not know ends on
the Indonesian refusal page with nobody signed in.

The endpoints come from CAMPUS_OIDC_ISSUER's discovery document, fetched the
first time a sign-in needs them and kept for the life of the process, or
from the CAMPUS_OIDC_*_ENDPOINT variables when they are set (pkpk/settings.py
maps both onto mozilla-django-oidc's OIDC_* settings). Nothing here talks to
the provider before someone presses the button: a provider that is down
never stops a password sign-in or a page."""

import functools
import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .identity import CampusIdentity, person_for, refuse

log = logging.getLogger("kampus")

BACKEND = "kampus.oidc.CampusOIDCBackend"

# mozilla-django-oidc's name for each endpoint -> the discovery document's.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
# What can go wrong between the provider's answer and a signed-in person: a
# state that is not this browser's (replayed, tampered, from an old
# session), a code the provider refuses, a token whose signature, nonce,
# audience or expiry is wrong, a provider that does not answer.
FAILURES = (SuspiciousOperation, requests.RequestException, jwt.InvalidTokenError, KeyError)


@functools.cache
def discovery(issuer: str) -> dict:
    """The provider's /.well-known/openid-configuration, once per process
    (a failure is not kept: the next sign-in asks again)."""
    response = requests.get(
        f"{issuer}/.well-known/openid-configuration",
        timeout=import_from_settings("OIDC_TIMEOUT", 10),
    )
    response.raise_for_status()
    document = response.json()
    if document.get("issuer", "").rstrip("/") != issuer:
        raise SuspiciousOperation(f"The discovery document of {issuer} names another issuer.")
    return document


def setting(attr, *default):
    """mozilla-django-oidc's setting `attr`; an endpoint that is not set
    comes from the issuer's discovery document."""
    if attr in DISCOVERED and not getattr(settings, attr, None):
        return discovery(settings.CAMPUS_OIDC_ISSUER)[DISCOVERED[attr]]
    return import_from_settings(attr, *default)


def identity_from(claims: dict) -> CampusIdentity:
    """What the provider's claims say about the person. The e-mail counts
    only when the provider does not say it is unverified. Roles and groups
    in the claims are never read."""
    verified = str(claims.get("email_verified", "")).lower() != "false"
    return CampusIdentity(
        source="oidc",
        subject=str(claims.get("sub", "")),
        nim=str(claims.get(settings.CAMPUS_OIDC_NIM_CLAIM) or ""),
        email=str(claims.get("email") or "") if verified else "",
    )


def _lazy(attr):
    return property(lambda self: setting(attr, None))


class CampusOIDCBackend(OIDCAuthenticationBackend):
    """Authenticates the provider's answer to our callback as the one person
    `person_for` names. Never creates an account, never changes one."""

    # Read when a sign-in needs them, not when Django builds its backends
    # (on every password sign-in and every page of someone signed in here).
    OIDC_OP_TOKEN_ENDPOINT = _lazy("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = _lazy("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = _lazy("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_CLIENT_ID = _lazy("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = _lazy("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = property(lambda self: setting("OIDC_RP_SIGN_ALGO", "RS256"))
    OIDC_RP_IDP_SIGN_KEY = _lazy("OIDC_RP_IDP_SIGN_KEY")

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    get_settings = staticmethod(setting)

    def authenticate(self, request, **kwargs):
        # Only our callback view passes the nonce: a password sign-in (whose
        # URL might carry a `code` and a `state`) never reaches the provider.
        if request is None or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        """mozilla-django-oidc checks the signature, the expiry and the
        nonce; the token must also be for us, from our provider."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is for another client.")
        issuer = settings.CAMPUS_OIDC_ISSUER
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("The ID token is from another issuer.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        claims = super().get_userinfo(access_token, id_token, payload)
        # The userinfo must be about the person of the ID token (OIDC Core 5.3.2).
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo is about another subject.")
        return claims

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        identity = identity_from(claims)
        person = person_for(identity)
        if person is None:
            refuse(self.request, identity)
            # The callback view reads it to send the person to the refusal page.
            self.request.campus_refused = True
            return self.UserModel.objects.none()
        log.info(
            "campus sign-in",
            extra={"source": "oidc", "subject": identity.subject, "user": person.pk},
        )
        return self.UserModel.objects.filter(pk=person.pk)

    def create_user(self, claims):
        """Nobody is created from a campus account (OIDC_CREATE_USER is off
        too): the person was refused in filter_users_by_claims."""
        return None

    def update_user(self, user, claims):
        """Nothing is copied from the campus: our records stay ours."""
        return user


class SignInView(OIDCAuthenticationRequestView):
    """The campus button: off to the provider's login page."""

    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs):
        # The authorization endpoint is read in get(): a provider that is
        # down gets a message, not an error page.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = setting("OIDC_RP_CLIENT_ID")

    def get(self, request):
        try:
            self.OIDC_OP_AUTH_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except FAILURES as exc:
            log.warning("campus provider unreachable", extra={"error": str(exc)})
            messages.error(request, _("The campus sign-in cannot be reached now. Try again later."))
            return redirect("login")
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the person back here with a code and our state.
    Known: signed in and on to their home page. Unknown: the refusal page,
    nobody signed in. Anything wrong with the answer: back to the sign-in
    page with a message, nobody signed in."""

    get_settings = staticmethod(setting)

    def get(self, request):
        try:
            self.user = self._authenticate(request)
        except FAILURES as exc:
            log.warning("campus sign-in refused", extra={"error": str(exc)})
            return self.login_failure()
        if self.user is None or not self.user.is_active:
            return self.login_failure()
        self.user.backend = BACKEND
        return self.login_success()

    def _authenticate(self, request):
        """mozilla-django-oidc's callback, but through our backend alone,
        not django.contrib.auth.authenticate: an account the campus has
        signed in and we refuse is no password guess, and django-axes would
        count it (under no user name, per address) until a whole campus
        behind one NAT address were locked out of the campus button."""
        state, code = request.GET.get("state"), request.GET.get("code")
        states = request.session.get("oidc_states") or {}
        # Each state is good once, taken out even when the provider says no.
        entry = states.pop(state, None) if state else None
        if entry is not None:
            request.session["oidc_states"] = states
            request.session.save()
        if entry is None or not code or request.GET.get("error"):
            return None
        # A fresh copy of the session for the slow exchange with the
        # provider, as mozilla-django-oidc does, so that what another tab
        # writes meanwhile is not overwritten.
        request.session = request.session.__class__(request.session.session_key)
        return CampusOIDCBackend().authenticate(
            request, nonce=entry["nonce"], code_verifier=entry.get("code_verifier")
        )

    def login_failure(self):
        if getattr(self.request, "campus_refused", False):
            return redirect(reverse("kampus:unknown"))
        messages.error(self.request, _("The campus sign-in did not succeed. Please try again."))
        return redirect("login")

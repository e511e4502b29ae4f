"""Password reset ("forgot your password", and a student's first password):
who may ask how often, and the link's e-mail, which the worker sends."""

import unicodedata
from functools import partial
from urllib.parse import urlsplit

from axes.utils import reset as reset_axes
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_q.tasks import async_task

from .lib.ratelimit import hit

# Requests per WINDOW seconds. Per e-mail address: a few tries for a mail
# that went to spam, not a stream that floods the student's inbox. Per client
# address it is generous: a class in a campus lab shares one NAT address
# and sets its first passwords at the same time.
WINDOW = 15 * 60
LIMIT_PER_EMAIL = 3
LIMIT_PER_ADDRESS = 30


def allowed(*, address, email) -> bool:
    """Count one request for a link; False once the client address or the
    e-mail address has spent its budget. Every e-mail counts, known or not,
    so the answer says nothing about which addresses have an account."""
    return hit(f"sandi:alamat:{address}", limit=LIMIT_PER_ADDRESS, window=WINDOW) and hit(
        f"sandi:email:{_folded(email)}", limit=LIMIT_PER_EMAIL, window=WINDOW
    )


def request_link(*, email):
    """Queue the link's e-mail for each account of `email`, after commit.
    Django's own form skips accounts without a usable password; imported
    students start without one and choose it here, so they are let through."""
    found = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
    for user in found.select_related("mahasiswa"):
        student = hasattr(user, "mahasiswa")
        if student and not settings.STUDENT_PASSWORD_SIGN_IN:
            continue  # students sign in with their campus account only
        if (user.has_usable_password() or student) and _folded(email) == _folded(user.email):
            transaction.on_commit(partial(async_task, "pkpk.tasks.send_password_reset", user.pk))


def send_link(*, user_id) -> bool:
    """E-mail the account a link to set a new password (the worker). The
    link is made here, so it is fresh when it leaves; a task that runs twice
    sends a second working link, which is harmless: setting a password
    voids both. Returns whether it sent."""
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    site = urlsplit(settings.SITE_URL)
    context = {
        "email": user.email,
        "domain": site.netloc,
        "site_name": "UPT-PKPK",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": site.scheme,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("registration/password_reset_subject.txt", context)
        body = render_to_string("registration/password_reset_email.html", context)
    EmailMultiAlternatives(" ".join(subject.split()), body, to=[user.email]).send()
    return True


def lift_lockout(*, user):
    """A new password set through the e-mailed link ends the account's
    sign-in lockout from every address (the lockout page offers exactly
    this way out): only the mailbox's owner gets the link, and the failures
    were guesses at the old password."""
    return reset_axes(username=user.get_username())


def _folded(email):
    # Django's own guard (CVE-2019-19844): the database's iexact matches some
    # look-alike addresses that differ once Unicode is normalised.
    return unicodedata.normalize("NFKC", email).strip().casefold()

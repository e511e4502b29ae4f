"""Sign-in with a campus LDAP account, against a real slapd of the tests'
own (tests/support/ldap.py): the one existing student or coordinator the
directory names is signed in, nobody is created or changed, an unknown
account gets the Indonesian page, staff keep their passwords, and a
directory that is down or hangs says so in the form."""

import json
import os
import subprocess
import sys
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.urls import reverse

from pkpk import roles
from pkpk.models import User
from tests.support import ldap as directory_support
from tests.support.ldap import LECTURER, STAFF, STUDENT, UNKNOWN

pytestmark = pytest.mark.django_db

BACKEND = "kampus.ldap.CampusLDAPBackend"
MIDDLEWARE = "kampus.ldap.RefusalMiddleware"
DOWN = "Direktori kampus sedang tidak dapat dihubungi"


@pytest.fixture(scope="module")
def directory():
    with directory_support.running_directory() as running:
        yield running


def switch_on(settings, where):
    """What pkpk/settings.py does when CAMPUS_LDAP_URI is set."""
    for name, value in where.settings().items():
        setattr(settings, name, value)
    settings.CAMPUS_LDAP_ENABLED = True
    backends = list(settings.AUTHENTICATION_BACKENDS)
    backends.insert(1, BACKEND)
    settings.AUTHENTICATION_BACKENDS = backends
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("axes.middleware.AxesMiddleware"), MIDDLEWARE)
    settings.MIDDLEWARE = middleware


@pytest.fixture
def ldap_on(settings, directory):
    switch_on(settings, directory)
    return directory


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(client):
    return client.session.get("_auth_user_id")


def snapshot(user):
    user.refresh_from_db()
    groups = sorted(user.groups.values_list("name", flat=True))
    return (user.username, user.email, user.nama, user.password, user.is_active, groups)


@pytest.mark.parametrize("student_passwords", [True, False])
def test_a_student_signs_in_with_nim_and_campus_password(
    client, settings, ldap_on, student_a, student_passwords
):
    settings.STUDENT_PASSWORD_SIGN_IN = student_passwords
    before = snapshot(student_a.user)
    response = sign_in(client, STUDENT["uid"], STUDENT["password"])
    assert response.status_code == 302
    assert signed_in(client) == str(student_a.user.pk)
    home = client.get(response["Location"], follow=True)
    assert home.redirect_chain[-1][0] == reverse("pkpk:student_home")
    assert "Ani Lestari" in home.text
    # Nothing was copied from the directory (its e-mail differs from ours).
    assert snapshot(student_a.user) == before
    assert User.objects.count() == 1


def test_a_student_may_type_the_campus_e_mail(client, ldap_on, student_a):
    assert sign_in(client, STUDENT["mail"].upper(), STUDENT["password"]).status_code == 302
    assert signed_in(client) == str(student_a.user.pk)


@pytest.mark.parametrize("typed", [LECTURER["uid"], LECTURER["mail"]])
def test_a_lecturer_signs_in_by_uid_or_e_mail(client, ldap_on, coordinator_x, typed):
    before = snapshot(coordinator_x.user)
    response = sign_in(client, typed, LECTURER["password"])
    assert response.status_code == 302
    assert signed_in(client) == str(coordinator_x.user.pk)
    home = client.get(response["Location"], follow=True)
    assert home.redirect_chain[-1][0] == reverse("pkpk:coordinator_home")
    assert snapshot(coordinator_x.user) == before


def test_a_lecturer_by_nip_when_so_configured(client, settings, ldap_on, coordinator_x):
    settings.CAMPUS_LECTURER_MATCH = "nip"
    coordinator_x.nip = LECTURER["employeeNumber"]
    coordinator_x.save()
    assert sign_in(client, LECTURER["uid"], LECTURER["password"]).status_code == 302
    assert signed_in(client) == str(coordinator_x.user.pk)


def test_an_unknown_campus_account_gets_the_indonesian_page_and_no_session(
    client, ldap_on, student_a
):
    response = sign_in(client, UNKNOWN["uid"], UNKNOWN["password"])
    assert response.status_code == 302
    assert response["Location"] == reverse("kampus:unknown")
    page = client.get(response["Location"])
    assert page.status_code == 403
    assert "Akun kampus Anda tidak dikenal di sini" in page.text
    assert UNKNOWN["uid"] in page.text and UNKNOWN["mail"] in page.text
    assert signed_in(client) is None
    assert User.objects.count() == 1  # nobody created


def test_a_staff_e_mail_in_the_directory_opens_nothing(client, ldap_on, staff, password):
    response = sign_in(client, STAFF["mail"], STAFF["password"])
    assert response.status_code == 200  # the form's own error, not the refusal
    assert signed_in(client) is None
    assert "salah" in response.text
    # Staff keep their own passwords while LDAP is on.
    assert sign_in(client, staff.email, password).status_code == 302
    assert signed_in(client) == str(staff.pk)


def test_a_coordinator_who_is_also_staff_is_not_opened_by_the_directory(
    client, ldap_on, coordinator_x
):
    coordinator_x.user.groups.add(Group.objects.get(name=roles.STAF))
    response = sign_in(client, LECTURER["mail"], LECTURER["password"])
    assert response.status_code == 200
    assert signed_in(client) is None


def test_a_wrong_campus_password_is_the_normal_error_and_counts_for_the_lockout(
    client, ldap_on, student_a
):
    response = sign_in(client, STUDENT["uid"], "bukan-sandinya")
    assert response.status_code == 200
    assert signed_in(client) is None
    assert "salah" in response.text
    attempt = AccessAttempt.objects.get()
    assert attempt.username == student_a.user.username
    assert attempt.failures_since_start == 1


def test_the_lockout_holds_for_campus_passwords(client, settings, ldap_on, student_a):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        sign_in(client, STUDENT["uid"], "bukan-sandinya")
    response = sign_in(client, STUDENT["uid"], STUDENT["password"])
    assert signed_in(client) is None
    assert response.status_code == 429


def test_a_directory_that_is_down_says_so_and_staff_still_sign_in(
    client, settings, student_a, staff, password
):
    switch_on(settings, directory_support.closed_port_directory())
    response = sign_in(client, STUDENT["uid"], STUDENT["password"])
    assert response.status_code == 200
    assert DOWN in response.text
    assert signed_in(client) is None
    assert sign_in(client, staff.email, password).status_code == 302
    assert signed_in(client) == str(staff.pk)


def test_a_directory_that_hangs_answers_within_the_timeout(client, settings, student_a):
    settings.CAMPUS_LDAP_TIMEOUT = 1
    with directory_support.silent_directory() as silent:
        switch_on(settings, silent)
        started = time.monotonic()
        response = sign_in(client, STUDENT["uid"], STUDENT["password"])
        took = time.monotonic() - started
    assert response.status_code == 200
    assert DOWN in response.text
    assert took < 4


def test_with_student_passwords_off_only_the_campus_password_opens(
    client, settings, ldap_on, student_a, password
):
    settings.STUDENT_PASSWORD_SIGN_IN = False
    assert sign_in(client, student_a.nim, password).status_code == 200
    assert signed_in(client) is None
    assert sign_in(client, student_a.nim, STUDENT["password"]).status_code == 302


def test_over_a_local_socket(client, settings, ldap_on, student_a):
    settings.CAMPUS_LDAP_URI = ldap_on.local_uri
    assert sign_in(client, STUDENT["uid"], STUDENT["password"]).status_code == 302
    assert signed_in(client) == str(student_a.user.pk)


@pytest.mark.parametrize("how", ["ldaps", "starttls"])
def test_over_tls_with_the_campus_ca(client, settings, ldap_on, student_a, how):
    settings.CAMPUS_LDAP_CA_FILE = ldap_on.ca_file
    if how == "ldaps":
        settings.CAMPUS_LDAP_URI = ldap_on.tls_uri
    else:
        settings.CAMPUS_LDAP_START_TLS = True
    assert sign_in(client, STUDENT["uid"], STUDENT["password"]).status_code == 302
    assert signed_in(client) == str(student_a.user.pk)


@pytest.mark.parametrize("how", ["ldaps", "starttls"])
def test_a_certificate_we_do_not_trust_is_not_used(client, settings, ldap_on, student_a, how):
    # The system's CAs do not know the tests' CA: no password goes to it.
    if how == "ldaps":
        settings.CAMPUS_LDAP_URI = ldap_on.tls_uri
    else:
        settings.CAMPUS_LDAP_START_TLS = True
    response = sign_in(client, STUDENT["uid"], STUDENT["password"])
    assert response.status_code == 200
    assert DOWN in response.text
    assert signed_in(client) is None


def test_a_service_account_the_directory_refuses_says_the_directory_is_unavailable(
    client, settings, ldap_on, student_a
):
    settings.CAMPUS_LDAP_BIND_PASSWORD = "salah"
    response = sign_in(client, STUDENT["uid"], STUDENT["password"])
    assert response.status_code == 200
    assert DOWN in response.text


def test_the_search_filter_escapes_what_was_typed(client, ldap_on, student_a):
    # "*" would match every uid if it reached the filter as is.
    assert sign_in(client, "*", STUDENT["password"]).status_code == 200
    assert signed_in(client) is None


def test_with_no_variable_nothing_changes(client, student_a, password):
    from django.conf import settings

    assert not settings.CAMPUS_LDAP_URI and not settings.CAMPUS_LDAP_ENABLED
    assert BACKEND not in settings.AUTHENTICATION_BACKENDS
    assert MIDDLEWARE not in settings.MIDDLEWARE
    assert "kata sandi kampus" not in client.get(reverse("login")).text
    assert sign_in(client, student_a.nim, password).status_code == 302


def _settings_with(**env):
    """AUTHENTICATION_BACKENDS and MIDDLEWARE as pkpk/settings.py makes them
    from these variables, in a process of their own."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.AUTHENTICATION_BACKENDS, s.MIDDLEWARE]))"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CAMPUS_LDAP_")}
    environment.update(DJANGO_SETTINGS_MODULE="pkpk.settings", **env)
    out = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_the_uri_puts_the_backend_between_axes_and_passwords():
    backends, middleware = _settings_with(CAMPUS_LDAP_URI="ldaps://ldap.kampus.test")
    assert backends == [
        "axes.backends.AxesStandaloneBackend",
        BACKEND,
        "pkpk.auth.NimOrEmailBackend",
    ]
    assert middleware[-2:] == [MIDDLEWARE, "axes.middleware.AxesMiddleware"]


def test_the_sign_in_page_asks_for_the_campus_user_name_when_on(client, ldap_on):
    page = client.get(reverse("login")).text
    assert "Nama pengguna kampus (NIM) atau e-mail" in page
    assert "dengan nama pengguna dan kata sandi akun kampus" in page


def test_half_configured_settings_are_checked(settings):
    from kampus.checks import ldap_settings

    assert ldap_settings(None) == []
    settings.CAMPUS_LDAP_USER_SEARCH_BASE = "ou=people,dc=kampus,dc=test"
    assert [e.id for e in ldap_settings(None)] == ["kampus.W010"]
    settings.CAMPUS_LDAP_URI = "http://ldap.kampus.test"
    settings.CAMPUS_LDAP_USER_SEARCH_BASE = ""
    settings.CAMPUS_LDAP_BIND_DN = "cn=pkpk,dc=kampus,dc=test"
    settings.CAMPUS_LDAP_USER_FILTER = "(uid=*)"
    settings.CAMPUS_LDAP_ATTR_NIM = ""
    settings.CAMPUS_LDAP_TIMEOUT = 0
    settings.CAMPUS_LDAP_CA_FILE = "/nonexistent/ca.pem"
    assert [e.id for e in ldap_settings(None)] == [
        "kampus.E010",
        "kampus.E011",
        "kampus.E012",
        "kampus.E013",
        "kampus.E014",
        "kampus.E015",
        "kampus.E016",
    ]
    settings.CAMPUS_LDAP_URI = "ldap://ldap.kampus.test"
    assert "kampus.W011" in [e.id for e in ldap_settings(None)]
    settings.CAMPUS_LDAP_START_TLS = True
    assert "kampus.W011" not in [e.id for e in ldap_settings(None)]

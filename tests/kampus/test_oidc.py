"""Sign-in with the campus's OpenID provider, against a real one (the
django-oidc-provider project of tests/support/oidc_provider/, in its own
process): the code flow through its login form, its signed ID token, its
userinfo, back to our callback."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import NoReverseMatch, reverse

from kampus.identity import SESSION_KEY
from pkpk import roles
from pkpk.models import User

pytestmark = pytest.mark.django_db


def start(client):
    """Press the campus button: our redirect to the provider."""
    response = client.get(reverse("oidc_authentication_init"))
    assert response.status_code == 302
    return response["Location"]


def campus_sign_in(client, provider, username):
    """The whole flow: our redirect, the provider's form, our callback."""
    callback = provider.sign_in(start(client), username)
    assert callback.startswith("http://testserver/oidc/callback/?")
    return client.get(callback)


def signed_in(client):
    return client.session.get("_auth_user_id")


def test_a_student_signs_in_by_the_nim_the_provider_names(client, campus_oidc, student_a):
    who = campus_oidc.account(
        "ani.lestari",
        preferred_username=student_a.nim,
        email="ani@kampus.ac.id",
        groups=[roles.STAF],
        roles=["admin"],
    )
    response = campus_sign_in(client, campus_oidc, who)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert signed_in(client) == str(student_a.user.pk)
    # Her home page is hers.
    home = client.get(reverse("home"), follow=True)
    assert student_a.user.nama in home.content.decode()
    # Nothing came from the claims: not her e-mail, not a group.
    student_a.user.refresh_from_db()
    assert student_a.user.email != "ani@kampus.ac.id"
    assert not student_a.user.groups.filter(name=roles.STAF).exists()
    assert not student_a.user.is_staff


def test_the_nim_may_come_from_a_claim_of_the_campus_own(client, campus_oidc, student_a, settings):
    settings.CAMPUS_OIDC_NIM_CLAIM = "nim"
    settings.OIDC_RP_SCOPES = "openid email kampus"
    who = campus_oidc.account("ani.nim", nim=student_a.nim, preferred_username="ani")
    campus_sign_in(client, campus_oidc, who)
    assert signed_in(client) == str(student_a.user.pk)


def test_a_lecturer_signs_in_by_e_mail(client, campus_oidc, coordinator_x):
    who = campus_oidc.account(
        "koor.if", email=coordinator_x.user.email.upper(), email_verified=True
    )
    response = campus_sign_in(client, campus_oidc, who)
    assert signed_in(client) == str(coordinator_x.user.pk)
    assert response["Location"] == reverse("home")


def test_an_e_mail_the_provider_says_is_unverified_opens_nothing(
    client, campus_oidc, coordinator_x
):
    who = campus_oidc.account(
        "koor.unverified", email=coordinator_x.user.email, email_verified=False
    )
    response = campus_sign_in(client, campus_oidc, who)
    assert response["Location"] == reverse("kampus:unknown")
    assert not signed_in(client)


def test_an_unknown_account_is_refused_in_indonesian_and_nobody_is_created(
    client, campus_oidc, student_a
):
    who = campus_oidc.account(
        "orang.baru", preferred_username="3312599999", email="baru@kampus.ac.id"
    )
    users = User.objects.count()
    response = campus_sign_in(client, campus_oidc, who)
    assert response.status_code == 302 and response["Location"] == reverse("kampus:unknown")
    assert not signed_in(client)
    assert User.objects.count() == users
    page = client.get(response["Location"])
    assert page.status_code == 403
    text = page.content.decode()
    assert "Akun kampus Anda tidak dikenal di sini" in text
    assert "3312599999" in text and "baru@kampus.ac.id" in text


def test_a_staff_e_mail_opens_nothing(client, campus_oidc, staff, coordinator_x):
    who = campus_oidc.account("staf.pkpk", email=staff.email)
    response = campus_sign_in(client, campus_oidc, who)
    assert response["Location"] == reverse("kampus:unknown")
    assert not signed_in(client)
    # Nor a coordinator who is also staff.
    coordinator_x.user.groups.add(Group.objects.get(name=roles.STAF))
    who = campus_oidc.account("koor.staf", email=coordinator_x.user.email)
    campus_sign_in(client, campus_oidc, who)
    assert not signed_in(client)


def test_a_tampered_state_is_refused(client, campus_oidc, student_a):
    who = campus_oidc.account("ani.tampered", preferred_username=student_a.nim)
    callback = campus_oidc.sign_in(start(client), who)
    query = parse_qs(urlsplit(callback).query)
    forged = urlencode({"code": query["code"][0], "state": "not-the-state-we-sent"})
    response = client.get(f"{reverse('oidc_authentication_callback')}?{forged}", follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "tidak berhasil" in response.content.decode()
    assert not signed_in(client)


def test_a_callback_is_good_once(client, campus_oidc, student_a):
    who = campus_oidc.account("ani.replay", preferred_username=student_a.nim)
    callback = campus_oidc.sign_in(start(client), who)
    client.get(callback)
    assert signed_in(client)
    client.logout()
    response = client.get(callback)
    assert response["Location"] == reverse("login")
    assert not signed_in(client)


def test_a_state_from_another_browser_or_an_old_session_is_refused(
    client, campus_oidc, student_a, django_user_model
):
    from django.test import Client

    who = campus_oidc.account("ani.other", preferred_username=student_a.nim)
    callback = campus_oidc.sign_in(start(client), who)
    stranger = Client()
    response = stranger.get(callback)
    assert response["Location"] == reverse("login")
    assert not stranger.session.get("_auth_user_id")


def test_a_code_the_provider_does_not_know_is_refused(client, campus_oidc, student_a):
    who = campus_oidc.account("ani.code", preferred_username=student_a.nim)
    callback = campus_oidc.sign_in(start(client), who)
    query = parse_qs(urlsplit(callback).query)
    forged = urlencode({"code": "a-code-nobody-issued", "state": query["state"][0]})
    response = client.get(f"{reverse('oidc_authentication_callback')}?{forged}")
    assert response["Location"] == reverse("login")
    assert not signed_in(client)


def test_a_refusal_earlier_does_not_send_a_later_failure_to_the_refusal_page(
    client, campus_oidc, student_a
):
    client.get(campus_oidc.sign_in(start(client), campus_oidc.account("x.unknown")))
    assert SESSION_KEY in client.session
    forged = urlencode({"code": "x", "state": "y"})
    response = client.get(f"{reverse('oidc_authentication_callback')}?{forged}")
    assert response["Location"] == reverse("login")


def test_the_sign_in_page_shows_the_campus_button(client, campus_oidc):
    text = client.get(reverse("login")).content.decode()
    assert "Masuk dengan akun kampus" in text
    assert reverse("oidc_authentication_init") in text


def test_passwords_still_work_when_the_provider_is_down(
    client, campus_oidc, settings, student_a, password
):
    from kampus.oidc import discovery
    from tests.support.ops import free_port

    discovery.cache_clear()
    settings.CAMPUS_OIDC_ISSUER = f"http://127.0.0.1:{free_port()}/openid"
    response = client.post(reverse("login"), {"username": student_a.nim, "password": password})
    assert response.status_code == 302
    assert signed_in(client) == str(student_a.user.pk)
    client.logout()
    # The button then says the campus cannot be reached, on our sign-in page.
    response = client.get(reverse("oidc_authentication_init"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "tidak dapat dihubungi" in response.content.decode()
    discovery.cache_clear()


def test_with_no_variable_set_nothing_changes(client):
    from django.conf import settings

    assert not settings.CAMPUS_OIDC_ENABLED
    assert "kampus.oidc.CampusOIDCBackend" not in settings.AUTHENTICATION_BACKENDS
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")
    assert client.get("/oidc/authenticate/").status_code == 404
    assert "Masuk dengan akun kampus" not in client.get(reverse("login")).content.decode()
    call_command("check")


def test_a_half_configured_provider_is_named_by_the_checks(settings):
    settings.CAMPUS_OIDC_ENABLED = True
    settings.CAMPUS_OIDC_ISSUER = ""
    settings.CAMPUS_OIDC_ENDPOINTS = {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://sso.kampus.ac.id/auth",
        "OIDC_OP_TOKEN_ENDPOINT": "",
        "OIDC_OP_USER_ENDPOINT": "",
        "OIDC_OP_JWKS_ENDPOINT": "",
    }
    settings.OIDC_RP_CLIENT_ID = ""
    settings.OIDC_RP_CLIENT_SECRET = ""
    settings.OIDC_RP_SIGN_ALGO = "none"
    settings.OIDC_RP_SCOPES = "email"
    settings.CAMPUS_OIDC_NIM_CLAIM = ""
    with pytest.raises(SystemCheckError) as raised:
        call_command("check")
    for number in range(20, 26):
        assert f"kampus.E0{number}" in str(raised.value)


def test_a_whole_configuration_passes_the_checks(campus_oidc):
    call_command("check")


def test_refusals_lock_nobody_out(client, campus_oidc, student_a, settings):
    """Accounts the campus signed in and we refused are no password guesses:
    many of them from one address (a campus behind NAT) leave the button
    working there, and count against no account."""
    from axes.models import AccessAttempt

    stranger = campus_oidc.account("x.many")
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        client.get(campus_oidc.sign_in(start(client), stranger))
    assert not AccessAttempt.objects.exists()
    campus_sign_in(
        client, campus_oidc, campus_oidc.account("ani.after", preferred_username=student_a.nim)
    )
    assert signed_in(client) == str(student_a.user.pk)


def test_an_id_token_past_its_expiry_is_refused(client, campus_oidc, student_a, caplog):
    import datetime as dt

    import time_machine

    who = campus_oidc.account("ani.late", preferred_username=student_a.nim)
    callback = campus_oidc.sign_in(start(client), who)
    # The provider's ID tokens last 10 minutes; ours reads this one an hour on.
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=1), tick=True):
        response = client.get(callback)
    assert response["Location"] == reverse("login")
    assert not signed_in(client)
    assert any("expired" in getattr(r, "error", "") for r in caplog.records)


def _settings_with(**variables):
    """What pkpk/settings.py makes of these variables, in a process of its own."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith("CAMPUS_OIDC_")}
    env.update(variables, DJANGO_SETTINGS_MODULE="pkpk.settings")
    script = (
        "import json; from django.conf import settings as s; from django.urls import reverse;"
        "from django.core.checks import run_checks;"
        "print(json.dumps({'on': s.CAMPUS_OIDC_ENABLED, 'backends': s.AUTHENTICATION_BACKENDS,"
        "'oidc': {k: getattr(s, k) for k in dir(s) if k.startswith('OIDC_')},"
        "'url': reverse('oidc_authentication_init') if s.CAMPUS_OIDC_ENABLED else None,"
        "'errors': sorted(e.id for e in run_checks() if e.id.startswith('kampus.'))}))"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_variables_switch_it_on_in_the_settings():
    found = _settings_with(
        CAMPUS_OIDC_CLIENT_ID="magang",
        CAMPUS_OIDC_CLIENT_SECRET="rahasia",
        CAMPUS_OIDC_ISSUER="https://sso.kampus.ac.id/realms/kampus/",
        CAMPUS_OIDC_TOKEN_ENDPOINT="https://sso.kampus.ac.id/token",
    )
    assert found["on"] and found["errors"] == []
    assert found["backends"][-1] == "kampus.oidc.CampusOIDCBackend"
    assert found["backends"][0] == "axes.backends.AxesStandaloneBackend"
    assert found["url"] == "/oidc/authenticate/"
    assert found["oidc"]["OIDC_RP_CLIENT_ID"] == "magang"
    assert found["oidc"]["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert found["oidc"]["OIDC_CREATE_USER"] is False
    # The one endpoint set wins over discovery; the others come from it.
    assert found["oidc"]["OIDC_OP_TOKEN_ENDPOINT"] == "https://sso.kampus.ac.id/token"
    assert "OIDC_OP_AUTHORIZATION_ENDPOINT" not in found["oidc"]


def test_one_variable_alone_is_named_by_the_checks():
    found = _settings_with(CAMPUS_OIDC_CLIENT_ID="magang")
    assert found["on"]
    assert found["errors"] == ["kampus.E021", "kampus.E022"]
    assert _settings_with()["on"] is False


def test_the_page_asked_for_opens_after_the_campus_sign_in(client, campus_oidc, student_a):
    wanted = reverse("pkpk:student_home")
    page = client.get(f"{reverse('login')}?next={wanted}").content.decode()
    button = f"{reverse('oidc_authentication_init')}?next=/mahasiswa/"
    assert button in page.replace("%2F", "/")
    who = campus_oidc.account("ani.next", preferred_username=student_a.nim)
    response = client.get(f"{reverse('oidc_authentication_init')}?next={wanted}")
    response = client.get(campus_oidc.sign_in(response["Location"], who))
    assert response["Location"] == wanted
    # Another site is not a page of ours: home instead.
    client.logout()
    response = client.get(f"{reverse('oidc_authentication_init')}?next=https://evil.example/")
    response = client.get(campus_oidc.sign_in(response["Location"], who))
    assert response["Location"] == reverse("home")

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from pkpk.models import User

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, **request):
    """Post the sign-in form; `request` sets the connection (REMOTE_ADDR, headers)."""
    return client.post(reverse("login"), {"username": username, "password": password}, **request)


def test_a_student_signs_in_with_the_nim(client, student_a, password):
    response = sign_in(client, "3312501001", password)
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("pkpk:student_home")


def test_a_student_signs_in_with_the_email_in_any_case(client, student_a, password):
    response = sign_in(client, student_a.user.email.upper(), password)
    assert response.status_code == 302


def test_staff_sign_in_with_the_user_name_in_any_case(client, staff, password):
    assert sign_in(client, "STAF@Example.Test", password).status_code == 302


def test_the_sign_in_lookup_is_served_by_the_two_lower_case_indexes():
    # iexact would compare upper(), which no index serves: every sign-in
    # would read every account.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = User.objects.signing_in_as("Staf@Example.Test")[:2].explain()
    assert "user_username_unique_ci" in plan
    assert "user_email_unique_ci" in plan
    assert "Seq Scan" not in plan


def test_staff_sign_in_with_email_and_land_on_their_dashboard(client, staff, password):
    sign_in(client, "staf@example.test", password)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("pkpk:staff_home")


def test_a_coordinator_lands_on_the_programme_page(client, coordinator_x, password):
    sign_in(client, "koor.if@example.test", password)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("pkpk:coordinator_home")


def test_a_wrong_password_is_refused_with_a_message(client, student_a):
    response = sign_in(client, "3312501001", "salah")
    assert response.status_code == 200
    assert _("The NIM/e-mail or the password is wrong. Mind capital letters in the password.") in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_even_with_the_right_password(
    client, student_a, password
):
    for _attempt in range(5):
        sign_in(client, "3312501001", "salah")
    response = sign_in(client, "3312501001", password)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_touch_other_accounts(client, student_a, student_b, password):
    for _attempt in range(5):
        sign_in(client, "3312501001", "salah")
    assert sign_in(client, "4312501002", password).status_code == 302


def test_an_inactive_account_cannot_sign_in(client, student_a, password):
    student_a.user.is_active = False
    student_a.user.save()
    assert sign_in(client, "3312501001", password).status_code == 200


def test_the_sign_in_page_is_in_indonesian(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="id">' in response.content.decode()


def test_password_reset_sends_a_link_that_sets_a_new_password(
    client, student_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": student_a.user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "3312501001" in body
    link = next(line for line in body.splitlines() if "/sandi/atur/" in line).strip()
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Bukan-Sandi-Lama-42", "new_password2": "Bukan-Sandi-Lama-42"}
    )
    assert response.status_code == 302
    assert sign_in(client, "3312501001", "Bukan-Sandi-Lama-42").status_code == 302


def test_sign_out_needs_a_post(client, student_a, password):
    sign_in(client, "3312501001", password)
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_the_interface_stays_indonesian_for_an_english_browser(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in response.content.decode()


def test_a_chosen_language_sticks(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/masuk/"})
    response = client.get(reverse("login"))
    assert '<html lang="en">' in response.content.decode()


def test_a_forged_forwarded_address_does_not_dodge_the_lockout(client, student_a, password):
    # No proxy in front (PROXY_COUNT=0): the connection's address counts.
    for attempt in range(5):
        sign_in(client, "3312501001", "salah", HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
    response = sign_in(client, "3312501001", password, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


def test_the_natural_key_of_an_account_ignores_case(staff):
    # createsuperuser and loaddata find accounts by it.
    assert User.objects.get_by_natural_key("STAF@EXAMPLE.TEST") == staff


# The lockout counts per account, whatever was typed ----------------------------------


def test_case_and_space_variants_of_one_account_share_one_counter(client, student_a, password):
    email = student_a.user.email  # 3312501001@students.example.test
    local, domain = email.split("@")
    typed = [
        f"{local}@Students.example.test",
        f"{local}@sTudents.example.test",
        f"  {email.upper()}  ",
        " 3312501001",
        email,
    ]
    for login in typed[:4]:
        assert sign_in(client, login, "salah").status_code == 200
    assert sign_in(client, typed[4], "salah").status_code == 429  # the fifth failure
    # Locked: by the NIM and by any spelling of the e-mail, the right password too.
    assert sign_in(client, "3312501001", password).status_code == 429
    assert sign_in(client, email.title(), password).status_code == 429
    assert "_auth_user_id" not in client.session
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"3312501001"}


def test_an_unknown_login_counts_under_its_folded_text(client, db):
    for login in ["Nobody@Example.Test", " nobody@example.test "]:
        sign_in(client, login, "salah")
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.failures_since_start) == ("nobody@example.test", 2)


def test_a_success_clears_only_its_own_address(client, student_a, password):
    for _attempt in range(4):
        sign_in(client, "3312501001", "salah", REMOTE_ADDR="203.0.113.5")
    for _attempt in range(4):
        sign_in(client, student_a.user.email.upper(), "salah")
    assert sign_in(client, "3312501001", password).status_code == 302
    # The guesses from the other address still count.
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"


def test_five_failures_lock_the_account_from_that_address_only(client, student_a, password):
    for _attempt in range(5):
        sign_in(client, "3312501001", "salah")
    assert sign_in(client, "3312501001", password).status_code == 429
    response = sign_in(client, "3312501001", password, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302


def test_failures_from_many_addresses_lock_the_account_everywhere(
    client, settings, student_a, password
):
    # AXES_ACCOUNT_FAILURE_LIMIT (20): four addresses' worth of five.
    for n in range(settings.AXES_ACCOUNT_FAILURE_LIMIT):
        sign_in(client, "3312501001", "salah", REMOTE_ADDR=f"203.0.113.{n // 5}")
    response = sign_in(client, "3312501001", password, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429


def test_attempts_during_a_lockout_add_nothing_to_the_account(client, settings, student_a):
    # So one address alone can never reach the per-account limit.
    for _attempt in range(settings.AXES_ACCOUNT_FAILURE_LIMIT + 5):
        sign_in(client, "3312501001", "salah")
    assert AccessAttempt.objects.get().failures_since_start == settings.AXES_FAILURE_LIMIT


# Behind nginx (PROXY_COUNT=1; gunicorn on a Unix socket: no REMOTE_ADDR) ---------------


def sign_in_through_proxy(client, username, password, forwarded):
    return sign_in(client, username, password, REMOTE_ADDR="", HTTP_X_FORWARDED_FOR=forwarded)


def test_behind_the_proxy_each_client_has_its_own_lockout(
    client, settings, student_a, student_b, password
):
    settings.PROXY_COUNT = 1
    for _attempt in range(5):
        sign_in_through_proxy(client, "3312501001", "salah", "203.0.113.9")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    assert sign_in_through_proxy(client, "3312501001", password, "203.0.113.9").status_code == 429
    client.logout()
    assert sign_in_through_proxy(client, "3312501001", password, "198.51.100.7").status_code == 302
    client.logout()
    assert sign_in_through_proxy(client, "4312501002", password, "203.0.113.9").status_code == 302


def test_behind_the_proxy_a_forged_entry_does_not_give_a_fresh_counter(
    client, settings, student_a, password
):
    settings.PROXY_COUNT = 1
    for attempt in range(5):
        forged = f"10.9.9.{attempt}, 203.0.113.9"  # nginx appended the last entry
        sign_in_through_proxy(client, "3312501001", "salah", forged)
    response = sign_in_through_proxy(client, "3312501001", password, "10.7.7.7, 203.0.113.9")
    assert response.status_code == 429

"""A student signs in with the campus account: our sign-in page's button,
the campus provider's login form and consent page (a real provider, in its
own process: tests/support/oidc.py), back to our callback, and on to her own
home page. An account the campus knows and we do not ends on the Indonesian
refusal page, not signed in."""

import pytest

from tests.support.oidc import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def campus(campus_oidc, live_server):
    campus_oidc.allow(f"{live_server.url}/oidc/callback/", consent=True)
    return campus_oidc


def through_the_campus(page, live_server, shot, username):
    page.goto(f"{live_server.url}/masuk/")
    shot(page, "1-sign-in")
    page.get_by_role("link", name="Masuk dengan akun kampus").click()
    # The campus's own pages (not ours: no accessibility check of them).
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    shot(page, "2-campus-login", accessible=False)
    page.get_by_role("button", name="Masuk SSO").click()
    page.get_by_role("button", name="Authorize").wait_for()
    shot(page, "3-campus-consent", accessible=False)
    page.get_by_role("button", name="Authorize").click()


def test_a_student_signs_in_with_her_campus_account(
    page, live_server, viewport, shot, seeded, campus
):
    page.set_viewport_size(viewport)
    student = seeded.student(0)
    who = campus.account("ani.sso", preferred_username=student.nim, email="ani@sso.example")
    through_the_campus(page, live_server, shot, who)
    page.wait_for_url("**/mahasiswa/")
    assert page.locator("main").get_by_text(student.nama).first.is_visible()
    shot(page, "4-student-home")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_an_unknown_campus_account_is_told_in_indonesian(
    page, live_server, viewport, shot, seeded, campus
):
    page.set_viewport_size(viewport)
    who = campus.account("orang.asing", preferred_username="3399999999", email="asing@sso.example")
    through_the_campus(page, live_server, shot, who)
    page.wait_for_url("**/masuk/kampus/tidak-dikenal/")
    assert page.get_by_role("heading", name="Akun kampus Anda tidak dikenal di sini").is_visible()
    assert page.get_by_text("3399999999").is_visible()
    shot(page, "4-refused")
    # Nobody was signed in: our pages still ask for a sign-in.
    page.goto(f"{live_server.url}/mahasiswa/")
    page.wait_for_url("**/masuk/**")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

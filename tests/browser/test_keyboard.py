"""Keyboard and screen-reader basics: signing in with the keyboard alone,
the skip link, a visible focus ring, and form errors tied to their fields.
In the demo as it is seeded: its printed student login, its web vacancy and
the notifications its semester left."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from magang.models import Lowongan
from notifikasi.models import Notifikasi
from pkpk.models import User
from tests.support.browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED_ID = "document.activeElement && document.activeElement.id"


def tab_to(page, selector, *, limit=15):
    """Press Tab until `selector` has the focus; fail after `limit` presses."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def focus_is_visible(page):
    """The focused element draws an outline or a ring (box-shadow)."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            return outline || style.boxShadow !== 'none';
        }"""
    )


def test_a_student_signs_in_with_the_keyboard_alone(page, live_server, viewport, shot, seeded):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/masuk/")
    # The cursor starts in the NIM field; Tab and typing do the rest.
    assert page.evaluate(FOCUSED_ID) == "id_username"
    page.keyboard.type(seeded.logins["mahasiswa"])
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_ID) == "id_password"
    assert focus_is_visible(page)
    page.keyboard.type(seeded.password)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    assert focus_is_visible(page)
    shot(page, "button-focused")
    page.keyboard.press("Enter")
    page.wait_for_url("**/mahasiswa/")

    # From the top of the next page: the first Tab shows the skip link,
    # Enter jumps past the menu, the next Tab lands inside <main>.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=_("Skip to content"))
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert skip.is_visible()
    shot(page, "skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED_ID) == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert focus_is_visible(page)


def test_the_menu_works_with_the_keyboard(page, live_server, viewport, seeded):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.logins["mahasiswa"], seeded.password)
    page.wait_for_url("**/mahasiswa/")
    page.locator("body").focus()
    toggler = page.get_by_role("button", name=_("Open the menu"))
    if toggler.is_visible():  # a phone: the menu opens with Enter first
        tab_to(page, ".navbar-toggler")
        assert focus_is_visible(page)
        page.keyboard.press("Enter")
    tab_to(page, f"a.nav-link[href='{reverse('magang:vacancy_list')}']")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/magang/lowongan/")


def test_a_wrong_password_is_announced_and_tied_to_the_fields(
    page, live_server, viewport, shot, seeded
):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.logins["mahasiswa"], "salah-sekali")
    alert = page.get_by_role("alert")
    assert alert.get_by_text(
        _("The NIM/e-mail or the password is wrong. Mind capital letters in the password.")
    ).is_visible()
    for field in ("#id_username", "#id_password"):
        assert page.locator(field).get_attribute("aria-invalid") == "true"
        described_by = page.locator(field).get_attribute("aria-describedby")
        assert alert.get_attribute("id") in described_by.split()
    shot(page, "wrong-password")


def test_registration_errors_sit_next_to_their_fields(page, live_server, viewport, shot, seeded):
    # A D3 Teknik Informatika student with no story, at the demo's web vacancy.
    lowongan = Lowongan.objects.get(posisi="Pengembang aplikasi web")
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.free_student("IF").nim, seeded.password)
    page.wait_for_url("**/mahasiswa/")
    page.goto(f"{live_server.url}{reverse('magang:apply_vacancy', args=[lowongan.pk])}")
    # The form offers the demo company's contact: wiped, and no files chosen.
    page.locator("#id_kontak_nama").fill("")
    page.get_by_role("button", name=_("Register")).click()
    page.locator("[data-error-summary]").wait_for()
    shot(page, "registration-errors")

    # A summary at the top takes the focus and links to each field in error.
    summary = page.get_by_role("alert").filter(has=page.locator("a[href='#id_kontak_nama']"))
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert summary.is_visible()
    summary.locator("a[href='#id_kontak_nama']").focus()
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED_ID) == "id_kontak_nama"

    name = page.locator("#id_kontak_nama")
    assert name.get_attribute("aria-invalid") == "true"
    error_ids = name.get_attribute("aria-describedby").split()
    error = page.locator(f"#{error_ids[0]}")
    assert error.inner_text().strip() == _("This field is required.")
    # The error is right under the field, not somewhere else on the page
    # (measured in one go: the page may still be scrolling smoothly).
    gap = page.evaluate(
        """([field, error]) => document.getElementById(error).getBoundingClientRect().top
            - document.getElementById(field).getBoundingClientRect().bottom""",
        ["id_kontak_nama", error_ids[0]],
    )
    assert 0 <= gap < 16
    # Every invalid field names its own error.
    for field in page.locator("[aria-invalid=true]").all():
        ids = (field.get_attribute("aria-describedby") or "").split()
        assert any(page.locator(f"#{i}.invalid-feedback").count() for i in ids), ids


def test_a_notification_opens_with_the_keyboard(page, live_server, viewport, shot, seeded):
    # The newest of what the demo semester told its printed student login.
    row = Notifikasi.objects.shown_to(User.objects.get(username=seeded.logins["mahasiswa"])).first()
    assert row.dibaca_pada is None and row.tautan
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.logins["mahasiswa"], seeded.password)
    page.wait_for_url("**/mahasiswa/")
    page.goto(f"{live_server.url}{reverse('notifications:list')}")
    page.locator("main").focus()
    tab_to(page, "button.notification-open")
    assert focus_is_visible(page)
    shot(page, "notification-focused")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{row.tautan}")
    assert Notifikasi.objects.get(pk=row.pk).dibaca_pada is not None

"""The notification centre (/notifikasi/): the person's own list, opening one
(a POST: marks it read), marking all read, the settings page, and the bell with the
unread count in the navigation."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifikasi import services as notifications
from notifikasi.models import JenisNotifikasi, Notifikasi, PreferensiNotifikasi
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db
J = JenisNotifikasi
LIST = reverse("notifications:list")
SETTINGS = reverse("notifications:settings")


def tell(user, judul="Pendaftaran ke PT Maju terdaftar", *, tautan="/magang/1/", **extra):
    extra.setdefault("jenis", J.PENDAFTARAN)
    [row] = notifications.notify(
        users=[user], judul=judul, isi="Menunggu jawaban perusahaan.", tautan=tautan, **extra
    )
    return row


def signed_in(client, user):
    client.force_login(user)
    return client


def bell(response):
    """The bell link of the navigation: its visible badge and its accessible name."""
    html = response.content.decode()
    link = re.search(rf'<a [^>]*href="{LIST}">(.*?)</a>', html, re.S).group(1)
    badge = re.search(r'<span class="[^"]*badge[^"]*" aria-hidden="true">(.*?)</span>', link)
    name = re.search(r'<span class="visually-hidden">(.*?)</span>', link).group(1)
    return (badge.group(1) if badge else None), name


# --- the list ---------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client):
    for url, send in [(LIST, client.get), (SETTINGS, client.get)] + [
        (reverse("notifications:open", args=[1]), client.post)
    ]:
        response = send(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_list_shows_my_notifications_newest_first_with_the_unread_marked(
    client, student_a, student_b
):
    old = tell(student_a.user, "Pendaftaran lama")
    notifications.mark_read(notifikasi=old)
    tell(student_a.user, "Pendaftaran baru")
    tell(student_b.user, "Milik Budi")

    text = page_text(signed_in(client, student_a.user).get(LIST))

    assert text.index("Pendaftaran baru") < text.index("Pendaftaran lama")
    assert "Baru Pendaftaran baru" in text and "Baru Pendaftaran lama" not in text
    assert "Milik Budi" not in text
    assert "Tandai semua sudah dibaca" in text and "Pengaturan notifikasi" in text


def test_the_list_is_paginated(client, student_a):
    for n in range(30):
        tell(student_a.user, f"Notifikasi nomor {n:02d}")
    client = signed_in(client, student_a.user)
    first = page_text(client.get(LIST))
    assert "Notifikasi nomor 29" in first and "Notifikasi nomor 00" not in first
    assert "Notifikasi nomor 00" in page_text(client.get(LIST, {"page": 2}))


def test_an_empty_list_says_so(client, outsider):
    text = page_text(signed_in(client, outsider).get(LIST))
    assert "Belum ada notifikasi untuk Anda." in text
    assert "Tandai semua" not in text


def test_a_notification_hidden_in_the_app_is_not_listed(client, student_a):
    PreferensiNotifikasi.objects.create(pengguna=student_a.user, jenis=J.DISEBUT, di_aplikasi=False)
    tell(student_a.user, "Teman meminta surat", jenis=J.DISEBUT)  # e-mailed only
    assert "Teman meminta surat" not in page_text(signed_in(client, student_a.user).get(LIST))


# --- opening one ------------------------------------------------------------------------


def test_opening_marks_it_read_and_follows_its_link(client, student_a):
    row = tell(student_a.user, tautan="/magang/5/")
    response = signed_in(client, student_a.user).post(reverse("notifications:open", args=[row.pk]))
    assert response.status_code == 302 and response["Location"] == "/magang/5/"
    row.refresh_from_db()
    first_read = row.dibaca_pada
    assert first_read is not None
    client.post(reverse("notifications:open", args=[row.pk]))
    row.refresh_from_db()
    assert row.dibaca_pada == first_read


def test_a_get_of_the_open_address_changes_nothing(client, student_a):
    row = tell(student_a.user)
    response = signed_in(client, student_a.user).get(reverse("notifications:open", args=[row.pk]))
    assert response.status_code == 405
    row.refresh_from_db()
    assert row.dibaca_pada is None


def test_the_list_opens_each_by_a_button_in_a_form_with_csrf(client, student_a):
    row = tell(student_a.user, "Surat siap diambil")
    html = signed_in(client, student_a.user).get(LIST).content.decode()
    action = reverse("notifications:open", args=[row.pk])
    form = re.search(rf'<form method="post" action="{action}">(.*?)</form>', html, re.S)
    assert form, "each notification opens through a POST form"
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    assert re.search(r'<button [^>]*type="submit"[^>]*>.*Surat siap diambil', form.group(1), re.S)
    assert f'href="{reverse("notifications:open", args=[row.pk])}"' not in html


def test_opening_needs_the_csrf_token(student_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    row = tell(student_a.user)
    client.force_login(student_a.user)
    assert client.post(reverse("notifications:open", args=[row.pk])).status_code == 403
    row.refresh_from_db()
    assert row.dibaca_pada is None


@pytest.mark.parametrize(
    "tautan", ["", "https://evil.example.test/", "//evil.example.test/", "/\\evil.example.test"]
)
def test_a_link_off_the_site_opens_the_list_instead(client, student_a, tautan):
    row = tell(student_a.user, tautan=tautan)
    response = signed_in(client, student_a.user).post(reverse("notifications:open", args=[row.pk]))
    assert response["Location"] == LIST


def test_someone_elses_notification_is_a_404_and_stays_unread(client, student_a, student_b, staff):
    row = tell(student_a.user)
    for user in [student_b.user, staff]:
        response = signed_in(client, user).post(reverse("notifications:open", args=[row.pk]))
        assert response.status_code == 404
    row.refresh_from_db()
    assert row.dibaca_pada is None


# --- marking all read -------------------------------------------------------------------


def test_mark_all_read_marks_only_mine(client, student_a, student_b):
    mine = [tell(student_a.user), tell(student_a.user)]
    theirs = tell(student_b.user)
    client = signed_in(client, student_a.user)

    assert client.get(reverse("notifications:read_all")).status_code == 405
    response = client.post(reverse("notifications:read_all"), follow=True)

    assert "Semua notifikasi ditandai sudah dibaca." in page_text(response)
    assert all(Notifikasi.objects.get(pk=r.pk).dibaca_pada for r in mine)
    assert Notifikasi.objects.get(pk=theirs.pk).dibaca_pada is None


# --- settings ---------------------------------------------------------------------------


def test_a_student_sees_only_the_students_kinds(client, student_a):
    text = page_text(signed_in(client, student_a.user).get(SETTINGS))
    assert "Surat siap" in text and "Surat yang diminta teman sekelas" in text
    assert "Peringatan waktu layanan" not in text
    assert "Selalu ditampilkan di aplikasi" in text


def test_staff_see_only_the_staff_kinds(client, staff):
    response = signed_in(client, staff).get(SETTINGS)
    text = page_text(response)
    assert "Peringatan waktu layanan" in text and "Konfirmasi jatuh tempo" in text
    assert "Surat siap" not in text
    html = response.content.decode()
    # The in-app-only kinds have no e-mail box; the ones to act on no in-app box.
    assert 'name="permintaan_baru_email"' not in html and 'name="permintaan_baru_app"' in html
    assert 'name="jam_layanan_app"' not in html and 'name="jam_layanan_email"' in html


def test_a_person_without_a_role_has_nothing_to_set(client, outsider):
    assert "Tidak ada yang perlu diatur" in page_text(signed_in(client, outsider).get(SETTINGS))


def test_turning_things_off_is_stored_and_shown(client, student_a):
    client = signed_in(client, student_a.user)
    everything_on = {
        f"{jenis}_{box}": "on"
        for jenis in notifications.kinds_for(student_a.user)
        for box in ("app", "email")
    }
    data = {**everything_on}
    del data["disebut_app"], data["surat_siap_email"]

    response = client.post(SETTINGS, data, follow=True)

    assert "Pengaturan notifikasi Anda sudah disimpan." in page_text(response)
    assert sorted(PreferensiNotifikasi.objects.values_list("jenis", "di_aplikasi", "email")) == [
        ("disebut", False, True),
        ("surat_siap", True, False),
    ]
    html = response.content.decode()
    assert re.search(r'<input[^>]*name="disebut_app"(?![^>]*checked)[^>]*>', html)
    assert re.search(r'<input[^>]*name="disebut_email"[^>]*checked[^>]*>', html)

    client.post(SETTINGS, everything_on)
    assert not PreferensiNotifikasi.objects.exists()


# --- the bell ---------------------------------------------------------------------------


def test_the_bell_shows_the_unread_count_with_an_accessible_name(client, student_a, student_b):
    for _ in range(3):
        tell(student_a.user)
    notifications.mark_read(notifikasi=tell(student_a.user))
    tell(student_b.user)

    response = signed_in(client, student_a.user).get(reverse("pkpk:student_home"))

    assert bell(response) == ("3", "Notifikasi, 3 belum dibaca")


def test_the_bell_has_no_badge_when_all_is_read(client, student_a):
    assert bell(signed_in(client, student_a.user).get(LIST)) == (None, "Notifikasi")


def test_the_count_is_one_query_however_many_notifications(client, staff):
    client = signed_in(client, staff)
    home = reverse("pkpk:staff_home")
    tell(staff, jenis=J.PERMINTAAN_BARU)
    client.get(home)  # warm caches (sessions, calendar)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(home).status_code == 200
        counts = [q for q in queries.captured_queries if "notifikasi_notifikasi" in q["sql"]]
        return len(queries.captured_queries), counts

    few, counts = count_queries()
    # Counted inside the query that reads the signed-in user (pkpk.auth).
    assert len(counts) == 1 and "count(*)" in counts[0]["sql"].lower()
    for _ in range(20):
        tell(staff, jenis=J.PERMINTAAN_BARU)
    assert count_queries()[0] == few


def test_anonymous_pages_run_no_count(client):
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("login"))
    assert not [q for q in queries.captured_queries if "notifikasi_notifikasi" in q["sql"]]


def test_the_list_title_escapes_a_hostile_title(client, student_a):
    tell(student_a.user, '<script>alert("x")</script>')
    html = signed_in(client, student_a.user).get(LIST).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# --- the admin ------------------------------------------------------------------------


def test_staff_read_what_was_sent_to_whom_in_the_admin_and_change_nothing(client, staff, student_a):
    row = tell(student_a.user, "Surat pengantar siap diunduh")
    signed_in(client, staff)
    listing = client.get(reverse("admin:notifikasi_notifikasi_changelist"))
    detail = client.get(reverse("admin:notifikasi_notifikasi_change", args=[row.pk]))

    assert listing.status_code == 200 and "Surat pengantar siap diunduh" in listing.text
    assert detail.status_code == 200 and 'name="judul"' not in detail.text  # read-only
    delete = reverse("admin:notifikasi_notifikasi_delete", args=[row.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:notifikasi_notifikasi_add")).status_code == 403
    assert Notifikasi.objects.filter(pk=row.pk).exists()

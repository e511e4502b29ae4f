"""notifikasi.services: one notification per person and event, the person's
settings, and the e-mail the worker sends (plain text and HTML)."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from notifikasi import services as notifications
from notifikasi.models import JenisNotifikasi, Notifikasi, PreferensiNotifikasi
from notifikasi.tasks import send_notification_emails
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
J = JenisNotifikasi


def tell(users, *, jenis=J.PENDAFTARAN, kunci="", email=True, **extra):
    fields = {
        "judul": "Application to PT Maju registered",
        "isi": "Your application waits for the company's answer.",
        "tautan": "/magang/1/",
    }
    fields.update(extra)
    return notifications.notify(users=users, jenis=jenis, kunci=kunci, email=email, **fields)


def turn_off(user, jenis, *, app=True, email=True):
    PreferensiNotifikasi.objects.create(pengguna=user, jenis=jenis, di_aplikasi=app, email=email)


# --- never twice ----------------------------------------------------------------------


def test_the_same_event_told_twice_makes_one_row_and_one_email(
    student_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = tell([student_a.user], kunci="magang.peristiwa:7")
    with django_capture_on_commit_callbacks(execute=True):
        second = tell([student_a.user], kunci="magang.peristiwa:7")

    assert len(first) == 1 and second == []
    assert Notifikasi.objects.filter(penerima=student_a.user).count() == 1
    assert len(mail.outbox) == 1


def test_a_second_event_is_told_and_others_still_get_the_first(
    student_a, student_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell([student_a.user], kunci="magang.peristiwa:7")
        rows = tell([student_a.user, student_b.user], kunci="magang.peristiwa:7")
        tell([student_a.user], kunci="magang.peristiwa:8")

    assert [r.penerima for r in rows] == [student_b.user]
    assert Notifikasi.objects.filter(penerima=student_a.user).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [student_a.user.email, student_a.user.email, student_b.user.email]
    )


def test_notifications_without_a_key_are_all_kept(student_a):
    tell([student_a.user])
    tell([student_a.user])
    assert Notifikasi.objects.filter(penerima=student_a.user).count() == 2


def test_the_database_refuses_a_second_row_for_the_same_key(student_a):
    tell([student_a.user], kunci="surat.jam:1:lewat")
    duplicate = Notifikasi(
        penerima=student_a.user, jenis=J.JAM_LAYANAN, kunci="surat.jam:1:lewat", judul="x", isi="y"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_task_run_twice_sends_the_email_once(student_a):
    [row] = tell([student_a.user], kunci="k")
    send_notification_emails([row.pk])
    send_notification_emails([row.pk])
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.email_terkirim_pada is not None


# --- settings ---------------------------------------------------------------------------


def test_everything_is_on_by_default(student_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [row] = tell([student_a.user], jenis=J.DISEBUT)
    assert row.di_aplikasi and len(mail.outbox) == 1


def test_a_person_who_turned_the_email_off_gets_the_row_only(
    student_a, student_b, django_capture_on_commit_callbacks
):
    turn_off(student_a.user, J.PENDAFTARAN, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        rows = tell([student_a.user, student_b.user])

    assert len(rows) == 2
    assert [m.to for m in mail.outbox] == [[student_b.user.email]]


def test_a_person_who_turned_a_kind_off_entirely_gets_nothing(
    student_a, django_capture_on_commit_callbacks
):
    turn_off(student_a.user, J.DISEBUT, app=False, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert tell([student_a.user], jenis=J.DISEBUT) == []
    assert not Notifikasi.objects.exists() and mail.outbox == []


def test_off_in_the_app_but_on_by_email_keeps_the_row_out_of_the_list(
    student_a, django_capture_on_commit_callbacks
):
    turn_off(student_a.user, J.DISEBUT, app=False)
    with django_capture_on_commit_callbacks(execute=True):
        [row] = tell([student_a.user], jenis=J.DISEBUT)

    assert not row.di_aplikasi
    assert not Notifikasi.objects.shown_to(student_a.user).exists()
    assert len(mail.outbox) == 1


def test_the_database_keeps_what_people_must_act_on_in_the_app(student_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        turn_off(student_a.user, J.PENDAFTARAN, app=False)


def test_in_app_only_kinds_never_send_email(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [row] = tell([staff], jenis=J.PERMINTAAN_BARU)
    assert row.di_aplikasi and mail.outbox == []


def test_an_email_turned_off_after_the_row_was_written_is_not_sent(student_a):
    [row] = tell([student_a.user])
    turn_off(student_a.user, J.PENDAFTARAN, email=False)
    send_notification_emails([row.pk])
    assert mail.outbox == []


def test_a_person_without_an_address_gets_the_row_only(django_capture_on_commit_callbacks):
    user = UserFactory(username="tanpa-surel", nama="Tanpa Surel")
    assert user.email == ""
    with django_capture_on_commit_callbacks(execute=True):
        assert len(tell([user])) == 1
    assert mail.outbox == []


def test_saving_settings_keeps_rows_only_for_what_is_off(student_a):
    user = student_a.user
    notifications.save_preferences(
        user=user,
        choices={
            J.DISEBUT: (False, True),
            J.PENDAFTARAN: (False, False),  # in the app cannot be turned off
            J.JAWABAN: (True, True),
            J.JAM_LAYANAN: (False, False),  # not a student's kind: ignored
        },
    )
    assert sorted(PreferensiNotifikasi.objects.values_list("jenis", "di_aplikasi", "email")) == [
        ("disebut", False, True),
        ("pendaftaran", True, False),
    ]
    notifications.save_preferences(user=user, choices={J.DISEBUT: (True, True)})
    assert list(PreferensiNotifikasi.objects.values_list("jenis", flat=True)) == ["pendaftaran"]


# --- the e-mail -----------------------------------------------------------------------


def test_the_email_has_text_and_html_parts_in_indonesian(
    student_a, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://magang.example.test"
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        tell([student_a.user], tautan="/magang/12/")

    [message] = mail.outbox
    preferences = "https://magang.example.test" + reverse("notifications:settings")
    assert message.to == [student_a.user.email]
    assert message.subject == "Application to PT Maju registered"
    assert message.extra_headers["List-Unsubscribe"] == f"<{preferences}>"
    assert "Halo Ani Lestari," in message.body
    assert "Your application waits for the company's answer." in message.body
    assert "https://magang.example.test/magang/12/" in message.body
    assert preferences in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "Halo Ani Lestari," in html
    assert 'href="https://magang.example.test/magang/12/"' in html
    assert f'href="{preferences}"' in html
    assert "Buka di aplikasi" in html


def test_the_html_part_escapes_what_people_typed(student_a, django_capture_on_commit_callbacks):
    hostile = '<script>alert("x")</script> & <b>PT</b>'
    with django_capture_on_commit_callbacks(execute=True):
        tell([student_a.user], judul=hostile, isi=f"Alasan: {hostile}")

    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert "<script>" not in html and "<b>PT</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;PT&lt;/b&gt;" in html
    assert hostile in message.body  # plain text stays as typed


def test_a_title_with_a_line_break_makes_a_one_line_subject(
    student_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell([student_a.user], judul="PT Maju\nBersama")
    assert mail.outbox[0].subject == "PT Maju Bersama"


def test_a_link_to_another_site_is_left_out_of_the_email(
    student_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell([student_a.user], tautan="//evil.example.test/x")
    assert "evil.example.test" not in mail.outbox[0].body
    assert "evil.example.test" not in mail.outbox[0].alternatives[0][0]

"""B.4.1.7.c on the staff letter page: a cover letter's confirmation clock
(working days used of 14, deadline, reminded, breached), staff recording a
confirmation that stops it, and who may."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from pkpk import kalender
from surat.company import services as company_services
from surat.desk import clocks
from surat.letters import services
from surat.models import Jam, Jenis, Konfirmasi, PeristiwaLayanan
from tests.support.clock import at
from tests.support.letters import accept, issue
from tests.support.pages import page_text, user_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cover_letter(pendaftaran_a, staff):
    accept(pendaftaran_a, staff)
    return issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR)


def _confirm(client, surat, **extra):
    data = {
        "tanggal": timezone.localdate().isoformat(),
        "saluran": "telepon",
        "hasil": "diterima",
        "catatan": "Dikonfirmasi oleh Ibu Ratna.",
    }
    data.update(extra)
    return client.post(reverse("surat:confirm", args=[surat.pk]), data)


def _used(used):
    return gettext("%(used)s of %(budget)s working days used") % {"used": used, "budget": 14}


def test_staff_record_a_confirmation_and_the_clock_stops(client, staff, cover_letter):
    client.force_login(staff)

    response = _confirm(client, cover_letter)

    assert response.status_code == 302
    konfirmasi = Konfirmasi.objects.get(surat=cover_letter)
    assert (konfirmasi.saluran, konfirmasi.hasil) == ("telepon", "diterima")
    assert konfirmasi.dicatat_oleh == staff
    jam = Jam.objects.get(surat=cover_letter, jenis="konfirmasi")
    assert jam.berhenti_pada is not None
    stopped = PeristiwaLayanan.objects.get(jam=jam, jenis="berhenti")
    assert stopped.aktor == staff and stopped.perusahaan is None

    text = page_text(client.get(response["Location"]))
    assert "Dikonfirmasi oleh Ibu Ratna." in text
    assert gettext("Confirmed") in text


def test_a_second_confirmation_is_listed_but_the_clock_stopped_once(client, staff, cover_letter):
    client.force_login(staff)
    _confirm(client, cover_letter)
    _confirm(client, cover_letter, saluran="kunjungan", hasil="sebagian", catatan="Kunjungan")

    assert Konfirmasi.objects.filter(surat=cover_letter).count() == 2
    assert PeristiwaLayanan.objects.filter(jam__surat=cover_letter, jenis="berhenti").count() == 1
    text = page_text(client.get(reverse("surat:detail", args=[cover_letter.pk])))
    assert "Kunjungan" in text and "Dikonfirmasi oleh Ibu Ratna." in text


@pytest.mark.parametrize(
    "extra",
    [
        {"tanggal": (dt.date.today() + dt.timedelta(days=3)).isoformat()},
        {"tanggal": ""},
        {"tanggal": "kemarin"},
        {"saluran": "tautan"},
        {"hasil": "mungkin"},
        {"catatan": "x" * 1001},
    ],
)
def test_a_bad_confirmation_is_refused_next_to_its_field(client, staff, cover_letter, extra):
    client.force_login(staff)

    response = _confirm(client, cover_letter, **extra)

    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert not Konfirmasi.objects.exists()
    assert Jam.objects.get(surat=cover_letter).berhenti_pada is None


def test_a_date_in_the_future_says_so(client, staff, cover_letter):
    client.force_login(staff)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = _confirm(client, cover_letter, tanggal=tomorrow.isoformat())

    assert gettext("The date cannot be in the future.") in page_text(response)


def test_the_service_refuses_a_date_before_the_letter_or_in_the_future(cover_letter, staff):
    for tanggal in [cover_letter.tanggal - dt.timedelta(days=1), dt.date(2999, 1, 1)]:
        with pytest.raises(ValidationError):
            company_services.record_confirmation(
                surat=cover_letter, by=staff, tanggal=tanggal, saluran="email", hasil="diterima"
            )
    assert not Konfirmasi.objects.exists()


def test_a_voided_letter_takes_no_confirmation(client, staff, cover_letter):
    services.void_letter(surat=cover_letter, by=staff, alasan="Salah tanggal")
    client.force_login(staff)

    response = _confirm(client, cover_letter)

    assert response.status_code == 302
    assert not Konfirmasi.objects.exists()
    page = client.get(reverse("surat:detail", args=[cover_letter.pk]))
    assert f'action="{reverse("surat:confirm", args=[cover_letter.pk])}"' not in (
        page.content.decode()
    )


def test_an_application_letter_takes_no_confirmation(letter_a, staff):
    with pytest.raises(ValidationError):
        company_services.record_confirmation(
            surat=letter_a, by=staff, tanggal=letter_a.tanggal, saluran="email", hasil="diterima"
        )


def test_an_application_letter_page_shows_no_clock(client, staff, letter_a):
    client.force_login(staff)
    content = client.get(reverse("surat:detail", args=[letter_a.pk])).content.decode()
    assert reverse("surat:confirm", args=[letter_a.pk]) not in content
    assert gettext("Confirmation with the company") not in content


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_only_staff_record_confirmations(request, client, cover_letter, who):
    client.force_login(user_of(request, who))
    assert _confirm(client, cover_letter).status_code == 403
    assert not Konfirmasi.objects.exists()
    with pytest.raises(PermissionDenied):
        company_services.record_confirmation(
            surat=cover_letter,
            by=user_of(request, who),
            tanggal=cover_letter.tanggal,
            saluran="email",
            hasil="diterima",
        )


def test_anonymous_visitors_are_sent_to_sign_in(client, cover_letter):
    response = _confirm(client, cover_letter)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(reverse("surat:confirm", args=[cover_letter.pk])).status_code == 302


def test_only_post_records(client, staff, cover_letter):
    client.force_login(staff)
    assert client.get(reverse("surat:confirm", args=[cover_letter.pk])).status_code == 405


def test_the_page_shows_working_days_used_and_the_deadline(client, staff, pendaftaran_a):
    with at(2027, 1, 4, 9, 0):  # a Monday
        accept(pendaftaran_a, staff)
        surat = issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR)
    deadline = kalender.add_working_days(dt.date(2027, 1, 4), 14)

    with at(2027, 1, 8, 10, 0):  # the Friday: Tuesday the 5th is Isra Mi'raj
        client.force_login(staff)
        text = page_text(client.get(reverse("surat:detail", args=[surat.pk])))
    assert _used(3) in text
    assert date_filter(deadline, "l, j F Y") in text
    assert gettext("Running") in text


def test_the_page_shows_reminded_then_breached(client, staff, pendaftaran_a):
    with at(2027, 1, 4, 9, 0):
        accept(pendaftaran_a, staff)
        surat = issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR)
    jam = Jam.objects.get(surat=surat)

    with time_at(jam.ambang_peringatan + dt.timedelta(minutes=1)):
        clocks.sweep()
        client.force_login(staff)
        text = page_text(client.get(reverse("surat:detail", args=[surat.pk])))
    assert gettext("Reminded") in text

    breached_at = jam.batas + dt.timedelta(minutes=1)
    with time_at(breached_at):
        clocks.sweep()
        text = page_text(client.get(reverse("surat:detail", args=[surat.pk])))
    assert gettext("Breached") in text
    assert _used(clocks.used(jam, breached_at)) in text


def time_at(instant):
    return time_machine.travel(instant, tick=False)

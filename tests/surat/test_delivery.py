"""Staff e-mail a letter to the company: a delivery row, a worker task that
sends it once with the PDF attached and the company's signed link inside,
never for a voided letter; the history on the letter page."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from pkpk.models import Institusi
from surat import company_tasks
from surat.company import delivery
from surat.company import links as company_links
from surat.company import services as company_services
from surat.letters import services
from surat.models import Jenis, Konfirmasi, Pengiriman
from tests.support.letters import accept, issue
from tests.support.pages import page_text, user_of

pytestmark = pytest.mark.django_db

COMPANY = "hrd@mitra.example.test"  # the application's contact (tests/support/applications.submit)


def _send(client, surat, email=COMPANY):
    return client.post(reverse("surat:send_to_company", args=[surat.pk]), {"email": email})


def test_the_form_is_prefilled_with_the_first_applications_contact(client, staff, letter_a):
    client.force_login(staff)
    content = client.get(reverse("surat:detail", args=[letter_a.pk])).content.decode()
    assert f'value="{COMPANY}"' in content
    assert f'action="{reverse("surat:send_to_company", args=[letter_a.pk])}"' in content


def test_staff_send_the_letter_and_the_company_gets_it_once(
    client, staff, letter_a, django_capture_on_commit_callbacks
):
    profile = Institusi.load()
    profile.email = "pkpk@kampus.example.test"
    profile.save()
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, letter_a, "  penerima@mitra.example.test ")

    assert response.status_code == 302
    pengiriman = Pengiriman.objects.get()
    assert pengiriman.email == "penerima@mitra.example.test"
    assert pengiriman.diminta_oleh == staff and pengiriman.terkirim_pada is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["penerima@mitra.example.test"]
    assert letter_a.nomor in message.subject
    assert message.reply_to == ["pkpk@kampus.example.test"]
    [(filename, content, mimetype)] = message.attachments
    assert filename == services.file_name(letter_a) and mimetype == "application/pdf"
    with letter_a.berkas.open("rb") as handle:
        assert content == handle.read()
    # A short link of the e-mail's own, on SITE_URL, that opens the letter.
    prefix = company_links.settings.SITE_URL + "/p/"
    kode = re.search(re.escape(prefix) + r"([A-Z0-9-]+)\s", message.body).group(1)
    assert company_links.read_link(company_links.token_of_short(kode)) == letter_a
    assert kode != company_links.codes.grouped(letter_a.tautan.earliest("pk").kode)
    assert "/perusahaan/" not in message.body
    [(html, kind)] = message.alternatives
    assert kind == "text/html" and prefix + kode in html
    assert gettext("Thank you for your attention and cooperation.") in message.body
    assert "Ani Lestari" in message.body and "3312501001" in message.body


def test_the_task_run_twice_sends_one_mail(letter_a, staff):
    pengiriman = company_services.send_to_company(surat=letter_a, email=COMPANY, by=staff)

    assert company_tasks.send_letter_email(pengiriman.pk) is True
    assert company_tasks.send_letter_email(pengiriman.pk) is False

    assert len(mail.outbox) == 1
    pengiriman.refresh_from_db()
    assert pengiriman.terkirim_pada is not None


def test_each_request_is_its_own_delivery(letter_a, staff):
    first = company_services.send_to_company(surat=letter_a, email=COMPANY, by=staff)
    second = company_services.send_to_company(surat=letter_a, email="lain@example.test", by=staff)
    for row in (first, second, first):
        company_tasks.send_letter_email(row.pk)
    assert [m.to for m in mail.outbox] == [[COMPANY], ["lain@example.test"]]


def test_a_cover_letter_mail_invites_the_feedback_too(pendaftaran_a, staff):
    accept(pendaftaran_a, staff)
    surat = issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR)
    message = delivery.letter_email(surat, COMPANY)
    assert gettext("Confirm and give feedback") in message.alternatives[0][0]


@pytest.mark.parametrize("email", ["", "bukan-email", "a@b", "x" * 250 + "@example.test"])
def test_a_bad_address_is_refused_next_to_the_field(client, staff, letter_a, email):
    client.force_login(staff)

    response = _send(client, letter_a, email)

    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert not Pengiriman.objects.exists()


def test_a_voided_letter_cannot_be_sent(client, staff, letter_a):
    services.void_letter(surat=letter_a, by=staff, alasan="Salah tanggal")
    client.force_login(staff)

    response = _send(client, letter_a)

    assert response.status_code == 302
    assert not Pengiriman.objects.exists()
    with pytest.raises(ValidationError):
        company_services.send_to_company(surat=letter_a, email=COMPANY, by=staff)
    page = client.get(reverse("surat:detail", args=[letter_a.pk])).content.decode()
    assert reverse("surat:send_to_company", args=[letter_a.pk]) not in page


def test_a_letter_voided_after_it_was_queued_is_not_sent(letter_a, staff):
    pengiriman = company_services.send_to_company(surat=letter_a, email=COMPANY, by=staff)
    services.void_letter(surat=letter_a, by=staff, alasan="Salah tanggal")

    assert company_tasks.send_letter_email(pengiriman.pk) is False
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_only_staff_send_letters(request, client, letter_a, who):
    user = user_of(request, who)
    client.force_login(user)
    assert _send(client, letter_a).status_code == 403
    with pytest.raises(PermissionDenied):
        company_services.send_to_company(surat=letter_a, email=COMPANY, by=user)
    assert not Pengiriman.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, letter_a):
    response = _send(client, letter_a)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not Pengiriman.objects.exists()


def test_the_letter_page_shows_the_delivery_history(client, staff, letter_a):
    pengiriman = company_services.send_to_company(surat=letter_a, email=COMPANY, by=staff)
    client.force_login(staff)
    text = page_text(client.get(reverse("surat:detail", args=[letter_a.pk])))
    assert COMPANY in text and gettext("waiting for the worker") in text

    company_tasks.send_letter_email(pengiriman.pk)
    text = page_text(client.get(reverse("surat:detail", args=[letter_a.pk])))
    assert gettext("waiting for the worker") not in text
    assert "Staf PKPK" in text


def test_the_letter_page_shows_the_company_link(client, staff, letter_a):
    client.force_login(staff)
    content = client.get(reverse("surat:detail", args=[letter_a.pk])).content.decode()
    kode = re.search(r"/p/([A-Z0-9-]+)\"", content).group(1)
    assert company_links.read_link(company_links.token_of_short(kode)) == letter_a


def test_the_letter_page_takes_the_same_queries_however_much_happened(
    client, staff, pendaftaran_a, django_assert_max_num_queries
):
    accept(pendaftaran_a, staff)
    surat = issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR)
    client.force_login(staff)

    def grow():
        company_services.send_to_company(surat=surat, email=COMPANY, by=staff)
        company_services.record_confirmation(
            surat=surat, by=staff, tanggal=surat.tanggal, saluran="email", hasil="diterima"
        )

    grow()
    with django_assert_max_num_queries(15) as few:
        assert client.get(reverse("surat:detail", args=[surat.pk])).status_code == 200
    for _ in range(5):
        grow()
    company_services.submit_feedback(
        surat=surat,
        scores={q.pk: 3 for q in company_services.feedback_questions()},
        nama="Ibu Ratna",
    )
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # + the feedback's scores
        response = client.get(reverse("surat:detail", args=[surat.pk]))
    assert len(response.context["deliveries"]) == 6
    assert Konfirmasi.objects.count() == 6

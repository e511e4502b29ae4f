"""The FO.8.4.1.1 reply form as a prefilled PDF: magang:reply_template_pdf."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from pkpk.models import Institusi
from tests.support.pages import user_of

pytestmark = pytest.mark.django_db


def url(pendaftaran):
    return reverse("magang:reply_template_pdf", args=[pendaftaran.pk])


def text_of(content):
    reader = PdfReader(io.BytesIO(content))
    return " ".join(page.extract_text() for page in reader.pages)


def test_anonymous_is_sent_to_sign_in(client, pendaftaran_a):
    response = client.get(url(pendaftaran_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_only_staff_download_it(client, request, who, pendaftaran_a):
    client.force_login(user_of(request, who))
    assert client.get(url(pendaftaran_a)).status_code == 403


def test_an_unknown_application_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("magang:reply_template_pdf", args=[999999])).status_code == 404


def test_it_is_a_pdf_download_named_after_the_nim(client, staff, pendaftaran_a):
    client.force_login(staff)
    response = client.get(url(pendaftaran_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="FO.8.4.1.1-3312501001.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_it_is_prefilled_with_the_student_company_and_institution(client, staff, pendaftaran_a):
    institusi = Institusi.load()
    institusi.nama = "Politeknik Negeri Contoh"
    institusi.nama_unit = "UPT Karir Contoh"
    institusi.save()
    client.force_login(staff)
    text = text_of(client.get(url(pendaftaran_a)).content)
    for expected in [
        "Ani Lestari",
        "3312501001",
        "Teknik Informatika",
        "PT Batam Presisi Elektronik",
        "POLITEKNIK NEGERI CONTOH",
        "UPT Karir Contoh",
        "FO.8.4.1.1",
    ]:
        assert expected in text
    assert str(pendaftaran_a.mulai.year) in text


def test_its_explanation_is_the_staff_wording_in_force(client, staff, pendaftaran_a):
    from pkpk import wording
    from pkpk.models import JenisTemplat

    client.force_login(staff)
    before = " ".join(text_of(client.get(url(pendaftaran_a)).content).split())
    assert "Menanggapi permohonan magang dari" in before
    wording.save_version(
        jenis=JenisTemplat.BALASAN_FO,
        teks="Kami, **{{ nama_perusahaan }}**, menjawab permohonan sebagai berikut.",
        by=staff,
    )
    after = " ".join(text_of(client.get(url(pendaftaran_a)).content).split())
    assert f"Kami, {pendaftaran_a.perusahaan.nama}, menjawab permohonan sebagai berikut." in after
    assert "Menanggapi permohonan magang dari" not in after

"""The verification page checks a PDF someone uploads against the letter
issued: exactly the issued file or not (its hash), and whether its
electronic signature is valid and intact (pyHanko's validation), in
Indonesian. Uploads are untrusted: checked by content, small, and counted
in the page's rate limit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from surat import limits
from surat.letters import services
from surat.letters.forms import MAX_LETTER_UPLOAD_BYTES
from tests.support.files import EXE_BYTES
from tests.support.letters import issue
from tests.support.pages import page_text
from tests.support.signing import PASSPHRASE, make_certificate, stored_pdf, with_one_byte_changed

pytestmark = pytest.mark.django_db

SAME = "Persis surat yang diterbitkan."
DIFFERENT = "Bukan berkas yang diterbitkan."
VALID = "Tanda tangan elektronik sah dan utuh."
INVALID = "Tanda tangan elektronik tidak sah."
UNSIGNED = "Berkas ini tidak memiliki tanda tangan elektronik."


def _upload(client, surat, data, name="surat.pdf", **extra):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(f"/v/{surat.kode}", {"berkas": upload}, **extra)


@pytest.fixture
def signed_letter(signing_on, pendaftaran_a, staff):
    return issue([pendaftaran_a], staff)


def test_the_page_shows_the_signer_and_the_signing_time(client, signed_letter):
    text = page_text(client.get(f"/v/{signed_letter.kode}"))
    assert "Ditandatangani secara elektronik oleh UPT-PKPK Uji (Politeknik Uji)" in text
    assert "Waktu penandatanganan" in text and "WIB" in text
    assert "Periksa berkas PDF surat ini" in text


def test_the_issued_file_is_exactly_the_letter_and_its_signature_valid(client, signed_letter):
    response = _upload(client, signed_letter, stored_pdf(signed_letter))
    assert response.status_code == 200
    text = page_text(response)
    assert SAME in text
    assert VALID in text
    assert "Ditandatangani oleh UPT-PKPK Uji (Politeknik Uji) pada" in text
    assert "mencakup seluruh berkas" in text


def test_one_changed_byte_is_not_the_letter_and_breaks_its_signature(client, signed_letter):
    text = page_text(
        _upload(client, signed_letter, with_one_byte_changed(stored_pdf(signed_letter)))
    )
    assert DIFFERENT in text
    assert INVALID in text
    assert SAME not in text and VALID not in text


def test_another_letter_signed_by_the_unit_is_not_this_letter(
    client, signed_letter, pendaftaran_b, staff
):
    other = issue([pendaftaran_b], staff)
    text = page_text(_upload(client, signed_letter, stored_pdf(other)))
    # A valid signature of the unit, but on another document.
    assert DIFFERENT in text
    assert VALID in text


def test_a_file_signed_with_another_certificate_is_not_the_units(
    client, signed_letter, settings, tmp_path, pendaftaran_b, staff
):
    folder = tmp_path / "lain"
    folder.mkdir()
    p12, _pem = make_certificate(folder)
    settings.LETTER_SIGNING_P12 = str(p12)
    settings.LETTER_SIGNING_PASSPHRASE = PASSPHRASE
    forged = issue([pendaftaran_b], staff)
    text = page_text(_upload(client, signed_letter, stored_pdf(forged)))
    assert DIFFERENT in text
    assert "Tanda tangan ini bukan tanda tangan unit untuk surat ini." in text


def test_an_unsigned_letter_is_checked_by_its_hash(client, letter_a):
    text = page_text(_upload(client, letter_a, stored_pdf(letter_a)))
    assert SAME in text
    assert UNSIGNED in text
    assert "Ditandatangani secara elektronik oleh" not in text


def test_a_voided_letter_stays_void_when_its_file_is_checked(client, signed_letter, staff):
    services.void_letter(surat=signed_letter, by=staff, alasan="Salah alamat")
    text = page_text(_upload(client, signed_letter, stored_pdf(signed_letter)))
    assert "DIBATALKAN" in text
    assert SAME in text and VALID in text
    assert "Namun surat ini sendiri telah dibatalkan" in text


def test_a_file_that_is_not_a_pdf_is_refused_by_its_content(client, signed_letter):
    response = _upload(client, signed_letter, EXE_BYTES)
    text = page_text(response)
    assert "bukan berkas PDF yang sebenarnya" in text
    assert response.context["checked"] is None


def test_a_broken_pdf_is_answered_not_crashed_on(client, signed_letter):
    text = page_text(_upload(client, signed_letter, b"%PDF-1.7\n" + b"\x00garbage" * 100))
    assert DIFFERENT in text
    assert "Berkas ini tidak dapat dibaca sebagai surat PDF." in text


def test_a_file_larger_than_any_letter_is_refused(client, signed_letter):
    big = b"%PDF-1.7\n" + b"0" * MAX_LETTER_UPLOAD_BYTES
    response = _upload(client, signed_letter, big)
    assert "terlalu besar" in page_text(response)
    assert response.context["checked"] is None


@pytest.mark.usefixtures("clock_stopped")  # one rate-limit window throughout
def test_uploads_count_in_the_pages_rate_limit(client, letter_a):
    pdf = stored_pdf(letter_a)
    for n in range(limits.VERIFY.per_code_minute):
        assert _upload(client, letter_a, pdf, REMOTE_ADDR=f"10.0.3.{n}").status_code == 200
    assert _upload(client, letter_a, pdf, REMOTE_ADDR="10.0.4.1").status_code == 429

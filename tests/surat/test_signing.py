"""Issued letters signed as PAdES with the institution's certificate
(surat/letters/signing.py): the stored PDF is the signed one, and two
independent validators, pyHanko's CLI and Poppler's pdfsig, call its
signature valid and covering the whole file. Off, letters are as before."""

import asyncio
import io
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from surat.letters import signing
from tests.support.letters import issue, pdf_text
from tests.support.ops import free_port
from tests.support.signing import (
    PASSPHRASE,
    make_certificate,
    stored_pdf,
    timestamp_server,
    with_one_byte_changed,
)

pytestmark = pytest.mark.django_db

NOTE = "ditandatangani secara elektronik"


def _written(tmp_path, surat) -> Path:
    path = tmp_path / "surat.pdf"
    path.write_bytes(stored_pdf(surat))
    return path


def test_an_issued_letter_is_stored_signed_with_its_signer_and_time(
    signing_on, pendaftaran_a, staff
):
    surat = issue([pendaftaran_a], staff)
    pdf = stored_pdf(surat)
    assert surat.sha256 == signing.sha256(pdf)
    signature = signing.read_signature(pdf)
    assert signature.signer == surat.tte_penandatangan == "UPT-PKPK Uji (Politeknik Uji)"
    assert signature.signed_at == surat.tte_waktu
    assert abs((surat.tte_waktu - surat.diterbitkan_pada).total_seconds()) < 60
    assert len(surat.tte_sertifikat) == 64


def test_the_signed_letter_still_reads_back_and_says_it_is_signed(signing_on, pendaftaran_a, staff):
    text, reader = pdf_text(issue([pendaftaran_a], staff))
    assert NOTE in " ".join(text.split())
    assert "Surat ini" in text
    assert reader.pages  # pypdf reads the incrementally updated file


def test_pyhanko_validates_the_signature_over_the_whole_file(
    signing_on, pendaftaran_a, staff, tmp_path
):
    path = _written(tmp_path, issue([pendaftaran_a], staff))
    pyhanko = Path(sys.executable).with_name("pyhanko")
    result = subprocess.run(
        [pyhanko, "sign", "validate", "--trust", signing_on, "--trust-replace", "--pretty-print"]
        + [path],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The signer's certificate is trusted." in result.stdout
    assert "The signature is cryptographically sound." in result.stdout
    assert "The signature covers the entire file." in result.stdout
    assert "The signature is judged VALID." in result.stdout
    assert "Signing time as reported by signer" in result.stdout


def test_poppler_calls_the_signature_valid_over_the_whole_document(
    signing_on, pendaftaran_a, staff, tmp_path
):
    pdfsig = shutil.which("pdfsig")
    if pdfsig is None:
        pytest.fail("pdfsig is missing: run `bin/setup dev` (poppler-utils)")
    path = _written(tmp_path, issue([pendaftaran_a], staff))
    # The self-signed test certificate is in no trust store: pdfsig checks
    # the signature itself (-nocert) and what it covers.
    result = subprocess.run(
        [pdfsig, "-nocert", path], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Signature Type: ETSI.CAdES.detached" in result.stdout
    assert "Total document signed" in result.stdout
    assert "Signature Validation: Signature is Valid." in result.stdout
    assert "Signer Certificate Common Name: UPT-PKPK Uji" in result.stdout


def test_one_changed_byte_breaks_the_signature(signing_on, pendaftaran_a, staff):
    surat = issue([pendaftaran_a], staff)
    changed = with_one_byte_changed(stored_pdf(surat))
    result = signing.check_letter(surat, changed)
    assert not result.same_file
    assert result.verdict == signing.Verdict.INVALID


def test_off_a_letter_is_stored_unsigned_with_its_hash(letter_a):
    pdf = stored_pdf(letter_a)
    assert signing.read_signature(pdf) is None
    assert letter_a.sha256 == signing.sha256(pdf)
    assert (letter_a.tte_penandatangan, letter_a.tte_waktu, letter_a.tte_sertifikat) == (
        "",
        None,
        "",
    )
    text, _reader = pdf_text(letter_a)
    assert NOTE not in " ".join(text.split())


def test_a_wrong_passphrase_fails_loudly(settings, tmp_path):
    p12, _pem = make_certificate(tmp_path)
    settings.LETTER_SIGNING_P12 = str(p12)
    settings.LETTER_SIGNING_PASSPHRASE = PASSPHRASE + "-salah"
    with pytest.raises(ImproperlyConfigured):
        signing.signer()


def test_with_a_timestamp_server_the_signature_carries_its_timestamp(
    signing_on, settings, pendaftaran_a, staff
):
    with timestamp_server() as (url, tsa_cert, answered):
        settings.LETTER_SIGNING_TSA_URL = url
        surat = issue([pendaftaran_a], staff)
    # pyHanko asks once to size the signature's room, then for the real token.
    assert answered and set(answered) == {"application/timestamp-query"}
    sig = PdfFileReader(io.BytesIO(stored_pdf(surat))).embedded_signatures[0]
    # Validated away from any running loop, as the app does (Playwright's
    # sync API leaves one on this thread after the browser tests).
    status = signing._without_a_running_loop(
        validate_pdf_signature,
        sig,
        ValidationContext(trust_roots=[sig.signer_cert]),
        ts_validation_context=ValidationContext(trust_roots=[tsa_cert]),
    )
    assert status.bottom_line
    stamp = status.timestamp_validity
    assert stamp is not None and stamp.intact and stamp.valid and stamp.trusted
    assert abs((stamp.timestamp - surat.tte_waktu).total_seconds()) < 60


def test_signing_and_checking_work_inside_a_running_event_loop(signing_on):
    """pyHanko's synchronous calls start a loop of their own, which asyncio
    refuses inside a running one (a thread with Playwright's sync API, or an
    async server): the signer and the check move out of it."""
    from pypdf import PdfWriter

    blank = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(blank)

    async def inside_a_loop():
        signed = signing.signer().sign(blank.getvalue())
        return signed, signing.read_signature(signed)

    # A thread of its own, where asyncio.run may start the loop whatever this
    # thread already runs (after the browser tests, Playwright's loop).
    with ThreadPoolExecutor(max_workers=1) as pool:
        signed, signature = pool.submit(asyncio.run, inside_a_loop()).result()
    assert signature is not None
    assert PdfFileReader(io.BytesIO(signed)).embedded_signatures


def _timestamped(pdf) -> bool:
    """Whether the signature carries an RFC 3161 timestamp token."""
    sig = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    attributes = sig.signer_info["unsigned_attrs"].native or []
    return any(a["type"] == "signature_time_stamp_token" for a in attributes)


def test_a_timestamp_server_that_fails_once_is_asked_again(
    signing_on, settings, pendaftaran_a, staff
):
    with timestamp_server(failing=1) as (url, tsa_cert, answered):
        settings.LETTER_SIGNING_TSA_URL = url
        surat = issue([pendaftaran_a], staff)
    assert answered
    assert _timestamped(stored_pdf(surat))


def test_a_timestamp_server_that_is_down_does_not_stop_letters(
    signing_on, settings, pendaftaran_a, pendaftaran_b, staff, caplog
):
    """The letter goes out signed, with its signing time but no timestamp;
    the outage is logged as an error, and the next letters are signed
    without waiting for the server again."""
    settings.LETTER_SIGNING_TSA_URL = f"http://127.0.0.1:{free_port()}/tsa"
    surat = issue([pendaftaran_a], staff)
    assert not _timestamped(stored_pdf(surat))
    assert surat.tte_waktu is not None
    assert signing.check_letter(surat, stored_pdf(surat)).verdict == signing.Verdict.VALID
    down = [r for r in caplog.records if r.levelname == "ERROR" and "does not answer" in r.message]
    assert len(down) == 1
    caplog.clear()
    issue([pendaftaran_b], staff)
    assert not [r for r in caplog.records if "timestamp server" in r.message]

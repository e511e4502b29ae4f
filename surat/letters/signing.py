"""Electronic signatures on issued letters (PAdES, pyHanko), and checking a
PDF someone uploads on the verification page against the letter issued.

The letter code knows only `signer()`: the one Signer in force, with
`enabled` and `sign(pdf_bytes) -> bytes`. That is a Pkcs12Signer (the
institution's certificate in a PKCS#12 file, LETTER_SIGNING_P12), a
Pkcs11Signer (its key on a token or HSM behind a PKCS#11 module,
LETTER_SIGNING_PKCS11_MODULE), or the NullSigner when neither is
configured. A remote signing service (a national CA's API) is one more
class with the same two members, chosen in `signer()`; what it returns must
be the PDF with one PAdES signature over the whole file, which
`read_signature` then reads back (signer and time) whoever made it."""

import asyncio
import datetime as dt
import functools
import hashlib
import io
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko_certvalidator import ValidationContext

log = logging.getLogger(__name__)

FIELD_NAME = "TandaTanganElektronik"


def _without_a_running_loop(call, *args, **kwargs):
    """Run `call` where no asyncio loop runs. pyHanko's synchronous API wraps
    its async one in asyncio.run(), which refuses to start inside a running
    loop: a thread that already has one (Playwright's sync API keeps one on
    the tests' thread; an async server would) runs the call in a thread of
    its own instead."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call, *args, **kwargs).result()


class Signer(Protocol):
    enabled: bool

    def sign(self, pdf: bytes) -> bytes: ...


class NullSigner:
    """No certificate configured: letters are stored as WeasyPrint made them."""

    enabled = False

    def sign(self, pdf: bytes) -> bytes:
        return pdf


class _PadesSigner:
    """What both certificate signers share: the signature is PAdES
    (ETSI.CAdES.detached) over the whole file, with the signing time as a
    signed attribute and, when `tsa_url` is set, an RFC 3161 timestamp on the
    signature from that server.

    A timestamp server that does not answer must not stop letters going out
    within the hour: it is asked TSA_ATTEMPTS times, then the letter is
    signed without a timestamp (its signing time still signed) and the
    failure logged as an error; for TSA_REST_SECONDS afterwards letters are
    signed without asking, so an outage does not add its timeouts to every
    issue (which runs inside the numbering transaction)."""

    enabled = True
    TSA_ATTEMPTS = 2
    TSA_TIMEOUT_SECONDS = 5
    TSA_REST_SECONDS = 300

    def __init__(self, *, pyhanko_signer, tsa_url=""):
        self._signer = pyhanko_signer
        self.tsa_url = tsa_url
        self._tsa_rests_until = 0.0
        # A PKCS#11 session is not to be used by two threads at once.
        self._lock = threading.Lock()

    @property
    def certificate(self):
        return self._signer.signing_cert

    def sign(self, pdf: bytes) -> bytes:
        with self._lock:
            if self.tsa_url and time.monotonic() >= self._tsa_rests_until:
                for attempt in range(1, self.TSA_ATTEMPTS + 1):
                    try:
                        return self._sign(
                            pdf,
                            timestamps.HTTPTimeStamper(
                                self.tsa_url, timeout=self.TSA_TIMEOUT_SECONDS
                            ),
                        )
                    except timestamps.TimestampRequestError:
                        log.warning("timestamp server %s: attempt %s failed", self.tsa_url, attempt)
                self._tsa_rests_until = time.monotonic() + self.TSA_REST_SECONDS
                log.error(
                    "timestamp server %s does not answer: letters are signed without "
                    "a timestamp for %s s",
                    self.tsa_url,
                    self.TSA_REST_SECONDS,
                )
            return self._sign(pdf, None)

    def _sign(self, pdf, timestamper):
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason="Surat resmi yang diterbitkan",
            location=settings.SITE_URL,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        pdf_signer = signers.PdfSigner(meta, signer=self._signer, timestamper=timestamper)
        out = _without_a_running_loop(pdf_signer.sign_pdf, writer)
        return out.getvalue()


class Pkcs12Signer(_PadesSigner):
    """The institution's key and certificate from a PKCS#12 file."""

    def __init__(self, *, path, passphrase, tsa_url=""):
        data = Path(path).read_bytes()
        try:
            loaded = signers.SimpleSigner.load_pkcs12_data(
                data, other_certs=[], passphrase=passphrase.encode() if passphrase else None
            )
        except ValueError as error:
            raise ImproperlyConfigured(
                f"LETTER_SIGNING_P12 {path} cannot be opened with LETTER_SIGNING_PASSPHRASE."
            ) from error
        super().__init__(pyhanko_signer=loaded, tsa_url=tsa_url)


class Pkcs11Signer(_PadesSigner):
    """The institution's key on a token or HSM, through its PKCS#11 module
    (the vendor's .so; SoftHSM in the tests). The key never leaves the
    token: pyHanko sends it the digest to sign. The certificate is read from
    the token under the same label as the key. The session is opened on
    first use in each process (never before gunicorn forks its workers)."""

    def __init__(self, *, module, token_label, key_label, pin, tsa_url=""):
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11

        try:
            session = pkcs11.open_pkcs11_session(
                module, token_criteria=TokenCriteria(label=token_label or None), user_pin=pin
            )
            loaded = pkcs11.PKCS11Signer(session, key_label=key_label, cert_label=key_label)
            loaded.signing_cert  # noqa: B018  read now: a wrong label fails here, not at issue
        except Exception as error:
            raise ImproperlyConfigured(
                f"LETTER_SIGNING_PKCS11_MODULE {module}: cannot use key {key_label!r} "
                f"on token {token_label!r} ({error})."
            ) from error
        super().__init__(pyhanko_signer=loaded, tsa_url=tsa_url)


@functools.cache
def _configured(p12, passphrase, pkcs11, tsa_url) -> Signer:
    if pkcs11:
        module, token_label, key_label, pin = pkcs11
        return Pkcs11Signer(
            module=module, token_label=token_label, key_label=key_label, pin=pin, tsa_url=tsa_url
        )
    if p12:
        return Pkcs12Signer(path=p12, passphrase=passphrase, tsa_url=tsa_url)
    return NullSigner()


def signer() -> Signer:
    """The Signer the settings name (loaded once per process and settings)."""
    module = settings.LETTER_SIGNING_PKCS11_MODULE
    pkcs11 = (
        (
            module,
            settings.LETTER_SIGNING_PKCS11_TOKEN,
            settings.LETTER_SIGNING_PKCS11_KEY,
            settings.LETTER_SIGNING_PKCS11_PIN,
        )
        if module
        else None
    )
    return _configured(
        settings.LETTER_SIGNING_P12,
        settings.LETTER_SIGNING_PASSPHRASE,
        pkcs11,
        settings.LETTER_SIGNING_TSA_URL,
    )


@dataclass(frozen=True)
class Signature:
    """What a letter records of its signature, read back from the signed PDF."""

    signer: str
    signed_at: dt.datetime | None
    certificate_sha256: str


def _subject(cert) -> str:
    """ "UPT-PKPK (Politeknik Negeri Batam)": the certificate's common name and organisation."""
    names = cert.subject.native
    common, organisation = names.get("common_name"), names.get("organization_name")
    if not common:
        return cert.subject.human_friendly
    return f"{common} ({organisation})" if organisation else common


def _fingerprint(cert) -> str:
    return hashlib.sha256(cert.dump()).hexdigest()


def _reader(pdf: bytes):
    return PdfFileReader(io.BytesIO(pdf))


def read_signature(pdf: bytes) -> Signature | None:
    """The signer and signing time of the PDF's last signature, or None when
    it carries none. Reads only; `check` validates."""
    signatures = _reader(pdf).embedded_signatures
    if not signatures:
        return None
    sig = signatures[-1]
    return Signature(
        signer=_subject(sig.signer_cert),
        signed_at=sig.self_reported_timestamp,
        certificate_sha256=_fingerprint(sig.signer_cert),
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Verdict:
    do_not_call_in_templates = True  # the page compares with these constants
    VALID = "valid"  # intact, cryptographically valid, whole file, the letter's certificate
    OTHER_CERTIFICATE = "other_certificate"  # intact and valid, but not the letter's certificate
    INVALID = "invalid"  # changed after signing, or a broken signature
    UNSIGNED = "unsigned"
    UNREADABLE = "unreadable"  # not a PDF we can read


@dataclass(frozen=True)
class UploadCheck:
    same_file: bool  # byte for byte the PDF the unit issued
    verdict: str
    signer: str = ""
    signed_at: dt.datetime | None = None


def check(pdf: bytes, *, issued_sha256: str, certificate_sha256: str) -> UploadCheck:
    """Whether `pdf` (untrusted, from an upload) is exactly the issued letter
    (its SHA-256 against the one recorded at issue) and whether its
    signature is valid and intact: pyHanko's validation, trusting only the
    certificate the letter recorded when it was signed."""
    same = bool(issued_sha256) and sha256(pdf) == issued_sha256
    try:
        return _check_signature(pdf, same=same, certificate_sha256=certificate_sha256)
    except Exception:  # noqa: BLE001  anything a hostile or broken file makes the parser raise
        log.info("uploaded PDF could not be validated", exc_info=True)
        return UploadCheck(same_file=same, verdict=Verdict.UNREADABLE)


def check_letter(surat, pdf: bytes) -> UploadCheck:
    """`check` against letter `surat`: the hash recorded at issue or, for a
    letter issued before hashes were recorded, its stored file's."""
    issued = surat.sha256
    if not issued and surat.berkas:
        with surat.berkas.open("rb") as handle:
            issued = sha256(handle.read())
    return check(pdf, issued_sha256=issued, certificate_sha256=surat.tte_sertifikat)


def _check_signature(pdf, *, same, certificate_sha256) -> UploadCheck:
    signatures = _reader(pdf).embedded_signatures
    if not signatures:
        return UploadCheck(same_file=same, verdict=Verdict.UNSIGNED)
    sig = signatures[-1]
    cert = sig.signer_cert
    ours = bool(certificate_sha256) and _fingerprint(cert) == certificate_sha256
    context = ValidationContext(trust_roots=[cert] if ours else [], allow_fetching=False)
    try:
        status = _without_a_running_loop(validate_pdf_signature, sig, context)
    except SignatureValidationError:
        return UploadCheck(same_file=same, verdict=Verdict.INVALID)
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    if not (status.intact and status.valid and whole):
        verdict = Verdict.INVALID
    elif ours and status.trusted:
        verdict = Verdict.VALID
    else:
        verdict = Verdict.OTHER_CERTIFICATE
    return UploadCheck(
        same_file=same,
        verdict=verdict,
        signer=_subject(cert),
        signed_at=sig.self_reported_timestamp,
    )


def self_signed(*, common_name, organization="", days=3650, purpose=None):
    """A new RSA key and a self-signed certificate for it (cryptography's
    objects), for `purpose` (an extended key usage; e-mail protection, as
    document signing certificates carry, by default)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organization:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"))
    name = x509.Name(attributes)
    now = dt.datetime.now(dt.UTC)
    purpose = purpose or ExtendedKeyUsageOID.EMAIL_PROTECTION
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        # A timestamping certificate must say so critically (RFC 3161).
        .add_extension(
            x509.ExtendedKeyUsage([purpose]),
            critical=purpose == ExtendedKeyUsageOID.TIME_STAMPING,
        )
        .sign(key, hashes.SHA256())
    )
    return key, cert


def make_self_signed(path, *, passphrase, common_name, organization="", days=3650):
    """A self-signed certificate and its key in a PKCS#12 file at `path`, for
    the demo (`manage.py demo_signing_certificate`) and the tests: never for
    real letters, whose certificate the institution obtains from a CA."""
    key, cert = self_signed(common_name=common_name, organization=organization, days=days)
    data = pkcs12.serialize_key_and_certificates(
        common_name.encode(),
        key,
        cert,
        None,
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o600)
    return cert.public_bytes(serialization.Encoding.PEM)

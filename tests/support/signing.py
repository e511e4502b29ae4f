"""A throw-away signing certificate made for one test (never a committed
key), the letters' PDFs for the validators run on them, and a local RFC 3161
timestamp server."""

import contextlib
import http.server
import threading
from pathlib import Path

from surat.letters import signing

PASSPHRASE = "uji-sertifikat-sekali-pakai"  # noqa: S105  a test's own throw-away key


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed PKCS#12 file and its certificate as PEM, in `folder`."""
    p12 = folder / "uji.p12"
    pem = folder / "uji.pem"
    pem.write_bytes(
        signing.make_self_signed(
            p12,
            passphrase=PASSPHRASE,
            common_name="UPT-PKPK Uji",
            organization="Politeknik Uji",
        )
    )
    return p12, pem


def stored_pdf(surat) -> bytes:
    with surat.berkas.open("rb") as handle:
        return handle.read()


def with_one_byte_changed(pdf: bytes) -> bytes:
    """`pdf` with one byte of its first page's content stream changed: still
    a readable PDF, no longer the one signed."""
    start = pdf.index(b"stream", pdf.index(b"/Length")) + len(b"stream\n") + 10
    changed = bytearray(pdf)
    changed[start] ^= 0x01
    return bytes(changed)


def _tsa_certificate():
    """A throw-away timestamping authority: its key and certificate (asn1crypto)."""
    import datetime as dt

    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TSA Uji")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return (
        keys.PrivateKeyInfo.load(der_key),
        asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
    )


@contextlib.contextmanager
def timestamp_server():
    """An RFC 3161 timestamp server over real HTTP on a free local port
    (pyHanko's DummyTimeStamper answers): yields (url, its certificate,
    the list of requests it answered)."""
    from asn1crypto import tsp
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    tsa_key, tsa_cert = _tsa_certificate()
    stamper = DummyTimeStamper(tsa_cert=tsa_cert, tsa_key=tsa_key)
    answered = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            answered.append(self.headers.get("Content-Type"))
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa", tsa_cert, answered
    finally:
        server.shutdown()
        server.server_close()

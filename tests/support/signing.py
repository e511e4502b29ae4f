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
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID

    key, cert = signing.self_signed(
        common_name="TSA Uji", days=30, purpose=ExtendedKeyUsageOID.TIME_STAMPING
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
def timestamp_server(*, failing=0):
    """An RFC 3161 timestamp server over real HTTP on a free local port
    (pyHanko's DummyTimeStamper answers): yields (url, its certificate,
    the list of requests it answered). Its first `failing` requests get a
    503, as from a server that is overloaded or restarting."""
    from asn1crypto import tsp
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    tsa_key, tsa_cert = _tsa_certificate()
    stamper = DummyTimeStamper(tsa_cert=tsa_cert, tsa_key=tsa_key)
    answered, refused = [], []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if len(refused) < failing:
                refused.append(body)
                self.send_error(503)
                return
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


SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_LABEL = "pkpk-uji"
KEY_LABEL = "surat-uji"
TOKEN_PIN = "246810"  # noqa: S105  a throw-away token's PIN


def softhsm_token(folder: Path) -> Path:
    """A SoftHSM token in `folder` holding a throw-away key and its
    self-signed certificate under KEY_LABEL, as an institution's token holds
    its signing key: the key imported, then the certificate written beside
    it. Returns the SoftHSM config file, for SOFTHSM2_CONF. SoftHSM reads
    the config once per process, so the tests make one token per session."""
    import subprocess

    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from pkcs11 import Attribute, CertificateType, ObjectClass

    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    env = {"SOFTHSM2_CONF": str(conf), "PATH": "/usr/bin:/bin"}
    util = ["softhsm2-util"]
    subprocess.run(
        [*util, "--init-token", "--free", "--label", TOKEN_LABEL, "--pin", TOKEN_PIN]
        + ["--so-pin", TOKEN_PIN],
        env=env,
        check=True,
        capture_output=True,
    )
    key, cert = signing.self_signed(common_name="UPT-PKPK Token Uji", organization="Politeknik Uji")
    pem = folder / "key.pem"
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    subprocess.run(
        [*util, "--import", str(pem), "--token", TOKEN_LABEL, "--label", KEY_LABEL, "--id", "01"]
        + ["--pin", TOKEN_PIN],
        env=env,
        check=True,
        capture_output=True,
    )
    pem.unlink()
    import os

    os.environ["SOFTHSM2_CONF"] = str(conf)
    token = pkcs11.lib(SOFTHSM_MODULE).get_token(token_label=TOKEN_LABEL)
    with token.open(rw=True, user_pin=TOKEN_PIN) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: KEY_LABEL,
                Attribute.ID: b"\x01",
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
                # SoftHSM, like the standard, wants the subject spelled out.
                Attribute.SUBJECT: cert.subject.public_bytes(),
            }
        )
    return conf

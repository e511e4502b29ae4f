"""A throw-away signing certificate made for one test (never a committed
key), and the letters' PDFs as files for the validators run on them."""

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

"""Vacancies, applications and uploads shared by the registration tests
(student and staff side): a vacancy for prodi X, a helper that submits an
application through the service, and small real/fake files."""

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from magang import services
from tests.factories import LowonganFactory, PerusahaanFactory

WIB = ZoneInfo("Asia/Jakarta")

# The smallest files that pass the content checks, and one that must not.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48


def at(*args):
    """Freeze time at a WIB wall-clock moment: `with at(2026, 11, 2, 10, 0): ...`."""
    return time_machine.travel(dt.datetime(*args, tzinfo=WIB), tick=False)


def pdf(name="dokumen.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name="balasan.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def exe_posing_as_pdf(name="cv.pdf"):
    return SimpleUploadedFile(name, EXE_BYTES, content_type="application/pdf")


def submit(mahasiswa, *, lowongan=None, perusahaan=None, **extra):
    """Submit an application through the service, as the student would.
    Mandiri (a new company) unless `lowongan` is given."""
    fields = {
        "posisi": "Pengembang web",
        "mulai": dt.date(2027, 2, 1),
        "selesai": dt.date(2027, 5, 31),
        "kontak_nama": "Ibu Ratna",
        "kontak_jabatan": "HRD",
        "kontak_email": "hrd@mitra.example.test",
        "cv": pdf("cv.pdf"),
        "transkrip": pdf("transkrip.pdf"),
    }
    if lowongan is not None:
        fields.update(lowongan=lowongan, posisi="", mulai=None, selesai=None)
    else:
        fields["perusahaan"] = perusahaan or PerusahaanFactory()
    fields.update(extra)
    return services.submit_application(mahasiswa=mahasiswa, by=mahasiswa.user, **fields)


@pytest.fixture
def perusahaan(db):
    return PerusahaanFactory(nama="PT Batam Presisi Elektronik", kota="Batam")


@pytest.fixture
def lowongan(prodi_x, perusahaan):
    """An open vacancy for prodi X (student_a's programme)."""
    return LowonganFactory(
        perusahaan=perusahaan,
        posisi="Pengembang Web Magang",
        prodi=[prodi_x],
        kuota=2,
    )


@pytest.fixture
def lowongan_y(prodi_y):
    """An open vacancy for prodi Y only (student_b's programme)."""
    return LowonganFactory(
        perusahaan__nama="PT Akuntan Bersama", posisi="Asisten Akuntan", prodi=[prodi_y]
    )


@pytest.fixture
def pendaftaran_a(student_a, lowongan):
    """student_a's application to `lowongan`, submitted now (state diajukan)."""
    return submit(student_a, lowongan=lowongan)


@pytest.fixture
def pendaftaran_b(student_b, lowongan_y):
    """student_b's application to `lowongan_y`, submitted now (state diajukan)."""
    return submit(student_b, lowongan=lowongan_y)


def page_text(response):
    """The page as the user reads it: tags dropped, entities decoded, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


def user_of(request, name):
    """The User behind a cast fixture name ("student_a", "staff", ...)."""
    obj = request.getfixturevalue(name)
    return getattr(obj, "user", obj)


def countdown(*, days, working_days):
    """The countdown as templates/magang/_countdown.html words it."""
    from django.utils.translation import ngettext

    left = ngettext("%(n)s working day left", "%(n)s working days left", working_days) % {
        "n": working_days
    }
    in_all = ngettext("%(days)s day in all", "%(days)s days in all", days) % {"days": days}
    return f"{left} ({in_all})"

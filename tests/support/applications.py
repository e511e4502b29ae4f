"""Applications (magang) as the services make them, in each state, and
rows written straight into the table where a list test needs many."""

import datetime as dt

from django.utils import timezone

from magang import answers, expiry, services
from magang.models import Jalur, Pendaftaran
from tests.factories import MahasiswaFactory, PerusahaanFactory

from .files import pdf


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


def waiting_for_approval(mahasiswa, staff):
    """An application in `menunggu`: the student was accepted before."""
    first = submit(mahasiswa)
    answers.record_answer(pendaftaran=first, hasil="diterima", by=staff)
    return submit(mahasiswa)


def expired(mahasiswa):
    """An application past its 10 working days, moved to `kedaluwarsa`."""
    pendaftaran = submit(mahasiswa)
    expiry.expire_overdue(now=pendaftaran.batas_jawaban)
    pendaftaran.refresh_from_db()
    return pendaftaran


def uploaded_reply(pendaftaran, hasil="diterima"):
    """The student uploads the company's reply; it waits for staff."""
    return answers.upload_reply(
        pendaftaran=pendaftaran,
        by=pendaftaran.mahasiswa.user,
        hasil=hasil,
        berkas=pdf("balasan.pdf"),
        nomor_surat="012/HRD/2026",
        catatan="Divisi IT",
    )


def make_application(mahasiswa, *, status=Pendaftaran.Status.DITOLAK, submitted=None, **extra):
    """A row straight into the table, for list tests that need many of them
    (the services are tested elsewhere)."""
    submitted = submitted or timezone.now()
    fields = {
        "mahasiswa": mahasiswa,
        "perusahaan": extra.pop("perusahaan", None) or PerusahaanFactory(),
        "jalur": Jalur.MANDIRI,
        "posisi": "Staf magang",
        "mulai": dt.date(2027, 2, 1),
        "selesai": dt.date(2027, 5, 31),
        "kontak_nama": "Ibu HRD",
        "status": status,
        "dibuat": submitted,
        "diajukan_pada": submitted,
        "batas_jawaban": submitted + dt.timedelta(days=14),
    }
    fields.update(extra)
    return Pendaftaran.objects.create(**fields)


def another_application(prodi, **student):
    """A new student of `prodi` with a submitted application to a new company."""
    mahasiswa = MahasiswaFactory(prodi=prodi, **student)
    return submit(mahasiswa, perusahaan=PerusahaanFactory())


def classmate_of(pendaftaran, nim, nama="Dedi Putra", **extra):
    """A classmate (same programme) with a submitted application to the same company."""
    mahasiswa = MahasiswaFactory(nim=nim, prodi=pendaftaran.mahasiswa.prodi, user__nama=nama)
    return submit(mahasiswa, perusahaan=pendaftaran.perusahaan, **extra)

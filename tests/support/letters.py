"""Letters and letter requests (surat): issued as staff, accepted, read back
from their PDF; requests and questions reaching the unit, with their clocks."""

import datetime as dt
import io
from itertools import count

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from magang import answers as magang_answers
from notifikasi.models import Notifikasi
from surat.desk import clocks, requesting
from surat.letters import services
from surat.models import Jenis, Permintaan, Surat

from .clock import D, at


def issue(pendaftaran_list, by, *, jenis=Jenis.PERMOHONAN, **extra):
    fields = {"penerima_jabatan": "Manajer HRD", "penerima_nama": "Ibu Ratna"}
    fields.update(extra)
    return services.issue_letter(jenis=jenis, pendaftaran_list=pendaftaran_list, by=by, **fields)


def accept(pendaftaran, staff):
    return magang_answers.record_answer(pendaftaran=pendaftaran, hasil="diterima", by=staff)


def pdf_text(surat):
    with surat.berkas.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def ask_for_letter(pendaftaran, **extra):
    """A letter request for `pendaftaran`, by its own student, now."""
    fields = {
        "pemohon": pendaftaran.mahasiswa,
        "jenis": Jenis.PERMOHONAN,
        "pendaftaran": pendaftaran,
        "penerima_jabatan": "Manajer HRD",
        "penerima_nama": "Ibu Ratna",
        "mulai": dt.date(2027, 2, 1),
        "selesai": dt.date(2027, 5, 31),
        "data_benar": True,
    }
    fields.update(extra)
    return requesting.submit_letter_request(**fields)


_numbers = count(1)


def question(student, isi="Kapan surat permohonan saya bisa diambil?"):
    """A question reaching the unit now (time is frozen by the caller)."""
    return Permintaan.objects.create(
        jenis=Jenis.PERTANYAAN, pemohon=student, isi=isi, data_benar=True
    )


def letter_request(student, perusahaan):
    """A surat permohonan request reaching the unit now."""
    return Permintaan.objects.create(
        jenis=Jenis.PERMOHONAN,
        pemohon=student,
        perusahaan=perusahaan,
        penerima_jabatan="Manajer HRD",
        mulai=D(2027, 2, 1),
        selesai=D(2027, 5, 31),
        data_benar=True,
    )


def started(permintaan, *moment):
    """Start `permintaan`'s clocks at the frozen WIB moment; {jenis: Jam}."""
    with at(*moment):
        return {jam.jenis: jam for jam in clocks.start_request_clocks(permintaan)}


def cover_letter(staff, perusahaan, day):
    """A surat pengantar dated `day` (issued at 10:00 WIB) with its
    confirmation clock, written directly: these tests are about the clock,
    not the PDF (test_issue_starts_the_confirmation_clock goes the real way)."""
    urutan = next(_numbers)
    with at(day.year, day.month, day.day, 10, 0):
        surat = Surat.objects.create(
            jenis=Jenis.PENGANTAR,
            tahun=day.year,
            urutan=urutan,
            nomor=f"{urutan:04d}/PL29/KM/{day.year}",
            tanggal=day,
            perusahaan=perusahaan,
            penerima_jabatan="HR Manager",
            perusahaan_nama=perusahaan.nama,
            perusahaan_kota=perusahaan.kota,
            mulai=D(2027, 2, 1),
            selesai=D(2027, 5, 31),
            penandatangan_nama="Dr. Hendra Saputra, S.T., M.T.",
            penandatangan_jabatan="Kepala UPT-PKPK",
            diterbitkan_oleh=staff,
            diterbitkan_pada=timezone.now(),
        )
        jam = clocks.start_confirmation_clock(surat)
    return surat, jam


def told_about(permintaan, user):
    """The notifications `user` got that lead to the request's page."""
    link = reverse("surat:request_detail", args=[permintaan.pk])
    return Notifikasi.objects.filter(penerima=user, tautan=link)

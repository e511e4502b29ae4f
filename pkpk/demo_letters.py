"""The demo's letter desk (part of `seed_demo`, see pkpk/demo.py): a few demo
students' applications and what they asked the unit for, so the staff queue
shows work in every state: a letter request waiting, one claimed by staf1,
one returned with a reason, a question, and a surat pengantar issued.

Everything goes through the services students and staff use, so letter
numbers, service clocks, events and notifications are the real thing. Like
the rest of the seed it only adds: a student's part is written when that
student has no application and no request yet, so a second run writes
nothing and a demo staff played with stays as they left it.
"""

import datetime as dt
from typing import NamedTuple

from django.utils import timezone

from magang import services as magang_services
from magang.models import Pendaftaran
from surat import request_services
from surat.models import Permintaan

from .models import Mahasiswa, Perusahaan, User

Jenis = Permintaan.Jenis
Status = Permintaan.Status


class DemoApplication(NamedTuple):
    student: int  # index in demo.students()
    company: str  # a name in demo.PERUSAHAAN
    posisi: str
    accepted: bool
    penempatan: str = ""


class DemoRequest(NamedTuple):
    student: int
    jenis: str
    state: str  # where staff left it; SELESAI: the letter was issued
    penerima_nama: str = ""
    penerima_jabatan: str = ""
    isi: str = ""
    alasan: str = ""  # why staff returned it


# Index 0 is the student `make run` prints as the example sign-in.
APPLICATIONS = [
    DemoApplication(0, "PT Nongsa Digital Kreasi", "Pengembang aplikasi web", False),
    DemoApplication(4, "PT Kepri Jaringan Aman", "Analis pemantauan keamanan (SOC)", False),
    DemoApplication(
        7, "PT Batam Presisi Elektronika", "Teknisi lini produksi SMT", True, "Produksi SMT"
    ),
    DemoApplication(
        14,
        "PT Hang Nadim Aero Services",
        "Mekanik perawatan pesawat",
        True,
        "Base maintenance, hanggar 2",
    ),
]
REQUESTS = [
    DemoRequest(0, Jenis.PERMOHONAN, Status.MENUNGGU, "Kevin Pratama", "Head of Studio"),
    DemoRequest(4, Jenis.PERMOHONAN, Status.DIPROSES, "Nadia Putri", "Security Operations Lead"),
    DemoRequest(
        7,
        Jenis.PENGANTAR,
        Status.DIKEMBALIKAN,
        penerima_jabatan="HRD",
        alasan=(
            "Penerima surat belum lengkap: surat pengantar ke PT Batam Presisi Elektronika "
            "ditujukan kepada Ibu Lina Marlina, HR Manager. Mohon lengkapi nama dan jabatan "
            "penerima, lalu kirim ulang."
        ),
    ),
    DemoRequest(14, Jenis.PENGANTAR, Status.SELESAI, "Rizal Hakim", "Training Manager"),
    DemoRequest(
        19,
        Jenis.PERTANYAAN,
        Status.MENUNGGU,
        isi=(
            "Selamat siang, Bu/Pak. Apakah surat pengantar magang bisa ditujukan langsung "
            "kepada kepala bagian keuangan, bukan ke HRD? Terima kasih."
        ),
    ),
]


class Counts(NamedTuple):
    pendaftaran: int = 0
    permintaan: int = 0
    surat: int = 0


def period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The internship period the demo applications ask for: the four months
    from the first day of the third month after `today` (November 2026:
    1 February to 31 May 2027)."""
    years, month = divmod(today.month + 2, 12)
    mulai = dt.date(today.year + years, month + 1, 1)
    years, month = divmod(mulai.month + 3, 12)
    selesai = dt.date(mulai.year + years, month + 1, 1) - dt.timedelta(days=1)
    return mulai, selesai


def seed_letters(*, students, staff_username: str) -> Counts:
    """Write the scenario for each demo student in it who has no application
    and no request yet. `students` are demo.students(); the staff member who
    claims and issues is `staff_username` (nothing is written when that
    account is missing). Call inside seed()'s transaction."""
    staff = User.objects.filter(username=staff_username, is_active=True).first()
    if staff is None:
        return Counts()
    free = _free_students(students)
    companies = {
        c.nama: c for c in Perusahaan.objects.filter(nama__in=[a.company for a in APPLICATIONS])
    }
    mulai, selesai = period(timezone.localdate())
    applications = {
        a.student: _apply(free[a.student], companies[a.company], a, staff, mulai, selesai)
        for a in APPLICATIONS
        if a.student in free and a.company in companies
    }
    requests = letters = 0
    for r in REQUESTS:
        if r.student not in free:
            continue
        if r.jenis != Jenis.PERTANYAAN and r.student not in applications:
            continue
        letters += _request(free[r.student], applications.get(r.student), r, staff)
        requests += 1
    return Counts(len(applications), requests, letters)


def _free_students(students) -> dict[int, Mahasiswa]:
    """The scenario's demo students (by index) who have neither an
    application nor a request: theirs to write."""
    nims = {i: students[i].nim for i in sorted({x.student for x in APPLICATIONS + REQUESTS})}
    emails = {students[i].nim: students[i].email for i in nims}
    found = {
        m.nim: m
        for m in Mahasiswa.objects.select_related("user").filter(nim__in=list(emails))
        if m.user.email == emails[m.nim]  # a real account may share a demo NIM
    }
    busy = set(
        Pendaftaran.objects.filter(mahasiswa__nim__in=list(found)).values_list(
            "mahasiswa__nim", flat=True
        )
    )
    busy |= set(
        Permintaan.objects.filter(pemohon__nim__in=list(found)).values_list(
            "pemohon__nim", flat=True
        )
    )
    return {i: found[nim] for i, nim in nims.items() if nim in found and nim not in busy}


def _apply(mahasiswa, perusahaan, a, staff, mulai, selesai):
    pendaftaran = magang_services.submit_application(
        mahasiswa=mahasiswa,
        by=mahasiswa.user,
        perusahaan=perusahaan,
        posisi=a.posisi,
        mulai=mulai,
        selesai=selesai,
        kontak_nama=perusahaan.kontak_nama,
        kontak_jabatan=perusahaan.kontak_jabatan,
        kontak_email=perusahaan.email,
        kontak_telepon=perusahaan.telepon,
    )
    if a.accepted:
        pendaftaran = magang_services.record_answer(
            pendaftaran=pendaftaran, hasil="diterima", by=staff, penempatan=a.penempatan
        )
    return pendaftaran


def _request(mahasiswa, pendaftaran, r, staff) -> int:
    """File one request and move it to its state; 1 when a letter was issued."""
    if r.jenis == Jenis.PERTANYAAN:
        request_services.ask_question(pemohon=mahasiswa, isi=r.isi)
        return 0
    permintaan = request_services.submit_letter_request(
        pemohon=mahasiswa,
        jenis=r.jenis,
        pendaftaran=pendaftaran,
        penerima_nama=r.penerima_nama,
        penerima_jabatan=r.penerima_jabatan,
        mulai=pendaftaran.mulai,
        selesai=pendaftaran.selesai,
        data_benar=True,
    )
    if r.state == Status.DIPROSES:
        request_services.claim(permintaan=permintaan, by=staff)
    elif r.state == Status.DIKEMBALIKAN:
        request_services.return_request(permintaan=permintaan, by=staff, alasan=r.alasan)
    elif r.state == Status.SELESAI:
        request_services.claim(permintaan=permintaan, by=staff)
        request_services.issue_from_request(permintaan=permintaan, by=staff)
        return 1
    return 0

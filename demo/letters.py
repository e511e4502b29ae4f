"""The demo's semester played (part of `seed_demo`, see demo/seed.py): the
vacancies (demo/vacancies.py), then the steps of every story of
demo/stories.py, of all students in time order, through the services
students and staff use, each told the instant it happens (`now=`), so
events, clocks, letter numbers (in date order), the 10-working-day rule and
the notifications of all of it are the real thing, and nothing is written
and then moved back (the retention triggers refuse that). Like the rest of
the seed it only adds: a student's story is written when that student has
no application and no request yet, so a second run writes nothing and a
demo staff played with stays as they left it.
"""

import datetime as dt
from typing import NamedTuple

import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import format_html

from magang import answers, expiry
from magang import services as magang_services
from magang.models import Pendaftaran
from pkpk.models import Mahasiswa, Perusahaan, User
from surat.company import services as company_services
from surat.desk import clocks, handling, requesting
from surat.letters import services as surat_services
from surat.models import Permintaan

from .stories import STORIES, Step, instant
from .vacancies import seed_vacancies


class Counts(NamedTuple):
    lowongan: int = 0
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
    """Write the vacancies and the story of each demo student in STORIES who
    has no application and no request yet. `students` are people.students();
    the staff member who acts is `staff_username` (nothing is written when
    that account is missing). Call inside seed()'s transaction."""
    staff = User.objects.filter(username=staff_username, is_active=True).first()
    if staff is None:
        return Counts()
    now = timezone.now()
    today = timezone.localdate(now)
    mulai, selesai = period(today)
    vacancies_written, vacancies = seed_vacancies(
        staff=staff, today=today, mulai=mulai, selesai=selesai
    )
    free = _free_students(students)
    run = _Run(staff=staff, now=now, vacancies=vacancies, mulai=mulai, selesai=selesai)
    timeline = sorted(
        (
            (instant(s.when, now), order, index, s)
            for index in free
            for order, s in enumerate(STORIES[index])
        ),
        key=lambda row: row[:2],
    )
    for at, _order, index, s in timeline:
        run.play(free[index], s, at)
    if run.requests:
        # What the worker's sweep does each minute: breaches recorded, staff
        # alerted, the nearly due confirmation reminded.
        clocks.sweep(now=now)
    return Counts(vacancies_written, run.applications, run.requests, run.letters)


def _free_students(students) -> dict[int, Mahasiswa]:
    """The story students (by index) who have neither an application nor a
    request: theirs to write."""
    emails = {students[i].nim: students[i].email for i in STORIES}
    found = {
        m.nim: m
        for m in Mahasiswa.objects.select_related("user", "prodi").filter(nim__in=list(emails))
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
    return {
        i: found[students[i].nim]
        for i in sorted(STORIES)
        if students[i].nim in found and students[i].nim not in busy
    }


class _Run:
    """The state of one seed's timeline: each student's latest application,
    request and letter, and what was written."""

    def __init__(self, *, staff, now, vacancies, mulai, selesai):
        self.staff, self.now, self.vacancies = staff, now, vacancies
        self.mulai, self.selesai = mulai, selesai
        self.application, self.request, self.letter = {}, {}, {}
        self.applications = self.requests = self.letters = 0

    def play(self, mahasiswa, s: Step, at) -> None:
        """Play one step of `mahasiswa`'s story at `at`. A story whose vacancy
        or company is missing stops where it needs it."""
        if s.action not in ("apply", "question") and mahasiswa.pk not in self.application:
            return
        getattr(self, f"_{s.action}")(mahasiswa, at, **s.args)

    def _apply(self, mahasiswa, at, vacancy="", company="", posisi=""):
        if vacancy:
            lowongan = self.vacancies.get(vacancy)
            if lowongan is None:
                return
            fields = {"lowongan": lowongan, "perusahaan": None}
            perusahaan = lowongan.perusahaan
        else:
            perusahaan = Perusahaan.objects.filter(nama=company).first()
            if perusahaan is None:
                return
            fields = {"perusahaan": perusahaan, "mulai": self.mulai, "selesai": self.selesai}
        self.application[mahasiswa.pk] = magang_services.submit_application(
            mahasiswa=mahasiswa,
            by=mahasiswa.user,
            posisi=posisi,
            kontak_nama=perusahaan.kontak_nama,
            kontak_jabatan=perusahaan.kontak_jabatan,
            kontak_email=perusahaan.email,
            kontak_telepon=perusahaan.telepon,
            now=at,
            **fields,
        )
        self.applications += 1

    def _answer(self, mahasiswa, at, hasil, penempatan):
        self.application[mahasiswa.pk] = answers.record_answer(
            pendaftaran=self.application[mahasiswa.pk],
            hasil=hasil,
            by=self.staff,
            penempatan=penempatan,
            now=at,
        )

    def _reply(self, mahasiswa, at):
        pendaftaran = self.application[mahasiswa.pk]
        answers.upload_reply(
            pendaftaran=pendaftaran,
            by=mahasiswa.user,
            hasil="diterima",
            berkas=_reply_letter(pendaftaran, mahasiswa),
            catatan="Surat balasan dari HR, diterima lewat surel.",
        )

    def _expire(self, mahasiswa, at):
        pendaftaran = self.application[mahasiswa.pk]
        # At the instant the block lifted, as the worker's sweep would have.
        expiry.expire_overdue(now=pendaftaran.batas_jawaban, mahasiswa=mahasiswa)

    def _cancel(self, mahasiswa, at, alasan):
        magang_services.cancel_application(
            pendaftaran=self.application[mahasiswa.pk], by=self.staff, alasan=alasan, now=at
        )

    def _request(self, mahasiswa, at, jenis, penerima_jabatan, penerima_nama):
        pendaftaran = self.application[mahasiswa.pk]
        self.request[mahasiswa.pk] = requesting.submit_letter_request(
            pemohon=mahasiswa,
            jenis=jenis,
            pendaftaran=pendaftaran,
            penerima_nama=penerima_nama,
            penerima_jabatan=penerima_jabatan,
            mulai=pendaftaran.mulai,
            selesai=pendaftaran.selesai,
            data_benar=True,
            now=at,
        )
        self.requests += 1

    def _question(self, mahasiswa, at, isi):
        requesting.ask_question(pemohon=mahasiswa, isi=isi, now=at)
        self.requests += 1

    def _claim(self, mahasiswa, at):
        handling.claim(permintaan=self.request[mahasiswa.pk], by=self.staff, now=at)

    def _return(self, mahasiswa, at, alasan):
        handling.return_request(
            permintaan=self.request[mahasiswa.pk], by=self.staff, alasan=alasan, now=at
        )

    def _issue(self, mahasiswa, at):
        self.letter[mahasiswa.pk] = handling.issue_from_request(
            permintaan=self.request[mahasiswa.pk], by=self.staff, now=at
        )
        self.letters += 1

    def _reissue(self, mahasiswa, at, alasan, **changes):
        self.letter[mahasiswa.pk] = surat_services.reissue_letter(
            surat=self.letter[mahasiswa.pk], by=self.staff, alasan=alasan, **changes
        )
        self.letters += 1

    def _confirm(self, mahasiswa, at):
        surat = self.letter[mahasiswa.pk]
        perusahaan = self.application[mahasiswa.pk].perusahaan
        company_services.record_company_confirmation(
            surat=surat,
            taken={m.pendaftaran_id: True for m in company_services.students_of(surat)},
            nama=perusahaan.kontak_nama,
            jabatan=perusahaan.kontak_jabatan,
        )

    def _feedback(self, mahasiswa, at):
        perusahaan = self.application[mahasiswa.pk].perusahaan
        questions = company_services.feedback_questions()
        company_services.submit_feedback(
            surat=self.letter[mahasiswa.pk],
            scores={q.pk: 4 if i % 2 else 3 for i, q in enumerate(questions)},
            nama=perusahaan.kontak_nama,
            jabatan=perusahaan.kontak_jabatan,
            komentar="Mahasiswa disiplin dan cepat belajar. "
            "Kami siap menerima angkatan berikutnya.",
        )


def _reply_letter(pendaftaran, mahasiswa) -> SimpleUploadedFile:
    """The company's one-page reply accepting `mahasiswa`, as a real PDF (an
    upload is checked by its content)."""
    perusahaan = pendaftaran.perusahaan
    html = format_html(
        "<h1>{}</h1><p>Dengan hormat, kami menerima {} ({}) untuk magang.</p><p>{}<br>{}</p>",
        perusahaan.nama,
        mahasiswa.user.nama,
        mahasiswa.nim,
        perusahaan.kontak_nama,
        perusahaan.kontak_jabatan,
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
    return SimpleUploadedFile("surat-balasan.pdf", pdf, content_type="application/pdf")

"""The demo's semester (part of `seed_demo`, see pkpk/demo.py): what a few
demo students did over the last six weeks, so every first page has work on
it: applications in every state (waiting with the 10-working-day countdown
running, accepted, rejected, expired, cancelled, waiting for staff approval,
a company's reply uploaded and waiting for staff to verify it),
letter requests in the staff queue with clocks at different points (fresh,
past 2/3 of their budget, breached), issued and voided letters, a cover
letter whose 14-working-day confirmation nearly ran out, a company's
confirmation and feedback, and the notifications of all of it.

Each step is placed relative to now by the calendar (pkpk/kalender.py):
`Day(n)` is 09:00 WIB on the nth working day before today, `Service(m)` the
instant m service minutes before now. The steps of all students run in time
order through the services students and staff use, each told the instant it
happens (`now=`), so events, clocks, letter numbers (in date order) and the
10-working-day rule are the real thing, and nothing is written and then
moved back (the retention triggers refuse that). The company's own answers
and the replacement of a voided letter happen now. Like the rest of the seed
it only adds: a student's story is written when that student has no
application and no request yet, so a second run writes nothing and a demo
staff played with stays as they left it.
"""

import datetime as dt
from typing import NamedTuple

import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import format_html

from magang import answers as magang_answers
from magang import expiry as magang_expiry
from magang import services as magang_services
from magang.models import Pendaftaran
from surat.company import services as company_services
from surat.desk import clocks, handling, requesting
from surat.letters import services
from surat.models import Jenis, Permintaan

from . import demo_vacancies, kalender
from .models import Mahasiswa, Perusahaan, User


class Day(NamedTuple):
    """09:00 WIB (plus `minutes`) on the `n`th working day before today."""

    n: int
    minutes: int = 0


class Service(NamedTuple):
    """`minutes` service minutes before now (0: now)."""

    minutes: int


class Step(NamedTuple):
    when: Day | Service | None  # None: now
    action: str
    args: dict = {}


def apply(when, vacancy="", **args):
    return Step(when, "apply", {"vacancy": vacancy, **args})


def answer(when, hasil, penempatan=""):
    return Step(when, "answer", {"hasil": hasil, "penempatan": penempatan})


def request(when, jenis, penerima_jabatan, penerima_nama=""):
    return Step(
        when,
        "request",
        {"jenis": jenis, "penerima_jabatan": penerima_jabatan, "penerima_nama": penerima_nama},
    )


def step(when, action, **args):
    return Step(when, action, args)


# Each demo student's story, by index in demo.students(): index i studies
# the (i mod 24)th programme that takes part (0-6 TI, 7-12 TE, 13-17 TM,
# 18-23 MB). Index 0 is the student `seed_demo --print-logins` shows.
STORIES = {
    # Waiting, 7 working days left; a fresh letter request.
    0: [
        apply(Day(3), "nongsa-web"),
        request(Service(2), Jenis.PERMOHONAN, "Head of Studio", "Kevin Pratama"),
    ],
    # Waiting, 2 days left; claimed, the issue clock past 2/3 (41 of 60 minutes).
    4: [
        apply(Day(8), "kepri-soc"),
        request(Service(41), Jenis.PERMOHONAN, "Security Operations Lead", "Nadia Putri"),
        step(Service(38), "claim"),
    ],
    # A question whose first-response clock is past 2/3 (11 of 15 minutes).
    19: [
        apply(Day(4), "akuntan"),
        step(
            Service(11),
            "question",
            isi="Selamat siang, Bu/Pak. Apakah surat pengantar magang bisa ditujukan langsung "
            "kepada kepala bagian keuangan, bukan ke HRD? Terima kasih.",
        ),
    ],
    # A letter request past both of its clocks (75 service minutes).
    23: [
        apply(Day(2), "logistik"),
        request(Service(75), Jenis.PERMOHONAN, "Manajer Operasional", "Yuliana Sari"),
    ],
    # Accepted; the cover-letter request returned for a missing recipient.
    7: [
        apply(Day(25), "smt"),
        answer(Day(18), "diterima", "Produksi SMT"),
        request(Day(17), Jenis.PENGANTAR, "HRD"),
        step(
            Day(17, 20),
            "return",
            alasan="Penerima surat belum lengkap: surat pengantar ke PT Batam Presisi "
            "Elektronika ditujukan kepada Ibu Lina Marlina, HR Manager. Mohon lengkapi nama "
            "dan jabatan penerima, lalu kirim ulang.",
        ),
    ],
    # Accepted; a cover letter of 12 working days ago: 2 days left to confirm.
    14: [
        apply(Day(24), "aero"),
        answer(Day(15), "diterima", "Base maintenance, hanggar 2"),
        request(Day(12), Jenis.PENGANTAR, "Training Manager", "Rizal Hakim"),
        step(Day(12, 30), "issue"),
    ],
    # The whole way: application letter, acceptance, cover letter, and the
    # company's confirmation and feedback through its link.
    16: [
        apply(Day(30), "las"),
        request(Day(29), Jenis.PERMOHONAN, "Kepala Produksi", "Hendri Gunawan"),
        step(Day(29, 40), "issue"),
        answer(Day(22), "diterima", "Bengkel fabrikasi"),
        request(Day(21), Jenis.PENGANTAR, "Kepala Produksi", "Hendri Gunawan"),
        step(Day(21, 45), "issue"),
        step(None, "confirm"),
        step(None, "feedback"),
    ],
    # Accepted (the vacancy's one place is taken); the cover letter went to
    # the wrong person, so staff voided it and issued its replacement today.
    2: [
        apply(Day(12), "nongsa-3d"),
        answer(Day(6), "diterima", "Studio animasi"),
        request(Day(5), Jenis.PENGANTAR, "HRD"),
        step(Day(5, 30), "issue"),
        step(
            None,
            "reissue",
            alasan="Penerima salah: surat ditujukan kepada Kevin Pratama, Head of Studio.",
            penerima_nama="Kevin Pratama",
            penerima_jabatan="Head of Studio",
        ),
    ],
    # Rejected by the company.
    1: [apply(Day(22), "geospasial"), answer(Day(14), "ditolak")],
    # No answer within 10 working days: expired.
    5: [apply(Day(14), "nongsa-web"), step(None, "expire")],
    # Cancelled by staff.
    9: [
        apply(Day(6), "smt"),
        step(
            Day(2),
            "cancel",
            alasan="Mahasiswa mengundurkan diri: diterima di program beasiswa industri.",
        ),
    ],
    # Accepted at a full vacancy, then registered elsewhere: waits for staff approval.
    12: [
        apply(Day(20), "plc"),
        answer(Day(12), "diterima", "Divisi panel otomasi"),
        apply(
            Day(1),
            company="PT Kabil Energi Lestari",
            posisi="Teknisi instrumentasi kilang",
        ),
    ],
    # Accepted: the hotel's one place is taken.
    22: [apply(Day(20), "hotel"), answer(Day(13), "diterima", "Keuangan")],
    # More waiting applications, for the coordinators' pages.
    13: [apply(Day(5), "drafter")],
    24: [apply(Day(1), "nongsa-web")],
    # The company's reply uploaded by the student today: waits for staff to verify it.
    28: [apply(Day(6), "kepri-soc"), step(None, "reply")],
    20: [apply(Day(7), "akuntan")],
}


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


def instant(when, now: dt.datetime) -> dt.datetime:
    """Where a step's `when` falls, relative to `now`."""
    if when is None:
        return now
    if isinstance(when, Service):
        return kalender.service_start_before(now, when.minutes)
    day = kalender.working_days_before(timezone.localdate(now), when.n)
    nine = dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_default_timezone())
    return nine + dt.timedelta(minutes=when.minutes)


def seed_letters(*, students, staff_username: str) -> Counts:
    """Write the vacancies and the story of each demo student in STORIES who
    has no application and no request yet. `students` are demo.students();
    the staff member who acts is `staff_username` (nothing is written when
    that account is missing). Call inside seed()'s transaction."""
    staff = User.objects.filter(username=staff_username, is_active=True).first()
    if staff is None:
        return Counts()
    now = timezone.now()
    today = timezone.localdate(now)
    mulai, selesai = period(today)
    vacancies_written, vacancies = demo_vacancies.seed_vacancies(
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
        self.application[mahasiswa.pk] = magang_answers.record_answer(
            pendaftaran=self.application[mahasiswa.pk],
            hasil=hasil,
            by=self.staff,
            penempatan=penempatan,
            now=at,
        )

    def _reply(self, mahasiswa, at):
        pendaftaran = self.application[mahasiswa.pk]
        magang_answers.upload_reply(
            pendaftaran=pendaftaran,
            by=mahasiswa.user,
            hasil="diterima",
            berkas=_reply_letter(pendaftaran, mahasiswa),
            catatan="Surat balasan dari HR, diterima lewat surel.",
        )

    def _expire(self, mahasiswa, at):
        pendaftaran = self.application[mahasiswa.pk]
        # At the instant the block lifted, as the worker's sweep would have.
        magang_expiry.expire_overdue(now=pendaftaran.batas_jawaban, mahasiswa=mahasiswa)

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
        self.letter[mahasiswa.pk] = services.reissue_letter(
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

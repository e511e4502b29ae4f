"""The demo's semester as a script (part of `seed_demo`, see demo/seed.py):
what a few demo students did over the last six weeks, so every first page
has work on it: applications in every state (waiting with the
10-working-day countdown running, accepted, rejected, expired, cancelled,
waiting for staff approval, a company's reply uploaded and waiting for
staff to verify it), letter requests in the staff queue with clocks at
different points (fresh, past 2/3 of their budget, breached), issued and
voided letters, a cover letter whose 14-working-day confirmation nearly ran
out, a company's confirmation and feedback. demo/letters.py plays it.

Each step is placed relative to now by the calendar (pkpk/kalender.py):
`Day(n)` is 09:00 WIB on the nth working day before today, `Service(m)` the
instant m service minutes before now, None now (the company's own answers
and the replacement of a voided letter happen now).
"""

import datetime as dt
from typing import NamedTuple

from django.utils import timezone

from pkpk import kalender
from surat.models import Jenis


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


# Each demo student's story, by index in demo.people.students(): index i studies
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


def instant(when, now: dt.datetime) -> dt.datetime:
    """Where a step's `when` falls, relative to `now`."""
    if when is None:
        return now
    if isinstance(when, Service):
        return kalender.service_start_before(now, when.minutes)
    # Counted from the last working day up to today, so the demo tells the
    # same story on a Saturday as on the Friday before it ("7 working days
    # left"): counted from the Saturday, Friday would be one of the n days.
    today = timezone.localdate(now)
    if not kalender.is_working_day(today):
        today = kalender.working_days_before(today, 1)
    day = kalender.working_days_before(today, when.n)
    nine = dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_default_timezone())
    return nine + dt.timedelta(minutes=when.minutes)

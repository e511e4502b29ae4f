"""Fictional demo data for `manage.py seed_demo`: the institution profile,
departments and study programmes, companies, about 200 students, staff and
coordinators, partner vacancies, a semester of applications, letter requests
and letters placed relative to today, and partnerships, all written by
`seed()` in one transaction. What each part seeds lives in its own module:
demo/institution.py (profile, programmes, companies), demo/people.py
(students, staff, coordinators), demo/vacancies.py, demo/stories.py (what
each story student did) played by demo/letters.py, and demo/partners.py.

This app is the one place allowed to import every other app: the core and
the apps know nothing of it.

How the seed recognises its own data (and refuses anyone else's):
- Every demo account's e-mail ends in `.polibatam.example` (a reserved domain,
  so no real account has one): students `<nim>@students.polibatam.example`,
  staff and coordinators `...@pkpk.polibatam.example`, their username being
  that e-mail. A user is demo data when its (username, e-mail) pair is one of
  the demo pairs; superusers are ignored (a developer's own admin account).
- A student is demo data when its NIM is a demo NIM; a department, study
  programme or company when its code (companies: normalised name and city) is
  one of the demo ones.
- Anything else is data the seed did not create: `seed()` raises `ForeignData`
  unless `force=True`, which adds the demo data next to it.

Rows are created when missing and never updated, so a second run writes
nothing, and demo data staff changed during a demo stays as they left it. The
institution profile is the exception: it always exists, and the seed fills it
only while it still holds the placeholder of pkpk.initial_data.
"""

from dataclasses import dataclass, fields

from django.db import connection, transaction
from django.db.models.functions import Lower

from pkpk.models import Jurusan, Mahasiswa, Perusahaan, ProgramStudi, User

from . import letters, partners
from .institution import (
    JURUSAN,
    PERUSAHAAN,
    PRODI,
    company_key,
    seed_companies,
    seed_profile,
    seed_programmes,
)
from .people import STAF, accounts, seed_people, students


class ForeignData(Exception):
    """The database holds data the demo seed did not create."""

    def __init__(self, found: list[str]):
        self.found = found
        super().__init__("; ".join(found))


@dataclass
class Summary:
    """What one run wrote: rows created (the profile: 1 when filled)."""

    profil: int = 0
    jam_layanan: int = 0
    jurusan: int = 0
    prodi: int = 0
    perusahaan: int = 0
    mahasiswa: int = 0
    staf: int = 0
    koordinator: int = 0
    lowongan: int = 0
    pendaftaran: int = 0
    permintaan: int = 0
    surat: int = 0
    kerjasama: int = 0

    LABELS = {
        "profil": "institution profile",
        "jam_layanan": "service-hour days written",
        "jurusan": "departments",
        "prodi": "study programmes",
        "perusahaan": "companies",
        "mahasiswa": "students",
        "staf": "staff",
        "koordinator": "coordinators",
        "lowongan": "vacancies",
        "pendaftaran": "applications",
        "permintaan": "service requests",
        "surat": "letters issued",
        "kerjasama": "partnerships",
    }

    @property
    def nothing_to_do(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def lines(self) -> list[str]:
        """One line per kind of row written, e.g. "students: 200"."""
        counts = {f.name: getattr(self, f.name) for f in fields(self)}
        counts["profil"] = "filled with the demo values" if self.profil else 0
        return [f"{self.LABELS[name]}: {n}" for name, n in counts.items() if n]


def foreign_data() -> list[str]:
    """What the database holds that the demo seed did not create (see the
    module docstring), as short descriptions; empty when there is none."""
    found = []

    def note(what, keys):
        keys = sorted(keys)
        if keys:
            shown = ", ".join(keys[:3]) + (", …" if len(keys) > 3 else "")
            found.append(f"{len(keys)} {what} ({shown})")

    demo_accounts = accounts()
    users = User.objects.filter(is_superuser=False).annotate(u=Lower("username"))
    note(
        "users",
        [
            username
            for username, email in users.values_list("u", "email")
            if demo_accounts.get(username) != email.lower()
        ],
    )
    nims = {s.nim for s in students()}
    note("students", Mahasiswa.objects.exclude(nim__in=nims).values_list("nim", flat=True))
    note("departments", Jurusan.objects.exclude(kode__in=JURUSAN).values_list("kode", flat=True))
    prodi_codes = [p.kode for p in PRODI]
    note(
        "study programmes",
        ProgramStudi.objects.exclude(kode__in=prodi_codes).values_list("kode", flat=True),
    )
    companies = {company_key(nama) for nama, *_rest in PERUSAHAAN}
    note(
        "companies",
        [
            nama
            for nama, *key in Perusahaan.objects.values_list("nama", "nama_normal", "kota_normal")
            if tuple(key) not in companies
        ],
    )
    return found


def seed(*, stdout=None, force: bool = False) -> Summary:
    """Create whatever demo data is missing, in one transaction. Raises
    ForeignData when the database holds data the seed did not create, unless
    `force`. Safe to run twice, also at the same time (an advisory lock)."""
    summary = Summary()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('demo.seed_demo'))")
        if not force and (found := foreign_data()):
            raise ForeignData(found)
        summary.profil, summary.jam_layanan = seed_profile()
        summary.jurusan, summary.prodi = seed_programmes()
        summary.perusahaan = seed_companies()
        summary.mahasiswa, summary.staf, summary.koordinator = seed_people()
        # After the people: the letter desk needs the students and staf1.
        (summary.lowongan, summary.pendaftaran, summary.permintaan, summary.surat) = (
            letters.seed_letters(students=students(), staff_username=STAF[0][0])
        )
        summary.kerjasama = partners.load(staff_username=STAF[0][0])
    if stdout:
        for line in summary.lines():
            stdout.write(f"  {line}\n")
    return summary

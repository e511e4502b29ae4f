"""The demo's people (part of `seed_demo`, see demo/seed.py): about 200
students spread over the programmes and cohorts, the unit's staff and the
department coordinators, all with one documented password. Every account's
e-mail ends in `.polibatam.example`, which is how the seed tells its own
accounts from anyone else's (demo/seed.py)."""

import random
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models.functions import Lower

from pkpk import roles
from pkpk.models import DosenKoordinator, Mahasiswa, ProgramStudi, User

from .institution import JURUSAN, PRODI

# One password for every demo account, printed by `make run`.
PASSWORD = "magang2026"  # noqa: S105 (a documented demo password, not a secret)

STUDENT_DOMAIN = "students.polibatam.example"
STAFF_DOMAIN = "pkpk.polibatam.example"

STAF = [
    (f"staf1@{STAFF_DOMAIN}", "Dewi Anggraini, S.E."),
    (f"staf2@{STAFF_DOMAIN}", "Rudi Hartono, A.Md."),
]
# (jurusan, e-mail, name, NIP: birth date, appointment month, sex, sequence)
KOORDINATOR = [
    ("TI", f"koor.ti@{STAFF_DOMAIN}", "Ahmad Fauzi, S.T., M.Kom.", "198103122008121002"),
    ("TE", f"koor.te@{STAFF_DOMAIN}", "Dr. Ratna Sari, S.T., M.T.", "198507242012012001"),
    ("TM", f"koor.tm@{STAFF_DOMAIN}", "Ir. Budi Prasetyo, M.T.", "197909052006041003"),
    ("MB", f"koor.mb@{STAFF_DOMAIN}", "Wulan Safitri, S.E., M.Ak.", "198811302015032002"),
]

STUDENT_COUNT = 200
COHORTS = (2023, 2024, 2025)
FIRST_NAMES = (
    "Adi", "Agus", "Aldi", "Andi", "Anisa", "Ayu", "Bagas", "Bayu", "Bima", "Citra", "Dani",
    "Desi", "Dimas", "Dinda", "Eka", "Fajar", "Farah", "Fitri", "Gilang", "Hana", "Ilham", "Indah",
    "Intan", "Joko", "Kartika", "Lestari", "Maya", "Nanda", "Nur", "Putri", "Raka", "Rani", "Reza",
    "Rina", "Rizky", "Sari", "Siti", "Taufik", "Tia", "Wahyu", "Yoga", "Yusuf", "Zahra",
)  # fmt: skip
LAST_NAMES = (
    "Aritonang", "Hakim", "Harahap", "Hidayat", "Irawan", "Kurniawan", "Lubis", "Maharani",
    "Nasution", "Nugraha", "Pane", "Permana", "Pratama", "Purba", "Putra", "Rahman", "Ramadhan",
    "Saputra", "Setiawan", "Siregar", "Simanjuntak", "Sitompul", "Situmorang", "Suharto",
    "Susanto", "Syahputra", "Tanjung", "Utami", "Wibowo", "Wijaya", "Yulianti",
)  # fmt: skip
PHONE_PREFIXES = ("0811", "0812", "0813", "0821", "0822", "0852", "0853", "0877", "0878")


@dataclass(frozen=True)
class DemoStudent:
    nim: str
    nama: str
    prodi: str
    angkatan: int
    telepon: str

    @property
    def email(self):
        return f"{self.nim}@{STUDENT_DOMAIN}"


@cache
def students() -> tuple[DemoStudent, ...]:
    """The demo students, the same on every run: spread in turn over the
    programmes that take part in internships and over the three cohorts.
    NIM: 3, the programme's number, the cohort's last two digits, a 5-digit
    sequence from 01001 (D3 Teknik Informatika 2023: 3312301001)."""
    rng = random.Random(2026)  # noqa: S311 (fictional people, not secrets)
    prodi = [p for p in PRODI if p.ikut_magang]
    sequence = {}
    taken_names = set()
    result = []
    for i in range(STUDENT_COUNT):
        kode, nomor = prodi[i % len(prodi)].kode, prodi[i % len(prodi)].nomor
        angkatan = COHORTS[(i // len(prodi)) % len(COHORTS)]
        sequence[kode, angkatan] = sequence.get((kode, angkatan), 1000) + 1
        nim = f"3{nomor:02d}{angkatan % 100:02d}{sequence[kode, angkatan]:05d}"
        nama = None
        while nama is None or nama in taken_names:
            nama = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if rng.random() < 0.3:
                nama = f"{rng.choice(FIRST_NAMES)} {nama}"
        taken_names.add(nama)
        telepon = f"{rng.choice(PHONE_PREFIXES)}{rng.randrange(10**8):08d}"
        result.append(DemoStudent(nim, nama, kode, angkatan, telepon))
    return tuple(result)


def logins() -> list[tuple[str, str, str]]:
    """Example sign-ins as (role, username, note), read from the constants."""
    student = students()[0]
    prodi = next(p for p in PRODI if p.kode == student.prodi)
    staf_email, staf_nama = STAF[0]
    jurusan, koor_email, koor_nama, _nip = KOORDINATOR[0]
    return [
        ("mahasiswa", student.nim, f"{prodi.jenjang} {prodi.nama}"),
        ("staf", staf_email, staf_nama),
        ("koordinator", koor_email, f"{koor_nama}, {JURUSAN[jurusan]}"),
    ]


def accounts() -> dict[str, str]:
    """Every demo account's username and e-mail (lower case)."""
    found = {s.nim: s.email for s in students()}
    found.update({email: email for email, _nama in STAF})
    found.update({k[1]: k[1] for k in KOORDINATOR})
    return found


def seed_people() -> tuple[int, int, int]:
    """Students, staff and coordinators. Users are bulk-created with one
    password hash computed once: hashing 200 times would take minutes."""
    accounts = [(s.nim, s.email, s.nama, False, roles.MAHASISWA) for s in students()]
    accounts += [(email, email, nama, True, roles.STAF) for email, nama in STAF]
    accounts += [(k[1], k[1], k[2], False, roles.KOORDINATOR) for k in KOORDINATOR]

    usernames = [a[0] for a in accounts]
    emails = [a[1] for a in accounts]
    taken = User.objects.annotate(u=Lower("username"), e=Lower("email"))
    taken_usernames = set(taken.filter(u__in=usernames).values_list("u", flat=True))
    taken_emails = set(taken.filter(e__in=emails).values_list("e", flat=True))
    password = make_password(PASSWORD)
    new_users, groups = [], {}
    for username, email, nama, is_staff, group in accounts:
        if username in taken_usernames or email in taken_emails:
            continue
        user = User(username=username, email=email, nama=nama, is_staff=is_staff)
        user.password = password
        user.full_clean(validate_unique=False, validate_constraints=False)
        new_users.append(user)
        groups[username] = group
    User.objects.bulk_create(new_users)
    group_ids = {g.name: g.pk for g in (Group.objects.get_or_create(name=n)[0] for n in roles.ALL)}
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=u.pk, group_id=group_ids[groups[u.username]]) for u in new_users
    )
    # Only demo accounts get a demo record: a real account may share a NIM.
    demo_emails = dict(zip(usernames, emails, strict=True))
    user_ids = {
        username: pk
        for username, email, pk in taken.filter(u__in=usernames).values_list("u", "e", "pk")
        if demo_emails[username] == email
    }

    has_record = set(Mahasiswa.objects.values_list("user_id", flat=True))
    has_record |= set(DosenKoordinator.objects.values_list("user_id", flat=True))
    existing_nims = set(
        Mahasiswa.objects.filter(nim__in=[s.nim for s in students()]).values_list("nim", flat=True)
    )
    prodi = dict(ProgramStudi.objects.values_list("kode", "pk"))
    new_students = []
    for s in students():
        user_id = user_ids.get(s.nim)
        if s.nim in existing_nims or user_id is None or user_id in has_record:
            continue
        mahasiswa = Mahasiswa(
            user_id=user_id,
            nim=s.nim,
            prodi_id=prodi[s.prodi],
            angkatan=s.angkatan,
            telepon=s.telepon,
        )
        # Field checks only: the unique and foreign keys were looked up above.
        mahasiswa.full_clean(
            exclude=["user", "prodi"], validate_unique=False, validate_constraints=False
        )
        new_students.append(mahasiswa)
    Mahasiswa.objects.bulk_create(new_students)

    new_coordinators = 0
    for j, email, _nama, nip in KOORDINATOR:
        user_id = user_ids.get(email)
        if user_id is None or user_id in has_record:
            continue
        koordinator = DosenKoordinator(user_id=user_id, nip=nip)
        koordinator.full_clean(exclude=["user"])
        koordinator.save()
        codes = [p.kode for p in PRODI if p.jurusan == j and p.ikut_magang]
        koordinator.prodi.set(ProgramStudi.objects.filter(kode__in=codes))
        new_coordinators += 1

    new_staff = sum(1 for u in new_users if groups[u.username] == roles.STAF)
    return len(new_students), new_staff, new_coordinators

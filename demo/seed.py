"""Fictional demo data for `manage.py seed_demo`: the institution profile,
departments and study programmes, companies, about 200 students, staff and
coordinators, partner vacancies (pkpk/demo_vacancies.py), a semester of
applications, letter requests and letters placed relative to today
(pkpk/demo_letters.py) and partnerships (rekap/demo.py), all written by
`seed()` in one transaction.

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

import datetime as dt
import random
from dataclasses import dataclass, fields
from functools import cache
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models.functions import Lower

from rekap import demo as rekap_demo

from . import demo_letters, roles
from .models import (
    DosenKoordinator,
    Institusi,
    JamLayanan,
    Jurusan,
    Mahasiswa,
    Perusahaan,
    ProgramStudi,
    User,
)
from .normalize import normalize_city, normalize_company_name

# One password for every demo account, printed by `make run`.
PASSWORD = "magang2026"  # noqa: S105 (a documented demo password, not a secret)

STUDENT_DOMAIN = "students.polibatam.example"
STAFF_DOMAIN = "pkpk.polibatam.example"
PLACEHOLDER_INSTITUTION = "Nama Institusi"  # what pkpk.initial_data writes

INSTITUSI = {
    "nama": "Politeknik Negeri Batam",
    "kementerian": "KEMENTERIAN PENDIDIKAN TINGGI, SAINS, DAN TEKNOLOGI",
    "alamat": "Jl. Ahmad Yani, Batam Centre",
    "kota": "Batam",
    "kode_pos": "29461",
    "provinsi": "Kepulauan Riau",
    "telepon": "(0778) 469856",
    "faksimili": "",
    "email": "pkpk@polibatam.example",
    "laman": "polibatam.ac.id",
    "nama_unit": "UPT Pengembangan Karir dan Kewirausahaan",
    "singkatan_unit": "UPT-PKPK",
    "kanal_layanan": "Layanan Magang Daring UPT-PKPK",
    "pola_nomor_surat": "{nomor:04d}/PL29/KM/{tahun}",
    "penandatangan_nama": "Dr. Hendra Saputra, S.T., M.T.",
    "penandatangan_jabatan": "Kepala UPT Pengembangan Karir dan Kewirausahaan",
    "penandatangan_nip": "197506212003121001",
}
# Monday to Friday (0-4), 08:00-16:00 WIB, no break.
JAM_LAYANAN = [(hari, dt.time(8), dt.time(16)) for hari in range(5)]

JURUSAN = {
    "TI": "Teknik Informatika",
    "TE": "Teknik Elektro",
    "TM": "Teknik Mesin",
    "MB": "Manajemen Bisnis",
}


class DemoProdi(NamedTuple):
    jurusan: str
    kode: str
    jenjang: str
    nama: str
    nomor: int  # the programme's two digits in demo NIMs
    ikut_magang: bool
    kompetensi: str  # the competency information attached to cover letters


_J = ProgramStudi.Jenjang
_PRODI = [
    ("TI", "IF", _J.D3, "Teknik Informatika", 31, True,
     "Lulusan mampu membangun aplikasi web dan bergerak sederhana, mengelola basis data, "
     "serta merawat jaringan komputer skala kantor. Mahasiswa terbiasa bekerja dalam tim "
     "pengembangan dengan kendali versi."),
    ("TI", "GM", _J.D3, "Teknologi Geomatika", 32, True,
     "Mahasiswa menguasai pengukuran terestris dan GNSS, pengolahan data spasial, serta "
     "pembuatan peta dengan perangkat lunak SIG. Mereka dapat membantu survei lapangan "
     "dan pengolahan citra."),
    ("TI", "AN", _J.D4, "Animasi", 33, True,
     "Mahasiswa mampu membuat animasi 2D dan 3D mulai dari desain karakter, pemodelan, "
     "hingga penganimasian dan penyuntingan. Mereka terbiasa bekerja mengikuti alur "
     "produksi studio."),
    ("TI", "TRM", _J.D4, "Teknologi Rekayasa Multimedia", 34, True,
     "Mahasiswa menguasai produksi konten multimedia: videografi, desain grafis, desain "
     "antarmuka, dan penyuntingan audio-video. Mereka mampu merancang media informasi "
     "dan promosi digital."),
    ("TI", "RKS", _J.D4, "Rekayasa Keamanan Siber", 35, True,
     "Mahasiswa memahami pengamanan jaringan dan sistem, analisis log, serta pengujian "
     "penetrasi dasar. Mereka dapat membantu pemantauan keamanan dan penanganan insiden."),
    ("TI", "TRPL", _J.D4, "Teknologi Rekayasa Perangkat Lunak", 36, True,
     "Mahasiswa mampu menganalisis kebutuhan, merancang, membangun, dan menguji perangkat "
     "lunak dengan metode agile. Mereka menguasai pemrograman web, basis data, dan "
     "pengujian otomatis."),
    ("TI", "TP", _J.D4, "Teknologi Permainan", 37, True,
     "Mahasiswa mampu merancang dan membangun permainan digital dengan mesin permainan "
     "populer, termasuk pemrograman, desain level, dan aset visual. Mereka terbiasa "
     "menguji dan menyempurnakan permainan bersama tim."),
    ("TI", "MTK", _J.S2T, "Teknik Komputer", 38, False,
     "Mahasiswa magister terapan melakukan rekayasa dan riset terapan di bidang sistem "
     "komputer, jaringan, dan kecerdasan buatan."),
    ("TE", "EM", _J.D3, "Teknik Elektronika Manufaktur", 41, True,
     "Mahasiswa menguasai perakitan dan pengujian rangkaian elektronika, teknologi "
     "SMT, serta pengendalian mutu di lini produksi. Mereka terbiasa bekerja dengan "
     "standar keselamatan kerja industri."),
    ("TE", "IN", _J.D3, "Teknik Instrumentasi", 42, True,
     "Mahasiswa mampu memasang, mengkalibrasi, dan merawat alat ukur dan sistem "
     "instrumentasi industri. Mereka memahami sensor, transmiter, dan sistem kendali "
     "proses dasar."),
    ("TE", "TRE", _J.D4, "Teknologi Rekayasa Elektronika", 43, True,
     "Mahasiswa mampu merancang rangkaian elektronika, sistem tertanam, dan perangkat "
     "IoT. Mereka terbiasa membuat prototipe, memprogram mikrokontroler, dan "
     "mendokumentasikan rancangan."),
    ("TE", "MK", _J.D4, "Teknik Mekatronika", 44, True,
     "Mahasiswa menguasai otomasi industri dengan PLC, pneumatik, dan motor listrik. "
     "Mereka mampu memasang, memrogram, dan merawat mesin otomatis."),
    ("TE", "RPE", _J.D4, "Teknologi Rekayasa Pembangkit Energi", 45, True,
     "Mahasiswa memahami pengoperasian dan pemeliharaan sistem pembangkit, termasuk "
     "energi terbarukan seperti tenaga surya. Mereka mampu menganalisis efisiensi dan "
     "keselamatan instalasi listrik."),
    ("TE", "TRR", _J.D4, "Teknologi Rekayasa Robotika", 46, True,
     "Mahasiswa mampu merancang, memrogram, dan mengintegrasikan robot industri dan "
     "robot bergerak. Mereka menguasai sensor, aktuator, dan sistem kendali robot."),
    ("TM", "MS", _J.D3, "Teknik Mesin", 51, True,
     "Mahasiswa menguasai proses pemesinan konvensional dan CNC, gambar teknik, serta "
     "perawatan mesin. Mereka terbiasa bekerja dengan prosedur keselamatan bengkel."),
    ("TM", "TPPU", _J.D3, "Teknik Perawatan Pesawat Udara", 52, True,
     "Mahasiswa mempelajari perawatan rangka, mesin, dan sistem pesawat udara sesuai "
     "regulasi penerbangan sipil. Mereka terbiasa bekerja dengan manual perawatan dan "
     "dokumentasi teknis."),
    ("TM", "TRKP", _J.D4, "Teknologi Rekayasa Konstruksi Perkapalan", 53, True,
     "Mahasiswa mampu membaca dan membuat gambar konstruksi kapal, merencanakan produksi "
     "blok, dan mengawasi mutu pekerjaan di galangan. Mereka memahami standar klasifikasi "
     "kapal."),
    ("TM", "TRPF", _J.D4, "Teknologi Rekayasa Pengelasan dan Fabrikasi", 54, True,
     "Mahasiswa menguasai teknik pengelasan, prosedur WPS, dan inspeksi hasil las. Mereka "
     "mampu membantu perencanaan dan pengawasan mutu fabrikasi baja."),
    ("TM", "MET", _J.D4, "Teknologi Rekayasa Metalurgi", 55, True,
     "Mahasiswa memahami sifat material logam, perlakuan panas, dan pengujian material. "
     "Mereka mampu melakukan analisis kegagalan dan pengendalian mutu material."),
    ("TM", "PSPPI", _J.PROFESI, "Program Profesi Insinyur", 56, False,
     "Peserta program profesi memperdalam praktik keinsinyuran, etika profesi, dan "
     "keselamatan kerja di bidang rekayasa."),
    ("MB", "DB", _J.D2, "Distribusi Barang", 61, True,
     "Mahasiswa memahami pengelolaan gudang, persediaan, dan pengiriman barang. Mereka "
     "mampu mengoperasikan sistem administrasi distribusi sederhana."),
    ("MB", "AK", _J.D3, "Akuntansi", 62, True,
     "Mahasiswa mampu menyusun laporan keuangan, mencatat transaksi dengan perangkat "
     "lunak akuntansi, dan menyiapkan perpajakan dasar. Mereka teliti dan terbiasa "
     "bekerja dengan dokumen keuangan."),
    ("MB", "AM", _J.D4, "Akuntansi Manajerial", 63, True,
     "Mahasiswa menguasai akuntansi biaya, penganggaran, dan analisis kinerja keuangan "
     "untuk pengambilan keputusan. Mereka mampu menyusun laporan manajemen."),
    ("MB", "ABT", _J.D4, "Administrasi Bisnis Terapan", 64, True,
     "Mahasiswa mampu mengelola administrasi perkantoran, pemasaran, dan sumber daya "
     "manusia. Mereka terampil berkomunikasi bisnis secara lisan dan tertulis."),
    ("MB", "ABT-IC", _J.D4, "Administrasi Bisnis Terapan (International Class)", 65, True,
     "Mahasiswa kelas internasional menguasai administrasi bisnis dengan pengantar bahasa "
     "Inggris. Mereka siap bekerja di lingkungan perusahaan multinasional."),
    ("MB", "LPI", _J.D4, "Logistik Perdagangan Internasional", 66, True,
     "Mahasiswa memahami ekspor-impor, kepabeanan, dan manajemen rantai pasok. Mereka "
     "mampu menyiapkan dokumen perdagangan dan pengapalan internasional."),
]  # fmt: skip
PRODI = [DemoProdi(*row) for row in _PRODI]

# (name, address, sector, contact person, contact's position, e-mail, phone)
PERUSAHAAN = [
    ("PT Batam Presisi Elektronika", "Kawasan Industri Batamindo Lot 12, Muka Kuning",
     "Manufaktur elektronika (EMS)", "Lina Marlina", "HR Manager",
     "hrd@batampresisi.example", "(0778) 611201"),
    ("PT Nongsa Digital Kreasi", "Nongsa Digital Park Blok B-3, Nongsa",
     "Studio perangkat lunak dan animasi", "Kevin Pratama", "Head of Studio",
     "karir@nongsadigital.example", "(0778) 761402"),
    ("PT Tanjung Uncang Marine Works", "Jl. Brigjen Katamso Km 5, Tanjung Uncang",
     "Pembangunan dan reparasi kapal", "Bambang Suryadi", "Kepala Bagian SDM",
     "hrd@tumarine.example", "(0778) 391503"),
    ("PT Kabil Energi Lestari", "Kawasan Industri Kabil Blok C-7, Kabil",
     "Fabrikasi minyak dan gas", "Siti Rahmawati", "HR Supervisor",
     "recruitment@kabilenergi.example", "(0778) 711604"),
    ("PT Hang Nadim Aero Services", "Jl. Hang Nadim No. 1, Batu Besar",
     "Perawatan pesawat (MRO)", "Rizal Hakim", "Training Manager",
     "training@hnaero.example", "(0778) 761705"),
    ("PT Sekupang Logistik Nusantara", "Kawasan Pelabuhan Sekupang Blok A-2, Sekupang",
     "Freight forwarding dan logistik", "Yuliana Sari", "Manajer Operasional",
     "hrd@sekupanglogistik.example", "(0778) 321806"),
    ("CV Batam Centre Akuntan Mitra", "Ruko Mega Legenda Blok B-12, Batam Centre",
     "Jasa akuntansi", "Agus Setiawan, S.E., Ak.", "Pimpinan",
     "admin@bcakuntan.example", "(0778) 461907"),
    ("PT Mukakuning Mekatronik Otomasi", "Jl. Engku Putri Kav. 8, Muka Kuning",
     "Otomasi dan robotika", "Fajar Nugroho", "Engineering Manager",
     "hrd@mmotomasi.example", "(0778) 612008"),
    ("PT Kepri Jaringan Aman", "Grha Kepri Lt. 3, Batam Centre",
     "Jasa keamanan siber", "Nadia Putri", "Security Operations Lead",
     "karir@kepriaman.example", "(0778) 462109"),
    ("PT Sagulung Las Fabrikasi", "Jl. Letjen Suprapto Kav. 21, Sagulung",
     "Pengelasan dan fabrikasi baja", "Hendri Gunawan", "Kepala Produksi",
     "hrd@sagulunglas.example", "(0778) 392210"),
    ("PT Batu Ampar Geospasial", "Jl. Yos Sudarso No. 17, Batu Ampar",
     "Survei dan pemetaan", "Dian Permata", "Manajer Proyek",
     "info@bageospasial.example", "(0778) 412311"),
    ("PT Harbour Bay Hotel Group", "Kawasan Harbour Bay, Jl. Duyung, Batu Ampar",
     "Perhotelan (magang keuangan dan administrasi)", "Maria Wulandari", "HR Manager",
     "hr@harbourbayhotel.example", "(0778) 413412"),
]  # fmt: skip

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


def _accounts() -> dict[str, str]:
    """Every demo account's username and e-mail (lower case)."""
    accounts = {s.nim: s.email for s in students()}
    accounts.update({email: email for email, _nama in STAF})
    accounts.update({k[1]: k[1] for k in KOORDINATOR})
    return accounts


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

    accounts = _accounts()
    users = User.objects.filter(is_superuser=False).annotate(u=Lower("username"))
    note(
        "users",
        [
            username
            for username, email in users.values_list("u", "email")
            if accounts.get(username) != email.lower()
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
    companies = {_company_key(nama) for nama, *_rest in PERUSAHAAN}
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
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('pkpk.seed_demo'))")
        if not force and (found := foreign_data()):
            raise ForeignData(found)
        summary.profil, summary.jam_layanan = _seed_profile()
        summary.jurusan, summary.prodi = _seed_programmes()
        summary.perusahaan = _seed_companies()
        summary.mahasiswa, summary.staf, summary.koordinator = _seed_people()
        # After the people: the letter desk needs the students and staf1.
        (summary.lowongan, summary.pendaftaran, summary.permintaan, summary.surat) = (
            demo_letters.seed_letters(students=students(), staff_username=STAF[0][0])
        )
        summary.kerjasama = rekap_demo.load(staff_username=STAF[0][0])
    if stdout:
        for line in summary.lines():
            stdout.write(f"  {line}\n")
    return summary


def _seed_profile() -> tuple[int, int]:
    profile = Institusi.load()
    if profile.nama != PLACEHOLDER_INSTITUTION:
        return 0, 0  # staff or an earlier seed filled it: theirs to keep
    for name, value in INSTITUSI.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    written = 0
    for hari, buka, tutup in JAM_LAYANAN:
        jam = JamLayanan.objects.filter(institusi=profile, hari=hari).first()
        wanted = {"buka": buka, "tutup": tutup, "istirahat_mulai": None, "istirahat_selesai": None}
        if jam and all(getattr(jam, k) == v for k, v in wanted.items()):
            continue
        jam = jam or JamLayanan(institusi=profile, hari=hari)
        for name, value in wanted.items():
            setattr(jam, name, value)
        jam.full_clean()
        jam.save()
        written += 1
    days = [hari for hari, _buka, _tutup in JAM_LAYANAN]
    deleted, _per_model = (
        JamLayanan.objects.filter(institusi=profile).exclude(hari__in=days).delete()
    )
    return 1, written + deleted


def _seed_programmes() -> tuple[int, int]:
    jurusan = {j.kode: j for j in Jurusan.objects.filter(kode__in=JURUSAN)}
    new_jurusan = 0
    for kode, nama in JURUSAN.items():
        if kode not in jurusan:
            jurusan[kode] = Jurusan(kode=kode, nama=nama)
            jurusan[kode].full_clean()
            jurusan[kode].save()
            new_jurusan += 1
    existing = set(
        ProgramStudi.objects.filter(kode__in=[p.kode for p in PRODI]).values_list("kode", flat=True)
    )
    new_prodi = 0
    for p in PRODI:
        if p.kode in existing:
            continue
        prodi = ProgramStudi(
            jurusan=jurusan[p.jurusan],
            kode=p.kode,
            nama=p.nama,
            jenjang=p.jenjang,
            ikut_magang=p.ikut_magang,
            informasi_kompetensi=p.kompetensi,
        )
        prodi.full_clean()
        prodi.save()
        new_prodi += 1
    return new_jurusan, new_prodi


def _company_key(nama: str) -> tuple[str, str]:
    return normalize_company_name(nama), normalize_city("Batam")


def _seed_companies() -> int:
    existing = set(Perusahaan.objects.values_list("nama_normal", "kota_normal"))
    created = 0
    for nama, alamat, sektor, kontak, jabatan, email, telepon in PERUSAHAAN:
        if _company_key(nama) in existing:
            continue
        company = Perusahaan(
            nama=nama,
            kota="Batam",
            alamat=alamat,
            sektor=sektor,
            kontak_nama=kontak,
            kontak_jabatan=jabatan,
            email=email,
            telepon=telepon,
        )
        company.full_clean()
        company.save()
        created += 1
    return created


def _seed_people() -> tuple[int, int, int]:
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

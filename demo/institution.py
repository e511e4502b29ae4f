"""The demo's institution (part of `seed_demo`, see demo/seed.py): the
profile of Politeknik Negeri Batam with its service hours, the departments
and study programmes, and the partner companies. Rows are created when
missing and never updated; the profile only while it still holds the
placeholder of pkpk.initial_data."""

import datetime as dt
from typing import NamedTuple

from pkpk.models import Institusi, JamLayanan, Jurusan, Perusahaan, ProgramStudi
from pkpk.normalize import normalize_city, normalize_company_name

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


def seed_profile() -> tuple[int, int]:
    """Fill the placeholder profile and its service hours: (1, days written),
    or (0, 0) when the profile was already filled."""
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


def seed_programmes() -> tuple[int, int]:
    """The missing departments and programmes: (departments, programmes) written."""
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


def company_key(nama: str) -> tuple[str, str]:
    """A demo company's key: its normalised name and city."""
    return normalize_company_name(nama), normalize_city("Batam")


def seed_companies() -> int:
    """The missing demo companies: how many were written."""
    existing = set(Perusahaan.objects.values_list("nama_normal", "kota_normal"))
    created = 0
    for nama, alamat, sektor, kontak, jabatan, email, telepon in PERUSAHAAN:
        if company_key(nama) in existing:
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

"""The KPI data set, small enough to work out by hand (test_kpi.py checks
every figure of it; test_workbooks_print.py prints its report): questions
and letter requests with their clocks, cover letters with confirmation
clocks, partnerships and feedback, mostly in November 2026."""

from rekap.models import Kerjasama, LampiranKerjasama
from surat.desk import clocks
from surat.models import Jam, NilaiUmpanBalik, PertanyaanUmpanBalik, SuratMahasiswa, UmpanBalik
from tests.factories import PerusahaanFactory

from .clock import D, at, wib
from .letters import cover_letter, letter_request, question

TANGGAPAN, TERBIT = Jam.Jenis.TANGGAPAN, Jam.Jenis.TERBIT


def request_clocks(permintaan, start, stops):
    """Start `permintaan`'s clocks at `start`; stop each kind at its moment
    in `stops` ({jenis: (moment, outcome)})."""
    jams = {j.jenis: j for j in clocks.start_request_clocks(permintaan, now=wib(*start))}
    for jenis, (moment, outcome) in stops.items():
        clocks.stop(jams[jenis], now=wib(*moment), outcome=outcome)
    return jams


def ask(student, *moment):
    with at(*moment):
        return question(student)


def ask_letter(student, perusahaan, *moment):
    with at(*moment):
        return letter_request(student, perusahaan)


def named_cover_letter(staff, perusahaan, day, pendaftaran):
    surat, jam = cover_letter(staff, perusahaan, day)
    student = pendaftaran.mahasiswa
    SuratMahasiswa.objects.create(
        surat=surat,
        pendaftaran=pendaftaran,
        urutan=1,
        nama=student.user.nama,
        nim=student.nim,
        prodi=student.prodi.nama,
    )
    return surat, jam


def ok(*moment):
    return (moment, True)


def add_clocks(student_a, student_b, perusahaan, staff, pendaftaran_a, pendaftaran_b):
    # February first: the sweep at 11:00 must see only L3's clocks.
    l3 = ask_letter(student_a, perusahaan, 2026, 2, 2, 9, 0)
    request_clocks(l3, (2026, 2, 2, 9, 0), {TANGGAPAN: ok(2026, 2, 2, 9, 2)})
    assert clocks.sweep(wib(2026, 2, 2, 11, 0)) == {"alerted": 0, "breached": 1}

    q6 = ask(student_a, 2025, 12, 31, 15, 0)
    request_clocks(q6, (2025, 12, 31, 15, 0), {TANGGAPAN: ok(2025, 12, 31, 15, 5)})
    q1 = ask(student_a, 2026, 11, 2, 9, 0)
    request_clocks(q1, (2026, 11, 2, 9, 0), {TANGGAPAN: ok(2026, 11, 2, 9, 10)})
    q2 = ask(student_a, 2026, 11, 2, 10, 0)
    request_clocks(q2, (2026, 11, 2, 10, 0), {TANGGAPAN: ok(2026, 11, 2, 10, 30)})
    q3 = ask(student_b, 2026, 11, 3, 9, 0)
    request_clocks(q3, (2026, 11, 3, 9, 0), {TANGGAPAN: ok(2026, 11, 3, 9, 5)})
    l1 = ask_letter(student_a, perusahaan, 2026, 11, 2, 13, 0)
    request_clocks(
        l1,
        (2026, 11, 2, 13, 0),
        {TANGGAPAN: ok(2026, 11, 2, 13, 12), TERBIT: ok(2026, 11, 2, 13, 50)},
    )
    l2 = ask_letter(student_b, perusahaan, 2026, 11, 2, 14, 0)
    request_clocks(
        l2,
        (2026, 11, 2, 14, 0),
        {TANGGAPAN: ok(2026, 11, 2, 14, 20), TERBIT: ok(2026, 11, 2, 15, 30)},
    )
    q4 = ask(student_a, 2026, 11, 4, 9, 0)
    request_clocks(q4, (2026, 11, 4, 9, 0), {TANGGAPAN: ((2026, 11, 4, 9, 30), False)})
    q5 = ask(student_b, 2026, 11, 5, 9, 0)
    request_clocks(q5, (2026, 11, 5, 9, 0), {})

    c1, jam1 = named_cover_letter(staff, perusahaan, D(2026, 8, 12), pendaftaran_a)
    clocks.stop(jam1, now=wib(2026, 8, 27, 11, 0), by=staff)
    c2, jam2 = named_cover_letter(staff, perusahaan, D(2026, 11, 2), pendaftaran_b)
    clocks.stop(jam2, now=wib(2026, 11, 30, 11, 0), by=staff)
    c3, jam3 = named_cover_letter(staff, perusahaan, D(2026, 11, 2), pendaftaran_a)
    clocks.stop(jam3, now=wib(2026, 11, 10, 11, 0), by=staff, outcome=False)
    return {"l1": l1, "l2": l2, "l3": l3, "q2": q2, "c1": c1, "c2": c2, "c3": c3}


def partnership(staff, jurusan_list, tingkat, mulai, selesai, **extra):
    status = Kerjasama.Status.AKTIF if mulai else Kerjasama.Status.USULAN
    kerjasama = Kerjasama.objects.create(
        perusahaan=PerusahaanFactory(),
        status=status,
        jenis_dokumen=Kerjasama.Dokumen.MOA,
        nomor=f"MOA/{PerusahaanFactory._meta.model.objects.count()}/2026" if mulai else "",
        tingkat=tingkat,
        mulai=mulai,
        selesai=selesai,
        dibuat_oleh=staff,
        **extra,
    )
    kerjasama.jurusan.set(jurusan_list)
    return kerjasama


def add_partnerships(staff, ti, mb):
    T = Kerjasama.Tingkat
    k0 = partnership(staff, [ti], T.NASIONAL, D(2023, 1, 1), D(2025, 12, 31))
    k1 = partnership(
        staff, [ti], T.NASIONAL, D(2025, 1, 1), D(2026, 12, 31), lanjutan_dari=k0,
        bukti_manfaat="Kurikulum magang diperbarui.",
    )  # fmt: skip
    k2 = partnership(staff, [ti, mb], T.INTERNASIONAL, D(2026, 6, 1), D(2028, 5, 31))
    LampiranKerjasama.objects.create(
        kerjasama=k2,
        aspek=LampiranKerjasama.Aspek.KINERJA,
        berkas="kerjasama/laporan.pdf",
        nama_berkas="laporan.pdf",
        diunggah_oleh=staff,
    )
    k4 = partnership(staff, [mb], T.LOKAL, D(2022, 1, 1), D(2023, 12, 31))
    k3 = partnership(
        staff, [mb], T.LOKAL, D(2024, 1, 1), D(2026, 1, 1), lanjutan_dari=k4,
        bukti_keberlanjutan="Survei kepuasan mitra 2026.",
    )  # fmt: skip
    partnership(staff, [ti], T.NASIONAL, None, None)  # k5, proposed
    partnership(staff, [mb], T.NASIONAL, D(2027, 1, 1), D(2028, 12, 31))  # k6
    return {"k1": k1, "k2": k2, "k3": k3}


def add_feedback(letters):
    questions = [PertanyaanUmpanBalik.objects.create(teks=f"Q{i}", urutan=i) for i in range(3)]
    for surat, day, scores in [
        (letters["c1"], wib(2026, 9, 1, 10, 0), [4, 3]),
        (letters["c2"], wib(2026, 12, 1, 10, 0), [2, 2, 1]),
        (letters["c3"], wib(2027, 1, 2, 10, 0), [1, 1, 1]),
    ]:
        answer = UmpanBalik.objects.create(
            surat=surat, perusahaan=surat.perusahaan, nama_pengisi="Ibu HRD", diisi_pada=day
        )
        for question_, score in zip(questions, scores, strict=False):
            NilaiUmpanBalik.objects.create(
                umpan_balik=answer, pertanyaan=question_, teks=question_.teks, nilai=score
            )


def dataset(student_a, student_b, perusahaan, staff, pendaftaran_a, pendaftaran_b, prodi_y):
    found = add_clocks(student_a, student_b, perusahaan, staff, pendaftaran_a, pendaftaran_b)
    found.update(add_partnerships(staff, student_a.prodi.jurusan, prodi_y.jurusan))
    add_feedback(found)
    return found

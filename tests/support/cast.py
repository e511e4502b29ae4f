"""The readers of the security tests and the world they read, built with
the factories (the shared cast of tests/conftest.py, the same names and
accounts) for fixtures of wider scope than a function."""

import datetime as dt
from types import SimpleNamespace

from django.conf import settings
from django.test import Client

from magang import answers as magang_answers
from pkpk import roles, student_import
from rekap import archive, partners
from surat.models import BatchTerbit, Jenis
from tests.factories import (
    JurusanFactory,
    KoordinatorFactory,
    LowonganFactory,
    MahasiswaFactory,
    PerusahaanFactory,
    ProgramStudiFactory,
    UserFactory,
)

from .applications import submit
from .files import pdf
from .letters import ask_for_letter, issue
from .partners import signed
from .workbooks import students, xlsx_file

# Who is tried on a staff page and must be refused.
NOT_STAFF = ["student_a", "coordinator_x", "outsider"]
# The readers every URL is tried as, in the matrix's column order.
ROLES = ("anon", "mhs_a", "mhs_b", "koor_x", "koor_y", "staf", "luar")


def build_cast():
    """The shared cast: programmes X (IF) and Y (AK), a student in each,
    their coordinators, staff and an outsider with no role."""
    jurusan = JurusanFactory(kode="TI", nama="Teknik Informatika")
    prodi_x = ProgramStudiFactory(jurusan=jurusan, kode="IF", nama="Teknik Informatika")
    prodi_y = ProgramStudiFactory(
        jurusan=JurusanFactory(kode="MB", nama="Manajemen Bisnis"), kode="AK", nama="Akuntansi"
    )
    student_a = MahasiswaFactory(nim="3312501001", prodi=prodi_x, user__nama="Ani Lestari")
    student_b = MahasiswaFactory(nim="4312501002", prodi=prodi_y, user__nama="Budi Santoso")
    coordinator_x = KoordinatorFactory(
        user__username="koor.if@example.test", user__nama="Dr. Koordinator IF", prodi=[prodi_x]
    )
    coordinator_y = KoordinatorFactory(
        user__username="koor.ak@example.test", user__nama="Dr. Koordinator AK", prodi=[prodi_y]
    )
    staff = UserFactory(
        username="staf@example.test", nama="Staf PKPK", is_staff=True, group=roles.STAF
    )
    outsider = UserFactory(username="orang.luar@example.test", nama="Orang Luar")
    return SimpleNamespace(
        jurusan=jurusan,
        prodi_x=prodi_x,
        prodi_y=prodi_y,
        student_a=student_a,
        student_b=student_b,
        coordinator_x=coordinator_x,
        coordinator_y=coordinator_y,
        staff=staff,
        outsider=outsider,
        users={
            "anon": None,
            "mhs_a": student_a.user,
            "mhs_b": student_b.user,
            "koor_x": coordinator_x.user,
            "koor_y": coordinator_y.user,
            "staf": staff,
            "luar": outsider,
        },
    )


def build_world():
    """Every kind of object, owned by student A / prodi X where it has an
    owner, so student B and coordinator Y are the outsiders to it."""
    w = build_cast()
    w.perusahaan = PerusahaanFactory(nama="PT Batam Presisi Elektronik", kota="Batam")
    w.lowongan = LowonganFactory(
        perusahaan=w.perusahaan, posisi="Pengembang Web Magang", prodi=[w.prodi_x], kuota=2
    )
    w.lowongan_y = LowonganFactory(
        perusahaan__nama="PT Akuntan Bersama", posisi="Asisten Akuntan", prodi=[w.prodi_y]
    )
    # Student A: submitted, with an open letter request, an issued
    # application letter (its PDF stored) and an uploaded reply waiting.
    w.pendaftaran_a = submit(w.student_a, lowongan=w.lowongan)
    w.permintaan_a = ask_for_letter(w.pendaftaran_a)
    w.letter_a = issue([w.pendaftaran_a], w.staff)
    w.balasan_a = magang_answers.upload_reply(
        pendaftaran=w.pendaftaran_a, by=w.student_a.user, hasil="diterima", berkas=pdf()
    )
    # Student B: accepted, with a cover letter (the feedback link needs one).
    w.pendaftaran_b = submit(w.student_b, lowongan=w.lowongan_y)
    magang_answers.record_answer(pendaftaran=w.pendaftaran_b, hasil="diterima", by=w.staff)
    w.letter_b = issue([w.pendaftaran_b], w.staff, jenis=Jenis.PENGANTAR)
    # Staff records.
    w.batch = BatchTerbit.objects.create(dibuat_oleh=w.staff, jumlah=1)
    w.batch.permintaan.set([w.permintaan_a])
    w.kerjasama = signed(w.staff, [w.jurusan], selesai=dt.date.today() + dt.timedelta(days=365))
    w.lampiran = partners.attach_file(
        kerjasama=w.kerjasama, berkas=pdf("mou.pdf"), aspek="dokumen", by=w.staff
    )
    w.impor = student_import.upload(file=xlsx_file(students(1)), by=w.staff)
    # A recap coordinator X downloaded (prodi X rows): only they and staff get it back.
    w.arsip = archive.store(
        "pendaftaran",
        {"prodi": w.prodi_x.pk},
        b"PK\x03\x04",
        "rekap-pendaftaran-IF.xlsx",
        1,
        w.coordinator_x.user,
    )
    return w


def signed_in_sessions(users):
    """A session key per signed-in reader, for tests that reuse it."""
    sessions = {}
    for role, user in users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions

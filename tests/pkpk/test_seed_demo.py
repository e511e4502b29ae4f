"""manage.py seed_demo: the demo data, loaded once, never over someone else's."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from magang.models import Pendaftaran
from pkpk import demo, demo_letters, roles
from pkpk.models import (
    DosenKoordinator,
    Institusi,
    JamLayanan,
    Jurusan,
    Mahasiswa,
    Perusahaan,
    ProgramStudi,
    User,
)
from surat.models import Jam, Permintaan, Surat

from ..factories import JurusanFactory, MahasiswaFactory, UserFactory
from ..magang.conftest import at

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # The seed issues a real letter, whose PDF is stored.
    settings.MEDIA_ROOT = tmp_path / "media"


def run(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Jurusan, ProgramStudi, Perusahaan, Mahasiswa, DosenKoordinator, User)
    }


def test_it_creates_the_demo_data_with_the_right_roles():
    output = run()

    assert counts() == {
        "Jurusan": 4,
        "ProgramStudi": 26,
        "Perusahaan": 12,
        "Mahasiswa": 200,
        "DosenKoordinator": 4,
        "User": 206,
    }
    assert "students: 200" in output
    assert "applications: 4" in output
    assert "service requests: 5" in output
    assert "letters issued: 1" in output
    assert (
        _("Demo data loaded. Password for every demo account: %(password)s")
        % {"password": "magang2026"}
        in output
    )
    staff = User.objects.filter(groups__name=roles.STAF)
    assert sorted(staff.values_list("username", "is_staff")) == [
        ("staf1@pkpk.polibatam.example", True),
        ("staf2@pkpk.polibatam.example", True),
    ]
    assert User.objects.filter(groups__name=roles.MAHASISWA).count() == 200
    assert not User.objects.filter(groups__name=roles.MAHASISWA, is_staff=True).exists()
    assert set(
        User.objects.filter(groups__name=roles.KOORDINATOR).values_list(
            "koordinator__nip", flat=True
        )
    ) == {"198103122008121002", "198507242012012001", "197909052006041003", "198811302015032002"}


def test_the_programmes_match_the_table():
    demo.seed()

    informatika = ProgramStudi.objects.get(kode="IF")
    assert (informatika.jurusan.nama, informatika.jenjang) == ("Teknik Informatika", "D3")
    assert informatika.informasi_kompetensi.startswith("Lulusan mampu")
    assert ProgramStudi.objects.get(kode="MTK").jenjang == ProgramStudi.Jenjang.S2T
    assert ProgramStudi.objects.get(kode="PSPPI").jenjang == ProgramStudi.Jenjang.PROFESI
    assert ProgramStudi.objects.get(kode="DB").jenjang == ProgramStudi.Jenjang.D2
    assert set(ProgramStudi.objects.filter(ikut_magang=False).values_list("kode", flat=True)) == {
        "MTK",
        "PSPPI",
    }
    assert not ProgramStudi.objects.filter(informasi_kompetensi="").exists()
    # Students and coordinators only in programmes that take part in internships.
    assert not Mahasiswa.objects.filter(prodi__ikut_magang=False).exists()
    koordinator_ti = DosenKoordinator.objects.get(user__username="koor.ti@pkpk.polibatam.example")
    assert sorted(koordinator_ti.prodi.values_list("kode", flat=True)) == [
        "AN",
        "GM",
        "IF",
        "RKS",
        "TP",
        "TRM",
        "TRPL",
    ]
    # Every programme that takes part has students of all three cohorts.
    assert set(Mahasiswa.objects.values_list("angkatan", flat=True)) == {2023, 2024, 2025}
    assert ProgramStudi.objects.filter(ikut_magang=True, mahasiswa__isnull=True).count() == 0


def test_students_look_like_real_ones():
    demo.seed()

    student = Mahasiswa.objects.select_related("user", "prodi").get(nim="3312301001")
    assert (student.prodi.kode, student.angkatan) == ("IF", 2023)
    assert student.user.username == "3312301001"
    assert student.user.email == "3312301001@students.polibatam.example"
    assert student.telepon.startswith("08")
    for mahasiswa in Mahasiswa.objects.select_related("user"):
        assert len(mahasiswa.nim) == 10 and mahasiswa.nim.isdigit()
        assert mahasiswa.user.nama
    assert len(set(Mahasiswa.objects.values_list("user__nama", flat=True))) == 200


def test_the_institution_profile_and_service_hours_get_the_demo_values():
    demo.seed()

    profile = Institusi.load()
    assert profile.nama == "Politeknik Negeri Batam"
    assert profile.telepon == "(0778) 469856"
    assert profile.pola_nomor_surat == "{nomor:04d}/PL29/KM/{tahun}"
    assert profile.kementerian == "KEMENTERIAN PENDIDIKAN TINGGI, SAINS, DAN TEKNOLOGI"
    assert len(profile.penandatangan_nip) == 18
    hours = [(j.hari, str(j), j.istirahat_mulai) for j in JamLayanan.objects.all()]
    assert hours == [(day, f"{label} 08:00–16:00", None) for day, label in enumerate(_weekdays())]


def _weekdays():
    return [JamLayanan.Hari(day).label for day in range(5)]


def test_a_profile_staff_edited_is_kept():
    profile = Institusi.load()
    profile.nama = "Politeknik Negeri Contoh"
    profile.save()

    assert demo.seed().profil == 0
    assert Institusi.load().nama == "Politeknik Negeri Contoh"


def test_the_companies_are_fictional_and_in_batam():
    demo.seed()

    company = Perusahaan.objects.get(nama="PT Batam Presisi Elektronika")
    assert company.email == "hrd@batampresisi.example"
    assert "Muka Kuning" in company.alamat
    assert set(Perusahaan.objects.values_list("kota", flat=True)) == {"Batam"}
    assert all(
        email.endswith(".example") for email in Perusahaan.objects.values_list("email", flat=True)
    )


def test_a_demo_student_signs_in_with_the_nim_and_the_demo_password(client):
    demo.seed()

    response = client.post(
        reverse("login"),
        {"username": "3312301001", "password": demo.PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("pkpk:student_home")
    assert response.status_code == 200


def test_a_second_run_changes_nothing():
    demo.seed()
    before = counts()
    hashes = dict(User.objects.values_list("username", "password"))
    profile_changed = Institusi.load().diubah

    with CaptureQueriesContext(connection) as queries:
        output = run()

    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert output == _("Demo data already loaded: nothing to do.") + "\n"
    assert counts() == before
    assert dict(User.objects.values_list("username", "password")) == hashes
    assert Institusi.load().diubah == profile_changed


def test_it_fills_in_demo_rows_that_went_missing():
    demo.seed()
    # The last demo student has no application (the first one does, and an
    # application keeps its student from being deleted).
    Mahasiswa.objects.get(nim=demo.students()[-1].nim).delete()

    summary = demo.seed()

    assert (summary.mahasiswa, summary.nothing_to_do) == (1, False)
    assert Mahasiswa.objects.count() == 200


def test_it_refuses_a_database_with_a_student_it_did_not_create():
    MahasiswaFactory(nim="9912500001", prodi__kode="XX", prodi__jurusan__kode="XJ")

    with pytest.raises(CommandError, match="9912500001") as refusal:
        run()

    assert "--force" in str(refusal.value)
    assert Perusahaan.objects.count() == 0


def test_it_refuses_a_department_it_did_not_create_and_proceeds_with_force():
    JurusanFactory(kode="AK", nama="Jurusan Akuntansi")
    with pytest.raises(CommandError, match="1 departments \\(AK\\)"):
        run()

    run("--force")

    assert Jurusan.objects.count() == 5
    assert Mahasiswa.objects.count() == 200


def test_a_real_account_with_a_demo_nim_is_not_taken_for_demo_data():
    # The e-mail tells them apart: demo accounts end in .polibatam.example.
    UserFactory(username="3312301001", email="3312301001@students.polibatam.ac.id")

    with pytest.raises(CommandError, match="3312301001"):
        run()

    run("--force")
    assert not Mahasiswa.objects.filter(nim="3312301001").exists()
    assert Mahasiswa.objects.count() == 199
    # The letter desk goes on without that student's part.
    assert Permintaan.objects.count() == 4
    assert not Permintaan.objects.filter(pemohon__nim="3312301001").exists()


def test_a_superuser_alone_does_not_count_as_data():
    User.objects.create_superuser("admin@example.test", "admin@example.test", "x", nama="Admin")

    assert "students: 200" in run("--if-empty")


def test_if_empty_skips_a_database_with_other_data():
    JurusanFactory(kode="AK")

    assert run("--if-empty") == _("database not empty, demo data not loaded") + "\n"
    assert Mahasiswa.objects.count() == 0


def test_if_empty_reuses_the_demo_data_of_an_earlier_run():
    run("--if-empty")

    assert run("--if-empty") == _("Demo data already loaded: nothing to do.") + "\n"


def test_it_prints_the_password_alone():
    assert run("--print-password") == "magang2026\n"


def test_it_prints_one_login_per_role_without_the_database():
    assert run("--print-logins").splitlines() == [
        "mahasiswa   3312301001 (D3 Teknik Informatika)",
        "staf        staf1@pkpk.polibatam.example (Dewi Anggraini, S.E.)",
        "koordinator koor.ti@pkpk.polibatam.example "
        "(Ahmad Fauzi, S.T., M.Kom., Teknik Informatika)",
    ]
    assert Mahasiswa.objects.count() == 0


def test_the_demo_people_are_the_same_on_every_run():
    demo.students.cache_clear()
    first = demo.students()
    demo.students.cache_clear()
    assert demo.students() == first
    assert len({s.nim for s in first}) == demo.STUDENT_COUNT


# --- the letter desk (pkpk/demo_letters.py) ------------------------------------------


def _requests():
    return {
        p.pemohon.nim: p
        for p in Permintaan.objects.select_related("pemohon", "ditangani_oleh", "surat")
    }


def test_the_letter_desk_has_a_request_in_every_state():
    # Seeded on Monday 2 November 2026 at 09:00 WIB.
    with at(2026, 11, 2, 9, 0):
        summary = demo.seed()

    assert (summary.pendaftaran, summary.permintaan, summary.surat) == (4, 5, 1)
    nims = [s.nim for s in demo.students()]
    requests = _requests()
    staf1 = User.objects.get(username="staf1@pkpk.polibatam.example")
    waiting, claimed, returned = requests[nims[0]], requests[nims[4]], requests[nims[7]]
    issued, question = requests[nims[14]], requests[nims[19]]
    assert (waiting.jenis, waiting.status) == ("permohonan", "menunggu")
    assert (claimed.jenis, claimed.status, claimed.ditangani_oleh) == (
        "permohonan",
        "diproses",
        staf1,
    )
    assert (returned.jenis, returned.status) == ("pengantar", "dikembalikan")
    assert "Lina Marlina" in returned.alasan_pengembalian
    assert (question.jenis, question.status) == ("pertanyaan", "menunggu")
    assert (issued.jenis, issued.status) == ("pengantar", "selesai")
    # Each application asks for February to May 2027.
    assert set(Pendaftaran.objects.values_list("mulai", "selesai")) == {
        (dt.date(2027, 2, 1), dt.date(2027, 5, 31))
    }
    assert sorted(Pendaftaran.objects.values_list("status", flat=True)) == [
        "diajukan",
        "diajukan",
        "diterima",
        "diterima",
    ]


def test_the_demo_letter_is_numbered_stored_and_timed():
    with at(2026, 11, 2, 9, 0):
        demo.seed()

    surat = Surat.objects.get()
    assert (surat.jenis, surat.nomor) == ("pengantar", "0001/PL29/KM/2026")
    assert surat.perusahaan_nama == "PT Hang Nadim Aero Services"
    assert surat.penerima_jabatan == "Training Manager"
    assert surat.penandatangan_nama == "Dr. Hendra Saputra, S.T., M.T."
    with surat.berkas.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    # Dated Mon 2 Nov 2026 (no holiday that month): the 14th working day is
    # Fri 20 Nov, so the confirmation runs out on Sat 21 Nov at 00:00 WIB.
    confirmation = surat.jam.get()
    assert confirmation.batas == dt.datetime(2026, 11, 21, 0, 0, tzinfo=WIB)


def test_the_demo_clocks_run_from_the_seed():
    with at(2026, 11, 2, 9, 0):
        demo.seed()

    waiting = _requests()[demo.students()[0].nim]
    clocks = {j.jenis: j for j in waiting.jam.all()}
    # Reached the unit at 09:00: first response by 09:15, letter by 10:00.
    assert clocks[Jam.Jenis.TANGGAPAN].batas == dt.datetime(2026, 11, 2, 9, 15, tzinfo=WIB)
    assert clocks[Jam.Jenis.TERBIT].batas == dt.datetime(2026, 11, 2, 10, 0, tzinfo=WIB)
    # Claimed and issued requests stopped their clocks; only the waiting
    # letter, the question, and the confirmation of the issued letter run.
    running = Jam.objects.filter(berhenti_pada__isnull=True)
    assert running.filter(permintaan__isnull=False).count() == 2 + 1 + 1
    assert running.filter(surat__isnull=False).count() == 1


def test_staff_see_the_demo_requests_in_their_queue(client):
    demo.seed()
    client.force_login(User.objects.get(username="staf1@pkpk.polibatam.example"))

    response = client.get(reverse("surat:queue"))

    assert response.status_code == 200
    page = response.content.decode()
    for index in (0, 4, 19):  # waiting, claimed, question
        assert demo.students()[index].nama in page


def test_a_demo_student_sees_their_own_request(client):
    demo.seed()
    client.force_login(User.objects.get(username=demo.students()[0].nim))

    response = client.get(reverse("surat:my_requests"))

    assert response.status_code == 200
    assert "PT Nongsa Digital Kreasi" in response.content.decode()


@pytest.mark.parametrize(
    ("today", "period"),
    [
        (dt.date(2026, 11, 28), (dt.date(2027, 2, 1), dt.date(2027, 5, 31))),
        (dt.date(2026, 10, 1), (dt.date(2027, 1, 1), dt.date(2027, 4, 30))),
        (dt.date(2026, 1, 15), (dt.date(2026, 4, 1), dt.date(2026, 7, 31))),
    ],
)
def test_the_demo_period_is_the_next_semester_but_one(today, period):
    assert demo_letters.period(today) == period

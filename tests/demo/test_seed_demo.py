"""manage.py seed_demo: the demo data, loaded once, never over someone else's."""

import datetime as dt
import time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from demo import institution, letters, people, stories
from demo.seed import seed
from magang.models import Lowongan, Pendaftaran
from notifikasi.models import Notifikasi
from pkpk import kalender, roles
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
from surat.desk import clocks
from surat.models import Jam, Permintaan, Surat, UmpanBalik
from tests.support.clock import at

from ..factories import JurusanFactory, MahasiswaFactory, UserFactory

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
    assert "vacancies: 12" in output
    assert "applications: 18" in output
    assert "service requests: 9" in output
    assert "letters issued: 5" in output
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
    seed()

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
    seed()

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
    seed()

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

    assert seed().profil == 0
    assert Institusi.load().nama == "Politeknik Negeri Contoh"


def test_the_companies_are_fictional_and_in_batam():
    seed()

    company = Perusahaan.objects.get(nama="PT Batam Presisi Elektronika")
    assert company.email == "hrd@batampresisi.example"
    assert "Muka Kuning" in company.alamat
    assert set(Perusahaan.objects.values_list("kota", flat=True)) == {"Batam"}
    assert all(
        email.endswith(".example") for email in Perusahaan.objects.values_list("email", flat=True)
    )


def test_a_demo_student_signs_in_with_the_nim_and_the_demo_password(client):
    seed()

    response = client.post(
        reverse("login"),
        {"username": "3312301001", "password": people.PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("pkpk:student_home")
    assert response.status_code == 200


def test_a_second_run_changes_nothing():
    seed()
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
    seed()
    # The last demo student has no application (the first one does, and an
    # application keeps its student from being deleted).
    Mahasiswa.objects.get(nim=people.students()[-1].nim).delete()

    summary = seed()

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
    assert Permintaan.objects.count() == 8
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
    people.students.cache_clear()
    first = people.students()
    people.students.cache_clear()
    assert people.students() == first
    assert len({s.nim for s in first}) == people.STUDENT_COUNT


# --- the semester (demo/vacancies.py, demo/stories.py, demo/letters.py) ----------

# Two moments the demo must hold at: an ordinary Wednesday morning, and the
# first opening hour after Christmas (24 Dec cuti bersama, 25 Dec holiday and
# a weekend), when the clocks' service time reaches back over the closure.
ORDINARY = (2026, 11, 18, 10, 30)
AFTER_CHRISTMAS = (2026, 12, 28, 8, 5)


def _student(index):
    return Mahasiswa.objects.get(nim=people.students()[index].nim)


def _applications(index):
    return list(
        Pendaftaran.objects.filter(mahasiswa=_student(index))
        .order_by("dibuat")
        .values_list("status", flat=True)
    )


def _request(index):
    return Permintaan.objects.get(pemohon=_student(index))


def _clock(index, jenis):
    return _request(index).jam.get(jenis=jenis)


def _wib(*args):
    return dt.datetime(*args, tzinfo=WIB)


@pytest.mark.parametrize("moment", [ORDINARY, AFTER_CHRISTMAS], ids=["ordinary", "christmas"])
def test_the_semester_has_every_application_state(moment):
    with at(*moment):
        summary = seed()

    assert (summary.lowongan, summary.pendaftaran, summary.permintaan, summary.surat) == (
        12,
        18,
        9,
        5,
    )
    assert _applications(0) == ["diajukan"]
    assert _applications(2) == ["diterima"]
    assert _applications(1) == ["ditolak"]
    assert _applications(5) == ["kedaluwarsa"]
    assert _applications(9) == ["dibatalkan"]
    assert _applications(12) == ["diterima", "menunggu"]
    # Every answer came within the 10 working days.
    for p in Pendaftaran.objects.filter(dijawab_pada__isnull=False):
        assert p.dijawab_pada < p.batas_jawaban
    # The expired one moved when its block lifted, as the worker would have.
    expired = Pendaftaran.objects.get(status="kedaluwarsa")
    assert expired.peristiwa.get(jenis="kedaluwarsa").waktu == expired.batas_jawaban


@pytest.mark.parametrize(
    ("moment", "lifts", "two_days_left"),
    [
        # Submitted Fri 13 Nov (3 working days before Wed 18 Nov): the 10th
        # working day after is Fri 27 Nov.
        (ORDINARY, _wib(2026, 11, 28), _wib(2026, 11, 21)),
        # Submitted Mon 21 Dec: 22, 23, 28-31 Dec, 4, 6-8 Jan are the ten
        # days (5 Jan 2027 is Isra Mi'raj).
        (AFTER_CHRISTMAS, _wib(2027, 1, 9), _wib(2026, 12, 31)),
    ],
    ids=["ordinary", "christmas"],
)
def test_the_countdowns_run(moment, lifts, two_days_left):
    with at(*moment):
        seed()

    first = Pendaftaran.objects.get(mahasiswa=_student(0))
    assert (first.status, first.batas_jawaban) == ("diajukan", lifts)
    nearly = Pendaftaran.objects.get(mahasiswa=_student(4))
    assert (nearly.status, nearly.batas_jawaban) == ("diajukan", two_days_left)


@pytest.mark.parametrize(
    "moment",
    [(2026, 11, 20, 10, 0), (2026, 11, 21, 4, 0), (2026, 11, 22, 23, 0)],
    ids=["friday", "saturday-early", "sunday-night"],
)
def test_a_weekend_tells_the_story_of_the_friday_before(moment):
    # "Waiting, 7 working days left" (demo/stories.py) holds on the weekend
    # too: the steps are counted back from the last working day.
    from magang.selectors import block_of

    with at(*moment):
        seed()
        first = Pendaftaran.objects.get(mahasiswa=_student(0))
        assert block_of(first).working_days_left == 7


@pytest.mark.parametrize(
    ("moment", "breached_from"),
    [
        (ORDINARY, _wib(2026, 11, 18, 9, 15)),
        # 5 minutes of Monday, the other 70 before closing on Wed 23 Dec.
        (AFTER_CHRISTMAS, _wib(2026, 12, 23, 14, 50)),
    ],
    ids=["ordinary", "christmas"],
)
def test_the_queue_clocks_stand_where_designed(moment, breached_from):
    with at(*moment) as frozen:
        seed()
        now = timezone.now()
        assert frozen  # time stands still: the clocks read exactly

        fresh = _clock(0, Jam.Jenis.TANGGAPAN)
        assert (clocks.used(fresh, now), fresh.lewat_pada) == (2, None)
        question = _clock(19, Jam.Jenis.TANGGAPAN)
        assert clocks.used(question, now) == 11  # past 2/3 of 15 minutes
        assert question.ambang_peringatan <= now < question.batas
        assert question.diingatkan_pada == now  # staff were alerted
        claimed = _request(4)
        assert (claimed.status, claimed.ditangani_oleh.username) == (
            "diproses",
            "staf1@pkpk.polibatam.example",
        )
        issue_clock = _clock(4, Jam.Jenis.TERBIT)
        assert clocks.used(issue_clock, now) == 41  # past 2/3 of 60 minutes
        late = _request(23)
        assert late.diajukan_pada == breached_from
        assert [j.lewat_pada for j in late.jam.order_by("jenis")] == [now, now]
        assert late.status == "menunggu"
        assert _request(7).status == "dikembalikan"


@pytest.mark.parametrize("moment", [ORDINARY, AFTER_CHRISTMAS], ids=["ordinary", "christmas"])
def test_the_letters_are_numbered_in_date_order(moment):
    with at(*moment):
        seed()
        today = timezone.localdate()

    letters = list(Surat.objects.order_by("diterbitkan_pada"))
    assert [s.urutan for s in letters] == sorted(s.urutan for s in letters)
    assert [s.jenis for s in letters] == [
        "permohonan",
        "pengantar",
        "pengantar",
        "pengantar",
        "pengantar",
    ]
    voided = Surat.objects.get(dibatalkan_pada__isnull=False)
    assert voided.pengganti.penerima_nama == "Kevin Pratama"
    assert voided.pengganti.tanggal == today
    for surat in letters:
        with surat.berkas.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"


@pytest.mark.parametrize("moment", [ORDINARY, AFTER_CHRISTMAS], ids=["ordinary", "christmas"])
def test_a_confirmation_clock_nears_its_end(moment):
    with at(*moment):
        seed()
        now = timezone.now()
        surat = Surat.objects.get(mahasiswa__nim=people.students()[14].nim)
        confirmation = surat.jam.get()

        assert surat.tanggal == kalender.working_days_before(timezone.localdate(), 12)
        assert clocks.remaining(confirmation, now) == 2
        assert confirmation.diingatkan_pada == now  # the reminder went out
    answered = Surat.objects.get(mahasiswa__nim=people.students()[16].nim, jenis="pengantar")
    assert answered.konfirmasi.get().hasil == "diterima"
    assert UmpanBalik.objects.get().surat == answered


@pytest.mark.parametrize("moment", [ORDINARY, AFTER_CHRISTMAS], ids=["ordinary", "christmas"])
def test_every_department_has_open_vacancies_some_full_some_closing(moment):
    with at(*moment):
        seed()
        today = timezone.localdate()
        open_now = Lowongan.objects.terbuka()
        soon = kalender.add_working_days(today, 2)

        for kode in institution.JURUSAN:
            of_department = Lowongan.objects.filter(prodi__jurusan__kode=kode)
            assert open_now.filter(pk__in=of_department).exists(), kode
        full = Lowongan.objects.with_filled().filter(terisi__gte=F("kuota"))
        assert sorted(full.values_list("posisi", flat=True)) == [
            "Animator 3D",
            "Staf administrasi keuangan",
            "Teknisi otomasi PLC",
        ]
        closing = open_now.filter(batas_daftar=soon)
        assert sorted(closing.values_list("posisi", flat=True)) == [
            "Analis pemantauan keamanan (SOC)",
            "Staf akuntansi",
        ]


def test_every_story_student_and_the_staff_have_notifications():
    with at(*ORDINARY):
        seed()

    for index in stories.STORIES:
        assert Notifikasi.objects.filter(penerima=_student(index).user).exists(), index
    staf1 = User.objects.get(username="staf1@pkpk.polibatam.example")
    assert Notifikasi.objects.filter(penerima=staf1).count() >= 9


def test_the_seed_is_quick():
    started = time.monotonic()
    seed()
    # The whole demo, letters rendered and stored: make run and every
    # browser journey load it.
    assert time.monotonic() - started < 10


def test_staff_see_the_demo_requests_in_their_queue(client):
    seed()
    client.force_login(User.objects.get(username="staf1@pkpk.polibatam.example"))

    response = client.get(reverse("surat:queue"))

    assert response.status_code == 200
    page = response.content.decode()
    for index in (0, 4, 19, 23):  # fresh, claimed, question, breached
        assert people.students()[index].nama in page


def test_a_demo_student_sees_their_own_request(client):
    seed()
    client.force_login(User.objects.get(username=people.students()[0].nim))

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
    assert letters.period(today) == period

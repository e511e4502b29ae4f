"""The two home pages with a realistic morning's data: staff see what to do
now and open the lists behind the counts; a coordinator sees where each of
their students stands, opens a timeline, their department's KPIs and
partner register. Phone and desktop, screenshots and axe on every page.

The live server runs on the real clock: service hours are the whole day
(test_staff_journey.open_all_day), requests reached the unit minutes ago,
and cover letters are dated so that their confirmation falls where wanted."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from magang import services as magang_services
from pkpk import kalender
from surat.models import Jenis
from tests.factories import MahasiswaFactory, PerusahaanFactory, ProgramStudiFactory
from tests.magang.conftest import pdf, submit
from tests.rekap.test_partners_data import signed
from tests.surat.conftest import issue

from .conftest import fits
from .test_sign_in_journey import sign_in
from .test_staff_journey import ask, open_all_day  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = [
    "Citra Dewi",
    "Dedi Putra",
    "Eka Putri",
    "Fajar Nugroho",
    "Gita Maharani",
    "Hendra Wijaya",
    "Indah Permata",
    "Joko Santoso",
    "Kartika Sari",
    "Lukman Hakim",
]
COMPANIES = [
    ("PT Batam Presisi Elektronik", "Batam"),
    ("PT Nusantara Galangan Kapal", "Batam"),
    ("CV Kepri Digital Solusi", "Tanjungpinang"),
    ("PT Sinar Logistik Indonesia", "Jakarta"),
    ("PT Mitra Otomasi Industri", "Batam"),
]


def letter_dated(day, staff, mahasiswa, perusahaan):
    """A cover letter for `mahasiswa`, issued (and so dated) on `day`."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    with time_machine.travel(moment, tick=False):
        pendaftaran = submit(mahasiswa, perusahaan=perusahaan)
        magang_services.record_answer(pendaftaran=pendaftaran, hasil="diterima", by=staff)
        return issue([pendaftaran], staff, jenis=Jenis.PENGANTAR)


def dated_for(last_day_between):
    """The latest letter date whose 14th working day falls in the range."""
    first, last = last_day_between
    day = timezone.localdate()
    while not first <= kalender.add_working_days(day, 14) <= last:
        day -= dt.timedelta(days=1)
    return day


@pytest.fixture
def morning(open_all_day, staff, jurusan, prodi_x, coordinator_x, student_a):  # noqa: F811
    companies = [PerusahaanFactory(nama=n, kota=k) for n, k in COMPANIES]
    prodi_d4 = ProgramStudiFactory(
        jurusan=jurusan, kode="TRPL", nama="Teknologi Rekayasa Perangkat Lunak", jenjang="D4"
    )
    coordinator_x.prodi.add(prodi_d4)
    people = [
        MahasiswaFactory(
            nim=f"33125020{i:02d}", prodi=prodi_x if i % 2 else prodi_d4, user__nama=name
        )
        for i, name in enumerate(NAMES)
    ]
    # Requests: one past its first-response clock, two fresh.
    for who, minutes in [(people[0], 22), (people[1], 6), (people[2], 2)]:
        ask(who, minutes_ago=minutes)
    # Replies uploaded by students, waiting for verification.
    for who, company in [(people[3], companies[1]), (people[4], companies[2])]:
        pendaftaran = submit(who, perusahaan=company)
        magang_services.upload_reply(
            pendaftaran=pendaftaran, by=who.user, hasil="diterima", berkas=pdf()
        )
    # Confirmations: one past its 14 working days, two due within 3.
    today = timezone.localdate()
    late = dated_for((today - dt.timedelta(days=10), today - dt.timedelta(days=1)))
    soon = dated_for((today, kalender.add_working_days(today, 3)))
    letter_dated(late, staff, people[5], companies[3])
    letter_dated(soon, staff, people[6], companies[4])
    letter_dated(soon, staff, student_a, companies[0])
    # The partner register: two ending within 90 days, one lasting.
    for company, days in [(companies[0], 25), (companies[1], 70), (companies[2], 400)]:
        signed(staff, [jurusan], perusahaan=company, selesai=today + dt.timedelta(days=days))
    # Rejected once, free to apply again.
    refused = submit(people[7], perusahaan=companies[3])
    magang_services.record_answer(pendaftaran=refused, hasil="ditolak", by=staff)
    return people


def test_staff_see_what_to_do_now(page, live_server, viewport, shot, morning, staff, password):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, "staf@example.test", password)
    page.wait_for_url("**/staf/")
    shot(page, "1-staff-home")
    assert fits(page, viewport)
    counts = {
        key: page.locator(f"[data-count={key}] .h3").inner_text().strip()
        for key in ["requests", "overdue-requests", "replies", "confirmations", "partnerships"]
    }
    assert counts == {
        "requests": "3",
        "overdue-requests": "1",
        "replies": "2",
        "confirmations": "2",
        "partnerships": "2",
    }
    assert page.locator("[data-count=overdue-confirmations] .h3").inner_text().strip() == "1"

    page.locator("[data-count=overdue-requests]").click()
    page.wait_for_url("**tenggat=lewat**")
    shot(page, "2-queue-past-deadline")
    assert page.locator("#queue-rows tbody tr").count() == 1

    page.goto(live_server.url + reverse("pkpk:staff_home"))
    page.locator("[data-count=confirmations]").click()
    page.wait_for_url("**tenggat=segera**")
    shot(page, "3-confirmations-due")
    assert fits(page, viewport)


def test_a_coordinator_sees_where_each_student_stands(
    page, live_server, viewport, shot, morning, coordinator_x, password
):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, "koor.if@example.test", password)
    page.wait_for_url("**/koordinator/")
    shot(page, "1-coordinator-home")
    assert fits(page, viewport)
    body = page.locator("main").inner_text()
    assert "Teknologi Rekayasa Perangkat Lunak" in body

    page.locator("#id_keadaan").select_option("menunggu")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**keadaan=menunggu**")
    shot(page, "2-waiting")
    first = page.locator("tbody tr[data-student] a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url("**/linimasa/")
    assert name in page.locator("h1").inner_text()
    shot(page, "3-timeline")

    page.goto(live_server.url + reverse("rekap:kpi_dashboard"))
    shot(page, "4-kpi")
    assert fits(page, viewport)
    page.goto(live_server.url + reverse("rekap:kerjasama_list"))
    shot(page, "5-partners")
    assert page.locator(f"a[href='{reverse('rekap:kerjasama_create')}']").count() == 0
    assert fits(page, viewport)

"""The staff calendar page: the year's non-working days and the service hours."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext as _

from pkpk.kalender import Sumber
from pkpk.models import HariKalender

pytestmark = pytest.mark.django_db


def url():
    return reverse("pkpk:calendar")


@pytest.fixture
def calendar_page(client, staff):
    """GET the page as staff (signing in at the current, maybe travelled, time)."""

    def get(**params):
        client.force_login(staff)
        response = client.get(url(), params)
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_staff_see_the_non_working_days_of_the_year(calendar_page):
    content = calendar_page(tahun=2026)
    assert "Cuti Bersama Hari Raya Idul Fitri" in content
    assert "Hari Raya Natal" in content
    assert str(Sumber.NASIONAL.label) in content
    assert str(Sumber.CUTI_BERSAMA.label) in content


def test_it_shows_the_service_hours(calendar_page):
    content = calendar_page(tahun=2026)
    assert _("Service hours (WIB)") in content
    assert "08:00–16:00" in content


def test_it_links_to_the_admin_to_add_or_cancel_a_day(calendar_page):
    content = calendar_page()
    assert reverse("admin:pkpk_harikalender_changelist") in content
    assert reverse("admin:pkpk_harikalender_add") in content


def test_a_staff_added_day_shows_up(calendar_page):
    HariKalender.objects.create(
        tanggal=dt.date(2026, 11, 10), jenis=HariKalender.Jenis.LIBUR, keterangan="Dies natalis"
    )
    content = calendar_page(tahun=2026)
    assert "Dies natalis" in content
    assert str(Sumber.STAF.label) in content


def test_a_cancelled_holiday_is_listed_as_a_working_day(calendar_page):
    HariKalender.objects.create(
        tanggal=dt.date(2026, 12, 24),
        jenis=HariKalender.Jenis.MASUK,
        keterangan="Cuti bersama dibatalkan",
    )
    content = calendar_page(tahun=2026)
    assert _("Working days declared by staff") in content
    assert "Cuti bersama dibatalkan" in content
    assert "Cuti Bersama Hari Raya Natal" not in content


def test_it_shows_the_year_asked_for(calendar_page):
    content = calendar_page(tahun=2027)
    assert "Hari Raya Idul Fitri (perkiraan)" in content
    assert "Cuti Bersama Hari Raya Idul Fitri" in content
    assert "Hari Suci Nyepi" in content


@pytest.mark.parametrize("tahun", ["abc", "1800", "99999", ""])
def test_a_bad_year_falls_back_to_the_current_one(calendar_page, tahun):
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))):
        content = calendar_page(tahun=tahun)
    assert "Hari Raya Natal" in content
    assert 'aria-current="page">2026<' in content


def test_the_current_year_is_the_wib_year(calendar_page):
    # 31 Dec 2026 18:00 UTC is already 1 Jan 2027 in Jakarta.
    with time_machine.travel(dt.datetime(2026, 12, 31, 18, 0, tzinfo=dt.UTC)):
        content = calendar_page()
    assert 'aria-current="page">2027<' in content


def test_the_query_count_does_not_grow_with_staff_days(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff)
    client.get(url())
    for day in range(1, 29):
        HariKalender.objects.create(
            tanggal=dt.date(2026, 2, day), jenis=HariKalender.Jenis.LIBUR, keterangan=f"Tutup {day}"
        )
    with django_assert_max_num_queries(8):
        assert client.get(url(), {"tahun": 2026}).status_code == 200


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_other_roles_are_refused(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(getattr(user, "user", user))
    assert client.get(url()).status_code == 403

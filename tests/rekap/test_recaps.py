"""The three recaps against the hand-counted data set of conftest.recap_data."""

import dataclasses
import datetime as dt

import pytest

from rekap import recaps
from rekap.forms import RecapFilterForm, RecapFilters
from rekap.periods import Period
from tests.support.recaps import YEAR


def nims(rows):
    return [r.mahasiswa.nim for r in rows]


def test_the_registration_recap_lists_registrations_of_the_period(
    recap_data, staff, period_filters
):
    rows, sort = recaps.registrations(staff, period_filters)
    apps = recap_data.apps
    assert sort == "dibuat"
    assert [r.pk for r in rows] == [
        a.pk for a in (apps.app7, apps.app1, apps.app2, apps.app4, apps.app9, apps.app8)
    ] + [apps.app3.pk, apps.app5.pk]
    letters = {r.pk: r.jumlah_surat for r in rows}
    assert letters[apps.app1.pk] == 1
    assert letters[apps.app2.pk] == 1  # the voided letter does not count
    assert letters[apps.app7.pk] == 1
    assert letters[apps.app3.pk] == 0


def test_the_registration_recap_narrows_by_prodi_company_track_and_cohort(
    recap_data, staff, prodi_y, period_filters
):
    def count(**kwargs):
        return recaps.registrations(staff, dataclasses.replace(period_filters, **kwargs))[0].count()

    assert count(prodi=prodi_y) == 2
    assert count(jurusan=prodi_y.jurusan) == 2
    assert count(perusahaan=recap_data.companies.alpha) == 3  # app1, app3, app7
    assert count(jalur="kerjasama") == 1
    assert count(angkatan=2022) == 2  # a3's two
    assert count(prodi=prodi_y, angkatan=2022) == 0


def test_the_period_can_be_a_semester_or_dates(recap_data, staff):
    genap = RecapFilters.academic(YEAR, "genap")
    assert recaps.registrations(staff, genap)[0].count() == 2  # app3, app5
    august = RecapFilters(period=Period(dt.date(2024, 8, 1), dt.date(2024, 8, 31)))
    assert [r.pk for r in recaps.registrations(staff, august)[0]] == [recap_data.apps.app7.pk]


def test_registrations_sort_by_whitelisted_keys_only(recap_data, staff, period_filters):
    rows, sort = recaps.registrations(staff, period_filters, "-nim")
    assert sort == "-nim"
    assert nims(rows)[0] == "4312501006"
    rows, sort = recaps.registrations(staff, period_filters, "mahasiswa__user__password")
    assert sort == "dibuat"


def test_the_acceptance_recap_counts_per_jurusan_prodi_company(recap_data, staff, period_filters):
    rows, _sort = recaps.acceptances(staff, period_filters)
    assert [
        (
            r["mahasiswa__prodi__jurusan__kode"],
            r["mahasiswa__prodi__kode"],
            r["perusahaan__nama"],
            r["jumlah"],
        )
        for r in rows
    ] == [
        ("MB", "AK", "PT Alpha Batam", 1),
        ("TI", "RKS", "PT Gamma Kepri", 1),
        ("TI", "IF", "PT Alpha Batam", 1),  # a5: registered last year, answered in this one
        ("TI", "IF", "PT Beta Nusantara", 1),
    ]


def test_the_placement_rate_counts_the_cohort_of_interning_programmes(
    recap_data, staff, period_filters
):
    rates = recaps.placement_rates(staff, period_filters)
    assert [(r.prodi_kode, r.kohort, r.ditempatkan) for r in rates] == [
        ("AK", 2, 1),
        # a1, and a5 accepted in the previous year: placed by the period's end.
        ("IF", 5, 2),
    ]
    assert rates[0].rate == 0.5
    assert rates[1].rate == 0.4
    total = recaps.total_rate(rates)
    assert (total.kohort, total.ditempatkan) == (7, 3)
    cohort_2022 = dataclasses.replace(period_filters, angkatan=2022)
    assert [
        (r.prodi_kode, r.kohort, r.ditempatkan) for r in recaps.placement_rates(staff, cohort_2022)
    ] == [("IF", 1, 0)]


def test_the_not_yet_placed_list_with_last_application_and_waiting(
    recap_data, staff, period_filters
):
    rows, sort = recaps.not_placed(staff, period_filters)
    assert sort == "menunggu"
    rows = recaps.waiting_days(list(rows), recaps.WorkingDayCounter(dt.date(2025, 7, 31)))
    got = [(m.nim, m.terakhir_perusahaan, m.terakhir_status) for m in rows]
    assert got == [
        ("3312501004", None, None),  # a4: never applied, the most urgent
        # Not a5: accepted last year, so placed.
        ("4312501006", "PT Beta Nusantara", "dibatalkan"),
        ("3312501002", "PT Alpha Batam", "diajukan"),
        ("3312201003", "PT Delta Mandiri", "menunggu"),
    ]
    waiting = {m.nim: m.menunggu_hari for m in rows}
    assert waiting["3312501004"] is None
    # Submitted Monday 21 July 2025: 22–25 and 28–31 July.
    assert waiting["3312501002"] == 8
    # Registered Monday 28 July 2025 and not submitted yet: 29, 30, 31 July.
    assert waiting["3312201003"] == 3


def test_the_working_day_counter_skips_weekends_and_holidays(db):
    counter = recaps.WorkingDayCounter(dt.date(2025, 8, 22))
    # 17 August 2025 is a Sunday; Monday 18 August 2025 is cuti bersama.
    assert counter.between(dt.date(2025, 8, 15)) == 4  # 19, 20, 21, 22
    assert counter.between(dt.date(2025, 8, 18)) == 4
    assert counter.between(dt.date(2025, 8, 22)) == 0
    assert counter.between(dt.date(2025, 9, 1)) == 0


def test_a_coordinator_sees_only_their_prodi(recap_data, coordinator_x, period_filters):
    user = coordinator_x.user
    rows, _sort = recaps.registrations(user, period_filters)
    assert {r.mahasiswa.prodi.kode for r in rows} == {"IF"}
    assert rows.count() == 5
    rows, _sort = recaps.acceptances(user, period_filters)
    assert [(r["mahasiswa__prodi__kode"], r["jumlah"]) for r in rows] == [("IF", 1), ("IF", 1)]
    assert [r.prodi_kode for r in recaps.placement_rates(user, period_filters)] == ["IF"]
    rows, _sort = recaps.not_placed(user, period_filters)
    assert "4312501006" not in [m.nim for m in rows]
    assert rows.count() == 3


def test_another_prodi_in_the_filter_is_an_error_not_data(recap_data, coordinator_x, prodi_y):
    form = RecapFilterForm(coordinator_x.user, {"prodi": prodi_y.pk})
    assert form.filters() is None
    assert "prodi" in form.errors


def test_the_filter_form_defaults_to_the_current_academic_year(coordinator_x, time_machine):
    time_machine.move_to(dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC))
    filters = RecapFilterForm(coordinator_x.user).filters()
    assert filters.period == Period(dt.date(2025, 8, 1), dt.date(2026, 7, 31))
    assert filters.tahun == 2025


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"dari": "2025-01-01"}, "__all__"),
        ({"sampai": "2025-01-01"}, "__all__"),
        ({"dari": "2025-02-01", "sampai": "2025-01-01"}, "sampai"),
        ({"dari": "kemarin", "sampai": "2025-01-01"}, "dari"),
    ],
)
def test_the_filter_form_checks_the_dates(staff, data, field):
    form = RecapFilterForm(staff, data)
    assert form.filters() is None
    assert list(form.errors) == [field]


def test_filters_become_parameters_and_words(recap_data, staff, prodi_x):
    form = RecapFilterForm(
        staff, {"tahun": "2024", "semester": "ganjil", "prodi": prodi_x.pk, "angkatan": "2024"}
    )
    filters = form.filters()
    assert filters.as_params() == {
        "dari": "2024-08-01",
        "sampai": "2025-01-31",
        "tahun": 2024,
        "semester": "ganjil",
        "jurusan": None,
        "prodi": "IF",
        "perusahaan": None,
        "jalur": "",
        "angkatan": 2024,
    }
    text = filters.describe()
    assert "2024/2025" in text
    assert "01-08-2024" in text
    assert "Teknik Informatika" in text
    assert "2024" in text

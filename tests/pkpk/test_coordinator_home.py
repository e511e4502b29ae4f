"""The coordinator home: where each of their students stands (placed,
waiting with the working days left on the 10-day clock, turned down or
expired, not yet applied), per programme and as a list, each student linked
to their timeline (pkpk:coordinator_home, rekap/dashboard.py)."""

import pytest
from django.urls import reverse

from magang import answers as magang_answers
from rekap import dashboard
from tests.factories import MahasiswaFactory, PerusahaanFactory
from tests.support.applications import submit
from tests.support.clock import at
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db

# Monday 2 November 2026, 10:00 WIB (a month with no holiday).
NOW = (2026, 11, 2, 10, 0)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def students(prodi_x, prodi_y, student_a, student_b, staff):
    """Prodi X: Ani placed, Citra waiting, Dedi turned down, Eka not yet
    applied. Prodi Y: Budi waiting (another coordinator's)."""
    with at(2026, 10, 20, 9, 0):
        placed = submit(student_a, perusahaan=PerusahaanFactory(nama="PT Tempat Magang"))
        magang_answers.record_answer(pendaftaran=placed, hasil="diterima", by=staff)
        dedi = MahasiswaFactory(nim="3312501004", prodi=prodi_x, user__nama="Dedi Putra")
        refused = submit(dedi)
        magang_answers.record_answer(pendaftaran=refused, hasil="ditolak", by=staff)
    with at(*NOW):
        citra = MahasiswaFactory(nim="3312501003", prodi=prodi_x, user__nama="Citra Dewi")
        submit(citra, perusahaan=PerusahaanFactory(nama="PT Menunggu Jawaban"))
        submit(student_b)
    eka = MahasiswaFactory(nim="3312501005", prodi=prodi_x, user__nama="Eka Putri", angkatan=2023)
    return {"ani": student_a, "citra": citra, "dedi": dedi, "eka": eka}


def home(client, **query):
    with at(*NOW):
        return client.get(reverse("pkpk:coordinator_home"), query)


def test_it_counts_each_state_per_programme(client, coordinator_x, students, prodi_x):
    client.force_login(coordinator_x.user)
    response = home(client)

    [row] = response.context["prodi_list"]
    assert row.prodi == prodi_x
    assert row.counts == {
        dashboard.PLACED: 1,
        dashboard.WAITING: 1,
        dashboard.TURNED_DOWN: 1,
        dashboard.NOT_APPLIED: 1,
    }


def test_it_lists_each_student_linked_to_their_timeline(client, coordinator_x, students):
    client.force_login(coordinator_x.user)
    response = home(client)

    page = list(response.context["page"])
    # Who needs the coordinator most comes first.
    assert [m.nama for m in page] == ["Eka Putri", "Dedi Putra", "Citra Dewi", "Ani Lestari"]
    content = response.content.decode()
    for m in page:
        assert f'href="{reverse("magang:student_timeline", args=[m.pk])}"' in content
    ani = next(m for m in page if m.nama == "Ani Lestari")
    assert ani.placed_at.perusahaan.nama == "PT Tempat Magang"
    assert "PT Tempat Magang" in content


def test_a_waiting_student_shows_the_working_days_left(client, coordinator_x, students):
    """Submitted Monday 2 November: the block lifts at 00:00 on Tuesday 17
    November, after the 10th working day (Monday 16). From Monday 2 the days
    still to wait are 3-6, 9-13 and 16 November: 10 working days."""
    client.force_login(coordinator_x.user)
    response = home(client, keadaan=dashboard.WAITING)

    [citra] = response.context["page"]
    assert citra.nama == "Citra Dewi"
    assert citra.block.working_days_left == 10
    text = page_text(response)
    assert "PT Menunggu Jawaban" in text
    assert "17 Nov 2026" in text


def test_it_filters_by_cohort(client, coordinator_x, students):
    client.force_login(coordinator_x.user)
    response = home(client, angkatan=2023)
    assert [m.nama for m in response.context["page"]] == ["Eka Putri"]
    [row] = response.context["prodi_list"]
    assert row.counts == {dashboard.NOT_APPLIED: 1}


def test_it_shows_nothing_of_other_programmes(client, coordinator_x, coordinator_y, students):
    client.force_login(coordinator_x.user)
    content = home(client).content.decode()
    assert "Budi Santoso" not in content and "4312501002" not in content

    client.force_login(coordinator_y.user)
    response = home(client)
    assert [m.nama for m in response.context["page"]] == ["Budi Santoso"]
    assert "Ani Lestari" not in response.content.decode()


def test_an_outsider_coordinator_gets_404_for_the_timeline(client, coordinator_y, students):
    client.force_login(coordinator_y.user)
    url = reverse("magang:student_timeline", args=[students["citra"].pk])
    assert client.get(url).status_code == 404


def test_a_wrong_filter_shows_every_student(client, coordinator_x, students):
    client.force_login(coordinator_x.user)
    response = home(client, angkatan="abc", keadaan="anything")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 4


def test_queries_do_not_grow_with_students(
    client, coordinator_x, students, prodi_x, django_assert_max_num_queries
):
    client.force_login(coordinator_x.user)
    with django_assert_max_num_queries(20) as few:
        home(client)
    with at(*NOW):
        for _ in range(10):
            submit(MahasiswaFactory(prodi=prodi_x), perusahaan=PerusahaanFactory())
    MahasiswaFactory.create_batch(10, prodi=prodi_x, angkatan=2022)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = home(client)
    assert response.context["page"].paginator.count == 24

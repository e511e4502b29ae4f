"""The staff home says what to do now: open requests by time left, clocks
past their deadline, replies to verify, confirmations due within 3 working
days, partnerships ending within 90 days; each a count, its first rows and
a link to the list of all of them (pkpk:staff_home, rekap/dashboard.py)."""

import datetime as dt

import pytest
from django.urls import reverse

from magang import answers as magang_answers
from surat.models import Jam, Jenis
from tests.factories import MahasiswaFactory, PerusahaanFactory
from tests.support.applications import submit
from tests.support.clock import at
from tests.support.files import pdf
from tests.support.letters import accept, ask_for_letter, issue
from tests.support.pages import page_text
from tests.support.partners import signed

pytestmark = pytest.mark.django_db

# Monday 7 December 2026, 08:00 WIB: a working day, the unit just opened.
NOW = (2026, 12, 7, 8, 0)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def home(client):
    return client.get(reverse("pkpk:staff_home"))


def cover_letter_of(prodi, staff, *, issued_on):
    """A new student of `prodi`, accepted, with a cover letter dated `issued_on`
    (its confirmation clock counts 14 working days from then)."""
    with at(*issued_on, 9, 0):
        pendaftaran = submit(MahasiswaFactory(prodi=prodi), perusahaan=PerusahaanFactory())
        accept(pendaftaran, staff)
        return issue([pendaftaran], staff, jenis=Jenis.PENGANTAR)


def letter_request_of(prodi, *, asked_at):
    with at(*asked_at):
        pendaftaran = submit(MahasiswaFactory(prodi=prodi), perusahaan=PerusahaanFactory())
        return ask_for_letter(pendaftaran)


@pytest.fixture
def work(staff, prodi_x, jurusan):
    """One of each item of work, and beside each one that does not count."""
    w = {}
    # Requests: one asked on Friday (its 15 service minutes ran out), one now.
    w["late_request"] = letter_request_of(prodi_x, asked_at=(2026, 12, 4, 15, 0))
    w["fresh_request"] = letter_request_of(prodi_x, asked_at=NOW)
    # Replies: one waiting for verification.
    with at(2026, 12, 4, 10, 0):
        pendaftaran = submit(MahasiswaFactory(prodi=prodi_x, user__nama="Citra Dewi"))
        w["reply"] = magang_answers.upload_reply(
            pendaftaran=pendaftaran, by=pendaftaran.mahasiswa.user, hasil="diterima", berkas=pdf()
        )
    # Confirmations (November and early December 2026 have no holiday):
    # dated Mon 16 Nov, its 14th working day was Fri 4 Dec: past the deadline.
    w["late_letter"] = cover_letter_of(prodi_x, staff, issued_on=(2026, 11, 16))
    # Fri 20 Nov: the 14th working day is Thu 10 Dec, 3 working days ahead.
    w["soon_letter"] = cover_letter_of(prodi_x, staff, issued_on=(2026, 11, 20))
    # Mon 23 Nov: Fri 11 Dec, 4 working days ahead: not due soon yet.
    w["later_letter"] = cover_letter_of(prodi_x, staff, issued_on=(2026, 11, 23))
    # Partnerships: one ends in 30 days, one in 200.
    w["ending"] = signed(staff, [jurusan], selesai=dt.date(2027, 1, 6))
    w["lasting"] = signed(staff, [jurusan], selesai=dt.date(2027, 6, 25))
    return w


def test_it_counts_each_item_of_work_and_links_to_its_list(client, staff, work):
    client.force_login(staff)
    with at(*NOW):
        response = home(client)

    board = response.context["work"]
    assert board["requests"].count == 2  # every open request, the nearest deadline first
    first = [row.permintaan for row in board["requests"].rows]
    assert first == [work["late_request"], work["fresh_request"]]
    assert [r.permintaan for r in board["overdue_requests"].rows] == [work["late_request"]]
    assert board["overdue_requests"].count == 1
    assert [c.jam.surat for c in board["overdue_confirmations"].rows] == [work["late_letter"]]
    assert [c.jam.surat for c in board["confirmations"].rows] == [work["soon_letter"]]
    assert board["confirmations"].rows[0].left == 3
    assert list(board["replies"].rows) == [work["reply"]]
    assert list(board["partnerships"].rows) == [work["ending"]]

    content = response.content.decode()
    for url in [
        reverse("surat:queue"),
        reverse("surat:queue") + "?tenggat=lewat",
        reverse("surat:confirmations") + "?tenggat=lewat",
        reverse("surat:confirmations") + "?tenggat=segera",
        reverse("magang:staff_replies"),
        reverse("rekap:kerjasama_list") + "?keadaan=akan_berakhir&amp;urut=selesai",
        reverse("surat:request_staff", args=[work["late_request"].pk]),
        reverse("surat:detail", args=[work["soon_letter"].pk]),
        reverse("magang:detail", args=[work["reply"].pendaftaran_id]),
        reverse("rekap:kerjasama_detail", args=[work["ending"].pk]),
    ]:
        assert f'href="{url}"' in content, url
    assert work["soon_letter"].nomor in content
    assert work["later_letter"].nomor not in content
    assert "Citra Dewi" in content


def test_the_linked_lists_hold_the_rows_counted(client, staff, work):
    client.force_login(staff)
    with at(*NOW):
        overdue = client.get(reverse("surat:queue"), {"tenggat": "lewat"})
        late = client.get(reverse("surat:confirmations"), {"tenggat": "lewat"})
        soon = client.get(reverse("surat:confirmations"), {"tenggat": "segera"})
        every = client.get(reverse("surat:confirmations"))

    assert [row.permintaan for row in overdue.context["rows"]] == [work["late_request"]]
    assert [c.jam.surat for c in late.context["rows"]] == [work["late_letter"]]
    assert [c.jam.surat for c in soon.context["rows"]] == [work["soon_letter"]]
    assert [c.jam.surat for c in every.context["rows"]] == [
        work["late_letter"],
        work["soon_letter"],
        work["later_letter"],
    ]
    text = page_text(soon)
    assert "3 working days left" in text or "3 hari kerja lagi" in text
    assert "10 Des 2026" in text or "10 Dec 2026" in text  # the last day to confirm


def test_a_clock_that_ran_out_at_closing_time_is_not_overdue_in_the_evening(client, staff, prodi_x):
    """Asked at 15:45 on a Monday: the first-response clock's 15 service
    minutes end at 16:00, closing time. At 20:00 its deadline has passed but
    no service time has: not a breach until the unit opens on Tuesday, as
    the queue and the sweep say too (surat.desk.clocks.overdue)."""
    letter_request_of(prodi_x, asked_at=(2026, 12, 7, 15, 45))
    client.force_login(staff)
    with at(2026, 12, 7, 20, 0):
        board = home(client).context["work"]
    assert board["requests"].count == 1
    assert board["overdue_requests"].count == 0
    with at(2026, 12, 8, 8, 1):
        assert home(client).context["work"]["overdue_requests"].count == 1


def test_a_confirmed_letter_leaves_the_lists(client, staff, work):
    from surat.desk import clocks

    clocks.stop_confirmation_clock(work["soon_letter"], by=staff)
    client.force_login(staff)
    with at(*NOW):
        board = home(client).context["work"]
    assert board["confirmations"].count == 0
    assert Jam.objects.filter(surat=work["soon_letter"], berhenti_pada__isnull=False).exists()


def test_an_empty_office_says_there_is_nothing_to_do(client, staff):
    client.force_login(staff)
    with at(*NOW):
        response = home(client)
    assert all(panel.count == 0 for panel in response.context["work"].values())
    assert response.status_code == 200


def test_queries_do_not_grow_with_the_work(
    client, staff, work, prodi_x, jurusan, django_assert_max_num_queries
):
    client.force_login(staff)
    with at(*NOW), django_assert_max_num_queries(40) as few:
        home(client)
    for n in range(8):
        letter_request_of(prodi_x, asked_at=(2026, 12, 4, 14, n))
        cover_letter_of(prodi_x, staff, issued_on=(2026, 11, 16 + n % 5))
        signed(staff, [jurusan], selesai=dt.date(2027, 1, 1 + n))
    with at(*NOW), django_assert_max_num_queries(len(few.captured_queries)):
        response = home(client)
    assert response.context["work"]["overdue_requests"].count == 9
    assert len(response.context["work"]["overdue_requests"].rows) == 5


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_the_confirmations_list_is_staff_only(client, request, who):
    person = request.getfixturevalue(who)
    client.force_login(getattr(person, "user", person))
    assert client.get(reverse("surat:confirmations")).status_code == 403

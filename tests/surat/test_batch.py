"""Issuing many letters at once: the queue's checkboxes start a batch the
worker runs (inline in tests); its page polls the progress until done."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from magang import answers as magang_answers
from surat import tasks
from surat.desk import handling, requesting
from surat.models import BatchTerbit, Permintaan, Surat
from tests.support.applications import another_application
from tests.support.clock import WIB
from tests.support.letters import ask_for_letter
from tests.support.pages import page_text, user_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=WIB), tick=False):
        yield


@pytest.fixture
def three_requests(pendaftaran_a, prodi_x):
    """Three letter requests from three students, each to its own company."""
    return [
        ask_for_letter(pendaftaran_a),
        ask_for_letter(another_application(prodi_x, nim="3312502001")),
        ask_for_letter(another_application(prodi_x, nim="3312502002")),
    ]


def answer_application_of(permintaan, staff):
    """The company said no after the request (a cancellation would close the
    request itself): its surat permohonan can no longer be issued."""
    pendaftaran = permintaan.anggota.get().pendaftaran
    magang_answers.record_answer(pendaftaran=pendaftaran, hasil="ditolak", by=staff)


def test_staff_issue_the_ticked_letters_in_a_batch(
    client, staff, three_requests, django_capture_on_commit_callbacks
):
    answer_application_of(three_requests[2], staff)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("surat:batch_new"), {"permintaan": [p.pk for p in three_requests]}
        )

    batch = BatchTerbit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("surat:batch_detail", args=[batch.pk])
    assert batch.status == BatchTerbit.Status.SELESAI
    assert batch.jumlah == 3 and batch.berhasil == 2
    assert [entry["permintaan"] for entry in batch.gagal] == [three_requests[2].pk]
    reason = gettext("An application letter can only be issued for submitted applications.")
    assert batch.gagal[0]["alasan"] == reason

    letters = list(Surat.objects.order_by("urutan"))
    assert [s.urutan for s in letters] == [1, 2]  # consecutive, no gap for the failure
    for permintaan in three_requests:
        permintaan.refresh_from_db()
    assert [p.status for p in three_requests] == [
        Permintaan.Status.SELESAI,
        Permintaan.Status.SELESAI,
        Permintaan.Status.MENUNGGU,  # untouched: nothing half-done
    ]

    page = client.get(response["Location"])
    text = page_text(page)
    content = page.content.decode()
    assert gettext("Issued %(n)s of %(m)s.") % {"n": 2, "m": 3} in text
    assert reason in text
    for surat in letters:
        assert reverse("surat:detail", args=[surat.pk]) in content and surat.nomor in text
    assert reverse("surat:request_staff", args=[three_requests[2].pk]) in content
    assert "hx-trigger" not in content  # finished: nothing left to poll


def test_the_progress_polls_every_2_seconds_until_the_batch_is_done(client, staff, three_requests):
    # Without running the on-commit callbacks the worker never starts.
    batch = handling.start_batch(permintaan_list=three_requests, by=staff)
    client.force_login(staff)
    progress_url = reverse("surat:batch_progress", args=[batch.pk])

    page = client.get(reverse("surat:batch_detail", args=[batch.pk])).content.decode()
    assert f'hx-get="{progress_url}"' in page and 'hx-trigger="every 2s"' in page
    assert "<script>" not in page

    running = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert "<html" not in running.content.decode()
    assert 'hx-trigger="every 2s"' in running.content.decode()
    assert gettext("Issued %(n)s of %(m)s.") % {"n": 0, "m": 3} in page_text(running)

    tasks.issue_batch(batch.pk)

    done = client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and "hx-get" not in done
    assert gettext("Issued %(n)s of %(m)s.") % {"n": 3, "m": 3} in page_text(
        client.get(progress_url)
    )


def test_running_the_task_twice_issues_each_letter_once(staff, three_requests):
    answer_application_of(three_requests[2], staff)
    batch = handling.start_batch(permintaan_list=three_requests, by=staff)

    assert tasks.issue_batch(batch.pk) == {"issued": 2, "failed": 1}
    assert tasks.issue_batch(batch.pk) == {"issued": 2, "failed": 1}
    # A worker that died before recording the end: the batch runs again.
    BatchTerbit.objects.filter(pk=batch.pk).update(status=BatchTerbit.Status.BERJALAN)
    assert tasks.issue_batch(batch.pk) == {"issued": 2, "failed": 1}

    assert Surat.objects.count() == 2
    assert sorted(Surat.objects.values_list("urutan", flat=True)) == [1, 2]
    batch.refresh_from_db()
    assert len(batch.gagal) == 1


def test_a_batch_needs_ticked_letter_requests(client, staff, student_b, pendaftaran_a):
    question = requesting.ask_question(pemohon=student_b, isi="Kapan surat jadi?")
    client.force_login(staff)

    nothing = client.post(reverse("surat:batch_new"), {}, follow=True)
    assert nothing.redirect_chain[-1][0] == reverse("surat:queue")
    assert [str(m) for m in nothing.context["messages"]] == [
        gettext("Choose at least one request.")
    ]

    with_question = client.post(
        reverse("surat:batch_new"),
        {"permintaan": [ask_for_letter(pendaftaran_a).pk, question.pk]},
        follow=True,
    )
    assert [str(m) for m in with_question.context["messages"]] == [
        gettext("Only open letter requests can be issued in a batch.")
    ]
    assert not BatchTerbit.objects.exists()


def test_staff_are_told_the_batch_started(
    client, staff, three_requests, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("surat:batch_new"),
            {"permintaan": [p.pk for p in three_requests]},
            follow=True,
        )
    expected = ngettext("%(n)s letter is being issued.", "%(n)s letters are being issued.", 3) % {
        "n": 3
    }
    assert [str(m) for m in response.context["messages"]] == [expected]


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_only_staff_start_and_follow_batches(request, client, staff, three_requests, who):
    batch = handling.start_batch(permintaan_list=three_requests[:1], by=staff)
    client.force_login(user_of(request, who))

    post = client.post(reverse("surat:batch_new"), {"permintaan": [three_requests[1].pk]})
    assert post.status_code == 403
    assert client.get(reverse("surat:batch_detail", args=[batch.pk])).status_code == 403
    assert client.get(reverse("surat:batch_progress", args=[batch.pk])).status_code == 403
    assert BatchTerbit.objects.count() == 1


def test_anonymous_visitors_cannot_follow_a_batch(client, staff, three_requests):
    batch = handling.start_batch(permintaan_list=three_requests[:1], by=staff)
    for url in [
        reverse("surat:batch_detail", args=[batch.pk]),
        reverse("surat:batch_progress", args=[batch.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_unknown_batch_is_a_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("surat:batch_detail", args=[999999])).status_code == 404
    assert client.get(reverse("surat:batch_progress", args=[999999])).status_code == 404

"""The worker survives a killed process and a second worker host: a real
`manage.py qcluster` on the ORM broker, against the test database.

An interrupted task is not acknowledged, so the broker hands it out again
`retry` seconds after it was taken (Q_RETRY, shortened here). What makes the
work happen once is the database, not the broker: a request is issued under
a row lock and only if it has no letter yet, the number comes from a locked
counter row in the same transaction, and an e-mail is sent while its
delivery row is locked and still unsent."""

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from functools import partial

import pytest
from django.db import connection
from django_q.models import OrmQ, Schedule
from django_q.tasks import async_task

from magang import services as magang_services
from surat.company import services as company_services
from surat.desk import handling
from surat.models import (
    BatchTerbit,
    Jenis,
    Pengiriman,
    Penomoran,
    Permintaan,
    Surat,
    SuratMahasiswa,
)
from tests.support.applications import another_application
from tests.support.letters import ask_for_letter, issue
from tests.support.ops import ROOT, manage_env

pytestmark = pytest.mark.django_db(transaction=True)

# A task is handed out again RETRY seconds after a worker took it; it must
# finish within TIMEOUT (shorter, as django-q2 asks).
RETRY, TIMEOUT = 15, 12


def enqueue(func, *args):
    """Put a task on the broker even though the test settings run tasks inline."""
    return async_task(func, *args, sync=False)


@pytest.fixture(autouse=True)
def _queue_for_real(monkeypatch):
    """The services queue their tasks on the broker, for the clusters below."""
    monkeypatch.setattr(handling, "async_task", partial(async_task, sync=False))
    monkeypatch.setattr(company_services, "async_task", partial(async_task, sync=False))
    Schedule.objects.all().delete()  # only the tasks under test run


@pytest.fixture
def cluster(test_database, media, tmp_path):
    """Starts `manage.py qcluster` processes, each in its own process group,
    and kills what is left of them at the end."""
    started = []
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()

    def start(workers=1):
        env = manage_env(
            test_database,
            media,
            Q_WORKERS=workers,
            Q_RETRY=RETRY,
            Q_TIMEOUT=TIMEOUT,
            EMAIL_URL=f"filemail:///{mail_dir}",
            LOG_FORMAT="json",
        )
        log_path = tmp_path / f"cluster-{len(started)}.log"
        start.logs.append(log_path)
        log = open(log_path, "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append((process, log))
        return process

    start.mail_dir = mail_dir
    start.logs = []
    yield start
    for process, log in started:
        kill(process)
        log.close()


def kill(process):
    """kill -9 on the whole cluster: main process, sentinel, workers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def queued(func):
    """How many tasks calling `func` wait on the broker (or are taken and
    not yet acknowledged)."""
    return sum(1 for row in OrmQ.objects.all() if row.func() == func)


def wait_for(condition, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def letter_requests(prodi, n):
    return [ask_for_letter(another_application(prodi)) for _ in range(n)]


def assert_each_request_issued_once(requests):
    letters = list(Surat.objects.filter(jenis=Jenis.PERMOHONAN).order_by("urutan"))
    assert [s.urutan for s in letters] == list(range(1, len(requests) + 1))  # gapless
    assert len({s.nomor for s in letters}) == len(letters)
    assert Penomoran.objects.get().terakhir == len(requests)
    issued = Permintaan.objects.filter(pk__in=[p.pk for p in requests])
    assert sorted(issued.values_list("surat__urutan", flat=True)) == [s.urutan for s in letters]
    assert all(p.status == Permintaan.Status.SELESAI for p in issued)
    # Each application is named on exactly one letter.
    named = Counter(SuratMahasiswa.objects.values_list("pendaftaran_id", flat=True))
    assert set(named.values()) == {1} and len(named) == len(requests)


def test_a_batch_killed_half_way_is_finished_by_the_next_worker_once(
    cluster, staff, prodi_x, media
):
    requests = letter_requests(prodi_x, 20)
    batch = handling.start_batch(permintaan_list=requests, by=staff)
    assert queued("surat.tasks.issue_batch") == 1

    first = cluster()
    assert wait_for(lambda: Surat.objects.count() >= 5, timeout=60), "the worker issued nothing"
    kill(first)
    before = Surat.objects.count()
    time.sleep(0.5)
    after_kill = Surat.objects.count()  # a letter half-issued at the kill is rolled back
    print(f"letters when killed: {before}; after the kill settled: {after_kill}")
    assert 0 < after_kill < 20
    # Not acknowledged: the broker will hand it out again.
    assert queued("surat.tasks.issue_batch") == 1
    batch.refresh_from_db()
    assert batch.status == BatchTerbit.Status.BERJALAN

    cluster()
    done = wait_for(
        lambda: BatchTerbit.objects.filter(pk=batch.pk, status="selesai").exists(),
        timeout=RETRY + 40,
        step=0.2,
    )

    assert done, "the interrupted batch was not run again"
    batch.refresh_from_db()
    assert (batch.berhasil, batch.gagal) == (20, [])
    assert_each_request_issued_once(requests)
    assert wait_for(lambda: not OrmQ.objects.exists(), timeout=10)
    # Every letter's PDF is there. A PDF written by a letter whose transaction
    # the kill rolled back may be left over (no row names it): harmless.
    pdfs = {str(p.relative_to(media)) for p in (media / "surat").rglob("*.pdf")}
    assert {s.berkas.name for s in Surat.objects.all()} <= pdfs
    print(f"letters after the second worker: {Surat.objects.count()}; stray PDFs: {len(pdfs) - 20}")


def sent_to(mail_dir):
    """How many e-mails each address got, from the file e-mail backend."""
    text = "".join(p.read_text(errors="replace") for p in mail_dir.iterdir())
    return Counter(re.findall(r"^To: (\S+)$", text, flags=re.MULTILINE))


def test_two_workers_over_one_queue_number_and_send_everything_once(cluster, staff, prodi_x, media):
    # Letters: three batches, each queued twice, so both clusters may run the
    # same batch at the same moment.
    requests = letter_requests(prodi_x, 12)
    for part in (requests[:4], requests[4:8], requests[8:]):
        batch = handling.start_batch(permintaan_list=part, by=staff)
        enqueue("surat.tasks.issue_batch", batch.pk)
    # E-mails: four letters of another kind, each e-mail queued three times.
    addresses = []
    for i in range(4):
        pendaftaran = another_application(prodi_x)
        letter = issue([pendaftaran], staff, jenis=Jenis.PERMOHONAN)
        address = f"hrd{i}@mitra{i}.example.test"
        delivery = company_services.send_to_company(surat=letter, email=address, by=staff)
        enqueue(company_services.SEND_TASK, delivery.pk)
        enqueue(company_services.SEND_TASK, delivery.pk)
        addresses.append(address)
    assert queued("surat.tasks.issue_batch") == 6
    assert queued(company_services.SEND_TASK) == 12

    cluster(workers=2)
    cluster(workers=2)
    done = wait_for(
        lambda: (
            not OrmQ.objects.exists()
            and not BatchTerbit.objects.exclude(status="selesai").exists()
            and not Pengiriman.objects.filter(terkirim_pada__isnull=True).exists()
        ),
        timeout=60,
        step=0.2,
    )

    assert done, "the two clusters did not finish the queue"
    # 4 letters issued directly first (numbers 1-4), then the 12 requests.
    letters = Surat.objects.order_by("urutan")
    assert [s.urutan for s in letters] == list(range(1, 17))
    assert Penomoran.objects.get().terakhir == 16
    issued = Permintaan.objects.filter(pk__in=[p.pk for p in requests])
    assert issued.filter(surat__isnull=False).count() == 12
    assert len(set(issued.values_list("surat", flat=True))) == 12
    named = Counter(SuratMahasiswa.objects.values_list("pendaftaran_id", flat=True))
    assert set(named.values()) == {1}
    mail = sent_to(cluster.mail_dir)
    assert [mail[a] for a in addresses] == [1, 1, 1, 1]  # each letter e-mailed once
    # The students' "your letter is ready" notices go out by e-mail too: once.
    assert set(mail.values()) == {1}

    # Each worker wrote a JSON line per task it ran, with its duration.
    tasks = [
        json.loads(line)
        for path in cluster.logs
        for line in path.read_text().splitlines()
        if line.startswith("{") and '"pkpk.task"' in line
    ]
    batches = [t for t in tasks if t["func"] == "surat.tasks.issue_batch"]
    assert len(batches) == 6 and all(t["success"] for t in batches)
    assert all(t["duration_ms"] >= 0 for t in tasks)


def test_a_batch_run_twice_at_once_records_a_failure_once(staff, prodi_x, media):
    """Two workers on the same batch (a retry overlapping a slow run): a
    request that cannot be issued is listed once, not once per run."""
    requests = letter_requests(prodi_x, 3)
    batch = handling.start_batch(permintaan_list=requests, by=staff)
    # Cancelled after the batch was queued: its request is closed and cannot be issued.
    magang_services.cancel_application(
        pendaftaran=requests[0].anggota.get().pendaftaran, by=staff, alasan="Mengundurkan diri."
    )
    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            start.wait()
            handling.run_batch(batch.pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    batch.refresh_from_db()
    assert batch.berhasil == 2
    assert [entry["permintaan"] for entry in batch.gagal] == [requests[0].pk]
    assert batch.diproses == batch.jumlah == 3

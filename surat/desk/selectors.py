"""Reads of the staff queue: open requests ordered by time left with both
clocks worked out, one request with its clocks and events, and a batch's
progress. Staff see every request, so the scope is the staff role itself
(checked by the views). Clock arithmetic runs in Python on prefetched rows;
the calendar is read once per web request (CalendarPerRequestMiddleware)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from pkpk import kalender

from ..models import (
    AnggotaPermintaan,
    BatchTerbit,
    Jam,
    Jenis,
    PeristiwaLayanan,
    Permintaan,
    SuratMahasiswa,
)
from . import clocks

Status = Permintaan.Status

# The colour, icon and words of each clock state: the words make the state
# readable without the colour.
STATES = {
    "ok": ("success", "bi-clock", gettext_lazy("On time")),
    "warning": ("warning", "bi-exclamation-triangle", gettext_lazy("Nearly due")),
    "danger": ("danger", "bi-exclamation-octagon", gettext_lazy("Overdue")),
    "done": ("secondary", "bi-check-circle", gettext_lazy("Done")),
    "late": ("danger", "bi-check-circle", gettext_lazy("Done late")),
    "ended": ("light", "bi-dash-circle", gettext_lazy("Ended")),
}
RETURNED_SHOWN = 20
# "Due soon" for a cover letter's confirmation: its last working day is
# within this many working days from today.
CONFIRM_SOON_WORKING_DAYS = 3
# The filter values of the lists that show clocks past their deadline or
# confirmations due soon (the staff home links to them).
OVERDUE = "lewat"
DUE_SOON = "segera"


@dataclass
class ClockView:
    """A clock as the queue shows it: what is left or how it ended."""

    jam: Jam
    state: str
    text: str
    left: int | None = None  # running: service minutes left (negative when over)
    events: list = field(default_factory=list)
    last_day: date | None = None  # a confirmation's last working day

    @property
    def label(self):
        return self.jam.get_jenis_display()

    @property
    def budget(self):
        return clocks.budget(self.jam)

    @property
    def running(self):
        return self.jam.berhenti_pada is None

    @property
    def colour(self):
        return STATES[self.state][0]

    @property
    def icon(self):
        return STATES[self.state][1]

    @property
    def state_label(self):
        return STATES[self.state][2]


def clock_view(jam, now, *, ended=False) -> ClockView:
    """`ended`: the clock stopped without its outcome (request returned or
    withdrawn), which only its events tell."""
    budget = clocks.budget(jam)
    if jam.berhenti_pada is not None:
        if ended:
            return ClockView(jam, "ended", PeristiwaLayanan.Jenis.BATAL.label)
        used = clocks.used(jam, jam.berhenti_pada)
        if used > budget:
            late = used - budget
            text = ngettext("done %(n)s minute late", "done %(n)s minutes late", late) % {"n": late}
            return ClockView(jam, "late", text)
        text = ngettext("done in %(n)s service minute", "done in %(n)s service minutes", used) % {
            "n": used
        }
        return ClockView(jam, "done", text)
    left = clocks.remaining(jam, now)
    if clocks.overdue(jam, now):
        over = max(-left, 0)
        text = ngettext("%(n)s minute over", "%(n)s minutes over", over) % {"n": over}
        return ClockView(jam, "danger", text, left=left)
    text = ngettext("%(n)s service minute left", "%(n)s service minutes left", left) % {"n": left}
    warn_from = clocks.alert_minutes(budget)
    state = "warning" if budget - left >= warn_from else "ok"
    return ClockView(jam, state, text, left=left)


@dataclass
class QueueRow:
    permintaan: Permintaan
    first_response: ClockView | None
    issue: ClockView | None

    @property
    def overdue(self):
        """A running clock of the request has run past its budget."""
        return any(c is not None and c.state == "danger" for c in (self.first_response, self.issue))


def open_requests(*, user, jenis="", who="", overdue=False, now=None):
    """Requests waiting for staff, the nearest running deadline first, with
    the current round's clocks prefetched (`current_clocks`). `overdue`
    keeps those with a running clock past its deadline instant, the cheap
    test the sweep starts from too; queue_rows() then tells which really
    ran out of service time (QueueRow.overdue)."""
    nearest = (
        Jam.objects.filter(permintaan=OuterRef("pk"), berhenti_pada__isnull=True)
        .order_by("batas")
        .values("batas")[:1]
    )
    current = Jam.objects.filter(putaran=F("permintaan__putaran")).order_by("jenis")
    requests = (
        Permintaan.objects.filter(status__in=Permintaan.OPEN)
        .select_related("pemohon__user", "pemohon__prodi", "perusahaan", "ditangani_oleh")
        .prefetch_related(Prefetch("jam", queryset=current, to_attr="current_clocks"))
        .annotate(nearest_deadline=Subquery(nearest), jumlah_mahasiswa=Count("anggota"))
        .order_by(F("nearest_deadline").asc(nulls_last=True), "diajukan_pada", "pk")
    )
    if jenis in Jenis.values:
        requests = requests.filter(jenis=jenis)
    if who == "mine":
        requests = requests.filter(ditangani_oleh=user)
    elif who == "unclaimed":
        requests = requests.filter(ditangani_oleh__isnull=True)
    if overdue:
        past = Jam.objects.filter(
            permintaan=OuterRef("pk"), berhenti_pada__isnull=True, batas__lte=now or timezone.now()
        )
        requests = requests.filter(Exists(past))
    return requests


def queue_rows(requests, *, now=None) -> list[QueueRow]:
    now = now or timezone.now()
    rows = []
    for permintaan in requests:
        by_kind = {jam.jenis: clock_view(jam, now) for jam in permintaan.current_clocks}
        rows.append(
            QueueRow(
                permintaan,
                first_response=by_kind.get(Jam.Jenis.TANGGAPAN),
                issue=by_kind.get(Jam.Jenis.TERBIT),
            )
        )
    return rows


def overdue_rows(requests, *, now=None) -> list[QueueRow]:
    """The rows of `requests` (from open_requests(overdue=True)) whose clock
    has run out: past its deadline and its service time."""
    return [row for row in queue_rows(requests, now=now) if row.overdue]


def returned_requests(limit=RETURNED_SHOWN):
    """Requests sent back to students and not yet fixed, latest first; the
    return is the last moment one of their clocks stopped."""
    return (
        Permintaan.objects.filter(status=Status.DIKEMBALIKAN)
        .select_related("pemohon__user", "perusahaan", "ditangani_oleh")
        .annotate(dikembalikan_pada=Max("jam__berhenti_pada"))
        .order_by(F("dikembalikan_pada").desc(nulls_last=True), "-pk")[:limit]
    )


def request_for_staff(pk):
    members = AnggotaPermintaan.objects.select_related(
        "pendaftaran__mahasiswa__user", "pendaftaran__mahasiswa__prodi"
    ).order_by("pendaftaran__mahasiswa__nim")
    return get_object_or_404(
        Permintaan.objects.select_related(
            "pemohon__user", "pemohon__prodi", "perusahaan", "ditangani_oleh", "surat"
        ).prefetch_related(Prefetch("anggota", queryset=members)),
        pk=pk,
    )


def clocks_of(permintaan, *, now=None) -> list[ClockView]:
    """Every clock of the request, latest round first, with its events."""
    now = now or timezone.now()
    events = PeristiwaLayanan.objects.select_related("aktor", "perusahaan").order_by("waktu", "pk")
    jams = (
        Jam.objects.filter(permintaan=permintaan)
        .prefetch_related(Prefetch("peristiwa", queryset=events))
        .order_by("-putaran", "jenis")
    )
    views = []
    for jam in jams:
        history = list(jam.peristiwa.all())
        ended = any(e.jenis == PeristiwaLayanan.Jenis.BATAL for e in history)
        view = clock_view(jam, now, ended=ended)
        view.events = history
        views.append(view)
    return views


def batch_for_staff(pk):
    return get_object_or_404(BatchTerbit.objects.select_related("dibuat_oleh"), pk=pk)


def batch_progress(batch):
    """The batch's requests split into issued (with their letters) and
    failed (with the reason the worker recorded)."""
    requests = {
        p.pk: p
        for p in batch.permintaan.select_related("pemohon__user", "perusahaan", "surat").order_by(
            "pk"
        )
    }
    failures = [
        {
            "pk": entry["permintaan"],
            "permintaan": requests.get(entry["permintaan"]),
            "alasan": entry.get("alasan", ""),
        }
        for entry in batch.gagal
    ]
    failed = {entry["pk"] for entry in failures}
    issued = [p for p in requests.values() if p.surat_id]
    waiting = [p for p in requests.values() if not p.surat_id and p.pk not in failed]
    return {"issued": issued, "failures": failures, "waiting": waiting}


# Confirmations of cover letters (B.4.1.7.c) -----------------------------------


def confirmation_view(jam, now) -> ClockView:
    """A running confirmation clock as the lists show it: working days left
    after today (0 on the last day), or how far past its deadline it is."""
    left = clocks.remaining(jam, now)
    # The clock breaches at 00:00 after the last working day.
    last_day = timezone.localdate(jam.batas) - timedelta(days=1)
    if clocks.overdue(jam, now):
        over = max(-left, 0)
        text = (
            ngettext("%(n)s working day over", "%(n)s working days over", over) % {"n": over}
            if over
            else gettext("deadline passed")
        )
        return ClockView(jam, "danger", text, left=left, last_day=last_day)
    if left == 0:
        text = gettext("last day today")
    else:
        text = ngettext("%(n)s working day left", "%(n)s working days left", left) % {"n": left}
    state = "warning" if now >= jam.ambang_peringatan else "ok"
    return ClockView(jam, state, text, left=left, last_day=last_day)


def open_confirmations(*, when="", now=None, today=None):
    """Cover letters still to be confirmed with the company, the nearest
    deadline first, with their students: `when` OVERDUE past the 14 working
    days, DUE_SOON due within CONFIRM_SOON_WORKING_DAYS working days (and
    not past them yet)."""
    now = now or timezone.now()
    students = SuratMahasiswa.objects.order_by("urutan")
    found = (
        Jam.objects.filter(jenis=Jam.Jenis.KONFIRMASI, berhenti_pada__isnull=True)
        .select_related("surat")
        .prefetch_related(Prefetch("surat__mahasiswa", queryset=students))
        .order_by("batas", "pk")
    )
    if when == OVERDUE:
        found = found.filter(batas__lte=now)
    elif when == DUE_SOON:
        today = today or timezone.localdate(now)
        last_day = kalender.add_working_days(today, CONFIRM_SOON_WORKING_DAYS)
        found = found.filter(batas__gt=now, batas__lte=clocks.confirmation_deadline(last_day))
    return found


def confirmation_rows(jams, *, now=None) -> list[ClockView]:
    now = now or timezone.now()
    with kalender.snapshot():  # one calendar check for every row's count
        return [confirmation_view(jam, now) for jam in jams]

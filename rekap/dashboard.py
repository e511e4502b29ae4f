"""What the two home pages show. Staff: the work of now (requests by time
left, clocks past their deadline, replies to verify, confirmations due
soon, partnerships ending), each a count, its first rows and a link to the
list behind it. A coordinator: where each of their students stands (placed,
waiting for an answer with the working days left, turned down or expired,
not yet applied), per programme and as a list.

It lives in rekap because it reads every app (pkpk imports none); each
figure comes from the selector that serves the list it links to, so the
home page and that list cannot disagree. A fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Exists, OuterRef, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from magang.models import Pendaftaran
from magang.selectors import block_of, replies_waiting
from pkpk import kalender
from surat.desk import selectors as queue_selectors

from . import partners, scope

SHOWN = 5


@dataclass
class Panel:
    """One item of work: how many, the first few and the list of all."""

    count: int
    rows: list
    url: str


def _url(name, **query):
    return reverse(name) + ("?" + urlencode(query) if query else "")


def _panel(queryset, url, rows=None):
    shown = list(queryset[:SHOWN]) if rows is None else rows
    return Panel(queryset.count(), shown, url)


def staff_work(*, user, now=None) -> dict[str, Panel]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    with kalender.snapshot():  # one calendar check for every clock on the page
        requests = queue_selectors.open_requests(user=user)
        overdue = queue_selectors.overdue_rows(
            queue_selectors.open_requests(user=user, overdue=True, now=now), now=now
        )
        late = queue_selectors.open_confirmations(when=queue_selectors.OVERDUE, now=now)
        soon = queue_selectors.open_confirmations(when=queue_selectors.DUE_SOON, now=now)
        ending = partners.expiring(today).select_related("perusahaan").order_by("selesai", "pk")
        return {
            "requests": _panel(
                requests,
                _url("surat:queue"),
                queue_selectors.queue_rows(requests[:SHOWN], now=now),
            ),
            "overdue_requests": Panel(
                len(overdue),
                overdue[:SHOWN],
                _url("surat:queue", tenggat=queue_selectors.OVERDUE),
            ),
            "overdue_confirmations": _panel(
                late,
                _url("surat:confirmations", tenggat=queue_selectors.OVERDUE),
                queue_selectors.confirmation_rows(late[:SHOWN], now=now),
            ),
            "replies": _panel(replies_waiting(), _url("magang:staff_replies")),
            "confirmations": _panel(
                soon,
                _url("surat:confirmations", tenggat=queue_selectors.DUE_SOON),
                queue_selectors.confirmation_rows(soon[:SHOWN], now=now),
            ),
            "partnerships": _panel(
                ending,
                _url("rekap:kerjasama_list", keadaan=partners.AKAN_BERAKHIR, urut="selesai"),
            ),
        }


# A coordinator's students ------------------------------------------------------

PLACED = "ditempatkan"
WAITING = "menunggu"
TURNED_DOWN = "belum_diterima"
NOT_APPLIED = "belum_mendaftar"

# In the order a coordinator acts on them: who has not started first.
STATES = {
    NOT_APPLIED: _("Not yet applied"),
    TURNED_DOWN: _("Turned down or expired"),
    WAITING: _("Waiting for an answer"),
    PLACED: _("Placed"),
}
STATE_ORDER = {state: n for n, state in enumerate(STATES)}


def placement_state(now):
    """SQL for where a student stands: accepted somewhere; an application
    within its 10 working days (the block magang.selectors.waiting_block
    shows the student); applications that all ended without a place; none."""
    applications = Pendaftaran.objects.filter(mahasiswa=OuterRef("pk"))
    waiting = applications.filter(status=Pendaftaran.Status.DIAJUKAN, batas_jawaban__gt=now)
    return Case(
        When(Exists(applications.filter(status=Pendaftaran.Status.DITERIMA)), then=Value(PLACED)),
        When(Exists(waiting), then=Value(WAITING)),
        When(Exists(applications), then=Value(TURNED_DOWN)),
        default=Value(NOT_APPLIED),
        output_field=CharField(),
    )


@dataclass
class ProdiPlacement:
    prodi: object
    counts: dict = field(default_factory=dict)

    @property
    def total(self):
        return sum(self.counts.values())

    def cells(self):
        """(state, its label, how many), in the order of STATES."""
        return [(state, label, self.counts.get(state, 0)) for state, label in STATES.items()]


def students_with_state(user, *, now, angkatan=None):
    students = scope.students_in_scope(user).annotate(keadaan=placement_state(now))
    if angkatan:
        students = students.filter(angkatan=angkatan)
    return students


def placement_per_prodi(user, *, now, angkatan=None) -> list[ProdiPlacement]:
    """Each programme of the reader's scope with its students per state."""
    rows = {
        p.pk: ProdiPlacement(p)
        for p in scope.prodi_in_scope(user).order_by("jurusan__nama", "jenjang", "nama")
    }
    counts = (
        students_with_state(user, now=now, angkatan=angkatan)
        .order_by()
        .values("prodi", "keadaan")
        .annotate(n=Count("pk"))
    )
    for c in counts:
        rows[c["prodi"]].counts[c["keadaan"]] = c["n"]
    return list(rows.values())


def cohorts(user):
    return list(
        scope.students_in_scope(user)
        .order_by("-angkatan")
        .values_list("angkatan", flat=True)
        .distinct()
    )


def student_list(user, *, now, angkatan=None, keadaan="", q=""):
    """The students, the state that needs the coordinator most first; each
    with the applications that place or block them (`current`)."""
    students = students_with_state(user, now=now, angkatan=angkatan)
    if keadaan in STATES:
        students = students.filter(keadaan=keadaan)
    q = q.strip()
    if q:
        students = students.filter(Q(nim__startswith=q) | Q(user__nama__icontains=q))
    order = Case(
        *(When(keadaan=state, then=Value(n)) for state, n in STATE_ORDER.items()),
        default=Value(len(STATE_ORDER)),
    )
    current = Pendaftaran.objects.filter(
        Q(status=Pendaftaran.Status.DITERIMA)
        | Q(status=Pendaftaran.Status.DIAJUKAN, batas_jawaban__gt=now)
    ).select_related("perusahaan")
    return (
        students.select_related("user", "prodi")
        .prefetch_related(Prefetch("pendaftaran", queryset=current, to_attr="current"))
        .order_by(order, "nim")
    )


def describe(students, *, now):
    """Set on each student of a page its state label, the company that took
    them (`placed_at`) and the block of a waiting application (`block`,
    from magang.selectors.block_of: the working days left)."""
    with kalender.snapshot():
        for student in students:
            student.keadaan_label = STATES[student.keadaan]
            accepted = [p for p in student.current if p.status == Pendaftaran.Status.DITERIMA]
            waiting = [p for p in student.current if p.status == Pendaftaran.Status.DIAJUKAN]
            student.placed_at = accepted[0] if accepted else None
            student.block = block_of(waiting[0], now=now) if waiting else None
    return students

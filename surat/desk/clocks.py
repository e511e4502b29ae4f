"""Starting, stopping and sweeping the KPI clocks (B.4.1.7.a/c/e).

A request's clocks count service minutes (the calendar module's service
hours on working days); a cover letter's confirmation clock counts working
days. Deadlines and alert thresholds are computed once, when a clock starts,
so the worker's sweep is a plain indexed comparison with `now` (plus, for a
request clock whose deadline fell at closing time, a check that service time
has really run past it: overdue() below)."""

import math
from datetime import date, datetime, time, timedelta
from fractions import Fraction

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from notifikasi.models import JenisNotifikasi
from notifikasi.services import composing, event_key, notify
from pkpk import kalender, roles
from pkpk.models import User

from ..models import Jam, PeristiwaLayanan

Event = PeristiwaLayanan.Jenis

# Budgets in service minutes.
BUDGET_MINUTES = {Jam.Jenis.TANGGAPAN: 15, Jam.Jenis.TERBIT: 60}
# The confirmation of a cover letter, in working days after the letter's date.
CONFIRM_DAYS = 14
CONFIRM_REMIND_FROM_DAY = 10
# Staff are alerted when this share of a request clock's budget is used. A
# fraction, not a float: 15 * (2 / 3) must be exactly 10 before it is rounded up.
ALERT_SHARE = Fraction(2, 3)
# Confirmation reminders go out at this WIB time of a working day.
REMINDER_TIME = time(7, 0)


def _event(jam, jenis, *, waktu, by=None, perusahaan=None, terpakai=None, catatan=""):
    return PeristiwaLayanan.objects.create(
        jam=jam,
        jenis=jenis,
        waktu=waktu,
        aktor=by,
        perusahaan=perusahaan,
        terpakai=terpakai,
        catatan=catatan,
    )


def alert_minutes(budget_minutes: int) -> int:
    """The service minute at which a request clock alerts staff (2/3 of its
    budget, rounded up): 10 of 15, 40 of 60."""
    return math.ceil(budget_minutes * ALERT_SHARE)


def _local(instant) -> datetime:
    # The calendar's zone (WIB), whatever zone a request may have activated.
    return timezone.localtime(instant, timezone.get_default_timezone())


def _local_date(instant) -> date:
    return _local(instant).date()


def start_request_clocks(permintaan, *, now=None) -> list[Jam]:
    """Start the clocks of `permintaan`'s current round: first response, and
    for a letter request the issue clock too."""
    now = now or timezone.now()
    kinds = [Jam.Jenis.TANGGAPAN]
    if permintaan.is_letter:
        kinds.append(Jam.Jenis.TERBIT)
    clocks = []
    for jenis in kinds:
        budget = BUDGET_MINUTES[jenis]
        jam = Jam.objects.create(
            jenis=jenis,
            permintaan=permintaan,
            putaran=permintaan.putaran,
            mulai=now,
            ambang_peringatan=kalender.service_deadline(now, alert_minutes(budget)),
            batas=kalender.service_deadline(now, budget),
        )
        _event(jam, Event.MULAI, waktu=now)
        clocks.append(jam)
    return clocks


def _start_of(day, at=time(0, 0)) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


def confirmation_deadline(last_day: date) -> datetime:
    """The instant a confirmation whose last working day is `last_day`
    breaches: 00:00 WIB after that day."""
    return _start_of(last_day + timedelta(days=1))


def start_confirmation_clock(surat, *, now=None) -> Jam:
    """From a cover letter's date: reminders from the 10th working day, and a
    breach once the 14th working day has ended."""
    now = now or timezone.now()
    remind_day = kalender.add_working_days(surat.tanggal, CONFIRM_REMIND_FROM_DAY)
    last_day = kalender.add_working_days(surat.tanggal, CONFIRM_DAYS)
    jam = Jam.objects.create(
        jenis=Jam.Jenis.KONFIRMASI,
        surat=surat,
        mulai=now,
        ambang_peringatan=_start_of(remind_day, REMINDER_TIME),
        batas=confirmation_deadline(last_day),
    )
    _event(jam, Event.MULAI, waktu=now)
    return jam


def _minutes_up(span: timedelta) -> int:
    return math.ceil(span.total_seconds() / 60)


def used(jam, end) -> int:
    """Time `jam` has used by `end`: service minutes (rounded up) for a
    request clock, working days after the letter's date (up to and including
    the day of `end`) for a confirmation."""
    if jam.jenis == Jam.Jenis.KONFIRMASI:
        # The deadline counts from the letter's date, so does the time used.
        return working_days_between(jam.surat.tanggal, _local_date(end))
    return _minutes_up(kalender.service_time_between(jam.mulai, end))


def working_days_between(start, end) -> int:
    """Working days d with start < d <= end (0 when end is not after start)."""
    count, day = 0, start
    with kalender.snapshot():  # one calendar check, not one per day
        while day < end:
            day += timedelta(days=1)
            count += kalender.is_working_day(day)
    return count


def budget(jam) -> int:
    return CONFIRM_DAYS if jam.jenis == Jam.Jenis.KONFIRMASI else BUDGET_MINUTES[jam.jenis]


def remaining(jam, now=None) -> int:
    """Time left before the deadline. A request clock: service minutes
    rounded up, so 1 or more before the deadline, 0 at it (also in the
    evening after a deadline at closing time: the clock stands still), and
    minus the overdue service minutes, rounded up, once it is overdue. A
    confirmation: working days left after today (0 on the 14th working day),
    negative once working days pass after it."""
    now = now or timezone.now()
    if jam.jenis == Jam.Jenis.KONFIRMASI:
        return CONFIRM_DAYS - used(jam, now)
    if now < jam.batas:
        return _minutes_up(kalender.service_time_between(now, jam.batas))
    return -_minutes_up(kalender.service_time_between(jam.batas, now))


def overdue(jam, now) -> bool:
    """Has `jam` run past its budget at `now`? A request clock only once
    service time has passed its deadline: one that ran out at closing time is
    not overdue in the evening, and is answered in time by staff who answer
    before the next opening (they used exactly the budget). A confirmation
    from 00:00 after the 14th working day."""
    if now < jam.batas:
        return False
    if jam.jenis == Jam.Jenis.KONFIRMASI:
        return True
    return kalender.service_time_between(jam.batas, now) > timedelta(0)


def _record_breach(jam, now):
    jam.lewat_pada = now
    jam.save(update_fields=["lewat_pada"])
    _event(jam, Event.LEWAT, waktu=now, terpakai=budget(jam))


def stop(jam, *, by=None, perusahaan=None, now=None, catatan="", outcome=True) -> Jam | None:
    """Stop a running clock: its outcome happened (`outcome`), or it ended
    without it (request returned or withdrawn, letter voided). A clock that
    already stopped is left alone; returns None then. A clock stopped after
    it ran out gets its breach recorded first if the sweep has not yet (it
    runs once a minute, and not at all while the worker is down), so every
    late clock has exactly one breach event."""
    now = now or timezone.now()
    with transaction.atomic():
        jam = Jam.objects.select_for_update().get(pk=jam.pk)
        if jam.berhenti_pada is not None:
            return None
        if jam.lewat_pada is None and overdue(jam, now):
            _record_breach(jam, now)
        jam.berhenti_pada = now
        jam.save(update_fields=["berhenti_pada"])
        _event(
            jam,
            Event.BERHENTI if outcome else Event.BATAL,
            waktu=now,
            by=by,
            perusahaan=perusahaan,
            terpakai=used(jam, now),
            catatan=catatan,
        )
    return jam


def stop_request_clock(permintaan, jenis, **kwargs):
    jam = permintaan.jam.filter(
        jenis=jenis, putaran=permintaan.putaran, berhenti_pada__isnull=True
    ).first()
    return stop(jam, **kwargs) if jam else None


def stop_confirmation_clock(surat, **kwargs):
    jam = surat.jam.filter(jenis=Jam.Jenis.KONFIRMASI, berhenti_pada__isnull=True).first()
    return stop(jam, **kwargs) if jam else None


# The sweep -------------------------------------------------------------------


def _staff():
    return list(User.objects.filter(groups__name=roles.STAF, is_active=True))


def _who_to_tell(jam, staff):
    """The staff member handling the request, or every active staff member
    when nobody (still active) handles it."""
    handler = jam.permintaan.ditangani_oleh if jam.permintaan_id else None
    return [handler] if handler and handler.is_active else staff


def _kind(jam):
    if jam.jenis == Jam.Jenis.KONFIRMASI:
        return JenisNotifikasi.KONFIRMASI
    return JenisNotifikasi.JAM_LAYANAN


def _link(jam):
    if jam.permintaan_id:
        return reverse("surat:request_staff", args=[jam.permintaan_id])
    return reverse("surat:detail", args=[jam.surat_id])


def _subject(jam):
    if jam.permintaan_id:
        return _("Request #%(pk)s (%(kind)s)") % {
            "pk": jam.permintaan_id,
            "kind": jam.permintaan.get_jenis_display(),
        }
    return _("Letter %(nomor)s to %(company)s") % {
        "nomor": jam.surat.nomor,
        "company": jam.surat.perusahaan_nama,
    }


def _alert_text(jam, now):
    left = remaining(jam, now)
    if jam.jenis == Jam.Jenis.KONFIRMASI:
        return _(
            "Confirm with the company whether the students were taken: %(days)s working "
            "day(s) left of 14."
        ) % {"days": max(left, 0)}
    return _("%(clock)s: %(minutes)s service minute(s) left of %(budget)s.") % {
        "clock": capfirst(jam.get_jenis_display()),
        "minutes": max(left, 0),
        "budget": budget(jam),
    }


def _breach_text(jam):
    if jam.jenis == Jam.Jenis.KONFIRMASI:
        return _("The %(days)s working days to confirm with the company have run out.") % {
            "days": CONFIRM_DAYS
        }
    return _("%(clock)s: the %(budget)s service minutes have run out.") % {
        "clock": capfirst(jam.get_jenis_display()),
        "budget": budget(jam),
    }


def _due_alerts(now):
    """Running clocks past their alert threshold but not their deadline, not
    yet alerted (request clocks: once; confirmations: once per working day,
    from 07:00). A clock already past its deadline gets the breach instead:
    "5 minutes left" after the time has run out (a worker that was down)
    would be wrong."""
    today = _local_date(now)
    request_clocks = ~Q(jenis=Jam.Jenis.KONFIRMASI) & Q(diingatkan_pada__isnull=True)
    wanted = request_clocks
    if kalender.is_working_day(today) and _local(now).time() >= REMINDER_TIME:
        not_today = Q(diingatkan_pada__isnull=True) | Q(diingatkan_pada__lt=_start_of(today))
        wanted |= Q(jenis=Jam.Jenis.KONFIRMASI) & not_today
    return (
        Jam.objects.filter(
            berhenti_pada__isnull=True,
            lewat_pada__isnull=True,
            ambang_peringatan__lte=now,
            batas__gt=now,
        )
        .filter(wanted)
        .order_by("batas", "pk")
        .values_list("pk", flat=True)
    )


def sweep(now=None) -> dict:
    """Alert and record breaches; safe to run twice (each clock row is locked
    and re-checked, and a breach event is unique per clock)."""
    now = now or timezone.now()
    with kalender.snapshot():  # one calendar check for the whole sweep
        return _sweep(now)


def _claim_running(pk):
    """The clock, locked for this transaction, if it still runs and has not
    breached; None when it stopped or another worker sweeps it now."""
    return (
        Jam.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("permintaan__ditangani_oleh", "surat")
        .filter(pk=pk, berhenti_pada__isnull=True, lewat_pada__isnull=True)
        .first()
    )


def _sweep(now) -> dict:
    staff = None
    alerted = breached = 0
    for pk in list(_due_alerts(now)):
        with transaction.atomic():
            jam = _claim_running(pk)
            if jam is None:
                continue
            if jam.diingatkan_pada and (
                jam.jenis != Jam.Jenis.KONFIRMASI
                or _local_date(jam.diingatkan_pada) == _local_date(now)
            ):
                continue
            jam.diingatkan_pada = now
            jam.save(update_fields=["diingatkan_pada"])
            _event(jam, Event.PERINGATAN, waktu=now, terpakai=used(jam, now))
            staff = staff if staff is not None else _staff()
            with composing():
                notify(
                    users=_who_to_tell(jam, staff),
                    jenis=_kind(jam),
                    # A confirmation reminds once per working day; the others once.
                    kunci=event_key("surat.jam", jam.pk, "peringatan")
                    + (f":{_local_date(now)}" if jam.jenis == Jam.Jenis.KONFIRMASI else ""),
                    judul=_subject(jam),
                    isi=_alert_text(jam, now),
                    tautan=_link(jam),
                )
            alerted += 1
    past_deadline = Jam.objects.filter(
        berhenti_pada__isnull=True, lewat_pada__isnull=True, batas__lte=now
    ).values_list("pk", flat=True)
    for pk in list(past_deadline):
        with transaction.atomic():
            jam = _claim_running(pk)
            if jam is None or not overdue(jam, now):
                continue
            _record_breach(jam, now)
            staff = staff if staff is not None else _staff()
            with composing():
                notify(
                    users=_who_to_tell(jam, staff),
                    jenis=_kind(jam),
                    kunci=event_key("surat.jam", jam.pk, "lewat"),
                    judul=_("Breached: %(subject)s") % {"subject": _subject(jam)},
                    isi=_breach_text(jam),
                    tautan=_link(jam),
                )
            breached += 1
    return {"alerted": alerted, "breached": breached}

"""Starting, stopping and sweeping the KPI clocks (B.4.1.7.a/c/e).

A request's clocks count service minutes (the calendar module's service
hours on working days); a cover letter's confirmation clock counts working
days. Deadlines and alert thresholds are computed once, when a clock starts,
so the worker's sweep is a plain indexed comparison with `now`."""

import math
from datetime import datetime, time, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pkpk import kalender, roles
from pkpk.models import User
from pkpk.notify import notify

from .models import Jam, PeristiwaLayanan

Event = PeristiwaLayanan.Jenis

# Budgets in service minutes.
BUDGET_MINUTES = {Jam.Jenis.TANGGAPAN: 15, Jam.Jenis.TERBIT: 60}
# The confirmation of a cover letter, in working days after the letter's date.
CONFIRM_DAYS = 14
CONFIRM_REMIND_FROM_DAY = 10
# Staff are alerted when this share of a request clock's budget is used.
ALERT_SHARE = 2 / 3
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
            ambang_peringatan=kalender.service_deadline(now, math.ceil(budget * ALERT_SHARE)),
            batas=kalender.service_deadline(now, budget),
        )
        _event(jam, Event.MULAI, waktu=now)
        clocks.append(jam)
    return clocks


def _start_of(day, at=time(0, 0)) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


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
        batas=_start_of(last_day + timedelta(days=1)),
    )
    _event(jam, Event.MULAI, waktu=now)
    return jam


def used(jam, end) -> int:
    """Time `jam` has used by `end`: service minutes (rounded up) for a
    request clock, working days after the letter's date for a confirmation."""
    if jam.jenis == Jam.Jenis.KONFIRMASI:
        return working_days_between(timezone.localdate(jam.mulai), timezone.localdate(end))
    seconds = kalender.service_time_between(jam.mulai, end).total_seconds()
    return math.ceil(seconds / 60)


def working_days_between(start, end) -> int:
    """Working days d with start < d <= end."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += kalender.is_working_day(day)
    return count


def budget(jam) -> int:
    return CONFIRM_DAYS if jam.jenis == Jam.Jenis.KONFIRMASI else BUDGET_MINUTES[jam.jenis]


def remaining(jam, now=None) -> int:
    """Service minutes (or working days) left before the deadline; negative
    once it has passed."""
    now = now or timezone.now()
    if jam.jenis == Jam.Jenis.KONFIRMASI:
        return CONFIRM_DAYS - used(jam, now)
    if now < jam.batas:
        return math.ceil(kalender.service_time_between(now, jam.batas).total_seconds() / 60)
    return -math.floor(kalender.service_time_between(jam.batas, now).total_seconds() / 60)


def stop(jam, *, by=None, perusahaan=None, now=None, catatan="", outcome=True) -> Jam | None:
    """Stop a running clock: its outcome happened (`outcome`), or it ended
    without it (request returned or withdrawn, letter voided). A clock that
    already stopped is left alone; returns None then."""
    now = now or timezone.now()
    with transaction.atomic():
        jam = Jam.objects.select_for_update().get(pk=jam.pk)
        if jam.berhenti_pada is not None:
            return None
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
    handler = jam.permintaan.ditangani_oleh if jam.permintaan_id else None
    return [handler] if handler else staff


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
        "clock": jam.get_jenis_display(),
        "minutes": max(left, 0),
        "budget": budget(jam),
    }


def _breach_text(jam):
    if jam.jenis == Jam.Jenis.KONFIRMASI:
        return _("The 14 working days to confirm with the company have run out.")
    return _("%(clock)s: the %(budget)s service minutes have run out.") % {
        "clock": jam.get_jenis_display(),
        "budget": budget(jam),
    }


def _due_alerts(now):
    """Running, unbreached clocks past their alert threshold and not yet
    alerted (request clocks: once; confirmation: once per working day)."""
    due = Jam.objects.filter(
        berhenti_pada__isnull=True, lewat_pada__isnull=True, ambang_peringatan__lte=now
    )
    today_start = _start_of(timezone.localdate(now))
    request_clocks = due.exclude(jenis=Jam.Jenis.KONFIRMASI).filter(diingatkan_pada__isnull=True)
    confirmations = due.filter(jenis=Jam.Jenis.KONFIRMASI).exclude(diingatkan_pada__gte=today_start)
    if (
        not kalender.is_working_day(timezone.localdate(now))
        or timezone.localtime(now).time() < REMINDER_TIME
    ):
        confirmations = confirmations.none()
    return request_clocks.union(confirmations).values_list("pk", flat=True)


def sweep(now=None) -> dict:
    """Alert and record breaches; safe to run twice (each clock row is locked
    and re-checked, and a breach event is unique per clock)."""
    now = now or timezone.now()
    staff = None
    alerted = breached = 0
    for pk in list(_due_alerts(now)):
        with transaction.atomic():
            jam = (
                Jam.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("permintaan__ditangani_oleh", "surat")
                .filter(pk=pk, berhenti_pada__isnull=True, lewat_pada__isnull=True)
                .first()
            )
            if jam is None:
                continue
            if jam.diingatkan_pada and (
                jam.jenis != Jam.Jenis.KONFIRMASI
                or timezone.localdate(jam.diingatkan_pada) == timezone.localdate(now)
            ):
                continue
            jam.diingatkan_pada = now
            jam.save(update_fields=["diingatkan_pada"])
            _event(jam, Event.PERINGATAN, waktu=now, terpakai=used(jam, now))
            staff = staff if staff is not None else _staff()
            notify(
                users=_who_to_tell(jam, staff),
                judul=_subject(jam),
                isi=_alert_text(jam, now),
                tautan=_link(jam),
            )
            alerted += 1
    overdue = Jam.objects.filter(
        berhenti_pada__isnull=True, lewat_pada__isnull=True, batas__lte=now
    ).values_list("pk", flat=True)
    for pk in list(overdue):
        with transaction.atomic():
            jam = (
                Jam.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("permintaan__ditangani_oleh", "surat")
                .filter(pk=pk, berhenti_pada__isnull=True, lewat_pada__isnull=True)
                .first()
            )
            if jam is None:
                continue
            jam.lewat_pada = now
            jam.save(update_fields=["lewat_pada"])
            _event(jam, Event.LEWAT, waktu=now, terpakai=budget(jam))
            staff = staff if staff is not None else _staff()
            notify(
                users=_who_to_tell(jam, staff),
                judul=_("Breached: %(subject)s") % {"subject": _subject(jam)},
                isi=_breach_text(jam),
                tautan=_link(jam),
            )
            breached += 1
    return {"alerted": alerted, "breached": breached}

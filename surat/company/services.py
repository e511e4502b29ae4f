"""The company's side of a letter: its answer through the signed link (per
student on a surat permohonan, taken or not on a surat pengantar), the
partner feedback, staff sending the letter by e-mail (written and sent by
surat.company.delivery), and the confirmation staff record by other channels
(B.4.1.7.c). Views and the worker call these."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from magang import answers as magang_answers
from magang.models import Pendaftaran
from notifikasi.models import JenisNotifikasi
from notifikasi.services import composing, notify
from pkpk import roles, wording
from pkpk.models import JenisTemplat, User

from ..desk import clocks
from ..models import (
    Jenis,
    Konfirmasi,
    NilaiUmpanBalik,
    Pengiriman,
    PertanyaanUmpanBalik,
    Surat,
    UmpanBalik,
)

log = logging.getLogger(__name__)

SEND_TASK = "surat.company_tasks.send_letter_email"
# The application states a company may still answer on a surat permohonan.
ANSWERABLE = magang_answers.ANSWERABLE
LIKERT = (1, 2, 3, 4)


class AlreadyAnswered(ValidationError):
    """The company (or staff) answered this already; nothing was changed."""


def _lock_valid(surat, jenis=None) -> Surat:
    """Lock the letter row (double submits queue here) and check it is still
    valid and of the expected kind."""
    surat = (
        Surat.objects.select_for_update(of=("self",)).select_related("perusahaan").get(pk=surat.pk)
    )
    if not surat.sah:
        raise ValidationError(_("This letter has been voided."), code="voided")
    if jenis and surat.jenis != jenis:
        raise ValidationError(_("This letter does not take this kind of answer."), code="kind")
    return surat


def _clean_person(nama, jabatan):
    nama, jabatan = (nama or "").strip(), (jabatan or "").strip()
    if not nama:
        raise ValidationError({"nama": _("Enter the name of the person answering.")})
    if len(nama) > 150 or len(jabatan) > 150:
        raise ValidationError(_("The name and position may have at most 150 characters."))
    return nama, jabatan


def _tell_staff(surat, judul, kunci):
    """In the app: staff see what companies answered without watching each letter."""
    with composing():  # the callers build `judul` inside composing() too
        notify(
            users=User.objects.filter(groups__name=roles.STAF, is_active=True),
            jenis=JenisNotifikasi.JAWABAN_PERUSAHAAN,
            kunci=kunci,
            judul=judul,
            isi=_("Letter %(nomor)s to %(company)s.")
            % {"nomor": surat.nomor, "company": surat.perusahaan_nama},
            tautan=reverse("surat:detail", args=[surat.pk]),
            email=False,
        )


def _answered_by(nama, jabatan, catatan=""):
    who = f"{nama}, {jabatan}" if jabatan else nama
    text = _("Answered through the company link by %(who)s.") % {"who": who}
    catatan = (catatan or "").strip()
    return f"{text}\n{catatan}" if catatan else text


# The company's answer ----------------------------------------------------------


def students_of(surat):
    """The students on `surat` with their applications, in the letter's order."""
    return list(surat.mahasiswa.select_related("pendaftaran").order_by("urutan"))


def record_company_answer(*, surat, answers, nama, jabatan="", catatan="") -> list[Pendaftaran]:
    """The company answers a surat permohonan through its link: `answers` maps
    each unanswered application's pk to {"hasil": "diterima"|"ditolak",
    "mulai", "selesai", "penempatan"}. All of them are recorded through
    magang.answers.record_answer (events name the company, no user) in one
    transaction, or none is. An application answered in the meantime (by
    staff, or a second submit) raises AlreadyAnswered."""
    nama, jabatan = _clean_person(nama, jabatan)
    if not answers:
        raise ValidationError(_("There is no student left to answer for."))
    for answer in answers.values():
        _check_answer(answer)
    catatan = _answered_by(nama, jabatan, catatan)
    with transaction.atomic():
        surat, applications = _lock_answerable(surat, answers)
        recorded = []
        for pendaftaran in applications:
            answer = answers[pendaftaran.pk]
            accepted = answer["hasil"] == "diterima"
            recorded.append(
                magang_answers.record_answer(
                    pendaftaran=pendaftaran,
                    hasil=answer["hasil"],
                    by=None,
                    perusahaan=surat.perusahaan,
                    mulai=answer.get("mulai") if accepted else None,
                    selesai=answer.get("selesai") if accepted else None,
                    penempatan=(answer.get("penempatan") or "").strip() if accepted else "",
                    catatan=catatan,
                )
            )
        with composing():
            _tell_staff(
                surat,
                _("%(company)s answered through its link") % {"company": surat.perusahaan_nama},
                # Each application is answered once: the first one names this answer.
                f"surat.surat:{surat.pk}:jawaban:{recorded[0].pk}",
            )
    log.info("company answered letter %s for %s student(s)", surat.pk, len(recorded))
    return recorded


def _lock_answerable(surat, pks):
    """Lock the letter (a valid surat permohonan) and the applications `pks`
    on it, each still waiting for its answer."""
    surat = _lock_valid(surat, Jenis.PERMOHONAN)
    on_letter = set(surat.mahasiswa.values_list("pendaftaran_id", flat=True))
    if not set(pks) <= on_letter:
        raise PermissionDenied
    # Locked in one order, so two answers to overlapping letters cannot deadlock.
    applications = list(
        Pendaftaran.objects.select_for_update()
        .filter(pk__in=pks)
        .select_related("mahasiswa")
        .order_by("pk")
    )
    answered = [p for p in applications if p.status not in ANSWERABLE]
    if answered:
        raise AlreadyAnswered(
            _("The application of %(nim)s already has its answer.")
            % {"nim": answered[0].mahasiswa.nim}
        )
    return surat, applications


def record_staff_answers(*, surat, answers, by) -> list[Pendaftaran]:
    """Staff record the company's answers (by phone, e-mail, a letter...) for
    several students of one surat permohonan at once: `answers` maps
    application pks on the letter to {"hasil": "diterima"|"ditolak",
    "catatan"}. Each goes through magang.answers.record_answer (its event,
    its notification) in one transaction: all are recorded or none is."""
    roles.require_staff(by)
    if not answers:
        raise ValidationError(_("Choose the answer for at least one student."))
    if any(answer.get("hasil") not in ("diterima", "ditolak") for answer in answers.values()):
        raise ValidationError(_("Choose accepted or not accepted for every student."))
    with transaction.atomic():
        surat, applications = _lock_answerable(surat, answers)
        recorded = [
            magang_answers.record_answer(
                pendaftaran=pendaftaran,
                hasil=answers[pendaftaran.pk]["hasil"],
                by=by,
                catatan=(answers[pendaftaran.pk].get("catatan") or "").strip(),
            )
            for pendaftaran in applications
        ]
    log.info("staff recorded answers on letter %s for %s student(s)", surat.pk, len(recorded))
    return recorded


def _check_answer(answer):
    if answer.get("hasil") not in ("diterima", "ditolak"):
        raise ValidationError(_("Choose accepted or not accepted for every student."))
    if answer["hasil"] != "diterima":
        return
    mulai, selesai = answer.get("mulai"), answer.get("selesai")
    if not (mulai and selesai):
        raise ValidationError(_("Enter the internship period of every student accepted."))
    if mulai >= selesai:
        raise ValidationError(_("The internship must end after it starts."))
    if len((answer.get("penempatan") or "").strip()) > 200:
        raise ValidationError(_("The placement may have at most 200 characters."))


def company_confirmation(surat):
    """The company's own answer to a cover letter, if it gave one."""
    return surat.konfirmasi.filter(saluran=Konfirmasi.Saluran.TAUTAN).first()


def record_company_confirmation(*, surat, taken, nama, jabatan="", catatan="") -> Konfirmasi:
    """The company says, through its link, which students on a surat pengantar
    it takes (`taken` maps every application's pk to True/False). Records a
    confirmation and stops the confirmation clock in the company's name."""
    nama, jabatan = _clean_person(nama, jabatan)
    with transaction.atomic():
        surat = _lock_valid(surat, Jenis.PENGANTAR)
        if company_confirmation(surat) is not None:
            raise AlreadyAnswered(_("The company's answer to this letter was received already."))
        students = students_of(surat)
        if set(taken) != {m.pendaftaran_id for m in students}:
            raise ValidationError(_("Say for every student whether they are taken."))
        lines = [
            f"{m.nama} ({m.nim}): " + (_("taken") if taken[m.pendaftaran_id] else _("not taken"))
            for m in students
        ]
        count = sum(bool(v) for v in taken.values())
        if count == len(students):
            hasil = Konfirmasi.Hasil.DITERIMA
        elif count == 0:
            hasil = Konfirmasi.Hasil.DITOLAK
        else:
            hasil = Konfirmasi.Hasil.SEBAGIAN
        now = timezone.now()
        konfirmasi = Konfirmasi(
            surat=surat,
            tanggal=timezone.localdate(now),
            saluran=Konfirmasi.Saluran.TAUTAN,
            hasil=hasil,
            catatan="\n".join([*lines, _answered_by(nama, jabatan, catatan)]),
            dicatat_oleh=None,
            dicatat_pada=now,
        )
        konfirmasi.full_clean()
        konfirmasi.save()
        clocks.stop_confirmation_clock(
            surat, perusahaan=surat.perusahaan, now=now, catatan=konfirmasi.get_hasil_display()
        )
        with composing():
            _tell_staff(
                surat,
                _("%(company)s confirmed the cover letter: %(result)s")
                % {"company": surat.perusahaan_nama, "result": konfirmasi.get_hasil_display()},
                f"surat.konfirmasi:{konfirmasi.pk}",
            )
    log.info("company confirmed letter %s: %s", surat.pk, hasil)
    return konfirmasi


# Partner feedback ---------------------------------------------------------------


def feedback_questions():
    return list(PertanyaanUmpanBalik.objects.filter(aktif=True))


def submit_feedback(*, surat, scores, nama, jabatan="", komentar="") -> UmpanBalik:
    """The company's feedback on a cover letter, once per letter: `scores` maps
    the pk of every question asked to a score of 1-4."""
    nama, jabatan = _clean_person(nama, jabatan)
    komentar = (komentar or "").strip()
    if len(komentar) > 3000:
        raise ValidationError({"komentar": _("Comments may have at most 3000 characters.")})
    with transaction.atomic():
        surat = _lock_valid(surat, Jenis.PENGANTAR)
        if UmpanBalik.objects.filter(surat=surat).exists():
            raise AlreadyAnswered(_("Feedback for this letter was received already."))
        questions = feedback_questions()
        if set(scores) != {q.pk for q in questions}:
            raise ValidationError(_("Give a score for every question."))
        if any(scores[q.pk] not in LIKERT for q in questions):
            raise ValidationError(_("Every score must be 1, 2, 3 or 4."))
        umpan_balik = UmpanBalik(
            surat=surat,
            perusahaan=surat.perusahaan,
            nama_pengisi=nama,
            jabatan_pengisi=jabatan,
            komentar=komentar,
        )
        umpan_balik.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                umpan_balik.save()
        except IntegrityError:
            raise AlreadyAnswered(_("Feedback for this letter was received already.")) from None
        NilaiUmpanBalik.objects.bulk_create(
            [
                NilaiUmpanBalik(
                    umpan_balik=umpan_balik, pertanyaan=q, teks=q.teks, nilai=scores[q.pk]
                )
                for q in questions
            ]
        )
    log.info("feedback received for letter %s", surat.pk)
    return umpan_balik


# Delivery by e-mail -------------------------------------------------------------


def default_email(surat) -> str:
    """Where the letter goes unless staff say otherwise: the first
    application's contact, else the company's own address."""
    for m in surat.mahasiswa.all():
        if m.pendaftaran.kontak_email:
            return m.pendaftaran.kontak_email
    return surat.perusahaan.email


def send_to_company(*, surat, email, by) -> Pengiriman:
    """Queue the letter for e-mailing to `email`; the worker sends it once."""
    roles.require_staff(by)
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    with transaction.atomic():
        surat = _lock_valid(surat)
        if not surat.berkas:
            raise ValidationError(_("This letter has no PDF to send."))
        pengiriman = Pengiriman(surat=surat, email=email, diminta_oleh=by)
        pengiriman.full_clean()
        pengiriman.save()
        transaction.on_commit(lambda: async_task(SEND_TASK, pengiriman.pk))
    log.info("letter %s queued for e-mail (delivery %s)", surat.pk, pengiriman.pk)
    return pengiriman


def feedback_intro(surat, teks=None):
    """The intro of the company's feedback page: the staff wording `teks`
    (the version in force when None) for `surat`, as HTML."""
    teks = teks or wording.current(JenisTemplat.UMPAN_BALIK_WEB).teks
    kop = surat.institusi
    values = {
        "nomor_surat": surat.nomor,
        "nama_perusahaan": surat.perusahaan_nama,
        "nama_institusi": kop.get("nama", ""),
        "nama_unit": kop.get("nama_unit", ""),
        "singkatan_unit": kop.get("singkatan_unit", ""),
    }
    return wording.render_html(teks, JenisTemplat.UMPAN_BALIK_WEB, values)


# Confirmation by staff (B.4.1.7.c) ----------------------------------------------


def record_confirmation(*, surat, by, tanggal, saluran, hasil, catatan="") -> Konfirmasi:
    """Staff confirmed with the company (phone, e-mail, visit...) whether the
    students on a cover letter were taken: the first confirmation stops the
    letter's confirmation clock."""
    roles.require_staff(by)
    now = timezone.now()
    if tanggal is None:
        raise ValidationError({"tanggal": _("Enter the date of the confirmation.")})
    if tanggal > timezone.localdate(now):
        raise ValidationError({"tanggal": _("The date cannot be in the future.")})
    if saluran == Konfirmasi.Saluran.TAUTAN:
        raise ValidationError({"saluran": _("Choose how the company was contacted.")})
    with transaction.atomic():
        surat = _lock_valid(surat, Jenis.PENGANTAR)
        if tanggal < surat.tanggal:
            raise ValidationError({"tanggal": _("The date cannot be before the letter's date.")})
        konfirmasi = Konfirmasi(
            surat=surat,
            tanggal=tanggal,
            saluran=saluran,
            hasil=hasil,
            catatan=(catatan or "").strip(),
            dicatat_oleh=by,
            dicatat_pada=now,
        )
        konfirmasi.full_clean()
        konfirmasi.save()
        clocks.stop_confirmation_clock(
            surat, by=by, now=now, catatan=konfirmasi.get_hasil_display()
        )
    log.info("confirmation recorded for letter %s", surat.pk)
    return konfirmasi

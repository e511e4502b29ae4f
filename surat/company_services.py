"""The company's side of a letter: its answer through the signed link (per
student on a surat permohonan, taken or not on a surat pengantar), the
partner feedback, the e-mail that delivers the letter, and the confirmation
staff record by other channels (B.4.1.7.c). Views and the worker call these."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_q.tasks import async_task

from magang import services as magang_services
from magang.models import Pendaftaran
from pkpk import outbox, roles, wording
from pkpk.models import Institusi, JenisNotifikasi, JenisTemplat, User
from pkpk.notify import composing, notify

from . import clocks, company_links, services
from .models import (
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
ANSWERABLE = magang_services.ANSWERABLE
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
    magang.services.record_answer (events name the company, no user) in one
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
                magang_services.record_answer(
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
    "catatan"}. Each goes through magang.services.record_answer (its event,
    its notification) in one transaction: all are recorded or none is."""
    roles.require_staff(by)
    if not answers:
        raise ValidationError(_("Choose the answer for at least one student."))
    if any(answer.get("hasil") not in ("diterima", "ditolak") for answer in answers.values()):
        raise ValidationError(_("Choose accepted or not accepted for every student."))
    with transaction.atomic():
        surat, applications = _lock_answerable(surat, answers)
        recorded = [
            magang_services.record_answer(
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


def email_wording_kind(surat):
    """Which staff-owned text is the body of the e-mail sending `surat`."""
    if surat.jenis == Jenis.PERMOHONAN:
        return JenisTemplat.EMAIL_PERMOHONAN
    return JenisTemplat.EMAIL_PENGANTAR


def email_wording_values(surat, *, students, institusi, company_url, expires_on, html):
    """What each placeholder of the e-mail's wording stands for: plain text,
    or for the HTML part the links and the student list we build (escaped)."""
    penerima = surat.penerima_jabatan
    if surat.penerima_nama:
        penerima += f" ({surat.penerima_nama})"
    kop = services.letterhead(institusi)
    verification = services.verification_url(surat)
    lines = [f"{m.urutan}. {m.nama} ({m.nim}), {m.prodi}" for m in students]
    values = {
        "nomor_surat": surat.nomor,
        "tanggal_surat": services.tanggal_indonesia(surat.tanggal),
        "jenis_surat": surat.get_jenis_display(),
        "jabatan_penerima": surat.penerima_jabatan,
        "penerima": penerima,
        "nama_perusahaan": surat.perusahaan_nama,
        "daftar_mahasiswa": "\n".join(lines),
        "tautan_jawaban": company_url,
        "berlaku_sampai": services.tanggal_indonesia(expires_on),
        "tautan_verifikasi": verification,
        "kontak_unit": services.unit_contact(kop),
        "nama_unit": institusi.nama_unit,
        "singkatan_unit": institusi.singkatan_unit,
        "unit_singkat": institusi.singkatan_unit or institusi.nama_unit,
        "nama_institusi": institusi.nama,
    }
    if html:
        label = (
            _("Give the answer")
            if surat.jenis == Jenis.PERMOHONAN
            else _("Confirm and give feedback")
        )
        values["daftar_mahasiswa"] = format_html(
            "<ol>{}</ol>",
            format_html_join(
                "", "<li>{} ({}), {}</li>", ((m.nama, m.nim, m.prodi) for m in students)
            ),
        )
        values["tautan_jawaban"] = format_html(
            '<a href="{0}" style="display: inline-block; background: #0b4f8a; color: #ffffff; '
            'padding: 10px 18px; border-radius: 4px; text-decoration: none;">{1}</a><br>'
            '<span style="font-size: 13px; color: #555; word-break: break-all;">{0}</span>',
            company_url,
            label,
        )
        values["tautan_verifikasi"] = format_html('<a href="{0}">{0}</a>', verification)
    return values


def compose_email(surat, *, subjek, isi, company_url, expires_on, students):
    """The e-mail's subject, text and HTML from the wording `subjek` and
    `isi` (the versions in force, or the editor's unsaved text)."""
    institusi = Institusi.load()
    common = {
        "students": students,
        "institusi": institusi,
        "company_url": company_url,
        "expires_on": expires_on,
    }
    kind = email_wording_kind(surat)
    with translation.override(settings.LANGUAGE_CODE):
        plain = email_wording_values(surat, html=False, **common)
        rich = email_wording_values(surat, html=True, **common)
        subject = wording.render_subject(subjek, JenisTemplat.EMAIL_SURAT_SUBJEK, plain)
        context = {"surat": surat, "institusi": institusi}
        text = render_to_string(
            "surat/email/letter.txt", {**context, "isi": wording.render_text(isi, kind, plain)}
        )
        html = render_to_string(
            "surat/email/letter.html", {**context, "isi": wording.render_html(isi, kind, rich)}
        )
    return subject, text, html


def letter_email(surat, email, *, subjek=None, isi=None) -> EmailMultiAlternatives:
    """The e-mail to the company: Indonesian text and HTML written with the
    staff's wording (versions `subjek` and `isi`, else those in force), the
    PDF attached, the short link to answer and the verification page."""
    subjek = subjek or wording.current(JenisTemplat.EMAIL_SURAT_SUBJEK)
    isi = isi or wording.current(email_wording_kind(surat))
    institusi = Institusi.load()
    # A short link of its own, valid COMPANY_LINK_DAYS from this e-mail.
    tautan = company_links.make_short_link(surat)
    subject, text, html = compose_email(
        surat,
        subjek=subjek.teks,
        isi=isi.teks,
        company_url=company_links.short_url(tautan),
        expires_on=company_links.expires_on(tautan.dibuat_pada),
        students=list(surat.mahasiswa.all()),
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[email],
        reply_to=[institusi.email] if institusi.email else None,
    )
    message.attach_alternative(html, "text/html")
    with surat.berkas.open("rb") as handle:
        message.attach(services.file_name(surat), handle.read(), "application/pdf")
    return message


def deliver(pengiriman_id) -> bool:
    """Send one queued e-mail. The row is claimed (locked, still unsent, due)
    first, so a task that runs twice, or two workers at once, send it once.
    A letter voided since it was queued is not sent. A failed send is tried
    again later (pkpk.outbox, swept by retry_deliveries); after the last try
    the staff member who sent it is told."""
    now = timezone.now()
    with transaction.atomic():
        row = outbox.claim(
            Pengiriman.objects.select_related("surat__perusahaan", "diminta_oleh"),
            pk=pengiriman_id,
            sent_field="terkirim_pada",
            now=now,
        )
        if row is None:
            return False
        if not row.surat.sah:
            log.info("delivery %s skipped: letter %s voided", row.pk, row.surat_id)
            return False
        # The wording versions are fixed at the first try, so a retry sends
        # the same text even if staff changed it meanwhile.
        if row.templat_id is None:
            row.templat_subjek = wording.current(JenisTemplat.EMAIL_SURAT_SUBJEK)
            row.templat = wording.current(email_wording_kind(row.surat))
            row.save(update_fields=["templat_subjek", "templat"])
        message = letter_email(row.surat, row.email, subjek=row.templat_subjek, isi=row.templat)
        outcome = outbox.send(row, message, sent_field="terkirim_pada", now=now)
        if outcome == outbox.FAILED:
            _tell_staff_undelivered(row)
    log.info("delivery %s: %s (attempt %s)", pengiriman_id, outcome, row.percobaan)
    return outcome == outbox.SENT


def retry_deliveries() -> int:
    """Send again each letter e-mail whose next try is due (the worker's
    timer); returns how many went out."""
    due = outbox.retries_due(Pengiriman.objects.all(), sent_field="terkirim_pada")
    return sum(deliver(pk) for pk in due)


def _tell_staff_undelivered(row):
    """The staff member who sent the letter (all staff if they left) learns
    it did not reach the company, on the letter's page too."""
    asked = row.diminta_oleh
    users = (
        [asked] if asked.is_active else User.objects.filter(groups__name=roles.STAF, is_active=True)
    )
    with composing():
        notify(
            users=users,
            jenis=JenisNotifikasi.EMAIL_GAGAL,
            kunci=f"surat.pengiriman:{row.pk}:gagal",
            judul=_("Letter %(nomor)s could not be e-mailed to %(email)s")
            % {"nomor": row.surat.nomor, "email": row.email},
            isi=_(
                "The mail server still refused it after %(n)s tries: %(error)s. Check the "
                "address and send it again, or deliver the letter another way."
            )
            % {"n": row.percobaan, "error": row.galat},
            tautan=reverse("surat:detail", args=[row.surat_id]),
        )


def _describe_delivery(row):
    subject = _("Letter %(nomor)s to %(company)s") % {
        "nomor": row.surat.nomor,
        "company": row.surat.perusahaan_nama,
    }
    return row.email, subject, reverse("surat:detail", args=[row.surat_id])


def register_outbox():
    outbox.register(
        "surat.pengiriman",
        label=gettext_lazy("Letter to a company"),
        queryset=lambda: Pengiriman.objects.select_related("surat"),
        describe=_describe_delivery,
        sent_field="terkirim_pada",
    )


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

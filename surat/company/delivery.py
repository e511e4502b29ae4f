"""The e-mail that delivers a letter to the company: written with the staff's
wording, the PDF attached, sent once by the worker (surat.company_tasks) and
tried again through pkpk.lib.outbox. surat.company.services.send_to_company queues it."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifikasi.models import JenisNotifikasi
from notifikasi.services import composing, event_key, notify
from pkpk import roles, wording
from pkpk.lib import outbox
from pkpk.models import Institusi, JenisTemplat, User

from ..letters import render, services
from ..models import Jenis, Pengiriman
from . import links as company_links

log = logging.getLogger(__name__)


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
    kop = render.letterhead(institusi)
    verification = render.verification_url(surat)
    lines = [f"{m.urutan}. {m.nama} ({m.nim}), {m.prodi}" for m in students]
    values = {
        "nomor_surat": surat.nomor,
        "tanggal_surat": render.tanggal_indonesia(surat.tanggal),
        "jenis_surat": surat.get_jenis_display(),
        "jabatan_penerima": surat.penerima_jabatan,
        "penerima": penerima,
        "nama_perusahaan": surat.perusahaan_nama,
        "daftar_mahasiswa": "\n".join(lines),
        "tautan_jawaban": company_url,
        "berlaku_sampai": render.tanggal_indonesia(expires_on),
        "tautan_verifikasi": verification,
        "kontak_unit": render.unit_contact(kop),
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
    again later (pkpk.lib.outbox, swept by retry_deliveries); after the last try
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
            kunci=event_key("surat.pengiriman", row.pk, "gagal"),
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

"""Notifications: what a person is told (in the app, most also by e-mail),
the kinds they may turn off, and what they turned off."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pkpk import roles
from pkpk.lib.outbox import Attempts
from pkpk.models import User


class JenisNotifikasi(models.TextChoices):
    """What a notification is about: the unit people turn on and off."""

    # Students
    PENDAFTARAN = "pendaftaran", _("My applications")
    JAWABAN = "jawaban", _("Company answers")
    BLOKIR_DIBUKA = "blokir_dibuka", _("Free to register elsewhere")
    SURAT_SIAP = "surat_siap", _("Letters ready")
    PERMINTAAN = "permintaan", _("Requests returned or answered")
    DISEBUT = "disebut", _("Letters a classmate asked for")
    # Staff
    JAM_LAYANAN = "jam_layanan", _("Service clock alerts")
    KONFIRMASI = "konfirmasi", _("Confirmations due")
    JAWABAN_PERUSAHAAN = "jawaban_perusahaan", _("Answers through the company link")
    PERMINTAAN_BARU = "permintaan_baru", _("New requests")
    EMAIL_GAGAL = "email_gagal", _("E-mails that could not be sent")


@dataclass(frozen=True)
class KindInfo:
    """Who gets a kind, whether it may be hidden in the app, whether it is e-mailed."""

    role: str
    description: str
    essential: bool  # the person must act on it: always in the app
    emailed: bool


_J = JenisNotifikasi
KINDS = {
    _J.PENDAFTARAN: KindInfo(
        roles.MAHASISWA,
        _("Registered, waiting for approval, approved, cancelled, an uploaded reply refused."),
        essential=True,
        emailed=True,
    ),
    _J.JAWABAN: KindInfo(
        roles.MAHASISWA,
        _("The company's answer to an application is recorded."),
        essential=True,
        emailed=True,
    ),
    _J.BLOKIR_DIBUKA: KindInfo(
        roles.MAHASISWA,
        _("No answer in time: you may register at another place."),
        essential=True,
        emailed=True,
    ),
    _J.SURAT_SIAP: KindInfo(
        roles.MAHASISWA, _("A letter you asked for is issued."), essential=True, emailed=True
    ),
    _J.PERMINTAAN: KindInfo(
        roles.MAHASISWA,
        _("Staff returned a request for a correction, or answered your question."),
        essential=True,
        emailed=True,
    ),
    _J.DISEBUT: KindInfo(
        roles.MAHASISWA,
        _("A classmate asked for a letter that names you."),
        essential=False,
        emailed=True,
    ),
    _J.JAM_LAYANAN: KindInfo(
        roles.STAF,
        _("A request's service clock is near its limit or has run out."),
        essential=True,
        emailed=True,
    ),
    _J.KONFIRMASI: KindInfo(
        roles.STAF,
        _("A cover letter's confirmation with the company is due or overdue."),
        essential=True,
        emailed=True,
    ),
    _J.JAWABAN_PERUSAHAAN: KindInfo(
        roles.STAF,
        _("A company answered or confirmed through its link (in the app only)."),
        essential=False,
        emailed=False,
    ),
    _J.PERMINTAAN_BARU: KindInfo(
        roles.STAF,
        _("A student sent a request or a question (in the app only)."),
        essential=False,
        emailed=False,
    ),
    # In the app only: the mail server is what failed.
    _J.EMAIL_GAGAL: KindInfo(
        roles.STAF,
        _("A letter or notification e-mail still failed after the last try."),
        essential=True,
        emailed=False,
    ),
}
OPTIONAL_IN_APP = [jenis for jenis, info in KINDS.items() if not info.essential]


class NotifikasiQuerySet(models.QuerySet):
    def shown_to(self, user):
        """The person's notification list: what they see in the app."""
        return self.filter(penerima=user, di_aplikasi=True)

    def unread(self):
        return self.filter(dibaca_pada__isnull=True)


class Notifikasi(Attempts, models.Model):
    """A message to one person in the app; most are also sent by e-mail.
    `kunci` names the event it tells of: one notification per person and
    event, however often the sweep or task that writes it runs. A failed
    e-mail is tried again (pkpk.lib.outbox)."""

    Jenis = JenisNotifikasi

    penerima = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="notifikasi",
        verbose_name=_("recipient"),
        db_index=False,  # indexed by notifikasi_list
    )
    jenis = models.CharField(_("kind"), max_length=20, choices=JenisNotifikasi.choices)
    kunci = models.CharField(_("event key"), max_length=100, blank=True)
    judul = models.CharField(_("title"), max_length=200)
    isi = models.TextField(_("message"))
    tautan = models.CharField(_("link"), max_length=300, blank=True)
    dibuat = models.DateTimeField(_("created"), auto_now_add=True)
    # False when the person turned this kind off in the app but kept its e-mail:
    # the row then only records the e-mail.
    di_aplikasi = models.BooleanField(_("shown in the app"), default=True)
    dibaca_pada = models.DateTimeField(_("read at"), null=True, blank=True)
    email_terkirim_pada = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotifikasiQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-dibuat", "-pk"]
        indexes = [
            models.Index(fields=["penerima", "-dibuat"], name="notifikasi_list"),
            # The badge's count on every page.
            models.Index(
                fields=["penerima"],
                condition=Q(dibaca_pada__isnull=True, di_aplikasi=True),
                name="notifikasi_unread",
            ),
            # The retry sweep: only e-mails that failed and wait for a try.
            models.Index(
                fields=["coba_lagi_pada"],
                condition=Q(coba_lagi_pada__isnull=False),
                name="notifikasi_retry_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["penerima", "kunci"], condition=~Q(kunci=""), name="notifikasi_once"
            ),
        ]

    def __str__(self):
        return self.judul


class PreferensiNotifikasi(models.Model):
    """What one person turned off for one kind; no row means everything on."""

    pengguna = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="preferensi_notifikasi",
        verbose_name=_("user"),
        db_index=False,  # the unique constraint's index serves
    )
    jenis = models.CharField(_("kind"), max_length=20, choices=JenisNotifikasi.choices)
    di_aplikasi = models.BooleanField(_("in the app"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(fields=["pengguna", "jenis"], name="preferensi_sekali"),
            # What a person must act on cannot be hidden in the app.
            models.CheckConstraint(
                condition=Q(di_aplikasi=True) | Q(jenis__in=OPTIONAL_IN_APP),
                name="preferensi_wajib_di_aplikasi",
            ),
        ]

    def __str__(self):
        return f"{self.pengguna} · {self.jenis}"

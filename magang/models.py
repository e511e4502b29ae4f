"""Vacancies, applications (form BO.8.4.1.1), company replies (FO.8.4.1.1)
and the event rows every step writes: steps 1-2 of the procedure."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pkpk.lib.text import LimitedTextField
from pkpk.lib.uploads import RandomName, check_document, check_pdf
from pkpk.models import Mahasiswa, Perusahaan, ProgramStudi
from pkpk.retention import RetainedQuerySet, RetainedRecord


class Jalur(models.TextChoices):
    KERJASAMA = "kerjasama", _("Partnership (jalur kerjasama)")
    MANDIRI = "mandiri", _("Self-found (jalur mandiri)")


class LowonganQuerySet(models.QuerySet):
    def with_filled(self):
        """Annotate `terisi`: applications that hold a place (open or accepted)."""
        return self.annotate(
            terisi=Count("pendaftaran", filter=Q(pendaftaran__status__in=Pendaftaran.HOLDS_PLACE))
        )

    def terbuka(self, today=None):
        """Vacancies that take new applications: active, before the closing
        date and with places left."""
        today = today or timezone.localdate()
        return (
            self.filter(aktif=True, batas_daftar__gte=today)
            .with_filled()
            .filter(terisi__lt=F("kuota"))
        )

    def for_prodi(self, prodi):
        return self.filter(prodi=prodi)


class Lowongan(models.Model):
    """A vacancy posted by staff for a partner company (jalur kerjasama)."""

    perusahaan = models.ForeignKey(
        Perusahaan, on_delete=models.PROTECT, related_name="lowongan", verbose_name=_("company")
    )
    posisi = models.CharField(_("position"), max_length=200)
    deskripsi = LimitedTextField(_("description"), max_length=5000)
    persyaratan = LimitedTextField(_("requirements"), max_length=3000, blank=True)
    prodi = models.ManyToManyField(
        ProgramStudi, related_name="lowongan", verbose_name=_("for study programmes")
    )
    kuota = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    mulai = models.DateField(_("internship starts"))
    selesai = models.DateField(_("internship ends"))
    batas_daftar = models.DateField(_("closing date"))
    aktif = models.BooleanField(_("active"), default=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dibuat = models.DateTimeField(_("created"), auto_now_add=True)
    diubah = models.DateTimeField(_("changed"), auto_now=True)

    objects = LowonganQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["batas_daftar", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mulai__lt=F("selesai")),
                name="lowongan_period_order",
                violation_error_message=_("The internship must end after it starts."),
            ),
            models.CheckConstraint(condition=Q(kuota__gte=1), name="lowongan_kuota_positive"),
        ]

    def __str__(self):
        return f"{self.posisi} · {self.perusahaan.nama}"


class PendaftaranQuerySet(RetainedQuerySet):
    def for_prodi(self, prodi):
        return self.filter(mahasiswa__prodi__in=prodi)

    def open(self):
        return self.filter(status=Pendaftaran.Status.DIAJUKAN)

    def overdue(self, now=None):
        return self.open().filter(batas_jawaban__lte=now or timezone.now())


class Pendaftaran(RetainedRecord, models.Model):
    """One application of one student to one company (form BO.8.4.1.1)."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("waiting for staff approval")
        DIAJUKAN = "diajukan", _("submitted")
        DITERIMA = "diterima", _("accepted")
        DITOLAK = "ditolak", _("rejected")
        KEDALUWARSA = "kedaluwarsa", _("expired")
        DIBATALKAN = "dibatalkan", _("cancelled")

    # States that stop the student from registering elsewhere, and that hold
    # a vacancy's place.
    BLOCKING = (Status.MENUNGGU, Status.DIAJUKAN)
    HOLDS_PLACE = (Status.MENUNGGU, Status.DIAJUKAN, Status.DITERIMA)
    # States in which the company's answer may still be recorded (a late
    # answer counts), and the final ones no staff action changes.
    ANSWERABLE = (Status.DIAJUKAN, Status.KEDALUWARSA)
    CLOSED = (Status.DITOLAK, Status.DIBATALKAN)

    mahasiswa = models.ForeignKey(
        Mahasiswa, on_delete=models.PROTECT, related_name="pendaftaran", verbose_name=_("student")
    )
    lowongan = models.ForeignKey(
        Lowongan,
        on_delete=models.PROTECT,
        related_name="pendaftaran",
        null=True,
        blank=True,
        verbose_name=_("vacancy"),
    )
    perusahaan = models.ForeignKey(
        Perusahaan, on_delete=models.PROTECT, related_name="pendaftaran", verbose_name=_("company")
    )
    jalur = models.CharField(_("track"), max_length=10, choices=Jalur.choices)
    posisi = models.CharField(_("position"), max_length=200)
    mulai = models.DateField(_("planned start"))
    selesai = models.DateField(_("planned end"))
    kontak_nama = models.CharField(_("contact person at the company"), max_length=150)
    kontak_jabatan = models.CharField(_("contact's position"), max_length=150, blank=True)
    kontak_email = models.EmailField(_("contact's e-mail"), blank=True)
    kontak_telepon = models.CharField(_("contact's phone"), max_length=50, blank=True)
    cv = models.FileField(
        _("CV (PDF)"), upload_to=RandomName("cv"), validators=[check_pdf], blank=True
    )
    transkrip = models.FileField(
        _("transcript (PDF)"), upload_to=RandomName("transkrip"), validators=[check_pdf], blank=True
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    dibuat = models.DateTimeField(_("registered"), default=timezone.now)
    diajukan_pada = models.DateTimeField(_("submitted at"), null=True, blank=True)
    batas_jawaban = models.DateTimeField(
        _("block lifts at"),
        null=True,
        blank=True,
        help_text=_("00:00 WIB after the 10th working day after submission."),
    )
    dijawab_pada = models.DateTimeField(_("answered at"), null=True, blank=True)
    alasan = LimitedTextField(_("reason"), max_length=1000, blank=True)
    penempatan = models.CharField(
        _("placement"),
        max_length=200,
        blank=True,
        help_text=_("Division or unit, as the company says."),
    )

    objects = PendaftaranQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-dibuat", "-pk"]
        constraints = [
            # The 10-working-day rule, held by the database: one waiting
            # application per student, whatever races in.
            models.UniqueConstraint(
                fields=["mahasiswa"],
                condition=Q(status__in=["menunggu", "diajukan"]),
                name="pendaftaran_one_open_per_student",
                violation_error_message=_("You already have an application waiting for an answer."),
            ),
            models.CheckConstraint(
                condition=~Q(jalur="kerjasama") | Q(lowongan__isnull=False),
                name="pendaftaran_kerjasama_has_vacancy",
            ),
            models.CheckConstraint(
                condition=~Q(status="diajukan")
                | (Q(diajukan_pada__isnull=False) & Q(batas_jawaban__isnull=False)),
                name="pendaftaran_submitted_has_clock",
            ),
            models.CheckConstraint(
                condition=Q(mulai__lt=F("selesai")),
                name="pendaftaran_period_order",
                violation_error_message=_("The internship must end after it starts."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["batas_jawaban"],
                condition=Q(status="diajukan"),
                name="pendaftaran_open_deadline",
            ),
            # The staff list: newest first, whole or by state.
            models.Index(fields=["-dibuat", "-id"], name="pendaftaran_created"),
            models.Index(fields=["status", "-dibuat", "-id"], name="pendaftaran_status_created"),
        ]

    def __str__(self):
        return f"{self.mahasiswa.nim} → {self.perusahaan.nama} ({self.get_status_display()})"

    # The states pages ask about, so no template compares status strings.
    @property
    def awaits_approval(self):
        return self.status == self.Status.MENUNGGU

    @property
    def awaits_answer(self):
        """Submitted: the company's working days to answer are running."""
        return self.status == self.Status.DIAJUKAN

    @property
    def is_accepted(self):
        return self.status == self.Status.DITERIMA

    @property
    def is_rejected(self):
        return self.status == self.Status.DITOLAK

    @property
    def is_expired(self):
        return self.status == self.Status.KEDALUWARSA

    @property
    def is_cancelled(self):
        return self.status == self.Status.DIBATALKAN

    @property
    def takes_answer(self):
        return self.status in self.ANSWERABLE

    @property
    def is_closed(self):
        return self.status in self.CLOSED


class SuratBalasan(RetainedRecord, models.Model):
    """A company's reply (format FO.8.4.1.1) uploaded by the student or staff;
    it changes the application only once staff verify it."""

    class Hasil(models.TextChoices):
        DITERIMA = "diterima", _("accepted")
        DITOLAK = "ditolak", _("rejected")

    class Verifikasi(models.TextChoices):
        MENUNGGU = "menunggu", _("waiting for verification")
        SAH = "sah", _("verified")
        DITOLAK = "ditolak", _("refused")

    pendaftaran = models.ForeignKey(Pendaftaran, on_delete=models.PROTECT, related_name="balasan")
    hasil = models.CharField(_("the company's answer"), max_length=10, choices=Hasil.choices)
    berkas = models.FileField(
        _("reply letter (PDF, JPEG or PNG)"),
        upload_to=RandomName("balasan"),
        validators=[check_document],
    )
    nomor_surat = models.CharField(_("letter number"), max_length=100, blank=True)
    tanggal_surat = models.DateField(_("letter date"), null=True, blank=True)
    catatan = LimitedTextField(_("note"), max_length=1000, blank=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    diunggah_pada = models.DateTimeField(_("uploaded at"), default=timezone.now)
    verifikasi = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verifikasi.choices,
        default=Verifikasi.MENUNGGU,
    )
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    diverifikasi_pada = models.DateTimeField(_("verified at"), null=True, blank=True)
    alasan_penolakan = LimitedTextField(_("why the reply was refused"), max_length=1000, blank=True)

    objects = RetainedQuerySet.as_manager()

    class Meta:
        verbose_name = _("company reply")
        verbose_name_plural = _("company replies")
        ordering = ["-diunggah_pada"]
        constraints = [
            models.UniqueConstraint(
                fields=["pendaftaran"],
                condition=Q(verifikasi="menunggu"),
                name="balasan_one_pending_per_application",
                violation_error_message=_("A reply for this application is already waiting."),
            ),
        ]

    def __str__(self):
        return (
            f"{self.pendaftaran_id}: {self.get_hasil_display()} ({self.get_verifikasi_display()})"
        )

    @property
    def accepts(self):
        """The company's answer in this reply is an acceptance."""
        return self.hasil == self.Hasil.DITERIMA

    @property
    def awaits_verification(self):
        return self.verifikasi == self.Verifikasi.MENUNGGU

    @property
    def is_verified(self):
        return self.verifikasi == self.Verifikasi.SAH

    @property
    def is_refused(self):
        return self.verifikasi == self.Verifikasi.DITOLAK


# The source part of an application event's notification key
# (notifikasi.services.event_key): the services and the expiry sweep build it.
EVENT_KEY_SOURCE = "magang.peristiwa"


class Peristiwa(models.Model):
    """One step in an application's life. Timelines and KPIs read these."""

    class Jenis(models.TextChoices):
        DIDAFTARKAN = "didaftarkan", _("registered, waiting for staff approval")
        DIAJUKAN = "diajukan", _("submitted")
        DISETUJUI = "disetujui", _("approved by staff")
        BALASAN_DIUNGGAH = "balasan_diunggah", _("reply uploaded")
        BALASAN_DITOLAK = "balasan_ditolak", _("reply refused by staff")
        DITERIMA = "diterima", _("accepted by the company")
        DITOLAK = "ditolak", _("rejected by the company")
        KEDALUWARSA = "kedaluwarsa", _("no answer within 10 working days")
        DIBATALKAN = "dibatalkan", _("cancelled")

    pendaftaran = models.ForeignKey(Pendaftaran, on_delete=models.PROTECT, related_name="peristiwa")
    # Kept on the row so a student's timeline is one indexed read: a copy of
    # pendaftaran.mahasiswa, which the database already ties to the student.
    # No foreign key of its own: checking it cost the expiry sweep a quarter
    # of a second per 50,000 events at commit (docs/benchmarks.md), and it
    # would not catch the one mistake a copy can make (another student).
    mahasiswa = models.ForeignKey(
        Mahasiswa, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )  # indexed by peristiwa_timeline
    jenis = models.CharField(_("what"), max_length=20, choices=Jenis.choices)
    dari = models.CharField(
        _("from"), max_length=12, choices=Pendaftaran.Status.choices, blank=True
    )
    ke = models.CharField(_("to"), max_length=12, choices=Pendaftaran.Status.choices, blank=True)
    aktor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty when the system or the company did it."),
    )
    perusahaan = models.ForeignKey(
        Perusahaan,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Set when the company itself answered, through its link."),
    )
    waktu = models.DateTimeField(_("when"), default=timezone.now)
    catatan = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["waktu", "pk"]
        indexes = [models.Index(fields=["mahasiswa", "waktu"], name="peristiwa_timeline")]

    def __str__(self):
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.get_jenis_display()}"

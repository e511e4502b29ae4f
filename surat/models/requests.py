"""Service requests: a student asks the unit for a letter, or asks a question.
Each request is timed by clocks (see clocks.py) from the moment it reaches
the unit until staff first answer it and, for letters, until it is issued."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magang.models import Pendaftaran
from pkpk.lib.text import LimitedTextField
from pkpk.models import Mahasiswa, Perusahaan

from .letters import LETTER_KINDS, Jenis, Surat


class Permintaan(models.Model):
    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("waiting for staff")
        DIPROSES = "diproses", _("being handled")
        DIKEMBALIKAN = "dikembalikan", _("returned to the student")
        SELESAI = "selesai", _("done")
        DIBATALKAN = "dibatalkan", _("withdrawn")

    # States in the staff queue.
    OPEN = (Status.MENUNGGU, Status.DIPROSES)
    # States in which a letter request still covers its applications (a
    # returned one waits for the student's fix): one per application and kind.
    LIVE = (Status.MENUNGGU, Status.DIPROSES, Status.DIKEMBALIKAN)
    LETTERS = LETTER_KINDS

    jenis = models.CharField(_("kind"), max_length=12, choices=Jenis.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.MENUNGGU
    )
    pemohon = models.ForeignKey(
        Mahasiswa, on_delete=models.PROTECT, related_name="permintaan", verbose_name=_("requester")
    )
    perusahaan = models.ForeignKey(
        Perusahaan,
        on_delete=models.PROTECT,
        related_name="permintaan",
        null=True,
        blank=True,
        verbose_name=_("company"),
    )
    penerima_nama = models.CharField(_("recipient's name"), max_length=150, blank=True)
    penerima_jabatan = models.CharField(_("recipient's position"), max_length=150, blank=True)
    mulai = models.DateField(_("internship starts"), null=True, blank=True)
    selesai = models.DateField(_("internship ends"), null=True, blank=True)
    perlu_balasan = models.BooleanField(_("the company replies"), default=True)
    isi = LimitedTextField(_("question or note"), max_length=2000, blank=True)
    data_benar = models.BooleanField(_("the requester confirmed the data"), default=False)
    # A request returned and fixed comes back as a new round with fresh clocks.
    putaran = models.PositiveSmallIntegerField(_("round"), default=1)
    diajukan_pada = models.DateTimeField(_("reached the unit at"), default=timezone.now)
    ditangani_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("handled by"),
    )
    ditangani_pada = models.DateTimeField(_("claimed at"), null=True, blank=True)
    alasan_pengembalian = LimitedTextField(_("why it was returned"), max_length=1000, blank=True)
    jawaban = LimitedTextField(_("answer"), max_length=2000, blank=True)
    surat = models.ForeignKey(
        Surat,
        on_delete=models.PROTECT,
        related_name="permintaan",
        null=True,
        blank=True,
        verbose_name=_("letter issued"),
    )
    selesai_pada = models.DateTimeField(_("finished at"), null=True, blank=True)
    dibuat = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-diajukan_pada", "-pk"]
        indexes = [
            models.Index(
                fields=["diajukan_pada"],
                name="permintaan_open",
                condition=Q(status__in=["menunggu", "diproses"]),
            ),
            models.Index(fields=["pemohon", "-diajukan_pada"], name="permintaan_of_student"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(jenis="pertanyaan") | Q(perusahaan__isnull=False),
                name="permintaan_letter_names_company",
            ),
            models.CheckConstraint(
                condition=~Q(jenis="pertanyaan") | ~Q(isi=""),
                name="permintaan_question_has_text",
            ),
            models.CheckConstraint(
                condition=~Q(status="dikembalikan") | ~Q(alasan_pengembalian=""),
                name="permintaan_return_needs_reason",
            ),
            # The target of AnggotaPermintaan's copy of (jenis, status).
            models.UniqueConstraint(
                fields=["id", "jenis", "status"], name="permintaan_id_jenis_status"
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_jenis_display()}"

    @property
    def is_letter(self):
        return self.jenis in self.LETTERS

    @property
    def is_cover_letter(self):
        return self.jenis == Jenis.PENGANTAR

    # The states pages ask about, so no template compares status strings.
    @property
    def is_waiting(self):
        """Waiting for staff: nobody has claimed it yet."""
        return self.status == self.Status.MENUNGGU

    @property
    def is_returned(self):
        return self.status == self.Status.DIKEMBALIKAN

    @property
    def is_done(self):
        return self.status == self.Status.SELESAI

    @property
    def is_withdrawn(self):
        return self.status == self.Status.DIBATALKAN


class AnggotaPermintaan(models.Model):
    """One application a letter request covers: the requester's own, and
    those of the classmates named by NIM (a group letter).

    `jenis` and `status` copy the request's, so the database itself can hold
    one live request per application and kind (anggota_one_live_request). A
    composite foreign key (permintaan, jenis, status) to the request, ON
    UPDATE CASCADE (migration surat 0007), keeps the copy right: a row with
    another copy is refused, and a change of the request's status rewrites
    its rows, which re-checks the uniqueness. Write rows with `for_request()`."""

    permintaan = models.ForeignKey(Permintaan, on_delete=models.CASCADE, related_name="anggota")
    pendaftaran = models.ForeignKey(
        Pendaftaran, on_delete=models.PROTECT, related_name="permintaan_surat"
    )
    jenis = models.CharField(_("kind"), max_length=12, choices=Jenis.choices)
    status = models.CharField(_("status"), max_length=12, choices=Permintaan.Status.choices)

    class Meta:
        verbose_name = _("application in a request")
        verbose_name_plural = _("applications in requests")
        constraints = [
            models.UniqueConstraint(
                fields=["permintaan", "pendaftaran"], name="anggota_once_per_request"
            ),
            models.UniqueConstraint(
                fields=["pendaftaran", "jenis"],
                condition=Q(status__in=["menunggu", "diproses", "dikembalikan"]),
                name="anggota_one_live_request",
                violation_error_message=_(
                    "A request for this letter naming this application is already open."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.permintaan_id}: {self.pendaftaran_id}"

    @classmethod
    def for_request(cls, permintaan, pendaftaran):
        return cls(
            permintaan=permintaan,
            pendaftaran=pendaftaran,
            jenis=permintaan.jenis,
            status=permintaan.status,
        )


class BatchTerbit(models.Model):
    """Many requests issued at once by the worker; the page polls its progress."""

    class Status(models.TextChoices):
        ANTRE = "antre", _("queued")
        BERJALAN = "berjalan", _("running")
        SELESAI = "selesai", _("finished")

    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    dibuat_pada = models.DateTimeField(_("created"), auto_now_add=True)
    permintaan = models.ManyToManyField(Permintaan, related_name="batch")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ANTRE)
    jumlah = models.PositiveIntegerField(_("requests"), default=0)
    berhasil = models.PositiveIntegerField(_("issued"), default=0)
    gagal = models.JSONField(_("failures"), default=list, blank=True)
    selesai_pada = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("batch of letters")
        verbose_name_plural = _("batches of letters")
        ordering = ["-dibuat_pada"]

    def __str__(self):
        return f"#{self.pk} ({self.berhasil}/{self.jumlah})"

    @property
    def diproses(self):
        return self.berhasil + len(self.gagal)

    @property
    def persen(self):
        return round(100 * self.diproses / self.jumlah) if self.jumlah else 100

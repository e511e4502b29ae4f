"""Master data shared by every app: people, the institution, its study
programmes, companies and the days the calendar module reads."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import roles
from .lib.text import LimitedTextField
from .normalize import normalize_city, normalize_company_name
from .outbox import Attempts
from .retention import JenisArsip, RecordInRetention

nim_validator = RegexValidator(
    r"^\d{7,12}$", _("The NIM must be 7 to 12 digits, with no letters or spaces.")
)
nip_validator = RegexValidator(r"^\d{18}$", _("The NIP must be exactly 18 digits."))


class PkpkUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.alias(username_ci=Lower("username")).get(username_ci=_lowered(username))

    def signing_in_as(self, login):
        """Accounts whose user name or e-mail is `login`, ignoring case. Read
        through the two lower() unique indexes below: `iexact` compares
        upper(), which no index serves, and would scan every account."""
        key = _lowered(login)
        return self.alias(username_ci=Lower("username"), email_ci=Lower("email")).filter(
            Q(username_ci=key) | (Q(email_ci=key) & ~Q(email=""))
        )


def _lowered(text):
    # Lowered by PostgreSQL, like the indexed column, not by Python.
    return Lower(Value(text, output_field=models.CharField()))


class User(AbstractUser):
    """A person who signs in. Students sign in with their NIM (the username)
    or e-mail; staff and coordinators with their e-mail (also their username)."""

    first_name = None
    last_name = None
    nama = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True)

    REQUIRED_FIELDS = ["email", "nama"]
    objects = PkpkUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Sign-in ignores case, so two names that differ only in case
            # would lock each other out.
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_unique_ci",
                violation_error_message=_("Another account already uses this user name."),
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="user_email_unique_ci",
                violation_error_message=_("Another account already uses this e-mail address."),
            ),
        ]

    def __str__(self):
        return self.nama or self.username

    def get_full_name(self):
        return self.nama

    def get_short_name(self):
        """The first name, for greetings and the user menu. Titles before it
        ("Dr.", "Ir.", "Prof.") and degrees after a comma ("M.Kom.") are
        skipped: "Dr." alone names nobody."""
        words = self.nama.split(",")[0].split()
        names = [word for word in words if not word.endswith(".")]
        return (names or words or [self.username])[0]


class Institusi(models.Model):
    """The institution profile: one row that letters, recaps and the service
    clocks read. Nothing institution-specific is hard-coded elsewhere."""

    nama = models.CharField(_("institution name"), max_length=200)
    kementerian = models.CharField(_("ministry line of the letterhead"), max_length=200, blank=True)
    alamat = models.CharField(_("street address"), max_length=300)
    kota = models.CharField(_("city"), max_length=100)
    kode_pos = models.CharField(_("postal code"), max_length=10, blank=True)
    provinsi = models.CharField(_("province"), max_length=100, blank=True)
    telepon = models.CharField(_("telephone"), max_length=50, blank=True)
    faksimili = models.CharField(_("fax"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    laman = models.CharField(_("website"), max_length=200, blank=True)
    logo = models.ImageField(_("logo"), upload_to="institusi/", blank=True)
    nama_unit = models.CharField(_("unit name"), max_length=200)
    singkatan_unit = models.CharField(_("unit abbreviation"), max_length=30)
    kanal_layanan = models.CharField(
        _("service channel"),
        max_length=200,
        help_text=_("The channel declared as the unit's service door."),
    )
    pola_nomor_surat = models.CharField(
        _("letter number pattern"),
        max_length=100,
        default="{nomor:04d}/PL29/KM/{tahun}",
        help_text=_(
            "Use {nomor} (sequence, restarts each year) and {tahun} (year). Letters of "
            "every kind share this register (one sequence per pattern and year) unless a "
            "kind has its own pattern below. A changed pattern starts a new register at 1."
        ),
    )
    # Optional: a kind with its own classification code gets its own register.
    pola_nomor_permohonan = models.CharField(
        _("application letter number pattern"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty to number application letters with the pattern above."),
    )
    pola_nomor_pengantar = models.CharField(
        _("cover letter number pattern"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty to number cover letters with the pattern above."),
    )
    penandatangan_nama = models.CharField(_("signatory's name"), max_length=150)
    penandatangan_jabatan = models.CharField(_("signatory's position"), max_length=150)
    penandatangan_nip = models.CharField(
        _("signatory's NIP"), max_length=18, blank=True, validators=[nip_validator]
    )
    diubah = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("institution profile")
        verbose_name_plural = _("institution profile")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="institusi_single_row")]

    def __str__(self):
        return self.nama

    # The kinds of letter that may have their own pattern, and its field.
    OWN_PATTERN_FIELDS = {
        "permohonan": "pola_nomor_permohonan",
        "pengantar": "pola_nomor_pengantar",
    }

    def pola_nomor(self, jenis: str) -> str:
        """The pattern letters of `jenis` are numbered with: the kind's own,
        or the shared one. Letters with one pattern share one counter."""
        field = self.OWN_PATTERN_FIELDS.get(jenis)
        return (getattr(self, field) if field else "") or self.pola_nomor_surat

    def clean(self):
        errors = {}
        fields = ["pola_nomor_surat", *self.OWN_PATTERN_FIELDS.values()]
        for field in fields:
            pattern = getattr(self, field)
            if (pattern or field == "pola_nomor_surat") and not _pattern_sample(pattern):
                errors[field] = _(
                    "The pattern must contain {nomor} and {tahun}, for example "
                    "{nomor:04d}/PL29/KM/{tahun}."
                )
        if not errors:
            errors.update(self._clashing_patterns())
        if errors:
            raise ValidationError(errors)

    def _clashing_patterns(self):
        # Two different patterns are two counters; if they print the same
        # number, both registers would hand out 0001/... and the database
        # would refuse the second letter. Say so here instead.
        patterns = {jenis: self.pola_nomor(jenis) for jenis in self.OWN_PATTERN_FIELDS}
        first, second = patterns.values()
        if first != second and any(
            first.format(nomor=n, tahun=2026) == second.format(nomor=n, tahun=2026)
            for n in (1, 12, 123, 1234, 12345)  # {nomor:04d} and {nomor:03d} meet at 1234
        ):
            message = _(
                "The two kinds' patterns print the same numbers. Use one pattern for "
                "both kinds, or make them differ (for example in the classification code)."
            )
            return {self.OWN_PATTERN_FIELDS["pengantar"]: message}
        return {}

    @classmethod
    def load(cls):
        """The profile row; pkpk.initial_data creates it after migrate."""
        return cls.objects.get(pk=1)


def _pattern_sample(pattern: str) -> str:
    """The first number of 2026 in `pattern`, or "" when it cannot make one."""
    if "{nomor" not in pattern or "{tahun" not in pattern:
        return ""
    try:
        return pattern.format(nomor=1, tahun=2026)
    except (KeyError, IndexError, ValueError):
        return ""


class JamLayanan(models.Model):
    """Service hours on one weekday; the service clocks only run inside them."""

    class Hari(models.IntegerChoices):
        SENIN = 0, _("Monday")
        SELASA = 1, _("Tuesday")
        RABU = 2, _("Wednesday")
        KAMIS = 3, _("Thursday")
        JUMAT = 4, _("Friday")
        SABTU = 5, _("Saturday")
        MINGGU = 6, _("Sunday")

    institusi = models.ForeignKey(
        Institusi, on_delete=models.CASCADE, related_name="jam_layanan", default=1
    )
    hari = models.PositiveSmallIntegerField(_("day"), choices=Hari.choices)
    buka = models.TimeField(_("opens"))
    tutup = models.TimeField(_("closes"))
    istirahat_mulai = models.TimeField(_("break starts"), null=True, blank=True)
    istirahat_selesai = models.TimeField(_("break ends"), null=True, blank=True)
    diubah = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("service hours")
        verbose_name_plural = _("service hours")
        ordering = ["hari"]
        constraints = [
            models.UniqueConstraint(fields=["institusi", "hari"], name="jam_layanan_one_per_day"),
            models.CheckConstraint(
                condition=Q(buka__lt=models.F("tutup")),
                name="jam_layanan_opens_before_closing",
                violation_error_message=_("Opening time must be before closing time."),
            ),
            models.CheckConstraint(
                condition=(Q(istirahat_mulai__isnull=True) & Q(istirahat_selesai__isnull=True))
                | (
                    Q(istirahat_mulai__gte=models.F("buka"))
                    & Q(istirahat_mulai__lt=models.F("istirahat_selesai"))
                    & Q(istirahat_selesai__lte=models.F("tutup"))
                ),
                name="jam_layanan_break_inside_hours",
                violation_error_message=_(
                    "A break needs both a start and an end, inside the service hours."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_hari_display()} {self.buka:%H:%M}–{self.tutup:%H:%M}"


class HariKalender(models.Model):
    """A day staff add to or take from the national calendar: cuti bersama
    the government announces, a campus closure, or a holiday that is worked."""

    class Jenis(models.TextChoices):
        LIBUR = "libur", _("Non-working day (cuti bersama, closure)")
        MASUK = "masuk", _("Working day (holiday cancelled)")

    tanggal = models.DateField(_("date"), unique=True)
    jenis = models.CharField(_("kind"), max_length=10, choices=Jenis.choices)
    keterangan = models.CharField(_("note"), max_length=200)
    diubah = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["tanggal"]

    def __str__(self):
        return f"{self.tanggal:%Y-%m-%d} {self.get_jenis_display()}: {self.keterangan}"


class Jurusan(models.Model):
    kode = models.CharField(_("code"), max_length=20, unique=True)
    nama = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["nama"]

    def __str__(self):
        return self.nama


class ProgramStudi(models.Model):
    class Jenjang(models.TextChoices):
        D2 = "D2", "D2"
        D3 = "D3", "D3"
        D4 = "D4", _("D4 (Sarjana Terapan)")
        S2T = "S2T", _("S2 Terapan")
        PROFESI = "PROF", _("Profesi")

    jurusan = models.ForeignKey(
        Jurusan, on_delete=models.PROTECT, related_name="prodi", verbose_name=_("department")
    )
    kode = models.CharField(_("code"), max_length=20, unique=True)
    nama = models.CharField(_("name"), max_length=150)
    jenjang = models.CharField(_("level"), max_length=4, choices=Jenjang.choices)
    ikut_magang = models.BooleanField(
        _("takes part in internships"),
        default=True,
        help_text=_("Programmes without internships are left out of registration and recaps."),
    )
    informasi_kompetensi = LimitedTextField(
        _("competency information"),
        max_length=3000,
        blank=True,
        help_text=_("Attached to cover letters for places that need no reply."),
    )

    class Meta:
        verbose_name = _("study programme")
        verbose_name_plural = _("study programmes")
        ordering = ["jurusan__nama", "jenjang", "nama"]

    def __str__(self):
        short = {self.Jenjang.D4: "D4", self.Jenjang.S2T: "S2 Terapan"}
        return f"{short.get(self.jenjang, self.get_jenjang_display())} {self.nama}"


class Mahasiswa(models.Model):
    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="mahasiswa")
    nim = models.CharField(_("NIM"), max_length=12, unique=True, validators=[nim_validator])
    prodi = models.ForeignKey(
        ProgramStudi,
        on_delete=models.PROTECT,
        related_name="mahasiswa",
        verbose_name=_("study programme"),
    )
    angkatan = models.PositiveSmallIntegerField(
        _("cohort year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    telepon = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["nim"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nim__regex=r"^[0-9]{7,12}$"), name="mahasiswa_nim_digits"
            ),
            models.CheckConstraint(
                condition=Q(angkatan__gte=1990, angkatan__lte=2100),
                name="mahasiswa_angkatan_range",
            ),
        ]

    def __str__(self):
        return f"{self.nim} {self.user.nama}"

    @property
    def nama(self):
        return self.user.nama


class DosenKoordinator(models.Model):
    """A coordinating lecturer: sees the data of the linked programmes only."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="koordinator")
    nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[nip_validator])
    prodi = models.ManyToManyField(
        ProgramStudi, related_name="koordinator", verbose_name=_("study programmes")
    )

    class Meta:
        verbose_name = _("coordinating lecturer")
        verbose_name_plural = _("coordinating lecturers")

    def __str__(self):
        return self.user.nama


class Perusahaan(models.Model):
    """A company or institution that takes interns. One row per company and
    city: names are compared after normalising ("PT. Xyz" equals "xyz, pt")."""

    nama = models.CharField(_("name"), max_length=200)
    nama_normal = models.CharField(max_length=200, editable=False)
    alamat = models.CharField(_("address"), max_length=300, blank=True)
    kota = models.CharField(_("city"), max_length=100)
    kota_normal = models.CharField(max_length=100, editable=False)
    sektor = models.CharField(_("sector"), max_length=150, blank=True)
    kontak_nama = models.CharField(_("contact person"), max_length=150, blank=True)
    kontak_jabatan = models.CharField(_("contact's position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    telepon = models.CharField(_("phone"), max_length=50, blank=True)
    dibuat = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["nama_normal", "kota_normal"],
                name="perusahaan_unique_normalised_name_city",
                violation_error_message=_("This company is already registered in this city."),
            ),
        ]
        # Trigram search finds "Batam Presisi Elektronik" for "Batam Presisi Elektronika".
        indexes = [
            GinIndex(
                fields=["nama_normal"], opclasses=["gin_trgm_ops"], name="perusahaan_nama_trgm"
            )
        ]

    def __str__(self):
        return f"{self.nama} ({self.kota})"

    def save(self, *args, **kwargs):
        self._normalise()  # derived columns, kept in step on every path
        super().save(*args, **kwargs)

    def _normalise(self):
        self.nama_normal = normalize_company_name(self.nama)
        self.kota_normal = normalize_city(self.kota)

    def clean(self):
        # The unique constraint is on fields no form shows, so explain it here.
        self._normalise()
        if not self.nama_normal:
            raise ValidationError({"nama": _("Enter the company's name.")})
        twin = (
            Perusahaan.objects.filter(nama_normal=self.nama_normal, kota_normal=self.kota_normal)
            .exclude(pk=self.pk)
            .first()
        )
        if twin:
            raise ValidationError(
                {"nama": _("This company is already registered as “%(twin)s”.") % {"twin": twin}}
            )


class ImporMahasiswa(models.Model):
    """One uploaded student workbook: checked first, imported only when clean."""

    class Status(models.TextChoices):
        DITOLAK = "ditolak", _("Refused (has errors)")
        PRATINJAU = "pratinjau", _("Checked, waiting for confirmation")
        DIIMPOR = "diimpor", _("Imported")

    berkas = models.FileField(_("file"), upload_to="impor/%Y/")
    nama_berkas = models.CharField(_("file name"), max_length=255)
    diunggah_oleh = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    dibuat = models.DateTimeField(_("uploaded"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    jumlah_baris = models.PositiveIntegerField(_("rows"), default=0)
    kesalahan = models.JSONField(_("errors"), default=list, blank=True)
    jumlah_baru = models.PositiveIntegerField(_("new"), default=0)
    jumlah_diubah = models.PositiveIntegerField(_("updated"), default=0)
    jumlah_sama = models.PositiveIntegerField(_("unchanged"), default=0)
    # Rows of known students whose changes staff did not confirm: left as they were.
    jumlah_dilewati = models.PositiveIntegerField(_("changes not applied"), default=0)
    diimpor_pada = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("student import")
        verbose_name_plural = _("student imports")
        ordering = ["-dibuat"]

    def __str__(self):
        return f"{self.nama_berkas} ({self.get_status_display()})"

    @property
    def is_refused(self):
        return self.status == self.Status.DITOLAK

    @property
    def in_preview(self):
        return self.status == self.Status.PRATINJAU

    @property
    def is_imported(self):
        return self.status == self.Status.DIIMPOR


class WorkerHeartbeat(models.Model):
    """Last sign of life of the django-q2 worker, read by /healthz."""

    at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="heartbeat_single_row")]

    def __str__(self):
        return f"worker alive at {self.at:%Y-%m-%d %H:%M:%S}"


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
    e-mail is tried again (pkpk.outbox)."""

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


class PemusnahanQuerySet(models.QuerySet):
    def delete(self):
        raise RecordInRetention(_("Disposal records are kept for good."), self)

    delete.alters_data = True
    delete.queryset_only = True


class Pemusnahan(models.Model):
    """One disposal of records past retention (`manage.py retensi --musnahkan
    --yakin`): what, how many, who and when. Kept for good: the database
    refuses to change or delete it (pkpk/migrations/0005_retention.py)."""

    jenis = models.CharField(_("record"), max_length=20, choices=JenisArsip.choices)
    jumlah_baris = models.PositiveIntegerField(_("records"))
    jumlah_berkas = models.PositiveIntegerField(_("files"))
    baris_terkait = models.JSONField(
        _("rows removed with them"), default=dict, blank=True, help_text=_("Per table.")
    )
    identitas = models.JSONField(
        _("records disposed of"),
        default=list,
        help_text=_("Database ids (#n); letter numbers for letters."),
    )
    batas = models.DateTimeField(_("created at or before"))
    oleh = models.CharField(_("by"), max_length=150)
    pada = models.DateTimeField(_("disposed of at"), default=timezone.now)

    objects = PemusnahanQuerySet.as_manager()

    class Meta:
        verbose_name = _("disposal of records")
        verbose_name_plural = _("disposals of records")
        ordering = ["-pada", "-pk"]

    def __str__(self):
        return f"{self.get_jenis_display()} · {self.jumlah_baris} · {self.pada:%Y-%m-%d %H:%M}"

    def delete(self, *args, **kwargs):
        raise RecordInRetention(_("Disposal records are kept for good."), [self])


class RateLimitWindow(models.Model):
    """One key's hits in its current fixed window (pkpk/lib/ratelimit.py):
    counted by a single atomic upsert on the shared cache's connection, so
    every web process and host draws on the same budget."""

    key = models.TextField(primary_key=True)  # e.g. "sandi:email:<any e-mail address>"
    hits = models.PositiveIntegerField()
    # When the window counted in `hits` ends; a hit after it starts at 1.
    ends = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate limit window")

    def __str__(self):
        return f"{self.key}: {self.hits}"


class JenisTemplat(models.TextChoices):
    """The texts staff own (pkpk.wording): each kind is a part of a letter
    with its own placeholders. Kept in pkpk, not surat, because the reply
    form and the e-mails (magang, pkpk) are meant to join them."""

    SURAT_PERMOHONAN = "surat_permohonan", _("Application letter: body")
    SURAT_PENGANTAR = "surat_pengantar", _("Cover letter (the company replies): body")
    SURAT_PENGANTAR_LAMPIRAN = (
        "surat_pengantar_lampiran",
        _("Cover letter with attachments (no reply): body"),
    )
    BORANG_UMPAN_BALIK = "borang_umpan_balik", _("Attachment 2, partner feedback form: intro")
    EMAIL_SURAT_SUBJEK = "email_surat_subjek", _("E-mail sending a letter: subject")
    EMAIL_PERMOHONAN = "email_permohonan", _("E-mail sending an application letter: body")
    EMAIL_PENGANTAR = "email_pengantar", _("E-mail sending a cover letter: body")
    BALASAN_FO = "balasan_fo", _("Reply form FO.8.4.1.1: explanation")
    UMPAN_BALIK_WEB = "umpan_balik_web", _("Company feedback page: intro")


class TemplatQuerySet(models.QuerySet):
    def current(self, jenis):
        """The newest version of `jenis`: the one in force."""
        return self.filter(jenis=jenis).order_by("-versi").first()


class TeksTemplat(models.Model):
    """One version of a staff-owned text. Versions are only ever added (a
    trigger refuses UPDATE and DELETE, pkpk/migrations/0013): the newest of a
    kind is in force, and every older one stays readable, because issued
    letters name the version they were written with. The row is its own
    audit entry: who wrote it and when."""

    jenis = models.CharField(_("kind"), max_length=30, choices=JenisTemplat.choices)
    versi = models.PositiveIntegerField(_("version"))
    teks = LimitedTextField(_("text"), max_length=10000)
    # Empty for the shipped defaults.
    dibuat_oleh = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    dibuat_pada = models.DateTimeField(_("written at"), default=timezone.now)

    objects = TemplatQuerySet.as_manager()

    class Meta:
        verbose_name = _("text template version")
        verbose_name_plural = _("text template versions")
        ordering = ["jenis", "-versi"]
        constraints = [
            models.UniqueConstraint(fields=["jenis", "versi"], name="teks_templat_one_per_version"),
            models.CheckConstraint(condition=Q(versi__gte=1), name="teks_templat_versi_positive"),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} v{self.versi}"


def wording_version(verbose_name):
    """The field by which an issued thing (a letter, an e-mail) names the
    wording version it was written with: kept while it is (PROTECT), and
    empty on what was issued before staff owned the wording."""
    return models.ForeignKey(
        TeksTemplat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )

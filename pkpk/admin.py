"""Master data in the Django admin, for staff (group Staf PKPK)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import models, students
from .forms import MAX_MOVE_REASON
from .lib.admin import ReadOnlyAdminMixin


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "nama", "email", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff"]
    search_fields = ["username", "nama", "email"]
    ordering = ["username"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["nama", "email"]}),
        (_("Roles"), {"fields": ["is_active", "is_staff", "groups"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "nama", "email", "password1", "password2"],
            },
        ),
    ]


class JamLayananInline(admin.TabularInline):
    model = models.JamLayanan
    extra = 0


@admin.register(models.Institusi)
class InstitusiAdmin(admin.ModelAdmin):
    inlines = [JamLayananInline]
    fieldsets = [
        (
            _("Institution"),
            {
                "fields": [
                    "nama",
                    "kementerian",
                    "alamat",
                    "kota",
                    "kode_pos",
                    "provinsi",
                    "telepon",
                    "faksimili",
                    "email",
                    "laman",
                    "logo",
                ]
            },
        ),
        (_("Unit"), {"fields": ["nama_unit", "singkatan_unit", "kanal_layanan"]}),
        (
            _("Letters"),
            {
                "fields": [
                    "pola_nomor_surat",
                    "pola_nomor_permohonan",
                    "pola_nomor_pengantar",
                    "penandatangan_nama",
                    "penandatangan_jabatan",
                    "penandatangan_nip",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return not models.Institusi.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.HariKalender)
class HariKalenderAdmin(admin.ModelAdmin):
    list_display = ["tanggal", "jenis", "keterangan", "diubah"]
    list_filter = ["jenis"]
    date_hierarchy = "tanggal"
    search_fields = ["keterangan"]


class ProgramStudiInline(admin.TabularInline):
    model = models.ProgramStudi
    fields = ["kode", "nama", "jenjang", "ikut_magang"]
    extra = 0
    show_change_link = True


@admin.register(models.Jurusan)
class JurusanAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama"]
    search_fields = ["kode", "nama"]
    inlines = [ProgramStudiInline]


@admin.register(models.ProgramStudi)
class ProgramStudiAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenjang", "jurusan", "ikut_magang"]
    list_filter = ["jurusan", "jenjang", "ikut_magang"]
    search_fields = ["kode", "nama"]
    list_select_related = ["jurusan"]


class MahasiswaAdminForm(forms.ModelForm):
    """The student form, with the explicit choice that moving a held student
    to another prodi needs (the rule is pkpk.students'; this form explains it)."""

    pindahkan = forms.BooleanField(
        label=_("Move to the new study programme anyway"),
        required=False,
        help_text=_("Only for a student with an open application, letter request or valid letter."),
    )
    alasan_pindah = forms.CharField(
        label=_("Why they are moved anyway"),
        max_length=MAX_MOVE_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_MOVE_REASON}),
        help_text=_("Recorded in the student's audit trail. At most 500 characters."),
    )

    class Meta:
        model = models.Mahasiswa
        fields = ["user", "nim", "prodi", "angkatan", "telepon"]

    def clean(self):
        cleaned = super().clean()
        prodi = cleaned.get("prodi")
        if self.instance.pk and prodi and prodi.pk != self.instance.prodi_id:
            reasons = students.prodi_holds(student_ids=[self.instance.pk]).get(self.instance.pk, [])
            try:
                students.check_prodi_change(
                    reasons=reasons,
                    paksa=cleaned.get("pindahkan", False),
                    alasan=cleaned.get("alasan_pindah", ""),
                )
            except forms.ValidationError as error:
                self.add_error("prodi", error)
        return cleaned


@admin.register(models.Mahasiswa)
class MahasiswaAdmin(admin.ModelAdmin):
    form = MahasiswaAdminForm
    list_display = ["nim", "nama", "prodi", "angkatan", "telepon"]
    list_filter = ["prodi__jurusan", "prodi", "angkatan"]
    search_fields = ["nim", "user__nama", "user__email"]
    list_select_related = ["user", "prodi"]
    autocomplete_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["user", "nim", "prodi", "angkatan", "telepon"]}),
        (_("Moving a held student"), {"fields": ["pindahkan", "alasan_pindah"]}),
    ]

    def save_model(self, request, obj, form, change):
        if change and "prodi" in form.changed_data:
            # The service checks again under a lock and records a forced move.
            students.change_student_prodi(
                mahasiswa=obj,
                prodi=obj.prodi,
                by=request.user,
                paksa=form.cleaned_data.get("pindahkan", False),
                alasan=form.cleaned_data.get("alasan_pindah", ""),
            )
        else:
            super().save_model(request, obj, form, change)

    @admin.display(description=_("name"), ordering="user__nama")
    def nama(self, obj):
        return obj.user.nama


@admin.register(models.DosenKoordinator)
class DosenKoordinatorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "nip"]
    search_fields = ["user__nama", "user__email", "nip"]
    filter_horizontal = ["prodi"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


@admin.register(models.Perusahaan)
class PerusahaanAdmin(admin.ModelAdmin):
    list_display = ["nama", "kota", "sektor", "kontak_nama", "email", "telepon"]
    list_filter = ["kota", "sektor"]
    search_fields = ["nama", "nama_normal", "kota"]


@admin.register(models.ImporMahasiswa)
class ImporMahasiswaAdmin(admin.ModelAdmin):
    list_display = ["nama_berkas", "status", "jumlah_baris", "diunggah_oleh", "dibuat"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in models.ImporMahasiswa._meta.fields]

    def has_add_permission(self, request):
        return False  # through the import page, which checks the workbook


@admin.register(models.Pemusnahan)
class PemusnahanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Disposals of records past retention: written only by `manage.py
    retensi`, kept for good, read here."""

    list_display = ["pada", "jenis", "jumlah_baris", "jumlah_berkas", "oleh"]
    list_filter = ["jenis"]
    date_hierarchy = "pada"
    readonly_fields = [
        "jenis",
        "jumlah_baris",
        "jumlah_berkas",
        "baris_terkait",
        "identitas",
        "batas",
        "oleh",
        "pada",
    ]

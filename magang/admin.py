"""Registration in the Django admin. Applications change state only through
magang.services (which check the rules and write the events), so here their
state, clocks and events are read-only, and no record of the procedure can be
deleted (kept 5 years)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pkpk.lib.admin import ReadOnlyAdminMixin

from .models import Lowongan, Pendaftaran, Peristiwa, SuratBalasan


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Lowongan)
class LowonganAdmin(admin.ModelAdmin):
    list_display = ["posisi", "perusahaan", "kuota", "mulai", "selesai", "batas_daftar", "aktif"]
    list_filter = ["aktif", "prodi__jurusan", "prodi"]
    list_select_related = ["perusahaan"]
    search_fields = ["posisi", "perusahaan__nama"]
    autocomplete_fields = ["perusahaan"]
    filter_horizontal = ["prodi"]
    date_hierarchy = "batas_daftar"
    readonly_fields = ["dibuat_oleh", "dibuat", "diubah"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.dibuat_oleh = request.user
        super().save_model(request, obj, form, change)


class PeristiwaInline(ReadOnlyInline):
    model = Peristiwa
    fk_name = "pendaftaran"
    fields = ["waktu", "jenis", "dari", "ke", "aktor", "catatan"]
    readonly_fields = fields


class SuratBalasanInline(ReadOnlyInline):
    model = SuratBalasan
    fields = ["hasil", "berkas", "verifikasi", "diunggah_oleh", "diunggah_pada"]
    readonly_fields = fields


@admin.register(Pendaftaran)
class PendaftaranAdmin(NoDeleteMixin, admin.ModelAdmin):
    """Read-mostly: staff may correct the contact details a student typed;
    the state moves only through the services (the staff pages)."""

    list_display = ["mahasiswa", "perusahaan", "jalur", "status", "diajukan_pada", "batas_jawaban"]
    list_filter = ["status", "jalur", "mahasiswa__prodi__jurusan", "mahasiswa__prodi"]
    list_select_related = ["mahasiswa__user", "perusahaan"]
    search_fields = ["mahasiswa__nim", "mahasiswa__user__nama", "perusahaan__nama"]
    date_hierarchy = "dibuat"
    inlines = [SuratBalasanInline, PeristiwaInline]
    readonly_fields = [
        "mahasiswa",
        "lowongan",
        "perusahaan",
        "jalur",
        "status",
        "dibuat",
        "diajukan_pada",
        "batas_jawaban",
        "dijawab_pada",
        "alasan",
        "cv",
        "transkrip",
    ]
    fieldsets = [
        (None, {"fields": ["mahasiswa", "lowongan", "perusahaan", "jalur", "posisi"]}),
        (_("Period"), {"fields": ["mulai", "selesai"]}),
        (
            _("Contact at the company"),
            {"fields": ["kontak_nama", "kontak_jabatan", "kontak_email", "kontak_telepon"]},
        ),
        (
            _("State (changed only through the staff pages)"),
            {
                "fields": [
                    "status",
                    "dibuat",
                    "diajukan_pada",
                    "batas_jawaban",
                    "dijawab_pada",
                    "alasan",
                ]
            },
        ),
        (_("Attachments"), {"fields": ["cv", "transkrip"]}),
    ]

    def has_add_permission(self, request):
        # A registration made here would skip the 10-working-day rule.
        return False


@admin.register(SuratBalasan)
class SuratBalasanAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["pendaftaran", "hasil", "verifikasi", "diunggah_pada", "diverifikasi_pada"]
    list_filter = ["verifikasi", "hasil"]
    list_select_related = ["pendaftaran__mahasiswa__user", "pendaftaran__perusahaan"]
    search_fields = [
        "pendaftaran__mahasiswa__nim",
        "pendaftaran__mahasiswa__user__nama",
        "pendaftaran__perusahaan__nama",
        "nomor_surat",
    ]
    readonly_fields = [
        "pendaftaran",
        "hasil",
        "berkas",
        "diunggah_oleh",
        "diunggah_pada",
        "verifikasi",
        "diverifikasi_oleh",
        "diverifikasi_pada",
        "alasan_penolakan",
    ]
    fields = [*readonly_fields[:3], "nomor_surat", "tanggal_surat", "catatan", *readonly_fields[3:]]

    def has_add_permission(self, request):
        return False


@admin.register(Peristiwa)
class PeristiwaAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Events are the record KPIs and timelines are computed from: read-only."""

    list_display = ["waktu", "mahasiswa", "pendaftaran", "jenis", "dari", "ke", "aktor"]
    list_filter = ["jenis"]
    list_select_related = [
        "mahasiswa__user",
        "pendaftaran__mahasiswa",
        "pendaftaran__perusahaan",
        "aktor",
    ]
    search_fields = ["mahasiswa__nim", "mahasiswa__user__nama"]
    date_hierarchy = "waktu"

"""Letters in the Django admin. Letters, requests, clocks and answers change
only through the services (numbering, clocks and events depend on it), so
they are read-only here; the feedback questions are the one thing staff edit.
Nothing can be deleted (records are kept 5 years)."""

from django.contrib import admin

from magang.admin import NoDeleteMixin, ReadOnlyInline

from .models import (
    AnggotaPermintaan,
    Jam,
    Konfirmasi,
    NilaiUmpanBalik,
    PeristiwaLayanan,
    Permintaan,
    PertanyaanUmpanBalik,
    Surat,
    SuratMahasiswa,
    UmpanBalik,
)


class ReadOnlyAdmin(NoDeleteMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PertanyaanUmpanBalik)
class PertanyaanUmpanBalikAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["teks", "urutan", "aktif"]
    list_editable = ["urutan", "aktif"]


class SuratMahasiswaInline(ReadOnlyInline):
    model = SuratMahasiswa
    fields = ["urutan", "nama", "nim", "prodi"]
    readonly_fields = fields


@admin.register(Surat)
class SuratAdmin(ReadOnlyAdmin):
    list_display = ["nomor", "jenis", "tanggal", "perusahaan_nama", "dibatalkan_pada"]
    list_filter = ["jenis", "tahun"]
    search_fields = ["nomor", "perusahaan_nama", "mahasiswa__nim", "mahasiswa__nama"]
    date_hierarchy = "tanggal"
    inlines = [SuratMahasiswaInline]


class AnggotaInline(ReadOnlyInline):
    model = AnggotaPermintaan
    fields = ["pendaftaran"]
    readonly_fields = fields


@admin.register(Permintaan)
class PermintaanAdmin(ReadOnlyAdmin):
    list_display = ["pk", "jenis", "status", "pemohon", "diajukan_pada", "ditangani_oleh"]
    list_filter = ["jenis", "status"]
    list_select_related = ["pemohon__user", "ditangani_oleh"]
    search_fields = ["pemohon__nim", "pemohon__user__nama"]
    inlines = [AnggotaInline]


class PeristiwaLayananInline(ReadOnlyInline):
    model = PeristiwaLayanan
    fields = ["waktu", "jenis", "aktor", "perusahaan", "terpakai", "catatan"]
    readonly_fields = fields


@admin.register(Jam)
class JamAdmin(ReadOnlyAdmin):
    list_display = ["pk", "jenis", "permintaan", "surat", "mulai", "batas", "berhenti_pada"]
    list_filter = ["jenis"]
    inlines = [PeristiwaLayananInline]


@admin.register(Konfirmasi)
class KonfirmasiAdmin(ReadOnlyAdmin):
    list_display = ["surat", "tanggal", "saluran", "hasil", "dicatat_oleh"]
    list_filter = ["saluran", "hasil"]


class NilaiInline(ReadOnlyInline):
    model = NilaiUmpanBalik
    fields = ["teks", "nilai"]
    readonly_fields = fields


@admin.register(UmpanBalik)
class UmpanBalikAdmin(ReadOnlyAdmin):
    list_display = ["perusahaan", "surat", "nama_pengisi", "diisi_pada"]
    search_fields = ["perusahaan__nama"]
    inlines = [NilaiInline]

"""The partner register and the issued recaps in the Django admin. Staff
may correct a partnership and attach files here; issued recaps are records
kept as issued, so they are read-only. Nothing can be deleted."""

from django.contrib import admin

from magang.admin import NoDeleteMixin

from .models import Kerjasama, LampiranKerjasama, RekapArsip


class LampiranInline(admin.TabularInline):
    model = LampiranKerjasama
    extra = 0
    can_delete = False
    fields = ["aspek", "berkas", "keterangan", "nama_berkas", "diunggah_oleh", "diunggah_pada"]
    readonly_fields = ["nama_berkas", "diunggah_oleh", "diunggah_pada"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Kerjasama)
class KerjasamaAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["perusahaan", "jenis_dokumen", "nomor", "status", "tingkat", "mulai", "selesai"]
    list_filter = ["status", "jenis_dokumen", "tingkat", "jurusan"]
    search_fields = ["perusahaan__nama", "nomor"]
    date_hierarchy = "selesai"
    autocomplete_fields = ["perusahaan", "lanjutan_dari"]
    filter_horizontal = ["jurusan"]
    readonly_fields = ["dibuat_oleh", "dibuat", "diubah"]
    inlines = [LampiranInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.dibuat_oleh = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # Who uploaded and under which name are facts of the upload, not input.
        for lampiran in formset.save(commit=False):
            if not lampiran.pk:
                lampiran.diunggah_oleh = request.user
                # The form's file field already refused a name over its limit.
                lampiran.nama_berkas = lampiran.berkas.name.rsplit("/", 1)[-1]
            lampiran.save()
        formset.save_m2m()


@admin.register(RekapArsip)
class RekapArsipAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["jenis", "nama_berkas", "jumlah_baris", "dibuat_oleh", "dibuat"]
    list_filter = ["jenis"]
    date_hierarchy = "dibuat"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from django.contrib import admin

from pkpk.lib.admin import ReadOnlyAdminMixin

from .models import Notifikasi


@admin.register(Notifikasi)
class NotifikasiAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What the system told whom and whether the e-mail went out: for
    answering "I never got the message". Written only by notifikasi.services."""

    list_display = ["dibuat", "penerima", "jenis", "judul", "dibaca_pada", "email_terkirim_pada"]
    list_filter = ["jenis", ("email_terkirim_pada", admin.EmptyFieldListFilter)]
    list_select_related = ["penerima"]
    search_fields = ["penerima__username", "penerima__nama", "penerima__email", "judul"]
    date_hierarchy = "dibuat"
    readonly_fields = [f.name for f in Notifikasi._meta.fields]

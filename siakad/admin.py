"""API clients in the admin: staff create one (its token is shown once, in
the message after saving) and revoke it; the call log is read-only."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from magang.admin import NoDeleteMixin
from pkpk.lib.admin import ReadOnlyAdminMixin

from . import tokens
from .models import KlienApi, PanggilanApi


@admin.register(KlienApi)
class KlienApiAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["nama", "cakupan", "awalan", "dibuat_oleh", "dibuat", "terakhir_dipakai"]
    list_filter = ["cakupan", ("dicabut_pada", admin.EmptyFieldListFilter)]
    search_fields = ["nama", "awalan"]
    readonly_fields = ["awalan", "dibuat_oleh", "dibuat", "terakhir_dipakai", "dicabut_pada"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        # The scope of a client is fixed once it has a token: a new client
        # is made for another scope.
        return [*self.readonly_fields, "cakupan"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, obj.awalan, obj.token_hash = tokens.new_token()
        obj.dibuat_oleh = request.user
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            _("The token of %(name)s, shown only now (copy it to the client): %(token)s")
            % {"name": obj.nama, "token": token},
        )

    @admin.action(description=gettext_lazy("Revoke the chosen clients' tokens"))
    def revoke(self, request, queryset):
        count = tokens.revoke(queryset)
        messages.success(request, _("%(count)d tokens revoked.") % {"count": count})


@admin.register(PanggilanApi)
class PanggilanApiAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["pada", "klien", "metode", "path", "status", "ms"]
    list_filter = ["status", "metode", "klien"]
    date_hierarchy = "pada"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiakadConfig(AppConfig):
    name = "siakad"
    verbose_name = _("SIAKAD API")

    def ready(self):
        from pkpk import audit, roles, schedules

        # Who made or revoked which client (never its token's hash).
        audit.track("siakad.klienapi", exclude_fields=["token_hash", "terakhir_dipakai"])
        # Staff create and revoke clients, and read the call log, in the admin.
        roles.grant_staff_admin("siakad", ["klienapi", "panggilanapi"])
        # The call log is kept API_LOG_DAYS.
        schedules.register("siakad.prune_calls", "siakad.tasks.prune_calls", 24 * 60)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MagangConfig(AppConfig):
    name = "magang"
    verbose_name = _("Internship registration")

    def ready(self):
        from pkpk import audit, retention, roles, schedules, students
        from pkpk.retention import JenisArsip

        from . import retention as records
        from . import selectors

        # A student whose application is open stays in their prodi.
        students.register_hold("magang.open_application", selectors.students_with_open_applications)
        # The audit trail: vacancies, applications and the replies recorded
        # on them (files appear by name).
        audit.track("magang.lowongan", exclude_fields=["diubah"], m2m_fields={"prodi"})
        audit.track("magang.pendaftaran", page="magang:detail")
        audit.track("magang.suratbalasan", part_of=("magang.pendaftaran", "pendaftaran"))
        # Two of the six records of the procedure (pkpk/retention.py).
        retention.register(
            jenis=JenisArsip.SURAT_BALASAN,
            model="magang.SuratBalasan",
            dibuat="diunggah_pada",
            berkas=("berkas",),
            label=retention.by_pk,
        )
        retention.register(
            jenis=JenisArsip.PENDAFTARAN,
            model="magang.Pendaftaran",
            dibuat="dibuat",
            berkas=("cv", "transkrip"),
            label=retention.by_pk,
        )
        retention.hang_on(
            JenisArsip.PENDAFTARAN,
            waits_for=records.applications_wait_for,
            dependents=records.remove_what_hangs_on_applications,
        )
        # Applications past the company's deadline expire.
        schedules.register("magang.expire", "magang.tasks.expire_overdue_applications", 5)
        roles.grant_staff_admin("magang", ["lowongan", "pendaftaran", "suratbalasan", "peristiwa"])

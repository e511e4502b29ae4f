from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuratConfig(AppConfig):
    name = "surat"
    verbose_name = _("Internship letters")

    def ready(self):
        from django.db.models.signals import post_migrate

        from magang import services as magang_services
        from pkpk import audit, retention, roles, schedules, students
        from pkpk.retention import JenisArsip

        from . import initial_data
        from . import retention as records
        from .company import delivery
        from .desk import handling
        from .letters import selectors

        post_migrate.connect(initial_data.ensure_feedback_questions, sender=self)
        # A cancelled application leaves no open letter request behind.
        magang_services.on_cancel(handling.close_for_cancelled_application)
        # Letters e-mailed to companies are in the staff list of undelivered e-mails.
        delivery.register_outbox()
        # A letter asked for or issued states the student's prodi.
        students.register_hold("surat.open_request", selectors.students_with_open_letter_requests)
        students.register_hold("surat.valid_letter", selectors.students_with_valid_letters)
        # The audit trail. A letter's verification token and letterhead
        # snapshot are fixed at issue and long; its own fields say what changed.
        audit.track("surat.surat", exclude_fields=["token", "institusi"], page="surat:detail")
        audit.track("surat.permintaan", page="surat:request_staff")
        audit.track("surat.konfirmasi", part_of=("surat.surat", "surat"))
        audit.track("surat.umpanbalik", part_of=("surat.surat", "surat"))
        audit.track("surat.pertanyaanumpanbalik")
        # Two of the six records of the procedure (pkpk/retention.py), and
        # the letters naming a registration form, which wait before it.
        for jenis, kind in [
            (JenisArsip.SURAT_PERMOHONAN, "permohonan"),
            (JenisArsip.SURAT_PENGANTAR, "pengantar"),
        ]:
            retention.register(
                jenis=jenis,
                model="surat.Surat",
                dibuat="diterbitkan_pada",
                filter={"jenis": kind},
                berkas=("berkas",),
                label=lambda obj: obj.nomor,
            )
            retention.hang_on(
                jenis,
                waits_for=records.letters_wait_for,
                dependents=records.remove_what_hangs_on_letters,
            )
        retention.hang_on(
            JenisArsip.PENDAFTARAN,
            waits_for=records.applications_wait_for,
            dependents=records.remove_what_hangs_on_applications,
        )
        # The service clocks, and failed letter e-mails tried again after
        # 1, 5, 15 and 60 minutes (pkpk.outbox).
        schedules.register("surat.clocks", "surat.tasks.sweep_clocks", 1)
        schedules.register("surat.delivery_retries", "surat.company_tasks.retry_letter_emails", 1)
        roles.grant_staff_admin(
            "surat",
            ["pertanyaanumpanbalik", "surat", "permintaan", "jam", "konfirmasi", "umpanbalik"],
        )

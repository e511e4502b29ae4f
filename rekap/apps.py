from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _recap_label(obj):
    return f"#{obj.pk} {obj.nama_berkas}"


class RekapConfig(AppConfig):
    name = "rekap"
    verbose_name = _("Recaps and KPIs")

    def ready(self):
        from pkpk import audit, retention, roles
        from pkpk.retention import JenisArsip

        # The audit trail of the partner register and its documents.
        audit.track(
            "rekap.kerjasama",
            exclude_fields=["diubah"],
            m2m_fields={"jurusan"},
            page="rekap:kerjasama_detail",
        )
        audit.track("rekap.lampirankerjasama", part_of=("rekap.kerjasama", "kerjasama"))
        # Two of the six records of the procedure (pkpk/retention.py): the
        # registration and acceptance recaps as handed out.
        for jenis, kind in [
            (JenisArsip.REKAP_PENDAFTARAN, "pendaftaran"),
            (JenisArsip.REKAP_PENERIMAAN, "penerimaan"),
        ]:
            retention.register(
                jenis=jenis,
                model="rekap.RekapArsip",
                dibuat="dibuat",
                filter={"jenis": kind},
                berkas=("berkas",),
                label=_recap_label,
            )
        roles.grant_staff_admin("rekap", ["kerjasama", "lampirankerjasama", "rekaparsip"])

"""What the apps register with the core from their AppConfig.ready() (the
core names no app's table): the audited records, the records under
retention, the timers, the models staff keep in the admin. The lists are
the ones the core named itself before the apps registered them."""

from django.apps import apps

from pkpk import audit, retention, roles, schedules
from pkpk.lib.project import project_apps
from pkpk.retention import JenisArsip

APPS = ("magang", "surat", "rekap")


def test_the_apps_register_their_audited_records():
    assert {key for key in audit.TRACKED if key.split(".")[0] in APPS} == {
        "magang.lowongan",
        "magang.pendaftaran",
        "magang.suratbalasan",
        "surat.surat",
        "surat.permintaan",
        "surat.konfirmasi",
        "surat.umpanbalik",
        "surat.pertanyaanumpanbalik",
        "rekap.kerjasama",
        "rekap.lampirankerjasama",
    }
    assert audit.TRACKED["surat.surat"] == {"exclude_fields": ["token", "institusi"]}
    assert audit.TRACKED["rekap.kerjasama"] == {
        "exclude_fields": ["diubah"],
        "m2m_fields": {"jurusan"},
    }
    assert audit.CHILDREN == {
        "magang.pendaftaran": [("magang.suratbalasan", "pendaftaran")],
        "surat.surat": [("surat.konfirmasi", "surat"), ("surat.umpanbalik", "surat")],
        "rekap.kerjasama": [("rekap.lampirankerjasama", "kerjasama")],
    }
    assert audit.PAGES == {
        "magang.pendaftaran": "magang:detail",
        "surat.surat": "surat:detail",
        "surat.permintaan": "surat:request_staff",
        "rekap.kerjasama": "rekap:kerjasama_detail",
    }


def test_the_apps_register_the_six_records_in_the_order_of_disposal():
    assert [(kind.jenis, kind.model, kind.dibuat) for kind in retention.ARSIP] == [
        (JenisArsip.REKAP_PENDAFTARAN, "rekap.RekapArsip", "dibuat"),
        (JenisArsip.REKAP_PENERIMAAN, "rekap.RekapArsip", "dibuat"),
        (JenisArsip.SURAT_PERMOHONAN, "surat.Surat", "diterbitkan_pada"),
        (JenisArsip.SURAT_PENGANTAR, "surat.Surat", "diterbitkan_pada"),
        (JenisArsip.SURAT_BALASAN, "magang.SuratBalasan", "diunggah_pada"),
        (JenisArsip.PENDAFTARAN, "magang.Pendaftaran", "dibuat"),
    ]
    # A registration form waits for its replies (magang) and letters (surat).
    assert len(retention._waits_for[JenisArsip.PENDAFTARAN]) == 2
    assert len(retention._dependents[JenisArsip.PENDAFTARAN]) == 2


def test_registering_again_changes_nothing():
    before = (
        list(retention.ARSIP),
        {k: list(v) for k, v in retention._waits_for.items()},
        dict(audit.CHILDREN),
        dict(schedules.SCHEDULES),
        dict(roles.STAFF_ADMIN_MODELS),
    )
    for label in ("magang", "surat", "rekap"):
        apps.get_app_config(label).ready()
    after = (
        list(retention.ARSIP),
        {k: list(v) for k, v in retention._waits_for.items()},
        dict(audit.CHILDREN),
        dict(schedules.SCHEDULES),
        dict(roles.STAFF_ADMIN_MODELS),
    )
    assert [kind.jenis for kind in after[0]] == [kind.jenis for kind in before[0]]
    assert after[1:] == before[1:]


def test_the_apps_register_their_timers():
    assert {name: task for name, task in schedules.SCHEDULES.items() if name.startswith(APPS)} == {
        "magang.expire": ("magang.tasks.expire_overdue_applications", 5),
        "surat.clocks": ("surat.tasks.sweep_clocks", 1),
        "surat.delivery_retries": ("surat.company_tasks.retry_letter_emails", 1),
    }


def test_the_apps_name_the_models_staff_keep_in_the_admin():
    assert {k: v for k, v in roles.STAFF_ADMIN_MODELS.items() if k in APPS} == {
        "magang": ["lowongan", "pendaftaran", "suratbalasan", "peristiwa"],
        "surat": ["pertanyaanumpanbalik", "surat", "permintaan", "jam", "konfirmasi", "umpanbalik"],
        "rekap": ["kerjasama", "lampirankerjasama", "rekaparsip"],
    }


def test_the_project_apps_are_found_without_naming_them():
    names = [config.name for config in project_apps()]
    assert {"pkpk", *APPS} <= set(names)
    assert "django.contrib.admin" not in names and "auditlog" not in names

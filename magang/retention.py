"""What magang tells the retention rules (pkpk/retention.py) about its
records, the registration form and the company's reply: registered from
MagangConfig.ready()."""

from django.db.models import Exists, OuterRef

from .models import Peristiwa, SuratBalasan


def applications_wait_for(limit):
    """A registration form waits while a reply still in retention names it."""
    return [
        Exists(
            SuratBalasan._base_manager.filter(pendaftaran=OuterRef("pk"), diunggah_pada__gt=limit)
        )
    ]


def remove_what_hangs_on_applications(pks):
    """The application's events. Its replies went before it (they are records)."""
    return Peristiwa._base_manager.filter(pendaftaran__in=pks).delete()[1]

"""What surat tells the retention rules (pkpk/retention.py) about its
letters, and about the registration forms they name: registered from
SuratConfig.ready()."""

from django.db.models import Exists, OuterRef, Q

from .models import (
    AnggotaPermintaan,
    Jam,
    Konfirmasi,
    Pengiriman,
    PeristiwaLayanan,
    Permintaan,
    Surat,
    SuratMahasiswa,
    UmpanBalik,
)


def letters_wait_for(limit):
    """A voided letter still in retention points to its replacement."""
    return [
        Exists(Surat._base_manager.filter(pengganti=OuterRef("pk"), diterbitkan_pada__gt=limit))
    ]


def remove_what_hangs_on_letters(pks):
    """The letter's students, deliveries, confirmations, feedback, clocks
    with their events, and the requests that asked for it (with their own
    clocks and members): none of it means anything without the letter."""
    # A voided letter passed retention too (the replacement is newer), and
    # goes in this run; it must stop pointing here first.
    Surat._base_manager.filter(pengganti__in=pks).update(pengganti=None)
    requests = list(Permintaan._base_manager.filter(surat__in=pks).values_list("pk", flat=True))
    clocks = Jam._base_manager.filter(Q(surat__in=pks) | Q(permintaan__in=requests))
    clocks = list(clocks.values_list("pk", flat=True))
    counts = {}
    for model, lookup in [
        (PeristiwaLayanan, {"jam__in": clocks}),
        (Jam, {"pk__in": clocks}),
        (Permintaan, {"pk__in": requests}),
        (SuratMahasiswa, {"surat__in": pks}),
        (Pengiriman, {"surat__in": pks}),
        (Konfirmasi, {"surat__in": pks}),
        (UmpanBalik, {"surat__in": pks}),
    ]:
        counts.update(model._base_manager.filter(**lookup).delete()[1])
    return counts


def applications_wait_for(limit):
    """A registration form waits while a letter still in retention names it."""
    return [
        Exists(
            SuratMahasiswa._base_manager.filter(
                pendaftaran=OuterRef("pk"), surat__diterbitkan_pada__gt=limit
            )
        )
    ]


def remove_what_hangs_on_applications(pks):
    """The application's place in letter requests. The letters naming it
    went before it (they are records)."""
    return AnggotaPermintaan._base_manager.filter(pendaftaran__in=pks).delete()[1]

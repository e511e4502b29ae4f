"""Recaps issued as official records: the workbook exactly as it was handed
out, its parameters and checksum, kept for the 5-year retention."""

import hashlib

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.shortcuts import get_object_or_404

from pkpk import roles

from .models import RekapArsip


def store(jenis, parameter: dict, data: bytes, filename, rows, user) -> RekapArsip:
    """Keeps `data` (the bytes the user received) as an issued recap. `user`
    is None (or the command's system reader) for scheduled reports."""
    arsip = RekapArsip(
        jenis=jenis,
        parameter=parameter,
        nama_berkas=filename,
        jumlah_baris=rows,
        sha256=hashlib.sha256(data).hexdigest(),
        dibuat_oleh=user if getattr(user, "pk", None) else None,
    )
    arsip.berkas.save(filename, ContentFile(data), save=False)
    try:
        arsip.full_clean()
        with transaction.atomic():
            arsip.save()
    except Exception:
        # No row, no file: an orphan file would be a record nobody can find.
        arsip.berkas.delete(save=False)
        raise
    return arsip


def issued_for(user):
    """The issued recaps `user` may re-download: staff all of them, a
    coordinator those they generated, anyone else none."""
    if roles.is_staf(user):
        return RekapArsip.objects.select_related("dibuat_oleh")
    if roles.is_koordinator(user):
        return RekapArsip.objects.filter(dibuat_oleh=user).select_related("dibuat_oleh")
    raise PermissionDenied


def get_issued_for_user(user, pk) -> RekapArsip:
    return get_object_or_404(issued_for(user), pk=pk)

"""Worker tasks of the letters app. Tasks take ids, re-fetch and call services.
This module stays at the app's top (not in surat/desk/): django-q2 stores a
task's dotted path in queued tasks and schedule rows, so the path is fixed."""

from .desk import clocks, handling


def sweep_clocks(**kwargs):
    """Every minute: alert staff on clocks at 2/3 of their budget and record
    breaches once."""
    return clocks.sweep()


def issue_batch(batch_id):
    """Issue a batch of letter requests; safe to run again after a crash."""
    batch = handling.run_batch(batch_id)
    return {"issued": batch.berhasil, "failed": len(batch.gagal)}

"""Worker tasks of the letters app. Tasks take ids, re-fetch and call services."""

from . import clocks, request_services


def sweep_clocks(**kwargs):
    """Every minute: alert staff on clocks at 2/3 of their budget and record
    breaches once."""
    return clocks.sweep()


def issue_batch(batch_id):
    """Issue a batch of letter requests; safe to run again after a crash."""
    batch = request_services.run_batch(batch_id)
    return {"issued": batch.berhasil, "failed": len(batch.gagal)}

"""List the records that have passed their 5-year retention and, on explicit
confirmation, dispose of them (pkpk/retention.py holds the rules)."""

import getpass
import os

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pkpk import retention


def _os_user():
    try:
        return getpass.getuser()
    except OSError:  # no login name and no passwd entry (some containers)
        return f"uid {os.getuid()}"


def _day(instant):
    return f"{timezone.localtime(instant):%Y-%m-%d}" if instant else "-"


class Command(BaseCommand):
    help = (
        "List, per kind of record, what has passed the 5-year retention. With "
        "--musnahkan --yakin, dispose of it: delete the rows, what hangs on them and "
        "their files, and write a disposal record."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--musnahkan", action="store_true", help="Dispose of what has passed retention."
        )
        parser.add_argument(
            "--yakin",
            action="store_true",
            help="Confirm the disposal; without it --musnahkan only shows what it would do.",
        )
        parser.add_argument(
            "--oleh", default="", help="Who disposes, for the record (default: the OS user)."
        )

    def handle(self, *args, musnahkan, yakin, oleh, **options):
        now = timezone.now()
        overview = retention.overview(now)
        self._list(overview, now)
        rows = sum(item.baris for item in overview)
        files = sum(item.berkas for item in overview)
        if not musnahkan:
            return
        if not yakin:
            raise CommandError(
                f"Nothing disposed of. {rows} records and {files} files would be: "
                "run again with --musnahkan --yakin to dispose of them."
            )
        if not rows:
            self.stdout.write("Nothing to dispose of.")
            return
        by = oleh.strip() or _os_user()
        for item in overview:
            if not item.baris:
                continue
            record = retention.dispose(item.arsip, by=by, now=now)
            if record is None:
                continue
            self.stdout.write(
                self.style.SUCCESS(
                    f"Disposed of {record.jumlah_baris} {item.arsip.jenis.value} records and "
                    f"{record.jumlah_berkas} files (disposal record #{record.pk})."
                )
            )

    def _list(self, overview, now):
        self.stdout.write(
            f"Records are kept {retention.RETENTION_YEARS} years: those created on or before "
            f"{timezone.localtime(retention.cutoff(now)):%Y-%m-%d %H:%M %Z} have passed it."
        )
        for item in overview:
            line = f"{item.arsip.jenis.value:<18} {item.baris:>6} records {item.berkas:>6} files"
            if item.baris:
                line += f"  created {_day(item.tertua)} .. {_day(item.terbaru)}"
            if item.menunggu:
                line += f"  ({item.menunggu} more wait for records still in retention)"
            self.stdout.write(line)

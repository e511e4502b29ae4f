"""`manage.py backup [--dir DIR]`: the database and the media files, dated."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pkpk import backup


class Command(BaseCommand):
    help = (
        "Write a backup (pg_dump of the database, tar.gz of MEDIA_ROOT, manifest) "
        "into DIR/pkpk-backup-YYYYmmdd-HHMMSS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=str(settings.BASE_DIR / "var" / "backups"),
            help="where the backup folder goes (default: var/backups of the checkout)",
        )

    def handle(self, *args, **options):
        try:
            path = backup.backup(options["dir"])
        except (backup.BackupError, OSError) as error:
            raise CommandError(f"Backup failed: {error}") from error
        manifest = backup.read_manifest(path)
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(f"Backup written: {path} ({rows} rows, {manifest['media_files']} files)")
        if manifest.get("media_bucket"):
            self.stdout.write(
                f"The files are in the bucket {manifest['media_bucket']}, not in this backup: "
                "keep them with the object store's versioning or replication."
            )

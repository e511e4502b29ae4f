"""`manage.py restore DIR [--yakin]`: a backup back into the configured
database and MEDIA_ROOT, checked against its manifest."""

from django.core.management.base import BaseCommand, CommandError

from pkpk import backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by `manage.py backup` into the configured "
        "database and MEDIA_ROOT, then check the row counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", help="the pkpk-backup-YYYYmmdd-HHMMSS folder")
        parser.add_argument(
            "--yakin",
            action="store_true",
            help="(Indonesian: 'sure') replace a database that is not empty",
        )

    def handle(self, *args, **options):
        try:
            backup.restore(options["dir"], yakin=options["yakin"], say=self.stdout.write)
        except (backup.BackupError, OSError) as error:
            raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(self.style.SUCCESS("Restore complete."))

from django.core.management.base import BaseCommand

from pkpk.schedules import run_all


class Command(BaseCommand):
    help = "Run every timer task once, now (for operators and tests)."

    def handle(self, *args, **options):
        for name in run_all():
            self.stdout.write(f"{name}: ok")

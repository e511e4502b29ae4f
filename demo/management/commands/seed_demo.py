"""Load the fictional demo data of demo/seed.py (see its docstring for how the
seed tells its own data from anyone else's):

manage.py seed_demo                   # refuses a database with other data
manage.py seed_demo --force           # adds the demo data next to it anyway
manage.py seed_demo --if-empty        # `make run`: quietly skips such a database
manage.py seed_demo --print-password  # the password of every demo account
manage.py seed_demo --print-logins    # example sign-ins, one per role
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo import people
from demo.seed import ForeignData, seed


class Command(BaseCommand):
    help = (
        "Load the fictional demo data (institution, programmes, companies, people, vacancies, "
        "and a semester of applications, letter requests and letters placed relative to today)."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--force", action="store_true", help="Seed even if the database holds other data."
        )
        group.add_argument(
            "--if-empty",
            action="store_true",
            help="Seed only a database without data of its own; otherwise do nothing.",
        )
        group.add_argument(
            "--print-password", action="store_true", help="Print the demo password only."
        )
        group.add_argument(
            "--print-logins", action="store_true", help="Print example sign-ins, one per role."
        )

    def handle(self, *args, **options):
        if options["print_password"]:
            self.stdout.write(people.PASSWORD)
            return
        if options["print_logins"]:
            for role, username, note in people.logins():
                self.stdout.write(f"{role:<12}{username} ({note})")
            return
        try:
            summary = seed(stdout=self.stdout, force=options["force"])
        except ForeignData as refusal:
            if options["if_empty"]:
                self.stdout.write(_("database not empty, demo data not loaded"))
                return
            raise CommandError(
                _(
                    "The database holds data seed_demo did not create: %(found)s. "
                    "Run seed_demo --force to add the demo data anyway."
                )
                % {"found": "; ".join(refusal.found)}
            ) from None
        if summary.nothing_to_do:
            self.stdout.write(_("Demo data already loaded: nothing to do."))
        else:
            self.stdout.write(
                _("Demo data loaded. Password for every demo account: %(password)s")
                % {"password": people.PASSWORD}
            )

"""Ask the working-day calendar from the shell:

manage.py kalender hari-kerja 2026-11-02 10   # the 10th working day after
manage.py kalender libur 2026                 # the year's non-working days
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pkpk import kalender


class Command(BaseCommand):
    help = "Working days and holidays from the calendar module (pkpk/kalender.py)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="perintah", required=True, metavar="{hari-kerja,libur}")
        hari_kerja = sub.add_parser("hari-kerja", help="The Nth working day after a date.")
        hari_kerja.add_argument("tanggal", help="YYYY-MM-DD")
        hari_kerja.add_argument("n", help="How many working days (0 or more).")
        libur = sub.add_parser("libur", help="The non-working days of a year, with names.")
        libur.add_argument("tahun", help="YYYY")

    def handle(self, *args, **options):
        if options["perintah"] == "hari-kerja":
            day = _parse_date(options["tanggal"])
            n = _parse_count(options["n"])
            try:
                result = kalender.add_working_days(day, n)
            except ValueError:
                raise CommandError(
                    _("%(n)s working days after %(date)s is beyond the calendar.")
                    % {"n": n, "date": day.isoformat()}
                ) from None
            self.stdout.write(result.isoformat())
        else:
            year = _parse_year(options["tahun"])
            for day, name in kalender.non_working_days(year):
                self.stdout.write(f"{day.isoformat()}  {name}")


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not a date; write it as YYYY-MM-DD, for example 2026-11-02.")
            % {"value": text}
        ) from None


def _parse_count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise CommandError(
            _("“%(value)s” is not a number of working days; give a whole number, 0 or more.")
            % {"value": text}
        )
    return n


def _parse_year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not kalender.MIN_YEAR <= year <= kalender.MAX_YEAR:
        raise CommandError(
            _("“%(value)s” is not a year the calendar covers (%(first)s to %(last)s).")
            % {"value": text, "first": kalender.MIN_YEAR, "last": kalender.MAX_YEAR}
        )
    return year

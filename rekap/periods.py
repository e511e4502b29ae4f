"""Academic periods. The polytechnic's academic year starts on 1 August:
the odd (ganjil) semester runs August to January, the even (genap) one
February to July. A period is a pair of dates, both included."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GANJIL = "ganjil"
GENAP = "genap"
SEMESTERS = [(GANJIL, _("odd (August–January)")), (GENAP, _("even (February–July)"))]


@dataclass(frozen=True)
class Period:
    dari: date
    sampai: date

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware instants [start, end) covering the dates in WIB, for
        filtering DateTimeFields that are stored in UTC."""
        start = timezone.make_aware(datetime.combine(self.dari, time.min))
        end = timezone.make_aware(datetime.combine(self.sampai + timedelta(days=1), time.min))
        return start, end

    def __str__(self):
        return f"{self.dari:%d-%m-%Y} s.d. {self.sampai:%d-%m-%Y}"


def academic_year_of(day: date) -> int:
    """The first calendar year of the academic year `day` falls in:
    2026 for 2026/2027, which runs from 1 August 2026 to 31 July 2027."""
    return day.year if day.month >= 8 else day.year - 1


def academic_year_label(year: int) -> str:
    return f"{year}/{year + 1}"


def academic_period(year: int, semester: str = "") -> Period:
    """The academic year starting in `year`, or one of its semesters."""
    if semester == GANJIL:
        return Period(date(year, 8, 1), date(year + 1, 1, 31))
    if semester == GENAP:
        return Period(date(year + 1, 2, 1), date(year + 1, 7, 31))
    return Period(date(year, 8, 1), date(year + 1, 7, 31))


def current_academic_year(today: date | None = None) -> int:
    return academic_year_of(today or timezone.localdate())

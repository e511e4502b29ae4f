"""The three recaps of rekap.recaps as Excel workbooks: one sheet builder per
recap over the same scoped querysets as the pages, EXPORTS naming them (the
page's download and the `rekap` command), and write_recap."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from magang.models import Jalur
from pkpk.lib.xlsx import Column, Sheet, exporting, write_workbook
from pkpk.models import ProgramStudi

from . import scope
from .forms import RecapFilters
from .recaps import (
    STATUS,
    WorkingDayCounter,
    acceptances,
    not_placed,
    placement_rates,
    registrations,
    total_rate,
    waiting_until,
)

JALUR = dict(Jalur.choices)


def _labels(choices: dict) -> dict[str, str]:
    """Choice labels as a workbook shows them: translated, capitalised."""
    return {key: capfirst(str(label)) for key, label in choices.items()}


def prodi_labels() -> dict[str, str]:
    """Programme code -> level and name ("D3 Teknik Informatika"), as people
    name a programme; one query for a whole export."""
    return {p.kode: str(p) for p in ProgramStudi.objects.all()}


def registration_sheet(user, f: RecapFilters) -> Sheet:
    qs, _sort = registrations(user, f)
    # values_list, not model instances: a 50,000-row export stays cheap.
    values = qs.values_list(
        "dibuat",
        "mahasiswa__user__nama",
        "mahasiswa__nim",
        "mahasiswa__prodi__kode",
        "perusahaan__nama",
        "jalur",
        "diajukan_pada",
        "status",
        "dijawab_pada",
        "jumlah_surat",
    )

    # Labels translated once, not once per row: a lazy label costs a
    # translation lookup every time it is turned into text.
    jalur, status, prodi = _labels(JALUR), _labels(STATUS), prodi_labels()

    def rows():
        for number, r in enumerate(values.iterator(chunk_size=2000), 1):
            yield (number, *r[:3], prodi[r[3]], r[4], jalur[r[5]], r[6], status[r[7]], r[8], r[9])

    # Dates, not instants: the recap says on which day; the clocks that
    # depend on the hour are in the KPI report. "No." stays a plain number
    # (its neighbour is a centred date), which keeps 50,000 rows cheap.
    columns = [
        Column(_("No."), "int", 5),
        Column(_("Registered"), "date", 11),
        Column(_("Name"), "text", 26),
        Column(_("NIM"), "text", 12),
        Column(_("Study programme"), "text", 26),
        Column(_("Company"), "text", 28),
        Column(_("Track"), "text", 18),
        Column(_("Submitted"), "date", 11),
        Column(_("State"), "text", 25),
        Column(_("Answered"), "date", 11),
        Column(_("Letters issued"), "int", 9, total=True),
    ]
    return Sheet(_("Registrations"), columns, rows())


def acceptance_sheets(user, f: RecapFilters) -> list[Sheet]:
    qs, _sort = acceptances(user, f)
    prodi = prodi_labels()
    groups = Sheet(
        _("Accepted"),
        [
            Column(_("Department"), "text", 26),
            Column(_("Study programme"), "text", 28),
            Column(_("Company"), "text", 32),
            Column(_("City"), "text", 14),
            Column(_("Accepted students"), "int", 11, total=True),
        ],
        (
            (
                r["mahasiswa__prodi__jurusan__nama"],
                prodi[r["mahasiswa__prodi__kode"]],
                r["perusahaan__nama"],
                r["perusahaan__kota"],
                r["jumlah"],
            )
            for r in qs.iterator(chunk_size=2000)
        ),
    )
    rates = placement_rates(user, f)
    total = total_rate(rates)
    rate_rows = [(r.jurusan, prodi[r.prodi_kode], r.kohort, r.ditempatkan, r.rate) for r in rates]
    rate_rows.append((_("Total"), "", total.kohort, total.ditempatkan, total.rate))
    placement = Sheet(
        _("Placement rate"),
        [
            Column(_("Department"), "text", 26),
            Column(_("Study programme"), "text", 28),
            Column(_("Students of the cohort"), "int", 12),
            Column(_("Accepted somewhere"), "int", 12),
            Column(_("Placement rate"), "percent", 11),
        ],
        rate_rows,
        totals=False,  # its last row is the total, with the overall rate
    )
    return [groups, placement]


def not_placed_sheet(user, f: RecapFilters) -> Sheet:
    qs, _sort = not_placed(user, f)
    counter = WorkingDayCounter(waiting_until(f))
    status, prodi = _labels(STATUS), prodi_labels()
    values = qs.values_list(
        "nim",
        "user__nama",
        "prodi__kode",
        "angkatan",
        "terakhir_perusahaan",
        "terakhir_status",
        "menunggu_sejak",
    )

    def rows():
        for number, r in enumerate(values.iterator(chunk_size=2000), 1):
            sejak = r[6]
            days = counter.between(timezone.localdate(sejak)) if sejak is not None else None
            yield (number, r[0], r[1], prodi[r[2]], r[3], r[4], status.get(r[5]), sejak, days)

    columns = [
        Column(_("No."), "int", 5, align="center"),
        Column(_("NIM"), "text", 12),
        Column(_("Name"), "text", 26),
        Column(_("Study programme"), "text", 26),
        Column(_("Cohort"), "int", 9),
        Column(_("Last application"), "text", 28),
        Column(_("Its state"), "text", 25),
        Column(_("Waiting since"), "date", 11),
        Column(_("Working days waiting"), "int", 13),
    ]
    return Sheet(_("Not yet placed"), columns, rows())


@dataclass(frozen=True)
class Export:
    title: str
    form_code: str
    sheets: object  # (user, filters) -> list[Sheet]


EXPORTS = {
    "pendaftaran": Export(
        "Rekapitulasi Pendaftaran Magang",
        "BO.8.4.1.2",
        lambda user, f: [registration_sheet(user, f)],
    ),
    # The procedure names no form code for these two; none is invented.
    "penerimaan": Export("Rekapitulasi Penerimaan Magang", "", acceptance_sheets),
    "belum-magang": Export(
        "Rekapitulasi Mahasiswa Belum Mendapat Tempat Magang",
        "",
        lambda user, f: [not_placed_sheet(user, f)],
    ),
}


def write_recap(target, jenis: str, user, f: RecapFilters, *, generated_at=None) -> int:
    """Writes recap `jenis` for `user` (or scope.WHOLE_INSTITUTION) to
    `target`; returns rows."""
    export = EXPORTS[jenis]
    with exporting():
        return write_workbook(
            target,
            title=export.title,
            form_code=export.form_code,
            period=f.describe(),
            generated_by=scope.reader_name(user),
            sheets=export.sheets(user, f),
            generated_at=generated_at,
        )


def recap_filename(jenis: str, f: RecapFilters, when=None) -> str:
    when = timezone.localtime(when or timezone.now())
    return f"rekap-{jenis}-{f.period.dari:%Y%m%d}-{f.period.sampai:%Y%m%d}-{when:%Y%m%d%H%M}.xlsx"

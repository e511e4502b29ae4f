"""The KPI report as files for the quality-assurance office (Excel and PDF),
and the geometry of the charts the dashboard and the PDF both draw as
inline SVG from a template (no script, nothing fetched)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pkpk.lib.pdf import render_pdf
from pkpk.lib.xlsx import Column, Sheet, exporting, write_workbook
from pkpk.models import Institusi
from surat.letters.render import letterhead, tanggal_indonesia

from . import clock_kpi, kpi

# Chart canvas in SVG user units; the SVG scales to its container's width.
CHART_WIDTH, CHART_HEIGHT, CHART_TOP, CHART_BOTTOM, CHART_LEFT = 360, 150, 10, 30, 30


def trend_chart(months):
    """Bars of each month's share within target (0-100 %), with the month's
    count under it. A month with nothing counted has no bar."""
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    slot = (CHART_WIDTH - CHART_LEFT) / len(months)
    baseline = CHART_TOP + plot_height
    bars = []
    for i, month in enumerate(months):
        height = round((month.share or 0) * plot_height, 1)
        bars.append(
            {
                "month": month,
                "name": capfirst(MONTHS_3[month.month]),
                "x": round(CHART_LEFT + i * slot + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": round(baseline - height, 1),
                "height": height,
                "centre": round(CHART_LEFT + i * slot + slot / 2, 1),
            }
        )
    grid = [
        {"label": f"{pct}%", "y": round(baseline - pct / 100 * plot_height, 1)}
        for pct in (0, 50, 100)
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "baseline": baseline,
        "bars": bars,
        "grid": grid,
        "label_y": baseline + 12,
        "count_y": baseline + 24,
    }


def share_chart(figures):
    """One horizontal bar per clock KPI: the share within target."""
    label_width, row, width = 90, 28, CHART_WIDTH
    plot_width = width - label_width - 50
    bars = []
    for i, item in enumerate(figures):
        y = 6 + i * row
        bars.append(
            {
                "figures": item,
                "y": y,
                "text_y": y + 14,
                "width": round((item.share or 0) * plot_width, 1),
                "value_x": label_width + round((item.share or 0) * plot_width, 1) + 4,
            }
        )
    return {
        "width": width,
        "height": 12 + len(figures) * row,
        "left": label_width,
        "plot_width": plot_width,
        "bars": bars,
    }


def charts(board: kpi.Dashboard) -> dict:
    """The share chart, and per clock KPI its figures with its trend chart."""
    return {
        "share": share_chart([board.clocks[slug] for slug in clock_kpi.CLOCK_KPIS]),
        "cards": [
            (board.clocks[slug], trend_chart(board.trend[slug])) for slug in clock_kpi.CLOCK_KPIS
        ],
    }


def clock_subject(row) -> tuple[str, str]:
    """(text, staff URL) of what a counted clock timed: a request or a letter."""
    jam = row.jam
    if jam.permintaan_id:
        permintaan = jam.permintaan
        text = _("Request #%(pk)s (%(kind)s) · %(name)s (%(nim)s)") % {
            "pk": permintaan.pk,
            "kind": permintaan.get_jenis_display(),
            "name": permintaan.pemohon.user.nama,
            "nim": permintaan.pemohon.nim,
        }
        return text, reverse("surat:request_staff", args=[permintaan.pk])
    return f"{jam.surat.nomor} · {jam.surat.perusahaan_nama}", reverse(
        "surat:detail", args=[jam.surat_id]
    )


def _scope_label(year, jurusan):
    where = jurusan.nama if jurusan else _("all departments")
    return f"{year} · {where}"


# --- Excel ---------------------------------------------------------------------------


def write_kpi_workbook(target, *, year: int, jurusan=None, user=None) -> int:
    """The whole KPI report as a workbook: a summary, one sheet per KPI with
    its monthly trend or breakdown, and the breach list of each clock KPI.
    Returns the number of data rows written."""
    board = kpi.dashboard(year=year, jurusan=jurusan)
    with exporting():
        sheets = [_summary_sheet(board)]
        sheets += [
            _trend_sheet(item, board.trend[slug]) for slug, item in clock_kpi.CLOCK_KPIS.items()
        ]
        sheets += [_level_sheet(board), _evidence_sheet(board)]
        sheets += [_breach_sheet(item, year, jurusan) for item in clock_kpi.CLOCK_KPIS.values()]
        return write_workbook(
            target,
            title=_("KPI report"),
            form_code="B.4.1.7 · B.1.15.7 · B.1.15.8",
            period=_scope_label(year, jurusan),
            generated_by=user.get_full_name() if user is not None else "",
            sheets=sheets,
        )


def _trend_sheet(item, months):
    columns = [
        Column(_("Month"), "text", 14),
        Column(_("Counted"), "int", 10, total=True),
        Column(_("Within target"), "int", 12, total=True),
        Column(_("Share within target"), "percent", 12),
    ]
    rows = [[capfirst(MONTHS[m.month]), m.total, m.on_time, m.share] for m in months]
    # The year's share is on the summary sheet: a share is not summed.
    return Sheet(item.code, columns, rows, totals=_("Whole year"))


def _breach_sheet(item, year, jurusan):
    # Instants with their time: these clocks run in service minutes.
    columns = [
        Column(_("Started"), "datetime", 16),
        Column(_("Request or letter"), "text", 66),
        Column(_("Breached"), "datetime", 16),
        Column(_("Stopped"), "datetime", 16),
        Column(_("Time used (%(unit)s)") % {"unit": item.unit}, "int", 14),
    ]
    return Sheet(
        _("Breaches %(code)s") % {"code": item.code}, columns, _breach_rows(item, year, jurusan)
    )


def _local(instant):
    return timezone.localtime(instant).replace(tzinfo=None) if instant else None


def _breach_rows(item, year, jurusan):
    for row in clock_kpi.clock_rows(item, year=year, jurusan=jurusan, status="late").iterator(
        chunk_size=1000
    ):
        yield [
            _local(row.waktu),
            clock_subject(row)[0],
            _local(row.breached_at),
            _local(row.stopped_at),
            row.time_used,
        ]


def _summary_sheet(board):
    columns = [
        Column(_("KPI"), "text", 12),
        Column(_("Indicator"), "text", 62),
        Column(_("Target"), "text", 17),
        Column(_("Counted"), "int", 10),
        Column(_("Within target"), "int", 14),
        Column(_("Share within target"), "percent", 12),
        Column(_("Median time"), "decimal", 9),
        Column(_("Worst time"), "int", 9),
        Column(_("Still open past the deadline"), "int", 14),
    ]
    rows = [
        [
            f.kpi.code,
            str(f.kpi.title),
            f"{f.kpi.budget} {f.kpi.unit}",
            f.total,
            f.on_time,
            f.share,
            f.median,
            f.worst,
            f.still_open,
        ]
        for f, _trend in board.clock_cards()
    ]
    # One row per indicator, each in its own unit: nothing to add up.
    return Sheet(_("Summary"), columns, rows, totals=False)


def _level_sheet(board):
    columns = [Column(_("Department"), "text", 40)]
    columns += [Column(capfirst(level.label), "int", 14) for level in kpi.LEVELS]
    columns.append(Column(_("Total"), "int", 10))
    rows = [[r.jurusan.nama, *(n for _level, n in r.cells()), r.total] for r in board.level_rows]
    total = board.level_total
    rows.append([_("All (each partnership once)"), *(n for _l, n in total.cells()), total.total])
    return Sheet("B.1.15.7", columns, rows, totals=False)  # its own total row


def _evidence_sheet(board):
    figures, mean = board.partnerships, board.satisfaction
    columns = [
        Column(_("KPI"), "text", 12),
        Column(_("Figure"), "text", 50),
        Column(_("Value"), "number", 10),
        Column(_("Share of active partnerships"), "percent", 18),
    ]
    names = {
        "manfaat": _("Partnerships with evidence of benefit"),
        "kinerja": _("Partnerships with evidence of improved performance and facilities"),
        "keberlanjutan": _("Partnerships with evidence of satisfaction and continuation"),
    }
    rows = [["B.1.15.7", _("Active partnerships"), figures["active"], None]]
    rows += [[code, names[name], n, part] for name, code, n, part, _pct in board.evidence()]
    rows += [
        [
            "B.1.15.8.c",
            _("Partnerships continued from the year before"),
            figures["continued"],
            clock_kpi.share(figures["continued"], figures["active"]),
        ],
        [
            "B.1.15.8.c",
            _("Partner satisfaction, mean score (1-4)"),
            round(mean["mean"], 2) if mean["mean"] is not None else None,
            None,
        ],
        ["B.1.15.8.c", _("Partner feedback responses"), mean["responses"], None],
    ]
    return Sheet("B.1.15.8", columns, rows, totals=False)  # figures, not a list


def kpi_filename(year, jurusan, ext):
    return f"kpi-{year}{'-' + jurusan.kode if jurusan else ''}.{ext}"


# --- PDF -----------------------------------------------------------------------------


def render_kpi_pdf(*, year: int, jurusan=None, user=None) -> bytes:
    """The report a director signs: the letterhead, the figures, charts and
    breach lists, and the institution's signatory. Signed and filed, so in
    the institution's language like its letters (WeasyPrint through the
    static-only fetcher: the charts are inline SVG, nothing is fetched)."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf("rekap/kpi/pdf.html", _pdf_context(year, jurusan, user))


def _pdf_context(year, jurusan, user):
    board = kpi.dashboard(year=year, jurusan=jurusan)
    breaches = [
        (
            item,
            [
                (row, clock_subject(row)[0])
                for row in clock_kpi.clock_rows(item, year=year, jurusan=jurusan, status="late")
            ],
        )
        for item in clock_kpi.CLOCK_KPIS.values()
    ]
    institusi = Institusi.load()
    now = timezone.localtime()
    return {
        "board": board,
        "charts": charts(board),
        "breaches": breaches,
        "generated_at": now,
        "generated_by": user.get_full_name() if user is not None else "",
        "kop": letterhead(institusi),
        "signatory": institusi,
        "signed_on": tanggal_indonesia(now.date()),
    }

"""The outgoing-letter register (agenda surat keluar): every letter number of
a year in its register's order, voided letters and legacy duplicates
included, so the list has no gaps. Shown as a page, written as a workbook
and printed as a PDF; all three read `letters()`."""

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pkpk.lib.pdf import render_pdf
from pkpk.lib.xlsx import Column, Sheet, exporting, write_workbook
from pkpk.models import Institusi
from surat.letters.render import letterhead
from surat.models import Jenis, Surat

TITLE = "Agenda Surat Keluar"


def letters(*, tahun, jenis=""):
    """The letters of `tahun` (of one kind when `jenis` is given) in register
    order: by number pattern (one register each), then number. A legacy
    duplicate follows the letter whose number it repeats."""
    qs = Surat.objects.filter(tahun=tahun)
    if jenis:
        qs = qs.filter(jenis=jenis)
    return qs.select_related("pengganti").order_by(
        "pola", "urutan", "nomor_ganda", "diterbitkan_pada", "pk"
    )


def years() -> list[int]:
    """The years with letters, newest first, and this year even without any."""
    found = set(Surat.objects.values_list("tahun", flat=True).distinct())
    return sorted(found | {timezone.localdate().year}, reverse=True)


def recipient(surat) -> str:
    """Position and company, as the register writes the addressee."""
    return f"{surat.penerima_jabatan}, {surat.perusahaan_nama}"


def status_text(surat) -> str:
    """Valid, or void with its reason and its replacement's number."""
    if surat.sah:
        text = _("Valid")
    else:
        text = _("Voided: %(reason)s") % {"reason": surat.alasan_pembatalan}
        if surat.pengganti_id:
            text += "; " + _("replaced by %(nomor)s") % {"nomor": surat.pengganti.nomor}
    if surat.nomor_ganda:
        text += "; " + _("legacy duplicate number")
    return text


def describe(*, tahun, jenis="") -> str:
    kind = Jenis(jenis).label if jenis else _("all kinds")
    return f"{tahun} · {kind}"


def register_sheet(*, tahun, jenis="") -> Sheet:
    rows = (
        (
            surat.urutan,
            surat.nomor,
            surat.tanggal,
            capfirst(surat.get_jenis_display()),
            recipient(surat),
            surat.hal,
            status_text(surat),
        )
        for surat in letters(tahun=tahun, jenis=jenis).iterator(chunk_size=2000)
    )
    columns = [
        Column(_("No."), "int", 6, align="center"),
        Column(_("Letter number"), "text", 22),
        Column(_("Letter date"), "date", 14),
        Column(_("Kind"), "text", 24),
        Column(_("Recipient"), "text", 64),
        Column(_("Subject"), "text", 26),
        Column(_("Status"), "text", 50),
    ]
    return Sheet(str(tahun), columns, rows)


def write_register(target, *, tahun, jenis="", user) -> int:
    """The register as a workbook, in the system's language (an official
    record is Indonesian whatever the reader's language); returns rows."""
    with exporting():
        return write_workbook(
            target,
            title=TITLE,
            form_code="",
            period=describe(tahun=tahun, jenis=jenis),
            generated_by=user.get_full_name(),
            sheets=[register_sheet(tahun=tahun, jenis=jenis)],
        )


def render_register_pdf(*, tahun, jenis="", user) -> bytes:
    with exporting():
        listed = list(letters(tahun=tahun, jenis=jenis))
        context = {
            "title": TITLE,
            "tahun": tahun,
            "jenis_label": Jenis(jenis).label if jenis else "",
            "rows": [(surat, recipient(surat)) for surat in listed],
            # Group headings only when the year has more than one register.
            "registers": len({surat.pola for surat in listed}),
            "kop": letterhead(Institusi.load()),
            "generated_at": timezone.localtime(),
            "generated_by": user.get_full_name(),
        }
        return render_pdf("rekap/agenda/pdf.html", context)


def filename(*, tahun, jenis="", extension) -> str:
    kind = f"-{jenis}" if jenis else ""
    return f"agenda-surat-keluar-{tahun}{kind}.{extension}"

"""What SIAKAD reads: applications, placements, letters and the recaps,
with the same filters as the staff pages (the pages' own filter forms, so a
filter means the same in both) and the same numbers (rekap.recaps, which
the recap pages and workbooks read). An API client reads the whole
institution, as staff do."""

from django.db.models import Prefetch

from magang import selectors as magang_selectors
from magang.models import Pendaftaran
from magang.staff_forms import ApplicationFilterForm
from rekap import agenda, recaps
from rekap.agenda_forms import AgendaFilterForm
from rekap.forms import RecapFilterForm
from rekap.scope import WHOLE_INSTITUTION
from surat.models import SuratMahasiswa

from . import pages


class BadFilters(ValueError):
    def __init__(self, form):
        super().__init__(form.errors)
        self.errors = [
            {"row": None, "field": name, "code": e.code or "invalid", "message": message}
            for name, errors in form.errors.as_data().items()
            for e in errors
            for message in e.messages
        ]


def _valid(form):
    if not form.is_valid():
        raise BadFilters(form)
    return form


def recap_filters(params):
    """The recap pages' filters from the query string (no filter: the
    current academic year, as an untouched page shows)."""
    bound = any(key not in {"cursor", "limit"} for key in params)
    form = RecapFilterForm(WHOLE_INSTITUTION, params if bound else None)
    filters = form.filters()
    if filters is None:
        raise BadFilters(form)
    return filters


def _student(m) -> dict:
    return {
        "nim": m.nim,
        "nama": m.user.nama,
        "prodi": m.prodi.kode,
        "angkatan": m.angkatan,
    }


def _company(p) -> dict | None:
    if p is None:
        return None
    return {"id": p.pk, "nama": p.nama, "kota": p.kota}


def _application(a: Pendaftaran) -> dict:
    return {
        "id": a.pk,
        "mahasiswa": _student(a.mahasiswa),
        "perusahaan": _company(a.perusahaan),
        "jalur": a.jalur,
        "posisi": a.posisi,
        "status": a.status,
        "mulai": a.mulai,
        "selesai": a.selesai,
        "dibuat": a.dibuat,
        "diajukan_pada": a.diajukan_pada,
        "dijawab_pada": a.dijawab_pada,
    }


def applications(params, *, cursor, limit) -> dict:
    """The staff application list's rows and filters (q, status, jurusan,
    prodi, jalur, perusahaan, dari, sampai)."""
    form = _valid(ApplicationFilterForm(params))
    found = magang_selectors.staff_applications(**form.filters())
    return pages.page(found, cursor=cursor, limit=limit, row=_application)


def placements(params, *, cursor, limit) -> dict:
    """The students behind the acceptance recap: applications accepted in
    the period, with company and internship period; the recap's filters."""
    found = recaps.accepted(WHOLE_INSTITUTION, recap_filters(params)).select_related(
        "mahasiswa__user", "mahasiswa__prodi", "perusahaan"
    )
    return pages.page(found, cursor=cursor, limit=limit, row=_application)


def _letter(s) -> dict:
    return {
        "id": s.pk,
        "nomor": s.nomor,
        "jenis": s.jenis,
        "tanggal": s.tanggal,
        "perusahaan": {"id": s.perusahaan_id, "nama": s.perusahaan_nama, "kota": s.perusahaan_kota},
        "mulai": s.mulai,
        "selesai": s.selesai,
        "dibatalkan_pada": s.dibatalkan_pada,
        "mahasiswa": [
            {"nim": m.nim, "nama": m.nama, "pendaftaran": m.pendaftaran_id}
            for m in s.mahasiswa.all()
        ],
    }


def letters(params, *, cursor, limit) -> dict:
    """The outgoing-letter register's filters: tahun (this year when none)
    and jenis."""
    form = _valid(AgendaFilterForm(params))
    found = agenda.letters(**form.scope()).prefetch_related(
        Prefetch("mahasiswa", queryset=SuratMahasiswa.objects.order_by("urutan"))
    )
    return pages.page(found, cursor=cursor, limit=limit, row=_letter)


# --- recaps ------------------------------------------------------------------------


def recap_registrations(params, *, cursor, limit) -> dict:
    f = recap_filters(params)
    qs, _sort = recaps.registrations(WHOLE_INSTITUTION, f)
    result = pages.page(
        qs,
        cursor=cursor,
        limit=limit,
        row=lambda a: {**_application(a), "jumlah_surat": a.jumlah_surat},
    )
    return {"periode": _period(f), "jumlah": qs.count(), **result}


def recap_acceptances(params) -> dict:
    """Accepted students per jurusan, prodi and company (a few hundred
    groups at most: one answer, not pages), with the placement rates."""
    f = recap_filters(params)
    groups, _sort = recaps.acceptances(WHOLE_INSTITUTION, f)
    return {
        "periode": _period(f),
        "kelompok": [
            {
                "jurusan": g["mahasiswa__prodi__jurusan__kode"],
                "prodi": g["mahasiswa__prodi__kode"],
                "perusahaan": {
                    "id": g["perusahaan_id"],
                    "nama": g["perusahaan__nama"],
                    "kota": g["perusahaan__kota"],
                },
                "jumlah": g["jumlah"],
            }
            for g in groups
        ],
        **_rates(f),
    }


def _rates(f) -> dict:
    rates = recaps.placement_rates(WHOLE_INSTITUTION, f)
    total = recaps.total_rate(rates)
    return {
        "tingkat_penempatan": [
            {
                "prodi": r.prodi_kode,
                "kohort": r.kohort,
                "ditempatkan": r.ditempatkan,
                "rasio": r.rate,
            }
            for r in rates
        ],
        "total": {"kohort": total.kohort, "ditempatkan": total.ditempatkan, "rasio": total.rate},
    }


def recap_placement_rates(params) -> dict:
    f = recap_filters(params)
    return {"periode": _period(f), **_rates(f)}


def recap_not_placed(params, *, cursor, limit) -> dict:
    f = recap_filters(params)
    qs, _sort = recaps.not_placed(WHOLE_INSTITUTION, f)
    counter = recaps.WorkingDayCounter(recaps.waiting_until(f))

    def row(m):
        recaps.waiting_days([m], counter)
        return {
            **_student(m),
            "terakhir": m.terakhir_id,
            "terakhir_perusahaan": m.terakhir_perusahaan,
            "terakhir_status": m.terakhir_status,
            "menunggu_hari": m.menunggu_hari,
        }

    result = pages.page(qs, cursor=cursor, limit=limit, row=row)
    return {"periode": _period(f), "jumlah": qs.count(), **result}


def _period(f) -> dict:
    return {"dari": f.period.dari, "sampai": f.period.sampai}

"""The KPI figures (rekap/clock_kpi.py, rekap/kpi.py) against a known data set worked out by hand,
the dashboard and detail pages, and the Excel and PDF reports.

Clocks are started and stopped at chosen WIB moments through surat.desk.clocks
(the functions the request services call). Service hours: Mon-Fri 08:00-16:00
WIB (see tests/surat/test_clocks.py). Year 2026; jurusan TI (student_a) and
MB (student_b).

First response (B.4.1.7.e, 15 service minutes), minutes used:
  Feb: L3 2 (ok)                                   -> Feb 1 counted, 1 ok
  Nov: Q1 10 (ok, TI), Q2 30 (late, TI), Q3 5 (ok, MB), L1 12 (ok, TI),
       L2 20 (late, MB)                             -> Nov 5 counted, 3 ok
  all: 6, 4 ok, 66.7 %, sorted 2 5 10 12 20 30 -> median 11, worst 30
  TI: 10 30 12 2 -> 4, 3 ok, median 11, worst 30; MB: 5 20 -> 2, 1 ok, 12.5, 20
  not counted: Q4 withdrawn after its breach, Q5 still running in time,
  Q6 started in 2025.
Letter issued (B.4.1.7.a, 60 service minutes):
  L1 50 (ok, TI, Nov), L2 90 (late, MB, Nov), L3 breached and still open
  (TI, Feb) -> all 3, 1 ok, 33.3 %, median of 50 and 90 = 70, worst 90, 1 open
  TI: 2, 1 ok, 50, 50, 1 open; MB: 1, 0 ok, 90, 90
Confirmed (B.4.1.7.c, 14 working days):
  C1 dated Wed 12 Aug, confirmed Thu 27 Aug: 9 working days (17 and 25 Aug
     are holidays) (ok, TI); C2 dated Mon 2 Nov, confirmed Mon 30 Nov: 20
     working days (late, MB); C3 voided (not counted)
  -> all 2, 1 ok, 50 %, median 14.5, worst 20
Partnerships active in 2026: K1 TI national (continues K0, active 2025;
  benefit text), K2 TI+MB international (performance file), K3 MB local
  (continues K4, active only 2023: not continued; satisfaction text).
  Not active: K0 (ended 2025), K4, K5 (proposed), K6 (starts 2027).
Feedback 2026: C1's letter 4, 3 (TI); C2's letter 2, 2, 1 (MB); C3's in
  2027 (not counted) -> all mean 2.4 of 5 scores, 2 responses.
"""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import localize, number_format
from django.utils.translation import gettext
from pypdf import PdfReader

from rekap import clock_kpi, kpi, kpi_report
from rekap.models import Kerjasama
from tests.support.clock import D, at, wib
from tests.support.kpi import TANGGAPAN, ask, ask_letter, ok, partnership, request_clocks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ti(jurusan):
    return jurusan


@pytest.fixture
def mb(prodi_y):
    return prodi_y.jurusan


def pct(value):
    """A share as the pages show it, in the language they render in."""
    return f">{localize(value)}%<"


def figures(found, slug):
    f = found[slug]
    return (f.total, f.on_time, f.percent, f.median, f.worst, f.still_open)


# --- B.4.1.7 ---------------------------------------------------------------------------


def test_clock_kpis_count_what_the_events_say(dataset):
    found = clock_kpi.clock_figures(year=2026)

    assert figures(found, "e") == (6, 4, 66.7, 11.0, 30, 0)
    assert figures(found, "a") == (3, 1, 33.3, 70.0, 90, 1)
    assert figures(found, "c") == (2, 1, 50.0, 14.5, 20, 0)
    assert found["a"].late == 2


def test_clock_kpis_of_one_jurusan_leave_the_other_out(dataset, ti, mb):
    in_ti = clock_kpi.clock_figures(year=2026, jurusan=ti)
    in_mb = clock_kpi.clock_figures(year=2026, jurusan=mb)

    assert figures(in_ti, "e") == (4, 3, 75.0, 11.0, 30, 0)
    assert figures(in_ti, "a") == (2, 1, 50.0, 50.0, 50, 1)
    assert figures(in_ti, "c") == (1, 1, 100.0, 9.0, 9, 0)
    assert figures(in_mb, "e") == (2, 1, 50.0, 12.5, 20, 0)
    assert figures(in_mb, "a") == (1, 0, 0.0, 90.0, 90, 0)
    assert figures(in_mb, "c") == (1, 0, 0.0, 20.0, 20, 0)


def test_another_year_counts_only_its_own_clocks(dataset):
    found = clock_kpi.clock_figures(year=2025)

    assert figures(found, "e") == (1, 1, 100.0, 5.0, 5, 0)
    assert figures(found, "a") == (0, 0, None, None, None, 0)


def test_the_monthly_trend(dataset):
    trend = clock_kpi.clock_trend(year=2026)

    def months(slug):
        return {m.month: (m.total, m.on_time) for m in trend[slug] if m.total}

    assert [m.month for m in trend["e"]] == list(range(1, 13))
    assert months("e") == {2: (1, 1), 11: (5, 3)}
    assert months("a") == {2: (1, 0), 11: (2, 1)}
    assert months("c") == {8: (1, 1), 11: (1, 0)}
    assert trend["e"][10].percent == 60.0


def test_breaches_are_listed_with_their_time(dataset):
    late = clock_kpi.clock_rows(clock_kpi.CLOCK_KPIS["a"], year=2026, status="late")

    assert [(r.jam.permintaan_id, r.time_used) for r in late] == [
        (dataset["l3"].pk, None),
        (dataset["l2"].pk, 90),
    ]
    still_open = clock_kpi.clock_rows(clock_kpi.CLOCK_KPIS["a"], year=2026, status="open")
    assert [r.breached_at for r in still_open] == [wib(2026, 2, 2, 11, 0)]
    e_late = clock_kpi.clock_rows(clock_kpi.CLOCK_KPIS["e"], year=2026, status="late", month=11)
    assert sorted(r.time_used for r in e_late) == [20, 30]
    c_late = clock_kpi.clock_rows(clock_kpi.CLOCK_KPIS["c"], year=2026, status="late")
    assert [(r.jam.surat_id, r.time_used) for r in c_late] == [(dataset["c2"].pk, 20)]


def test_a_breached_open_clock_links_to_its_request(dataset):
    row = clock_kpi.clock_rows(clock_kpi.CLOCK_KPIS["a"], year=2026, status="open").get()

    text, url = kpi_report.clock_subject(row)

    assert url == reverse("surat:request_staff", args=[dataset["l3"].pk])
    assert f"#{dataset['l3'].pk}" in text


# --- B.1.15.7/8 --------------------------------------------------------------------


def level_table(rows, total):
    return {r.jurusan.kode: (r.counts, r.total) for r in rows}, (total.counts, total.total)


def test_active_partnerships_per_jurusan_by_level(dataset):
    rows, total = kpi.partnerships_by_level(year=2026)

    assert level_table(rows, total) == (
        {
            "MB": ({"internasional": 1, "nasional": 0, "lokal": 1}, 2),
            "TI": ({"internasional": 1, "nasional": 1, "lokal": 0}, 2),
        },
        ({"internasional": 1, "nasional": 1, "lokal": 1}, 3),
    )


def test_partnerships_of_one_jurusan(dataset, mb):
    rows, total = kpi.partnerships_by_level(year=2026, jurusan=mb)

    assert level_table(rows, total) == (
        {"MB": ({"internasional": 1, "nasional": 0, "lokal": 1}, 2)},
        ({"internasional": 1, "nasional": 0, "lokal": 1}, 2),
    )


def test_evidence_and_continued_partnerships(dataset, ti, mb):
    expected = {"active": 3, "manfaat": 1, "kinerja": 1, "keberlanjutan": 1, "continued": 1}
    assert kpi.partnership_figures(year=2026) == expected
    assert kpi.partnership_figures(year=2026, jurusan=ti) == {
        "active": 2, "manfaat": 1, "kinerja": 1, "keberlanjutan": 0, "continued": 1,
    }  # fmt: skip
    assert kpi.partnership_figures(year=2026, jurusan=mb) == {
        "active": 2, "manfaat": 0, "kinerja": 1, "keberlanjutan": 1, "continued": 0,
    }  # fmt: skip
    continued = kpi.partnership_rows(year=2026, continued=True)
    assert list(continued) == [dataset["k1"]]
    assert list(kpi.partnership_rows(year=2026, aspek="kinerja")) == [dataset["k2"]]


def test_partner_satisfaction(dataset, ti, mb):
    assert kpi.satisfaction(year=2026) == {"mean": 2.4, "responses": 2, "scores": 5}
    assert kpi.satisfaction(year=2026, jurusan=ti) == {"mean": 3.5, "responses": 1, "scores": 2}
    found = kpi.satisfaction(year=2026, jurusan=mb)
    assert (round(found["mean"], 3), found["responses"]) == (1.667, 1)


# --- a constant number of queries ----------------------------------------------------


def _queries(**kwargs):
    with CaptureQueriesContext(connection) as captured:
        kpi.dashboard(**kwargs)
    return len(captured)


def test_the_dashboard_runs_the_same_queries_whatever_the_data(dataset, staff, ti, student_a):
    small = _queries(year=2026), _queries(year=2026, jurusan=ti)
    for minute in range(0, 50, 5):
        permintaan = ask(student_a, 2026, 3, 2, 9, minute)
        request_clocks(
            permintaan,
            (2026, 3, 2, 9, minute),
            {TANGGAPAN: ok(2026, 3, 2, 9, minute + 3)},
        )
    partnership(staff, [ti], Kerjasama.Tingkat.LOKAL, D(2026, 1, 1), D(2026, 12, 31))

    assert clock_kpi.clock_figures(year=2026)["e"].total == 16
    assert (_queries(year=2026), _queries(year=2026, jurusan=ti)) == small
    assert small[0] == 6


# --- pages -------------------------------------------------------------------------


def test_the_dashboard_shows_every_figure_with_links(client, staff, dataset):
    client.force_login(staff)

    response = client.get(reverse("rekap:kpi_dashboard"), {"tahun": 2026})

    assert response.status_code == 200
    board = response.context["board"]
    assert (board.clocks["e"].percent, board.level_total.total) == (66.7, 3)
    page = response.content.decode()
    clocks_e = reverse("rekap:kpi_clocks", args=["e"])
    assert f'href="{clocks_e}?tahun=2026&amp;jurusan=&amp;status=late"' in page
    assert (
        f'href="{reverse("rekap:kpi_partnerships")}?tahun=2026&amp;jurusan=&amp;lanjutan=on"'
        in page
    )
    for shown in (pct(66.7), pct(33.3), ">" + number_format(2.4, 2) + "<"):
        assert shown in page
    # Charts are inline SVG; no inline script (the CSP forbids it) and no CDN.
    assert page.count("<svg") == 4
    assert re.findall(r"<script(?![^>]*\ssrc=\"/static/)", page) == []


def test_the_dashboard_defaults_to_this_year(client, staff):
    client.force_login(staff)

    with at(2026, 11, 2, 10, 0):
        response = client.get(reverse("rekap:kpi_dashboard"))

    assert response.status_code == 200
    assert response.context["board"].year == 2026


@pytest.mark.parametrize(
    "query", [{"tahun": "dua ribu"}, {"tahun": "1999"}, {"tahun": "2026", "jurusan": "999999"}]
)
def test_bad_filters_are_explained(client, staff, query):
    client.force_login(staff)

    response = client.get(reverse("rekap:kpi_dashboard"), query)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert "board" not in response.context


def test_the_clock_rows_behind_a_figure(client, staff, dataset, mb):
    client.force_login(staff)
    url = reverse("rekap:kpi_clocks", args=["e"])

    late = client.get(url, {"tahun": 2026, "status": "late"})
    only_mb = client.get(url, {"tahun": 2026, "jurusan": mb.pk})

    assert late.status_code == 200
    assert sorted(row.time_used for row, _t, _u in late.context["listed"]) == [20, 30]
    assert reverse("surat:request_staff", args=[dataset["q2"].pk]) in late.content.decode()
    assert only_mb.context["page"].paginator.count == 2
    assert client.get(reverse("rekap:kpi_clocks", args=["x"])).status_code == 404


def test_the_partnerships_and_feedback_behind_the_figures(client, staff, dataset, ti):
    client.force_login(staff)

    levels = client.get(reverse("rekap:kpi_partnerships"), {"tahun": 2026, "tingkat": "lokal"})
    of_ti = client.get(reverse("rekap:kpi_partnerships"), {"tahun": 2026, "jurusan": ti.pk})
    feedback = client.get(reverse("rekap:kpi_feedback"), {"tahun": 2026})

    assert list(levels.context["page"]) == [dataset["k3"]]
    assert set(of_ti.context["page"]) == {dataset["k1"], dataset["k2"]}
    assert reverse("rekap:kerjasama_detail", args=[dataset["k3"].pk]) in levels.content.decode()
    assert feedback.context["satisfaction"]["responses"] == 2
    assert [u.surat for u in feedback.context["page"]] == [dataset["c1"], dataset["c2"]]


KPI_URLS = [
    ("rekap:kpi_dashboard", []),
    ("rekap:kpi_clocks", ["a"]),
    ("rekap:kpi_partnerships", []),
    ("rekap:kpi_feedback", []),
    ("rekap:kpi_excel", []),
    ("rekap:kpi_pdf", []),
]


@pytest.mark.parametrize("name,args", KPI_URLS)
@pytest.mark.parametrize("who", ["student_a", "outsider"])
def test_students_and_outsiders_may_not_open_the_kpi_pages(client, request, name, args, who):
    # Coordinators read their own departments: tests/rekap/test_coordinator_reads.py.
    person = request.getfixturevalue(who)
    client.force_login(getattr(person, "user", person))

    assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize("name,args", KPI_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, name, args):
    response = client.get(reverse(name, args=args))

    assert response.status_code == 302
    assert "login" in response.url or "masuk" in response.url


def test_the_pages_fit_a_phone(client, staff, dataset):
    client.force_login(staff)

    page = client.get(reverse("rekap:kpi_dashboard"), {"tahun": 2026}).content.decode()

    # The charts scale to the screen and the wide tables scroll inside their box.
    assert page.count('width="100%"') == 4
    assert 'class="table-responsive"' in page


# --- reports -------------------------------------------------------------------------


def test_the_pdf_report_carries_the_figures(dataset, staff):
    content = kpi_report.render_kpi_pdf(year=2026, user=staff)

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    figures_shown = [pct(66.7)[1:-1], pct(33.3)[1:-1], pct(50.0)[1:-1], localize(14.5)]
    for figure in [*figures_shown, "B.1.15.7", number_format(2.4, 2), "Staf PKPK"]:
        assert figure in text
    assert dataset["c2"].nomor in text  # in the breach list of B.4.1.7.c


def _pdf_pages(content):
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def signatory(db):
    from pkpk.models import Institusi

    institusi = Institusi.load()
    institusi.nama = "Politeknik Negeri Batam"
    institusi.penandatangan_nama = "Dr. Budi Hartono, S.T., M.T."
    institusi.penandatangan_jabatan = "Kepala UPT Pengembangan Karier"
    institusi.penandatangan_nip = "197801012005011001"
    institusi.save()
    return institusi


def test_the_pdf_report_is_a_document_a_director_signs(dataset, staff, ti, signatory, time_machine):
    time_machine.move_to(wib(2026, 12, 3, 14, 5), tick=False)

    pages = _pdf_pages(kpi_report.render_kpi_pdf(year=2026, jurusan=ti, user=staff))

    first = pages[0]
    # The letterhead, then the title block: period, jurusan, when and by whom.
    assert first.index("POLITEKNIK NEGERI BATAM") < first.index("LAPORAN KPI")
    assert "tahun kalender 2026 (1 Januari – 31 Desember 2026)" in first
    assert "Jurusan : Teknik Informatika" in first.replace("\n", " ")
    assert "3 Desember 2026 14:05 WIB" in first
    assert "Dibuat oleh : Staf PKPK" in first
    # One summary table of every indicator, each code on one line.
    text = "\n".join(pages)
    assert text.count("Ringkasan") == 1
    for code in ["B.4.1.7.a", "B.4.1.7.e", "B.4.1.7.c", "B.1.15.7", "B.1.15.8.a", "B.1.15.8.b"]:
        assert code in first, code
    assert not re.search(r"B\.(4\.1\.7|1\.15\.[78])\.?\s*\n\s*[a-c]\b", text)
    # Signed on the first page by the profile's signatory, above the appendix.
    sign = first[first.index("Mengetahui") :]
    for line in ["Kepala UPT Pengembangan Karier", "Dr. Budi Hartono", "NIP 197801012005011001"]:
        assert line in sign
    assert "Lampiran" in text[text.index("NIP 197801012005011001") :]
    # No page is nearly empty.
    assert len(pages) == 2
    assert all(len(page.split("\n")) >= 15 for page in pages)


def test_the_pdf_prints_links_as_plain_text(dataset, staff):
    from weasyprint import HTML

    from pkpk.lib.pdf import BASE_URL, StaticOnlyFetcher

    with translation.override("id"):
        html = render_to_string("rekap/kpi/pdf.html", kpi_report._pdf_context(2026, None, staff))
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()

    def boxes(box):
        yield box
        for child in getattr(box, "children", []):
            yield from boxes(child)

    texts = [b for page in document.pages for b in boxes(page._page_box) if hasattr(b, "text")]
    assert any("Mengetahui" in box.text for box in texts)
    for box in texts:
        red, green, blue = box.style["color"].to("srgb").coordinates
        assert blue <= max(red, green) + 0.05, (box.text, box.style["color"])  # no link blue
        assert "underline" not in (box.style["text_decoration_line"] or ()), box.text


def test_the_pdf_download(client, staff, dataset, ti):
    client.force_login(staff)

    response = client.get(reverse("rekap:kpi_pdf"), {"tahun": 2026, "jurusan": ti.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "kpi-2026-TI.pdf" in response["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert pct(75.0)[1:-1] in text  # B.4.1.7.e for TI


def _workbook_sheets(content):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content))
    return book


def test_the_excel_report_has_a_sheet_per_kpi_and_the_breaches(dataset, staff):
    buffer = io.BytesIO()

    kpi_report.write_kpi_workbook(buffer, year=2026, user=staff)

    book = _workbook_sheets(buffer.getvalue())
    titles = book.sheetnames
    for title in ("B.4.1.7.a", "B.4.1.7.e", "B.4.1.7.c", "B.1.15.7", "B.1.15.8"):
        assert title in titles
    values = [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "B.4.1.7.e" in values and 90 in values and 14.5 in values
    for code in ("B.4.1.7.a", "B.4.1.7.e", "B.4.1.7.c"):
        assert gettext("Breaches %(code)s") % {"code": code} in titles


def test_the_excel_report_names_months_and_totals_what_it_counts(dataset, staff):
    buffer = io.BytesIO()
    with translation.override("en"):  # the workbook is Indonesian whatever the page
        kpi_report.write_kpi_workbook(buffer, year=2026, user=staff)

    book = _workbook_sheets(buffer.getvalue())
    trend = list(book["B.4.1.7.e"].iter_rows(min_row=9, values_only=True))
    assert [row[0] for row in trend[:2]] == ["Januari", "Februari"]
    assert trend[10][:3] == ("November", 5, 3)
    assert trend[12][:3] == ("Setahun penuh", 6, 4)  # the months add up to the year
    breaches = book["Pelanggaran B.4.1.7.e"]
    assert breaches["A9"].number_format == "dd-mm-yyyy hh:mm"  # service minutes: the time matters
    assert breaches["A9"].value == dt.datetime(2026, 11, 2, 10, 0)
    assert breaches["A11"].value == "Jumlah (2 baris)"
    summary = book["Ringkasan"]
    assert summary.max_row == 11  # three indicators, no meaningless sum of them
    levels = [c.value for c in book["B.1.15.7"][8]]
    assert levels[1:4] == ["Internasional", "Nasional", "Wilayah/lokal"]
    evidence = list(book["B.1.15.8"].iter_rows(min_row=9, values_only=True))
    assert evidence[0][2] == 3 and evidence[-2][2] == 2.4


def test_the_excel_download_is_archived(client, staff, dataset):
    from rekap.models import RekapArsip

    client.force_login(staff)

    response = client.get(reverse("rekap:kpi_excel"), {"tahun": 2026})

    assert response.status_code == 200
    assert "kpi-2026.xlsx" in response["Content-Disposition"]
    archived = RekapArsip.objects.get()
    assert (archived.jenis, archived.parameter) == ("kpi", {"tahun": 2026, "jurusan": None})


def test_a_group_request_counts_for_each_student_s_jurusan(
    student_a, student_b, perusahaan, pendaftaran_b, mb
):
    # A letter request by student_a naming student_b's application too.
    from surat.models import AnggotaPermintaan

    permintaan = ask_letter(student_a, perusahaan, 2026, 11, 2, 9, 0)
    AnggotaPermintaan.for_request(permintaan, pendaftaran_b).save()
    request_clocks(permintaan, (2026, 11, 2, 9, 0), {TANGGAPAN: ok(2026, 11, 2, 9, 4)})

    assert clock_kpi.clock_figures(year=2026, jurusan=mb)["e"].total == 1
    assert clock_kpi.clock_figures(year=2026, jurusan=student_a.prodi.jurusan)["e"].total == 1


def test_an_application_is_not_needed_for_a_question(student_a):
    # Questions have no application: they belong to the asker's jurusan.
    permintaan = ask(student_a, 2026, 11, 2, 9, 0)
    request_clocks(permintaan, (2026, 11, 2, 9, 0), {TANGGAPAN: ok(2026, 11, 2, 9, 1)})

    assert clock_kpi.clock_figures(year=2026, jurusan=student_a.prodi.jurusan)["e"].on_time == 1

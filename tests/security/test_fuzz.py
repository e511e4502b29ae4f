"""Random input against the forms people outside the unit fill in (the
student's registration and letter request, the company's signed link) and
the staff forms that take text or files: never a 500, and a refused
submission saves no row.

The cast is built once per test function; hypothesis then runs many
examples inside it, each in a savepoint that is rolled back, so an example
that was accepted does not block the next one (the 10-working-day rule)."""

import contextlib
import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from magang import answers as magang_answers
from magang.models import Lowongan, Pendaftaran, Peristiwa, SuratBalasan
from pkpk.models import ImporMahasiswa, Perusahaan
from rekap.models import Kerjasama
from surat.company import links as company_links
from surat.models import (
    AnggotaPermintaan,
    Jam,
    Jenis,
    Konfirmasi,
    NilaiUmpanBalik,
    Permintaan,
    UmpanBalik,
)
from surat.models import PertanyaanUmpanBalik as Pertanyaan
from tests.factories import LowonganFactory, PerusahaanFactory
from tests.support.applications import submit
from tests.support.cast import build_cast
from tests.support.files import PDF_BYTES, PNG_BYTES
from tests.support.letters import issue

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,  # nothing written into the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The forms outsiders fill in get more examples than the staff forms.
MAIN = settings(FUZZ, max_examples=40)
SLOW = settings(FUZZ, max_examples=15)
XSS = "<script>xss(1)</script>"

# --- strategies ---------------------------------------------------------------

nasty = st.sampled_from(
    [
        XSS,
        '"><img src=x onerror=xss(1)>',
        "'; DROP TABLE magang_pendaftaran; --",
        "' OR '1'='1",
        "%(nama)s {0} {{ x }} {% now %}",
        "../../../etc/passwd",
        "\x00",
        "a\x00b",
        "\u202egnp.exe",
        "𝕏𝔸 ☃ 中文 عربى",
        " ",
        "\r\n\t",
        "9" * 400,
    ]
)
control = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=10)
# Lone surrogates (category Cs) cannot be encoded in a request at all: no
# browser or client can send them, so they test the test client, not us.
long_text = st.builds(
    lambda c, n: c * n, st.characters(exclude_categories=("Cs",)), st.integers(151, 6000)
)
fuzz_text = st.one_of(st.text(max_size=40), control, long_text, nasty)


dates = st.one_of(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)).map(str),
    fuzz_text,
)
file_names = st.sampled_from(
    [
        "x.pdf",
        "x.png",
        "x.exe",
        "x.PDF",
        "x.pdf.exe",
        "x",
        ".pdf",
        "../../x.pdf",
        "<x>.pdf",
        "Ω" * 300 + ".pdf",
    ]
)
contents = st.one_of(
    st.binary(max_size=300),
    st.binary(max_size=200).map(lambda b: b"%PDF-" + b),
    st.binary(max_size=200).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),
    st.binary(max_size=200).map(lambda b: b"MZ\x90\x00" + b),
    st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b),
    st.sampled_from([b"", PDF_BYTES, PNG_BYTES]),
)
content_types = st.sampled_from(
    ["application/pdf", "image/png", "application/octet-stream", "text/html", ""]
)
uploads = st.builds(SimpleUploadedFile, file_names, contents, content_types)


# --- helpers ------------------------------------------------------------------


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def rolled_back():
    """One example's writes, undone: a savepoint inside the test's transaction."""
    with contextlib.suppress(_Rollback), transaction.atomic():
        yield
        raise _Rollback


def counts(*models):
    return {model.__name__: model.objects.count() for model in models}


def clean_data(data):
    """The test client drops None; everything else goes as typed."""
    return {key: value for key, value in data.items() if value is not None}


def check(response, before, models, *, saved_on_redirect=True):
    """No 500; a refused submission (not a redirect) saved nothing; the XSS
    payload never comes back unescaped."""
    event(f"HTTP {response.status_code}")  # shown by --hypothesis-show-statistics
    assert response.status_code < 500, response.content[:2000]
    after = counts(*models)
    if response.status_code != 302:
        assert after == before, f"refused ({response.status_code}) but saved: {before} -> {after}"
    elif saved_on_redirect:
        assert after != before
    assert XSS.encode() not in response.content


@pytest.fixture
def cast(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    c = build_cast()
    c.perusahaan = PerusahaanFactory(nama="PT Batam Presisi Elektronik", kota="Batam")
    c.lowongan = LowonganFactory(perusahaan=c.perusahaan, prodi=[c.prodi_x], kuota=5)
    return c


@pytest.fixture
def pendaftaran_a(cast):
    """Student A's submitted application (from the vacancy)."""
    return submit(cast.student_a, lowongan=cast.lowongan)


@pytest.fixture
def letter_a(cast, pendaftaran_a):
    """The application letter naming student A."""
    return issue([pendaftaran_a], cast.staff)


def client_for(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def student_browser(cast):
    """Student A's browser, signed in once for all examples."""
    return client_for(cast.student_a.user)


@pytest.fixture
def staff_browser(cast):
    return client_for(cast.staff)


# --- (a) the student's registration -------------------------------------------

APPLICATION_ROWS = (Pendaftaran, Perusahaan, Peristiwa)


def mutated(valid, wild, *, at_most=3):
    """A valid submission with up to `at_most` fields replaced by anything
    (or left out), so most examples get past the other fields' checks and
    the odd value reaches the service and the database."""
    fields = st.lists(st.sampled_from(sorted(wild)), max_size=at_most, unique=True)
    changes = fields.flatmap(
        lambda names: st.fixed_dictionaries({n: st.one_of(wild[n], st.none()) for n in names})
    )
    return st.tuples(st.fixed_dictionaries(valid), changes).map(lambda t: {**t[0], **t[1]})


def valid_pdf(name="cv.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


APPLICATION_VALID = {
    "posisi": st.just("Pengembang web"),
    "mulai": st.just("2027-02-01"),
    "selesai": st.just("2027-05-31"),
    "kontak_nama": st.just("Ibu Ratna"),
    "kontak_jabatan": st.just("HRD"),
    "kontak_email": st.just("hrd@mitra.example.test"),
    "kontak_telepon": st.just("0778 123456"),
    "cv": st.builds(valid_pdf),
    "transkrip": st.builds(valid_pdf, st.just("transkrip.pdf")),
}
APPLICATION_WILD = {
    **dict.fromkeys(APPLICATION_VALID, fuzz_text),
    "mulai": dates,
    "selesai": dates,
    "cv": uploads,
    "transkrip": uploads,
}
COMPANY_VALID = {
    "perusahaan_nama": st.just("PT Sumber Rejeki Teknik"),
    "perusahaan_kota": st.just("Tanjungpinang"),
    "perusahaan_alamat": st.just("Jl. Engku Putri 1"),
    "perusahaan_pilihan": st.just("baru"),
}
COMPANY_WILD = {
    **dict.fromkeys(COMPANY_VALID, fuzz_text),
    "perusahaan_pilihan": st.one_of(st.sampled_from(["", "1", "-1", "9" * 25]), fuzz_text),
}


@MAIN
@given(
    data=mutated(
        {**APPLICATION_VALID, **COMPANY_VALID}, {**APPLICATION_WILD, **COMPANY_WILD}, at_most=4
    )
)
def test_registration_for_a_self_found_place(cast, student_browser, data):
    with rolled_back():
        before = counts(*APPLICATION_ROWS)
        response = student_browser.post(reverse("magang:apply_mandiri"), clean_data(data))
        check(response, before, APPLICATION_ROWS)


@FUZZ
@given(
    q=fuzz_text,
    kota=fuzz_text,
)
def test_the_company_suggestions_take_any_text(cast, student_browser, q, kota):
    """The "Did you mean ...?" list, asked by htmx while the student types."""
    url = reverse("magang:apply_mandiri")
    response = student_browser.get(
        url, {"perusahaan_nama": q, "perusahaan_kota": kota}, HTTP_HX_REQUEST="1"
    )
    assert response.status_code < 500


@MAIN
@given(data=mutated(APPLICATION_VALID, APPLICATION_WILD))
def test_registration_from_a_vacancy(cast, student_browser, data):
    with rolled_back():
        before = counts(*APPLICATION_ROWS)
        url = reverse("magang:apply_vacancy", args=[cast.lowongan.pk])
        response = student_browser.post(url, clean_data(data))
        check(response, before, APPLICATION_ROWS)


@FUZZ
@given(
    data=mutated(
        {
            "hasil": st.sampled_from(["diterima", "ditolak"]),
            "berkas": st.builds(valid_pdf, st.just("balasan.pdf")),
        },
        {
            "hasil": fuzz_text,
            "berkas": uploads,
            "nomor_surat": fuzz_text,
            "tanggal_surat": dates,
            "catatan": fuzz_text,
        },
    )
)
def test_the_student_uploads_a_reply(cast, student_browser, pendaftaran_a, data):
    rows = (SuratBalasan, Peristiwa)
    with rolled_back():
        before = counts(*rows)
        url = reverse("magang:upload_reply", args=[pendaftaran_a.pk])
        response = student_browser.post(url, clean_data(data))
        check(response, before, rows)


# --- (b) the letter request ---------------------------------------------------

REQUEST_ROWS = (Permintaan, AnggotaPermintaan, Jam)


@MAIN
@given(
    data=mutated(
        {
            "penerima_nama": st.just("Ibu Ratna Sari"),
            "penerima_jabatan": st.just("Manajer HRD"),
            "mulai": st.just("2027-02-01"),
            "selesai": st.just("2027-05-31"),
            "anggota": st.just(""),
            "isi": st.just(""),
            "data_benar": st.just("on"),
        },
        {
            "penerima_nama": fuzz_text,
            "penerima_jabatan": fuzz_text,
            "mulai": dates,
            "selesai": dates,
            "anggota": st.one_of(fuzz_text, st.just("4312501002, 3312501001, 33125")),
            "isi": fuzz_text,
            "data_benar": st.sampled_from(["on", ""]),
            "perlu_balasan": st.sampled_from(["on", ""]),
        },
    )
)
def test_the_letter_request(cast, student_browser, pendaftaran_a, data):
    url = reverse("surat:request_new") + f"?pendaftaran={pendaftaran_a.pk}"
    with rolled_back():
        before = counts(*REQUEST_ROWS)
        response = student_browser.post(url, clean_data(data))
        check(response, before, REQUEST_ROWS)


@FUZZ
@given(isi=fuzz_text)
def test_the_question(cast, student_browser, isi):
    with rolled_back():
        before = counts(*REQUEST_ROWS)
        response = student_browser.post(reverse("surat:question_new"), {"isi": isi})
        check(response, before, REQUEST_ROWS)


# --- (c) the company's signed link --------------------------------------------


@MAIN
@given(
    person=mutated(
        {"pengisi-nama": st.just("Ibu Ratna"), "pengisi-jabatan": st.just("HRD")},
        {"pengisi-nama": fuzz_text, "pengisi-jabatan": fuzz_text, "pengisi-catatan": fuzz_text},
    ),
    answer=mutated(
        {
            "hasil": st.sampled_from(["diterima", "ditolak"]),
            "mulai": st.just("2027-02-01"),
            "selesai": st.just("2027-05-31"),
        },
        {
            "hasil": fuzz_text,
            "mulai": dates,
            "selesai": dates,
            "penempatan": fuzz_text,
        },
    ),
)
def test_the_company_answers_an_application_letter(cast, letter_a, person, answer):
    surat, pendaftaran = letter_a, letter_a.mahasiswa.get().pendaftaran
    member = surat.mahasiswa.get()
    url = reverse("company_answer", args=[company_links.make_token(surat)])
    rows = (Peristiwa, Konfirmasi)
    data = {**person, **{f"m{member.pk}-{key}": value for key, value in answer.items()}}
    with rolled_back():
        cache.clear()  # 30 answers a minute per address
        before = counts(*rows)
        response = Client(raise_request_exception=False).post(url, clean_data(data))
        check(response, before, rows)
        if response.status_code != 302:
            pendaftaran.refresh_from_db()
            assert pendaftaran.status == Pendaftaran.Status.DIAJUKAN


@pytest.fixture
def cover_letter(cast):
    """A cover letter for student B, accepted, with one feedback question."""
    pendaftaran = submit(cast.student_b, perusahaan=cast.perusahaan)
    magang_answers.record_answer(pendaftaran=pendaftaran, hasil="diterima", by=cast.staff)
    if not Pertanyaan.objects.filter(aktif=True).exists():
        Pertanyaan.objects.create(teks="Kedisiplinan mahasiswa", urutan=1, aktif=True)
    return issue([pendaftaran], cast.staff, jenis=Jenis.PENGANTAR)


@SLOW
@given(
    text=mutated(
        {"nama": st.just("Ibu Ratna")},
        {"nama": fuzz_text, "jabatan": fuzz_text, "komentar": fuzz_text},
    ),
    score=st.one_of(st.sampled_from(["1", "4", "0", "5", "-1", ""]), fuzz_text, st.just("2")),
)
def test_the_company_gives_feedback(cast, cover_letter, text, score):
    url = reverse("company_feedback", args=[company_links.make_token(cover_letter)])
    scores = {f"q{q.pk}": score for q in Pertanyaan.objects.filter(aktif=True)}
    rows = (UmpanBalik, NilaiUmpanBalik)
    with rolled_back():
        cache.clear()
        before = counts(*rows)
        response = Client(raise_request_exception=False).post(url, clean_data({**text, **scores}))
        check(response, before, rows)


@SLOW
@given(token=st.one_of(st.text(min_size=1, max_size=300), nasty))
def test_a_random_token_is_never_a_500(cast, token):
    token = token.replace("/", "") or "x"
    # A NUL anywhere in the address is a 400 (pkpk.middleware.RefuseNulMiddleware).
    expected = 400 if "\x00" in token else 404
    for name in ["company_answer", "company_feedback", "verify", "verify_short", "company_short"]:
        cache.clear()
        response = Client(raise_request_exception=False).get(reverse(name, args=[token]))
        assert response.status_code == expected, (name, token)


def test_a_nul_in_a_verification_token_is_refused(cast):
    # pkpk.middleware.RefuseNulMiddleware: 400 before any lookup meets it.
    response = Client(raise_request_exception=False).get(reverse("verify", args=["a\x00b"]))
    assert response.status_code == 400


# --- (d) staff forms ----------------------------------------------------------


@FUZZ
@given(
    data=mutated(
        {
            "posisi": st.just("Staf Magang"),
            "deskripsi": st.just("Membantu tim."),
            "persyaratan": st.just("Semester 5."),
            "kuota": st.just("3"),
            "mulai": st.just("2027-02-01"),
            "selesai": st.just("2027-05-31"),
            "batas_daftar": st.just("2027-01-15"),
            "aktif": st.just("on"),
        },
        {
            "posisi": fuzz_text,
            "deskripsi": fuzz_text,
            "persyaratan": fuzz_text,
            "kuota": st.one_of(fuzz_text, st.integers().map(str)),
            "mulai": dates,
            "selesai": dates,
            "batas_daftar": dates,
            "aktif": st.sampled_from(["on", ""]),
        },
    )
)
def test_staff_post_a_vacancy(cast, staff_browser, data):
    data = {**data, "perusahaan": str(cast.perusahaan.pk), "prodi": [str(cast.prodi_x.pk)]}
    with rolled_back():
        before = counts(Lowongan)
        response = staff_browser.post(reverse("magang:staff_vacancy_create"), clean_data(data))
        check(response, before, (Lowongan,))


PARTNERSHIP_TEXT = ["nomor", "bukti_manfaat", "bukti_kinerja", "bukti_keberlanjutan", "catatan"]


@FUZZ
@given(
    data=mutated(
        {
            "status": st.just("aktif"),
            "jenis_dokumen": st.just("moa"),
            "nomor": st.just("MOA/7/2026"),
            "tingkat": st.just("nasional"),
            "ruang_pendidikan": st.just("on"),
            "mulai": st.just("2025-01-01"),
            "selesai": st.just("2027-12-31"),
        },
        {
            **dict.fromkeys(PARTNERSHIP_TEXT, fuzz_text),
            "status": fuzz_text,
            "jenis_dokumen": fuzz_text,
            "tingkat": fuzz_text,
            "ruang_pendidikan": st.sampled_from(["on", ""]),
            "mulai": dates,
            "selesai": dates,
        },
    )
)
def test_staff_add_a_partnership(cast, staff_browser, data):
    data = {**data, "perusahaan": str(cast.perusahaan.pk), "jurusan": [str(cast.jurusan.pk)]}
    with rolled_back():
        before = counts(Kerjasama)
        response = staff_browser.post(reverse("rekap:kerjasama_create"), clean_data(data))
        check(response, before, (Kerjasama,))


@FUZZ
@given(
    name=st.sampled_from(["mahasiswa.xlsx", "x.xlsx", "x.exe", "x.pdf", "../x.xlsx"]),
    content=contents,
)
def test_staff_upload_any_file_as_a_student_import(cast, staff_browser, name, content):
    with rolled_back():
        before = counts(ImporMahasiswa)
        berkas = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        response = staff_browser.post(reverse("pkpk:import_upload"), {"berkas": berkas})
        # A checked file is kept even when its rows are refused (302 either way).
        check(response, before, (ImporMahasiswa,))


@FUZZ
@given(
    data=mutated(
        {
            "tanggal": st.builds(lambda: str(dt.date.today())),
            "saluran": st.sampled_from(["telepon", "email"]),
            "hasil": st.sampled_from(["diterima", "ditolak"]),
        },
        {
            "tanggal": dates,
            "saluran": fuzz_text,
            "hasil": fuzz_text,
            "catatan": fuzz_text,
        },
    )
)
def test_staff_record_a_confirmation(cast, staff_browser, cover_letter, data):
    with rolled_back():
        before = counts(Konfirmasi)
        url = reverse("surat:confirm", args=[cover_letter.pk])
        response = staff_browser.post(url, clean_data(data))
        # A refused rule is flashed and redirected: only a form error is 400.
        check(response, before, (Konfirmasi,), saved_on_redirect=False)

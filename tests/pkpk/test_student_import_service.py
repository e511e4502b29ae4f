import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from pkpk import roles, student_import
from pkpk.models import ImporMahasiswa, Mahasiswa, User
from pkpk.student_import import apply_import, check_rows, read_workbook
from tests.factories import MahasiswaFactory, ProgramStudiFactory, UserFactory
from tests.support.workbooks import HEADER, student, students, this_year, xlsx_bytes, xlsx_file

pytestmark = pytest.mark.django_db


def read(rows, **kwargs):
    return read_workbook(io.BytesIO(xlsx_bytes(rows, **kwargs)))


def errors_of(rows, **kwargs):
    return [(e.baris, e.kolom, e.pesan) for e in check_rows(read(rows, **kwargs))]


def imported(rows, *, by, confirm=None, **kwargs):
    """Upload `rows` and import them, the changes to registered students
    confirmed unless `confirm` says otherwise: the counts."""
    impor = student_import.upload(file=xlsx_file(rows, **kwargs), by=by)
    assert impor.status == ImporMahasiswa.Status.PRATINJAU, impor.kesalahan
    confirm = {"terapkan_perubahan": True} if confirm is None else confirm
    return apply_import(impor=impor, rows=student_import.read_stored(impor=impor), by=by, **confirm)


def snapshot():
    return sorted(
        Mahasiswa.objects.values_list(
            "nim", "user__nama", "user__email", "user__password", "prodi__kode", "angkatan",
            "telepon",
        )
    )  # fmt: skip


# Reading ---------------------------------------------------------------------


def test_it_reads_columns_by_their_header_in_any_order_and_either_language():
    rows = read(
        [["  ani@example.test ", 2025, "if", " Ani  Lestari ", "3312501001", "0812"]],
        header=[" E-mail", "Cohort", "Program Studi", "NAME", "nim", "No. HP"],
    )
    assert len(rows) == 1
    row = rows[0]
    assert (row.nim, row.nama, row.prodi, row.angkatan, row.email, row.telepon) == (
        "3312501001",
        "Ani Lestari",
        "if",
        "2025",
        "ani@example.test",
        "0812",
    )


@pytest.mark.parametrize("nim", [3312501001, 3312501001.0, "3312501001"])
def test_a_nim_typed_as_a_number_reads_as_its_digits(nim):
    row = read([student(1, NIM=nim, Telepon=81234567)])[0]
    assert row.nim == "3312501001"
    assert row.telepon == "81234567"


def test_it_skips_empty_rows_and_keeps_the_row_numbers_excel_shows():
    book_rows = [[None] * 6, HEADER, student(1).values(), [None] * 6, student(2).values()]
    rows = read([list(r) for r in book_rows[1:]], header=book_rows[0])
    assert [r.baris for r in rows] == [3, 5]
    assert rows[0].header_row == 2


def test_a_row_with_only_notes_in_other_columns_is_skipped():
    header = [*HEADER, "Catatan"]
    rows = read([[*student(1).values(), None], [None] * 6 + ["Total: 1 mahasiswa"]], header=header)
    assert [r.baris for r in rows] == [2]


def test_a_workbook_without_a_phone_column_reads_phones_as_absent():
    rows = read([["3312501001", "Ani", "IF", 2025, "ani@example.test"]], header=HEADER[:5])
    assert rows[0].telepon is None


@pytest.mark.parametrize(
    "content",
    [
        b"NIM,Nama,Kode Prodi\n3312501001,Ani,IF\n",
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64,
        b"PK\x03\x04 not really a zip",
        b"",
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(content):
    with pytest.raises(ValidationError) as exc:
        read_workbook(io.BytesIO(content))
    assert exc.value.code in {"unreadable", "empty"}


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert not student_import.is_xlsx(io.BytesIO(out.getvalue()))
    with pytest.raises(ValidationError):
        read_workbook(io.BytesIO(out.getvalue()))


def test_an_empty_workbook_is_refused():
    with pytest.raises(ValidationError) as exc:
        read([])
    assert exc.value.code == "empty"


def test_a_workbook_over_the_row_limit_is_refused(monkeypatch):
    monkeypatch.setattr(student_import.parse, "MAX_ROWS", 3)
    read(students(3))
    with pytest.raises(ValidationError) as exc:
        read(students(4))
    assert exc.value.messages == [
        _("The workbook has more than %(max)d rows. Split it into smaller files.") % {"max": 3}
    ]


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(student_import.parse, "MAX_BYTES", 1000)
    with pytest.raises(ValidationError) as exc:
        read(students(50))
    assert exc.value.code == "too_large"


# Checking --------------------------------------------------------------------


def test_a_good_file_has_no_errors(prodi_x, prodi_y):
    assert errors_of(students(3) + [student(4, prodi="ak")]) == []


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("NIM", "33125A1001", "The NIM must be 7 to 12 digits, with no letters or spaces."),
        ("NIM", "331250", "The NIM must be 7 to 12 digits, with no letters or spaces."),
        ("NIM", "3312501001234", "The NIM must be 7 to 12 digits, with no letters or spaces."),
        ("NIM", None, "The NIM is empty."),
        ("Nama", None, "The name is empty."),
        ("Nama", "A" * 151, ("The name is longer than %(max)d characters.", {"max": 150})),
        ("Kode Prodi", None, "The study programme code is empty."),
        ("Email", None, "The e-mail address is empty."),
        ("Telepon", "0" * 31, ("The phone number is longer than %(max)d characters.", {"max": 30})),
    ],
)
def test_a_bad_value_is_reported_with_its_row_and_column(prodi_x, column, value, message):
    text = _(message[0]) % message[1] if isinstance(message, tuple) else _(message)
    assert errors_of([student(1), student(2, **{column: value})]) == [(3, column, text)]


def test_an_unknown_prodi_is_reported_with_its_code(prodi_x):
    assert errors_of([student(1, prodi="XX")]) == [
        (
            2,
            "Kode Prodi",
            _("There is no study programme with the code “%(code)s”.") % {"code": "XX"},
        )
    ]


@pytest.mark.parametrize("email", ["ani", "ani@", "ani@@example.test", "ani @example.test"])
def test_a_bad_email_is_reported(prodi_x, email):
    assert errors_of([student(1, Email=email)]) == [
        (2, "Email", _("“%(email)s” is not a valid e-mail address.") % {"email": email})
    ]


@pytest.mark.parametrize("offset", [-1, 2])
def test_a_cohort_outside_1990_to_next_year_is_reported(prodi_x, offset):
    year = 1990 + offset if offset < 0 else this_year() + offset
    message = _("The cohort must be a year from %(first)d to %(last)d.") % {
        "first": 1990,
        "last": this_year() + 1,
    }
    assert errors_of([student(1, Angkatan=year)]) == [(2, "Angkatan", message)]


@pytest.mark.parametrize("year", ["1990", 1990, "next", 2025.0])
def test_cohorts_at_the_edges_are_accepted(prodi_x, year):
    year = this_year() + 1 if year == "next" else year
    assert errors_of([student(1, Angkatan=year)]) == []


def test_a_cohort_that_is_not_a_year_is_reported(prodi_x):
    assert [e[1] for e in errors_of([student(1, Angkatan="2025/2026")])] == ["Angkatan"]


def test_a_nim_twice_in_the_file_names_both_rows(prodi_x):
    nim = student(1)["NIM"]
    message = _("The NIM %(nim)s appears more than once in the file (rows %(rows)s).") % {
        "nim": nim,
        "rows": "2, 4",
    }
    assert errors_of([student(1), student(2), student(3, NIM=nim)]) == [
        (2, "NIM", message),
        (4, "NIM", message),
    ]


def test_an_email_twice_in_the_file_in_any_case_names_both_rows(prodi_x):
    errors = errors_of(
        [student(1, Email="Sama@Example.test"), student(2, Email="sama@example.test")]
    )
    assert [(e[0], e[1]) for e in errors] == [(2, "Email"), (3, "Email")]
    assert "2, 3" in errors[0][2]


def test_the_email_of_another_account_is_reported(prodi_x, staff, student_a):
    errors = errors_of(
        [student(1, Email="STAF@example.test"), student(2, Email=student_a.user.email)]
    )
    taken = _("The e-mail %(email)s already belongs to another account.")
    assert errors == [
        (2, "Email", taken % {"email": "STAF@example.test"}),
        (3, "Email", taken % {"email": student_a.user.email}),
    ]


def test_a_student_keeps_their_own_email(prodi_x, student_a):
    row = student(1, NIM=student_a.nim, Email=student_a.user.email.upper())
    assert errors_of([row]) == []


def test_a_nim_that_is_the_user_name_of_another_account_is_reported(prodi_x):
    UserFactory(username="3312502001", email="")
    assert [e[1] for e in errors_of([student(1)])] == ["NIM"]


def test_a_missing_column_is_reported_once(prodi_x):
    header = ["NIM", "Nama", "Angkatan", "Telepon"]
    errors = errors_of([student(1), student(2)], header=header)
    missing = _("The column “%(column)s” is missing from the header row.")
    assert errors == [
        (1, "Kode Prodi", missing % {"column": "Kode Prodi"}),
        (1, "Email", missing % {"column": "Email"}),
    ]


def test_every_bad_row_is_reported(prodi_x, staff):
    rows = [
        student(1),
        student(2, prodi="XX"),
        student(3, NIM=student(1)["NIM"]),
        student(4, Email="bukan-email"),
        student(5, NIM="33125A0005"),
        student(6, NIM="331250"),
        student(7, NIM="3312502000071"),
        student(8, Angkatan=1989),
        student(9, Email=staff.email),
        student(10),
    ]
    errors = errors_of(rows)
    assert [(e[0], e[1]) for e in errors] == [
        (2, "NIM"),
        (3, "Kode Prodi"),
        (4, "NIM"),
        (5, "Email"),
        (6, "NIM"),
        (7, "NIM"),
        (8, "NIM"),
        (9, "Angkatan"),
        (10, "Email"),
    ]


def test_checking_takes_the_same_queries_for_10_or_200_rows(
    prodi_x, prodi_y, django_assert_num_queries
):
    MahasiswaFactory.create_batch(5, prodi=prodi_x)
    few, many = read(students(10)), read(students(200, prodi="AK"))
    with django_assert_num_queries(4):
        check_rows(few)
    with django_assert_num_queries(4):
        check_rows(many)


# Importing -------------------------------------------------------------------


def test_a_good_file_imports_students_with_accounts_and_no_password(prodi_x, prodi_y, staff):
    counts = imported(students(2) + [student(3, prodi="ak")], by=staff)
    assert (counts.baru, counts.diubah, counts.sama) == (3, 0, 0)
    ani = Mahasiswa.objects.select_related("user", "prodi").get(nim="3312502003")
    assert ani.prodi == prodi_y
    assert ani.angkatan == 2025
    assert ani.telepon == "08123000003"
    assert ani.user.username == "3312502003"
    assert ani.user.nama == "Mahasiswa Uji 3"
    assert ani.user.email == "mhs3@students.example.test"
    assert not ani.user.has_usable_password()
    assert ani.user.is_active
    assert roles.is_mahasiswa(ani.user)
    assert User.objects.filter(groups__name=roles.MAHASISWA).count() == 3


def test_the_import_is_recorded_on_the_upload(prodi_x, staff):
    impor = student_import.upload(file=xlsx_file(students(2)), by=staff)
    apply_import(impor=impor, rows=student_import.read_stored(impor=impor), by=staff)
    impor.refresh_from_db()
    assert impor.status == ImporMahasiswa.Status.DIIMPOR
    assert (impor.jumlah_baru, impor.jumlah_diubah, impor.jumlah_sama) == (2, 0, 0)
    assert impor.diimpor_pada is not None
    assert impor.diunggah_oleh == staff
    assert impor.jumlah_baris == 2
    assert impor.nama_berkas == "mahasiswa.xlsx"


def test_a_second_import_of_the_same_file_changes_nothing(prodi_x, staff):
    imported(students(5), by=staff)
    before = snapshot()
    counts = imported(students(5), by=staff)
    assert (counts.baru, counts.diubah, counts.sama) == (0, 0, 5)
    assert snapshot() == before


def test_an_edited_file_updates_the_students_that_changed(prodi_x, prodi_y, staff):
    imported(students(4), by=staff)
    edited = [
        student(1, Nama="Nama Baru"),
        student(2, Email="baru@example.test"),
        student(3, prodi="AK", Angkatan=2024, Telepon="0899"),
        student(4),
        student(5),
    ]
    counts = imported(edited, by=staff)
    assert (counts.baru, counts.diubah, counts.sama) == (1, 3, 1)
    one, two, three = Mahasiswa.objects.select_related("user").order_by("nim")[:3]
    assert one.user.nama == "Nama Baru"
    assert two.user.email == "baru@example.test"
    assert (three.prodi, three.angkatan, three.telepon) == (prodi_y, 2024, "0899")
    assert Mahasiswa.objects.count() == 5


def test_a_file_without_a_phone_column_leaves_phones_alone(prodi_x, staff):
    imported(students(2), by=staff)
    rows = [[r[h] for h in HEADER[:5]] for r in students(2)]
    counts = imported(rows, by=staff, header=HEADER[:5])
    assert (counts.baru, counts.diubah, counts.sama) == (0, 0, 2)
    assert Mahasiswa.objects.get(nim="3312502001").telepon == "08123000001"


def test_an_existing_student_made_elsewhere_is_updated_not_doubled(prodi_x, staff, student_a):
    row = student(1, NIM=student_a.nim, Email=student_a.user.email, Nama="Ani Lestari, S.Tr")
    counts = imported([row], by=staff)
    assert (counts.baru, counts.diubah, counts.sama) == (0, 1, 0)
    student_a.user.refresh_from_db()
    assert student_a.user.nama == "Ani Lestari, S.Tr"
    assert student_a.user.has_usable_password()  # their own password stays


def test_an_imported_upload_cannot_be_imported_again(prodi_x, staff):
    impor = student_import.upload(file=xlsx_file(students(2)), by=staff)
    rows = student_import.read_stored(impor=impor)
    apply_import(impor=impor, rows=rows, by=staff)
    with pytest.raises(ValidationError) as exc:
        apply_import(impor=impor, rows=rows, by=staff)
    assert exc.value.messages == [_("This file has already been imported.")]
    assert Mahasiswa.objects.count() == 2


def test_a_refused_upload_cannot_be_imported(prodi_x, staff):
    impor = student_import.upload(file=xlsx_file([student(1, prodi="XX")]), by=staff)
    assert impor.status == ImporMahasiswa.Status.DITOLAK
    with pytest.raises(ValidationError):
        apply_import(impor=impor, rows=student_import.read_stored(impor=impor), by=staff)
    assert not Mahasiswa.objects.exists()


def test_a_file_that_went_wrong_since_the_check_imports_nothing(prodi_x, staff):
    impor = student_import.upload(file=xlsx_file(students(3)), by=staff)
    UserFactory(username="dosen@example.test", email="mhs2@students.example.test")
    users = User.objects.count()
    with pytest.raises(ValidationError):
        apply_import(impor=impor, rows=student_import.read_stored(impor=impor), by=staff)
    assert User.objects.count() == users
    assert not Mahasiswa.objects.exists()
    impor.refresh_from_db()
    assert impor.status == ImporMahasiswa.Status.DITOLAK
    assert [(e["baris"], e["kolom"]) for e in impor.kesalahan] == [(3, "Email")]


def test_a_refused_upload_stores_every_error(prodi_x, staff):
    impor = student_import.upload(
        file=xlsx_file([student(1, prodi="XX"), student(2, NIM="12")]), by=staff
    )
    unknown = _("There is no study programme with the code “%(code)s”.") % {"code": "XX"}
    bad_nim = _("The NIM must be 7 to 12 digits, with no letters or spaces.")
    assert impor.kesalahan == [
        {"baris": 2, "kolom": "Kode Prodi", "pesan": unknown},
        {"baris": 3, "kolom": "NIM", "pesan": bad_nim},
    ]
    assert impor.berkas.name.endswith(".xlsx")
    assert "mahasiswa" not in impor.berkas.name  # stored under a random name


def test_importing_takes_the_same_queries_for_10_or_300_rows(prodi_x, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(rows):
        impor = student_import.upload(file=xlsx_file(rows), by=staff)
        parsed = student_import.read_stored(impor=impor)
        with CaptureQueriesContext(connection) as ctx:
            apply_import(impor=impor, rows=parsed, by=staff)
        return len(ctx.captured_queries)

    assert queries_for(students(10)) == queries_for([student(n) for n in range(11, 311)])


# The example workbook ------------------------------------------------------------


def test_the_example_workbook_has_our_headers_and_passes_the_check(prodi_x):
    ProgramStudiFactory(kode="AA", ikut_magang=False)
    filename, content_type, content = student_import.example_workbook()
    assert filename.endswith(".xlsx")
    assert content_type == student_import.XLSX_CONTENT_TYPE
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]] == HEADER
    rows = read_workbook(io.BytesIO(content))
    assert rows[0].prodi == "IF"
    assert check_rows(rows) == []

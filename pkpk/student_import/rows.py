"""The rows of a student workbook as the import reads them, and what the
import plans for each: the columns it knows, the row and error types."""

from dataclasses import dataclass, field

from ..models import Mahasiswa, ProgramStudi

# Each field: the header our example workbook uses, then every header accepted
# for it, compared in lower case with everything but letters and digits removed
# ("No. HP" -> "nohp", "E-mail" -> "email").
COLUMNS = {
    "nim": ("NIM", {"nim"}),
    "nama": ("Nama", {"nama", "namalengkap", "namamahasiswa", "name", "fullname"}),
    "prodi": (
        "Kode Prodi",
        {"kodeprodi", "prodi", "programstudi", "kodeprogramstudi", "prodicode", "studyprogramme"},
    ),
    "angkatan": ("Angkatan", {"angkatan", "tahunangkatan", "cohort", "cohortyear"}),
    "email": ("Email", {"email", "surel", "alamatemail", "emailaddress"}),
    "telepon": (
        "Telepon",
        {"telepon", "notelepon", "telp", "notelp", "hp", "nohp", "nomorhp", "phone", "phonenumber"},
    ),
}
REQUIRED = ("nim", "nama", "prodi", "angkatan", "email")

# What an import will do to a row's student.
NEW, CHANGED, SAME = "baru", "diubah", "sama"


@dataclass(frozen=True)
class Row:
    """One student line of the workbook, as trimmed text. A field is None when
    the workbook has no column for it (a missing phone column leaves phones alone)."""

    baris: int
    nim: str | None
    nama: str | None
    prodi: str | None
    angkatan: str | None
    email: str | None
    telepon: str | None
    header_row: int = field(default=1, compare=False, repr=False)


@dataclass(frozen=True)
class RowError:
    baris: int
    kolom: str
    pesan: str
    # What kind of error, for machines (the SIAKAD API); not stored with an upload.
    kode: str = field(default="invalid", compare=False)

    def as_dict(self) -> dict:
        return {"baris": self.baris, "kolom": self.kolom, "pesan": self.pesan}


@dataclass(frozen=True)
class Diff:
    """One changing column of a known student, as staff read it."""

    kolom: str
    lama: str
    baru: str


@dataclass(frozen=True)
class Planned:
    """A row and what importing it will do: NEW, CHANGED (with the columns
    that change, old and new, and why its student may not change prodi) or SAME."""

    row: Row
    status: str
    changes: tuple[str, ...] = ()  # field names, as in COLUMNS
    diffs: tuple[Diff, ...] = ()
    holds: tuple[str, ...] = ()  # set only when the prodi changes

    @property
    def changed_columns(self) -> list[str]:
        return [column_label(name) for name in self.changes]

    @property
    def moves_prodi(self) -> bool:
        return "prodi" in self.changes

    @property
    def is_new(self) -> bool:
        return self.status == NEW

    @property
    def is_changed(self) -> bool:
        return self.status == CHANGED


@dataclass(frozen=True)
class Counts:
    baru: int
    diubah: int
    sama: int
    dilewati: int = 0  # changes not confirmed, so not applied


@dataclass
class Known:
    """What the database already holds about the rows' codes, NIMs and
    e-mails, fetched in a few queries whatever the number of rows."""

    prodi: dict[str, int]  # upper-case code -> ProgramStudi pk
    programmes: dict[int, ProgramStudi]  # pk -> programme (with jurusan), for the preview
    students: dict[str, Mahasiswa]  # NIM -> student (with user and prodi)
    email_owner: dict[str, int]  # lower-case e-mail -> User pk
    username_owner: dict[str, int]  # NIM -> User pk of the account with that username


def column_label(name: str) -> str:
    return COLUMNS[name][0]

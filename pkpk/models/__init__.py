"""Master data shared by every app: people, the institution, its study
programmes, companies, the days the calendar module reads, the texts staff
own and the records of running the system. One module per group; everything
is importable from here (`from pkpk.models import User`)."""

from .imports import ImporMahasiswa
from .institution import HariKalender, Institusi, JamLayanan
from .master import DosenKoordinator, Jurusan, Mahasiswa, Perusahaan, ProgramStudi
from .ops import Pemusnahan, RateLimitWindow, WorkerHeartbeat
from .users import PkpkUserManager, User, nim_validator, nip_validator
from .wording import JenisTemplat, TeksTemplat, wording_version

__all__ = [
    "DosenKoordinator",
    "HariKalender",
    "ImporMahasiswa",
    "Institusi",
    "JamLayanan",
    "JenisTemplat",
    "Jurusan",
    "Mahasiswa",
    "Pemusnahan",
    "Perusahaan",
    "PkpkUserManager",
    "ProgramStudi",
    "RateLimitWindow",
    "TeksTemplat",
    "User",
    "WorkerHeartbeat",
    "nim_validator",
    "nip_validator",
    "wording_version",
]

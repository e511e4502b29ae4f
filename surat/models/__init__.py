"""Letters, the service requests that ask for them, the clocks that time the
unit's answers (KPI B.4.1.7), and the companies' answers and feedback."""

from .clocks import Jam, Konfirmasi, PeristiwaLayanan
from .feedback import NilaiUmpanBalik, PertanyaanUmpanBalik, UmpanBalik
from .letters import (
    LETTER_CHOICES,
    LETTER_KINDS,
    Jenis,
    Pengiriman,
    Penomoran,
    Surat,
    SuratMahasiswa,
    TautanPerusahaan,
    new_token,
)
from .requests import AnggotaPermintaan, BatchTerbit, Permintaan

__all__ = [
    "AnggotaPermintaan",
    "BatchTerbit",
    "Jam",
    "Jenis",
    "LETTER_CHOICES",
    "LETTER_KINDS",
    "Konfirmasi",
    "NilaiUmpanBalik",
    "Pengiriman",
    "Penomoran",
    "PeristiwaLayanan",
    "Permintaan",
    "PertanyaanUmpanBalik",
    "Surat",
    "SuratMahasiswa",
    "TautanPerusahaan",
    "UmpanBalik",
    "new_token",
]

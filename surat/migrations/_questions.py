"""The feedback questions of the paper form (shared by migration 0003 and
surat.initial_data)."""

QUESTIONS = [
    "Etika",
    "Keahlian pada bidang ilmu (kompetensi utama)",
    "Kemampuan berbahasa asing",
    "Penggunaan teknologi informasi",
    "Kemampuan berkomunikasi",
    "Kerja sama tim",
    "Pengembangan diri",
    "Kejelasan informasi dari unit layanan magang",
    "Kecepatan tanggapan unit layanan magang",
    "Kemudahan berkoordinasi dengan unit layanan magang",
]

"""The shipped wording of every staff-owned text (pkpk.wording): today's
letters, word for word. Version 1 of each kind, written by the data migration
pkpk 0012 and again after a test flush (pkpk.initial_data). Staff change the
wording by adding versions, never by editing this file."""

_INFO = "Informasi lebih lanjut dapat diperoleh melalui {{ kontak_unit }}."
_THANKS = "Atas perhatian dan kerja sama Bapak/Ibu, kami ucapkan terima kasih."
_COVER_OPENING = (
    "Dalam rangka pelaksanaan kurikulum yang mewajibkan mahasiswa mengikuti magang di dunia "
    "usaha dan dunia industri, bersama ini kami menghantarkan mahasiswa berikut untuk "
    "melaksanakan magang di {{ nama_perusahaan }} pada tanggal {{ tanggal_mulai }} s.d. "
    "{{ tanggal_selesai }}:"
)

_EMAIL_OPENING = "\n\n".join(
    [
        "Yth. Bapak/Ibu {{ jabatan_penerima }} {{ nama_perusahaan }},",
        "Bersama surel ini kami sampaikan surat Nomor {{ nomor_surat }} tanggal "
        "{{ tanggal_surat }} ({{ jenis_surat }}) untuk mahasiswa berikut (terlampir dalam "
        "berkas PDF):",
    ]
)
_EMAIL_CLOSING = "\n\n".join(
    [
        "Keaslian surat dapat diperiksa di:\n{{ tautan_verifikasi }}",
        "Atas perhatian dan kerja samanya, kami ucapkan terima kasih.",
    ]
)

DEFAULTS = {
    "surat_permohonan": "\n\n".join(
        [
            "Dalam rangka pelaksanaan kurikulum yang mewajibkan mahasiswa mengikuti magang di "
            "dunia usaha dan dunia industri, guna menerapkan ilmu yang diperoleh di kampus dan "
            "memperoleh pengalaman kerja nyata, dengan hormat kami mengajukan permohonan agar "
            "mahasiswa berikut dapat diterima magang di {{ nama_perusahaan }} pada tanggal "
            "{{ tanggal_mulai }} s.d. {{ tanggal_selesai }}:",
            "{{ tabel_mahasiswa }}",
            "Kami mohon Bapak/Ibu berkenan memberikan jawaban atas permohonan ini menggunakan "
            "formulir balasan FO.8.4.1.1 atau surat balasan perusahaan. " + _INFO,
            "Jawaban atas permohonan ini dapat disampaikan melalui: {{ tautan_jawaban }}",
            _THANKS,
        ]
    ),
    "surat_pengantar": "\n\n".join(
        [
            _COVER_OPENING,
            "{{ tabel_mahasiswa }}",
            _INFO,
            "Jawaban dan umpan balik dapat disampaikan melalui: {{ tautan_jawaban }}",
            _THANKS,
        ]
    ),
    "surat_pengantar_lampiran": "\n\n".join(
        [
            _COVER_OPENING,
            "{{ tabel_mahasiswa }}",
            "Bersama surat ini kami lampirkan informasi kompetensi program studi (Lampiran 1) "
            "dan borang umpan balik mitra (Lampiran 2). " + _INFO,
            "Jawaban dan umpan balik dapat disampaikan melalui: {{ tautan_jawaban }}",
            _THANKS,
        ]
    ),
    "borang_umpan_balik": (
        "Mohon beri tanda centang (\u2713) pada kolom yang sesuai. "
        "1 = kurang, 2 = cukup, 3 = baik, 4 = sangat baik."
    ),
    # The e-mail that sends a letter: today's texts, with the signature
    # (the unit's name and contact) kept in templates/surat/email/.
    "email_surat_subjek": "Surat {{ nomor_surat }} dari {{ unit_singkat }}: {{ jenis_surat }}",
    "email_permohonan": "\n\n".join(
        [
            _EMAIL_OPENING,
            "{{ daftar_mahasiswa }}",
            "Bapak/Ibu dapat menyampaikan jawaban untuk setiap mahasiswa (diterima atau tidak, "
            "beserta periode dan penempatan magang) tanpa akun melalui tautan berikut, yang "
            "berlaku sampai {{ berlaku_sampai }}:\n{{ tautan_jawaban }}",
            _EMAIL_CLOSING,
        ]
    ),
    "email_pengantar": "\n\n".join(
        [
            _EMAIL_OPENING,
            "{{ daftar_mahasiswa }}",
            "Bapak/Ibu dapat mengonfirmasi untuk setiap mahasiswa apakah diterima magang di "
            "perusahaan Bapak/Ibu, serta mengisi borang umpan balik mitra, tanpa akun melalui "
            "tautan berikut, yang berlaku sampai {{ berlaku_sampai }}:\n{{ tautan_jawaban }}",
            _EMAIL_CLOSING,
        ]
    ),
    "balasan_fo": (
        "Menanggapi permohonan magang dari {{ nama_institusi }} untuk mahasiswa berikut, dengan "
        "ini kami sampaikan keputusan kami untuk setiap mahasiswa di bawah ini."
    ),
    "umpan_balik_web": (
        "Mohon beri nilai untuk setiap aspek: 1 = kurang, 2 = cukup, 3 = baik, 4 = sangat baik."
    ),
}

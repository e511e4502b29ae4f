-- Five years of letter service on top of harness.LOAD_SQL (10,000 students,
-- 50,000 applications): two of every five applications got a letter request,
-- spread over 2022-2026 in service hours, each with its two request clocks and
-- their events; cover letters carry the confirmation clock; one clock in ten
-- breached. Then 200 partnerships and 2,000 feedback forms.
INSERT INTO pkpk_user (password, is_superuser, username, email, is_staff, is_active,
    date_joined, nama)
VALUES ('!', false, 'staf.kpi@bench.example', '', true, true, now(), 'Staf KPI');

CREATE TEMP TABLE src AS
SELECT p.id AS pendaftaran_id, p.mahasiswa_id, p.perusahaan_id,
       row_number() OVER (ORDER BY p.id) AS n
FROM magang_pendaftaran p WHERE p.id % 5 IN (0, 1);
ALTER TABLE src ADD COLUMN t timestamptz;
-- From 09:00 WIB (02:00 UTC) on 2026-10-30 back over five years.
UPDATE src SET t = timestamptz '2026-10-30 02:00+00'
    - ((n * 7 / 5) % 1800) * interval '1 day'
    + (n % 5) * interval '37 minutes';
ALTER TABLE src ADD COLUMN jenis text;
UPDATE src SET jenis = CASE WHEN n % 2 = 0 THEN 'pengantar' ELSE 'permohonan' END;

INSERT INTO surat_surat (id, jenis, tahun, urutan, nomor, tanggal, penerima_nama,
    penerima_jabatan, perusahaan_nama, perusahaan_alamat, perusahaan_kota, mulai, selesai,
    perlu_balasan, penandatangan_nama, penandatangan_jabatan, penandatangan_nip, institusi,
    token, berkas, diterbitkan_pada, alasan_pembatalan, diterbitkan_oleh_id, perusahaan_id)
SELECT s.n, s.jenis, extract(year FROM s.t)::int, s.n, s.n || '/BENCH', s.t::date, 'HRD',
    'Manajer', 'PT Mitra', 'Jl.', 'Batam', date '2027-02-01', date '2027-05-31', true,
    'Kepala', 'Kepala UPT', '', '{}'::jsonb, md5(s.n::text), '', s.t + interval '40 minutes', '',
    (SELECT id FROM pkpk_user WHERE username = 'staf.kpi@bench.example'), s.perusahaan_id
FROM src s;
INSERT INTO surat_suratmahasiswa (urutan, nama, nim, prodi, pendaftaran_id, surat_id)
SELECT 1, 'Mahasiswa', '3300000000', 'Prodi', s.pendaftaran_id, s.n FROM src s;

INSERT INTO surat_permintaan (id, jenis, status, penerima_nama, penerima_jabatan, mulai, selesai,
    perlu_balasan, isi, data_benar, putaran, diajukan_pada, ditangani_pada,
    alasan_pengembalian, jawaban, selesai_pada, dibuat, ditangani_oleh_id, pemohon_id,
    perusahaan_id, surat_id)
SELECT s.n, s.jenis, 'selesai', 'HRD', 'Manajer', date '2027-02-01', date '2027-05-31', true, '',
    true, 1, s.t, s.t + interval '10 minutes', '', '', s.t + interval '40 minutes', s.t,
    (SELECT id FROM pkpk_user WHERE username = 'staf.kpi@bench.example'), s.mahasiswa_id,
    s.perusahaan_id, s.n
FROM src s;
INSERT INTO surat_anggotapermintaan (pendaftaran_id, permintaan_id)
SELECT s.pendaftaran_id, s.n FROM src s;

-- Request clocks: first response (15) and issue (60); every tenth breached.
INSERT INTO surat_jam (jenis, putaran, mulai, ambang_peringatan, batas, berhenti_pada,
    lewat_pada, permintaan_id)
SELECT k.jenis, 1, s.t, s.t + k.budget * interval '40 seconds', s.t + k.budget * interval '1 minute',
    s.t + CASE WHEN s.n % 10 = 0 THEN k.budget + 20 ELSE k.budget / 2 END * interval '1 minute',
    CASE WHEN s.n % 10 = 0 THEN s.t + k.budget * interval '1 minute' END, s.n
FROM src s, (VALUES ('tanggapan', 15), ('terbit', 60)) AS k(jenis, budget);
-- Confirmation clocks of the cover letters (working days as 14 calendar days here).
INSERT INTO surat_jam (jenis, putaran, mulai, ambang_peringatan, batas, berhenti_pada,
    lewat_pada, surat_id)
SELECT 'konfirmasi', 1, s.t, s.t + interval '12 days', s.t + interval '18 days',
    s.t + CASE WHEN s.n % 10 = 2 THEN interval '25 days' ELSE interval '7 days' END,
    CASE WHEN s.n % 10 = 2 THEN s.t + interval '18 days' END, s.n
FROM src s WHERE s.jenis = 'pengantar';

INSERT INTO surat_peristiwalayanan (jenis, waktu, terpakai, catatan, jam_id)
SELECT 'mulai', j.mulai, NULL, '', j.id FROM surat_jam j;
INSERT INTO surat_peristiwalayanan (jenis, waktu, terpakai, catatan, jam_id)
SELECT 'berhenti', j.berhenti_pada,
    CASE WHEN j.jenis = 'konfirmasi' THEN extract(day FROM j.berhenti_pada - j.mulai)::int
         ELSE (extract(epoch FROM j.berhenti_pada - j.mulai) / 60)::int END, '', j.id
FROM surat_jam j;
INSERT INTO surat_peristiwalayanan (jenis, waktu, terpakai, catatan, jam_id)
SELECT 'lewat', j.lewat_pada,
    CASE WHEN j.jenis = 'konfirmasi' THEN 14
         ELSE (extract(epoch FROM j.lewat_pada - j.mulai) / 60)::int END, '', j.id
FROM surat_jam j WHERE j.lewat_pada IS NOT NULL;

-- Partnerships: 200 over five years, a third continuing an earlier one.
INSERT INTO rekap_kerjasama (id, perusahaan_id, status, jenis_dokumen, nomor, tingkat,
    ruang_pendidikan, ruang_penelitian, ruang_pkm, mulai, selesai, bukti_manfaat,
    bukti_kinerja, bukti_keberlanjutan, lanjutan_dari_id, catatan, dibuat_oleh_id, dibuat,
    diubah)
SELECT g, (SELECT min(id) FROM pkpk_perusahaan) + g, 'aktif',
    (ARRAY['mou', 'moa', 'ia'])[1 + g % 3], 'KS/' || g,
    (ARRAY['internasional', 'nasional', 'lokal'])[1 + g % 3], true, g % 2 = 0, g % 3 = 0,
    date '2022-01-01' + (g * 9) * interval '1 day',
    date '2022-01-01' + (g * 9 + 730) * interval '1 day',
    CASE WHEN g % 2 = 0 THEN 'Laporan' ELSE '' END, CASE WHEN g % 3 = 0 THEN 'Lab' ELSE '' END,
    CASE WHEN g % 4 = 0 THEN 'Survei' ELSE '' END, CASE WHEN g > 60 AND g % 3 = 0 THEN g - 60 END,
    '', (SELECT id FROM pkpk_user WHERE username = 'staf.kpi@bench.example'), now(), now()
FROM generate_series(1, 200) g;
SELECT setval(pg_get_serial_sequence('rekap_kerjasama', 'id'), 200);
INSERT INTO rekap_kerjasama_jurusan (kerjasama_id, jurusan_id)
SELECT g, (SELECT min(id) FROM pkpk_jurusan) FROM generate_series(1, 200) g;

-- Feedback on 2,000 cover letters, ten scores each.
INSERT INTO surat_umpanbalik (surat_id, perusahaan_id, nama_pengisi, jabatan_pengisi,
    komentar, diisi_pada)
SELECT s.n, s.perusahaan_id, 'HRD', 'Manajer', '', s.t + interval '5 days'
FROM src s WHERE s.jenis = 'pengantar' AND s.n % 10 = 4;
INSERT INTO surat_nilaiumpanbalik (umpan_balik_id, pertanyaan_id, teks, nilai)
SELECT u.id, q.id, q.teks, 1 + (u.id + q.id) % 4
FROM surat_umpanbalik u, surat_pertanyaanumpanbalik q;

SELECT setval(pg_get_serial_sequence('surat_surat', 'id'), (SELECT max(id) FROM surat_surat));
SELECT setval(pg_get_serial_sequence('surat_permintaan', 'id'),
    (SELECT max(id) FROM surat_permintaan));
ANALYZE;

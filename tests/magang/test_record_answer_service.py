import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from magang import answers, services
from magang.models import SuratBalasan
from tests.factories import PerusahaanFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_direct_answer_closes_an_upload_still_waiting(student_a, staff):
    pendaftaran = services.submit_application(
        mahasiswa=student_a,
        by=student_a.user,
        perusahaan=PerusahaanFactory(),
        posisi="Teknisi",
        mulai=dt.date(2027, 2, 1),
        selesai=dt.date(2027, 5, 31),
        kontak_nama="HRD",
    )
    upload = answers.upload_reply(
        pendaftaran=pendaftaran,
        by=student_a.user,
        hasil="diterima",
        berkas=SimpleUploadedFile("balasan.pdf", PDF, content_type="application/pdf"),
    )
    answers.record_answer(pendaftaran=pendaftaran, hasil="diterima", by=staff)
    upload.refresh_from_db()
    assert upload.verifikasi == SuratBalasan.Verifikasi.DITOLAK
    assert upload.diverifikasi_oleh == staff
    assert not SuratBalasan.objects.filter(verifikasi="menunggu").exists()

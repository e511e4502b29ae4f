"""A student browses a vacancy, registers, is told the block date on a
second try; then staff record the company's answer. Phone and desktop. In
the demo as it is seeded: a D3 Teknik Informatika student with no story,
the demo's partner vacancies and companies, staf1."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from demo import letters
from magang import services
from magang.models import Lowongan, Pendaftaran
from pkpk.models import Perusahaan
from tests.support.browser import fits, sign_in
from tests.support.files import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)


def pdf_upload(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES}


WEB = "Pengembang aplikasi web"  # demo vacancies open to D3 Teknik Informatika
SOC = "Analis pemantauan keamanan (SOC)"


def test_a_student_registers_and_staff_record_the_answer(page, live_server, viewport, shot, seeded):
    student = seeded.free_student("IF")
    first = Lowongan.objects.get(posisi=WEB)
    second = Lowongan.objects.get(posisi=SOC)
    page.set_viewport_size(viewport)

    # The student signs in and goes from the home card to the vacancies.
    sign_in(page, live_server, student.nim, seeded.password)
    page.wait_for_url("**/mahasiswa/")
    shot(page, "1-home-free")
    page.get_by_role("link", name=_("Browse vacancies")).first.click()
    page.wait_for_url("**/magang/lowongan/")
    shot(page, "2-vacancies")
    assert fits(page, viewport)

    page.get_by_role("link", name=WEB).click()
    page.wait_for_url(f"**{reverse('magang:vacancy_detail', args=[first.pk])}")
    shot(page, "3-vacancy")
    page.get_by_role("link", name=_("Apply for this vacancy")).click()

    # The registration form: the vacancy's data are there, the rest is typed.
    page.locator("#id_kontak_nama").fill("Ibu Ratna")
    page.locator("#id_kontak_email").fill("hrd@nongsa.example.test")
    page.locator("#id_cv").set_input_files(pdf_upload("cv.pdf"))
    page.locator("#id_transkrip").set_input_files(pdf_upload("transkrip.pdf"))
    shot(page, "4-form")
    assert fits(page, viewport)
    page.get_by_role("button", name=_("Register")).click()
    page.wait_for_url("**/magang/*/")
    pendaftaran = Pendaftaran.objects.get(mahasiswa__nim=student.nim)
    assert pendaftaran.status == Pendaftaran.Status.DIAJUKAN
    registered = _("Your application to %(company)s is registered.") % {
        "company": "PT Nongsa Digital Kreasi"
    }
    assert page.get_by_text(registered).is_visible()
    shot(page, "5-registered")

    # A second registration is refused with the date the block lifts.
    lifts = services.format_day(pendaftaran.batas_jawaban)
    page.goto(f"{live_server.url}{reverse('magang:vacancy_detail', args=[second.pk])}")
    assert page.get_by_text(lifts).first.is_visible()
    assert page.get_by_role("link", name=_("Apply for this vacancy")).count() == 0
    shot(page, "6-blocked")
    page.goto(f"{live_server.url}{reverse('magang:apply_vacancy', args=[second.pk])}")
    assert page.locator("#id_cv").count() == 0
    assert page.get_by_text(lifts).first.is_visible()
    assert fits(page, viewport)

    page.goto(f"{live_server.url}{reverse('magang:my_applications')}")
    assert page.get_by_text(lifts).first.is_visible()
    shot(page, "7-my-applications")
    assert fits(page, viewport)

    # Staff sign in and record the company's answer on the application page.
    page.context.clear_cookies()
    sign_in(page, live_server, seeded.logins["staf"], seeded.password)
    page.wait_for_url("**/staf/")
    page.goto(f"{live_server.url}{reverse('magang:detail', args=[pendaftaran.pk])}")
    shot(page, "8-staff-detail")
    answer = page.locator(
        f"form[action='{reverse('magang:staff_record_answer', args=[pendaftaran.pk])}']"
    )
    answer.get_by_label(_("Accepted")).check()
    answer.get_by_role("button", name=_("Record the answer")).click()
    page.get_by_text(_("The company's answer is recorded.")).wait_for()
    shot(page, "9-answer-recorded")
    pendaftaran.refresh_from_db()
    assert pendaftaran.status == Pendaftaran.Status.DITERIMA
    assert fits(page, viewport)


def test_a_student_picks_the_company_the_system_already_knows(
    page, live_server, viewport, shot, seeded
):
    student = seeded.free_student("IF")
    existing = Perusahaan.objects.get(nama="PT Batam Presisi Elektronika")
    companies = Perusahaan.objects.count()
    mulai, selesai = letters.period(timezone.localdate())
    page.set_viewport_size(viewport)
    sign_in(page, live_server, student.nim, seeded.password)
    page.wait_for_url("**/mahasiswa/")
    page.get_by_role("link", name=_("Register a place you found yourself")).first.click()
    page.wait_for_url(f"**{reverse('magang:apply_mandiri')}")

    page.locator("#id_perusahaan_nama").fill("Batam Presisi Elektronik")
    page.locator("#id_perusahaan_kota").fill("Batam")
    offer = page.get_by_label(str(existing))  # appears while typing (htmx)
    offer.wait_for()
    shot(page, "1-did-you-mean")
    assert fits(page, viewport)
    offer.check()
    page.locator("#id_posisi").fill("Teknisi Produksi")
    page.locator("#id_mulai").fill(mulai.isoformat())
    page.locator("#id_selesai").fill(selesai.isoformat())
    page.locator("#id_kontak_nama").fill("Bapak Hendra")
    page.locator("#id_kontak_telepon").fill("0778 555 123")
    page.locator("#id_cv").set_input_files(pdf_upload("cv.pdf"))
    page.locator("#id_transkrip").set_input_files(pdf_upload("transkrip.pdf"))
    page.get_by_role("button", name=_("Register")).click()
    page.wait_for_url("**/magang/*/")
    shot(page, "2-registered")
    pendaftaran = Pendaftaran.objects.get(mahasiswa__nim=student.nim)
    assert pendaftaran.perusahaan == existing
    assert Perusahaan.objects.count() == companies  # no second PT Batam Presisi

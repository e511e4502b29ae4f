"""A student's whole way to a cover letter, on a phone and on a desktop:
sign in, find a vacancy, register, be refused a second registration with the
date the block lifts, upload the company's reply, request the surat
pengantar and download it once staff issued it. Staff's part (verifying the
reply, issuing the letter) runs through the services between the steps."""

import io
import re

import pytest
import weasyprint
from django.urls import reverse
from django.utils.translation import gettext as _
from pypdf import PdfReader

from magang import answers, selectors, services
from magang.models import Lowongan, Pendaftaran, SuratBalasan
from pkpk.models import Mahasiswa, User
from surat.desk import handling
from surat.models import Jenis, Permintaan
from tests.support.browser import fits, sign_in
from tests.support.pages import countdown

pytestmark = pytest.mark.django_db(transaction=True)


def open_menu_link(page, name):
    """Click a link of the main menu, opening the menu first on a phone."""
    toggler = page.get_by_role("button", name=_("Open the menu"))
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("navigation", name=_("Main navigation")).get_by_role("link", name=name).click()


def pdf_file(name, text):
    """A real one-page PDF made here (uploads are checked by content)."""
    html = f"<h1>{text}</h1><p>Batam, 2026</p>"
    pdf = weasyprint.HTML(string=html).write_pdf()
    return {"name": name, "mimeType": "application/pdf", "buffer": pdf}


WEB = "Pengembang aplikasi web"  # demo vacancies open to D3 Teknik Informatika
SOC = "Analis pemantauan keamanan (SOC)"


def test_a_student_goes_from_sign_in_to_the_cover_letter(page, live_server, viewport, shot, seeded):
    # A demo student of D3 Teknik Informatika with no story yet.
    demo_student = seeded.free_student("IF")
    student_a = Mahasiswa.objects.get(nim=demo_student.nim)
    staff = User.objects.get(username=seeded.logins["staf"])
    second = Lowongan.objects.get(posisi=SOC)
    page.set_viewport_size(viewport)

    # Sign in and land on the student's home, free to register.
    page.goto(f"{live_server.url}/masuk/")
    shot(page, "01-sign-in")
    sign_in(page, live_server, demo_student.nim, seeded.password)
    page.wait_for_url("**/mahasiswa/")
    assert page.get_by_role("heading", name=_("You may register an application now")).is_visible()
    shot(page, "02-home")
    assert fits(page, viewport)

    # The vacancies, then a search that leaves only the one wanted.
    page.get_by_role("link", name=_("Browse vacancies")).first.click()
    page.wait_for_url("**/magang/lowongan/")
    assert page.get_by_role("link", name=SOC).is_visible()
    shot(page, "03-vacancies")
    assert fits(page, viewport)
    page.get_by_label(_("Search")).fill("web")
    page.get_by_role("button", name=_("Find")).click()
    page.wait_for_url("**/magang/lowongan/?q=web*")
    assert page.get_by_role("link", name=SOC).count() == 0
    shot(page, "04-search")
    page.get_by_role("link", name=WEB).click()
    page.wait_for_url("**/magang/lowongan/*/")
    assert page.get_by_role("heading", name=WEB).is_visible()
    shot(page, "05-vacancy")
    assert fits(page, viewport)

    # Register: the vacancy fills in the company; contact and files are typed.
    page.get_by_role("link", name=_("Apply for this vacancy")).click()
    page.get_by_label(_("Contact person's name")).fill("Kevin Pratama")
    page.get_by_label(_("Contact person's e-mail")).fill("karir@nongsadigital.example")
    page.locator("#id_cv").set_input_files(pdf_file("cv.pdf", "Curriculum vitae"))
    page.locator("#id_transkrip").set_input_files(pdf_file("transkrip.pdf", "Transkrip nilai"))
    shot(page, "06-form")
    assert fits(page, viewport)
    page.get_by_role("button", name=_("Register")).click()
    page.wait_for_url("**/magang/*/")
    pendaftaran = Pendaftaran.objects.get(mahasiswa=student_a)
    registered = _("Your application to %(company)s is registered.") % {
        "company": "PT Nongsa Digital Kreasi"
    }
    assert page.get_by_text(registered).is_visible()
    lifts = services.format_day(pendaftaran.batas_jawaban)
    assert page.get_by_text(lifts).first.is_visible()
    shot(page, "07-registered")
    assert fits(page, viewport)

    # Home now shows the 10-working-day countdown and the date it ends.
    open_menu_link(page, _("My internship"))
    page.wait_for_url("**/mahasiswa/")
    waiting = selectors.waiting_block(student_a)
    left = countdown(days=waiting.days_left, working_days=waiting.working_days_left)
    assert page.locator("[data-countdown]").inner_text().split() == left.split()
    assert page.get_by_text(lifts).first.is_visible()
    shot(page, "08-home-countdown")
    assert fits(page, viewport)

    # A second vacancy: no apply button, the date the block lifts instead,
    # and the form itself refuses too.
    page.goto(f"{live_server.url}{reverse('magang:vacancy_list')}")
    page.get_by_role("link", name=SOC).click()
    page.wait_for_url(f"**{reverse('magang:vacancy_detail', args=[second.pk])}")
    assert page.get_by_role("link", name=_("Apply for this vacancy")).count() == 0
    assert page.get_by_text(lifts).first.is_visible()
    shot(page, "09-second-vacancy-blocked")
    assert fits(page, viewport)
    page.goto(f"{live_server.url}{reverse('magang:apply_vacancy', args=[second.pk])}")
    assert page.locator("#id_cv").count() == 0
    assert page.get_by_text(lifts).first.is_visible()
    shot(page, "10-second-registration-refused")
    assert Pendaftaran.objects.filter(mahasiswa=student_a).count() == 1

    # The company answers: the student uploads its reply letter.
    page.get_by_role("link", name=_("Open this application")).click()
    page.wait_for_url(f"**{reverse('magang:detail', args=[pendaftaran.pk])}")
    page.get_by_role("link", name=_("Upload the company's reply")).click()
    page.wait_for_url(f"**{reverse('magang:upload_reply', args=[pendaftaran.pk])}")
    page.get_by_label(_("accepted").capitalize()).check()
    page.get_by_label(_("Reply letter")).set_input_files(
        pdf_file("balasan.pdf", "PT Nongsa Digital Kreasi: 045/HRD/2026, diterima")
    )
    page.get_by_label(_("Letter number")).fill("045/HRD/2026")
    shot(page, "11-reply-form")
    assert fits(page, viewport)
    page.get_by_role("button", name=_("Upload")).click()
    page.wait_for_url(f"**{reverse('magang:detail', args=[pendaftaran.pk])}")
    assert page.get_by_text(
        _("The reply is uploaded. UPT-PKPK staff will check it and record the answer.")
    ).is_visible()
    replies = page.locator("section[aria-labelledby='replies-h']")
    assert replies.get_by_text(str(SuratBalasan.Verifikasi.MENUNGGU.label)).is_visible()
    assert replies.get_by_role("link", name=_("Reply letter")).is_visible()
    shot(page, "12-reply-shown")
    assert fits(page, viewport)

    # Staff verify the reply: the application is accepted.
    balasan = SuratBalasan.objects.get(pendaftaran=pendaftaran)
    assert balasan.berkas.read().startswith(b"%PDF")
    answers.verify_reply(balasan=balasan, by=staff, sah=True)
    page.reload()
    assert page.get_by_text(str(Pendaftaran.Status.DITERIMA.label)).first.is_visible()
    shot(page, "13-accepted")

    # The cover letter (surat pengantar) is asked for from the application.
    cover_letter = _("Request the %(kind)s") % {"kind": Jenis.PENGANTAR.label}
    page.get_by_role("link", name=cover_letter).click()
    page.wait_for_url("**/surat/permintaan/baru/**")
    page.locator("#id_penerima_jabatan").fill("Manajer HRD")
    page.locator("#id_data_benar").check()
    shot(page, "14-request-form")
    assert fits(page, viewport)
    page.get_by_role("button", name=_("Send the request")).click()
    page.wait_for_url(re.compile(r"/surat/permintaan/\d+/$"))
    permintaan = Permintaan.objects.get(pemohon=student_a)
    assert permintaan.jenis == Jenis.PENGANTAR
    shot(page, "15-request-sent")
    assert fits(page, viewport)

    # Staff claim the request and issue the letter.
    handling.claim(permintaan=permintaan, by=staff)
    surat = handling.issue_from_request(permintaan=permintaan, by=staff)

    # The student sees the letter on the request and on the application.
    page.reload()
    assert page.get_by_text(surat.nomor).first.is_visible()
    shot(page, "16-letter-ready")
    assert fits(page, viewport)
    page.goto(f"{live_server.url}{reverse('magang:detail', args=[pendaftaran.pk])}")
    letter = page.get_by_role("link", name=surat.nomor)
    assert letter.is_visible()
    shot(page, "17-application-with-letter")
    assert fits(page, viewport)
    with page.expect_download() as download:
        letter.click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert surat.nomor in text and demo_student.nim in text

    # The bell says how many notices are unread; the centre lists them, the
    # letter's among them, and opening one marks it read.
    bell = page.get_by_role("link", name=re.compile(r"Notifikasi, \d+ belum dibaca"))
    bell.click()
    page.wait_for_url(f"**{reverse('notifications:list')}")
    notice = page.get_by_role("button", name=surat.nomor)
    assert notice.first.is_visible()
    shot(page, "18-notifications")
    assert fits(page, viewport)
    notice.first.click()
    page.wait_for_url(f"**{reverse('surat:request_detail', args=[permintaan.pk])}")

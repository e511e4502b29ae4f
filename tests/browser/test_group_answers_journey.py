"""Staff record the company's answers for a group letter in one form, and
see an e-mail the mail server refused, on the letter page and in the list
of undelivered e-mails. Phone and desktop. In the demo as it is seeded: the
two demo students waiting at PT Nongsa Digital Kreasi's web vacancy and a
third who registers there now, one application letter for the three."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from magang.models import Lowongan, Pendaftaran
from pkpk.models import Mahasiswa, User
from surat.company import services as company_services
from surat.letters import services
from surat.models import Pengiriman
from tests.support.applications import submit
from tests.support.browser import fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


# demo/stories.py STORIES: 0 and 24 wait at the web vacancy.
WAITING = (0, 24)


def test_staff_answer_a_group_letter_and_see_a_refused_email(
    page, live_server, viewport, shot, seeded
):
    staff = User.objects.get(username=seeded.logins["staf"])
    web = Lowongan.objects.get(posisi="Pengembang aplikasi web")
    group = [
        Pendaftaran.objects.get(mahasiswa__nim=seeded.student(i).nim, lowongan=web) for i in WAITING
    ]
    newcomer = Mahasiswa.objects.get(nim=seeded.free_student("IF").nim)
    group.append(submit(newcomer, lowongan=web))
    ani, dedi = (seeded.student(i).nama for i in WAITING)
    surat = services.issue_letter(
        jenis="permohonan", pendaftaran_list=group, by=staff, penerima_jabatan="Head of Studio"
    )
    # An e-mail the mail server refused twice, as pkpk.lib.outbox records it
    # (the test's worker sent it at once to the local outbox).
    delivery = company_services.send_to_company(surat=surat, email=web.perusahaan.email, by=staff)
    Pengiriman.objects.filter(pk=delivery.pk).update(
        terkirim_pada=None,
        percobaan=2,
        coba_lagi_pada=delivery.diminta_pada,
        galat="SMTPConnectError: (451, b'4.3.0 Mail server busy, try again later')",
    )
    page.set_viewport_size(viewport)
    sign_in(page, live_server, staff.username, seeded.password)
    page.wait_for_url("**/staf/")

    page.goto(live_server.url + reverse("surat:detail", args=[surat.pk]))
    answers = page.locator("#answers-heading")
    answers.scroll_into_view_if_needed()
    shot(page, "1-letter-page")
    assert fits(page, viewport)
    assert page.get_by_text(_("trying again")).first.is_visible()

    page.get_by_label(_("The company's answer for %(name)s") % {"name": ani}).select_option(
        "diterima"
    )
    page.get_by_label(_("The company's answer for %(name)s") % {"name": dedi}).select_option(
        "ditolak"
    )
    page.get_by_label(_("Note for %(name)s") % {"name": ani}).fill("Divisi QA")
    page.get_by_role("button", name=_("Record the answers")).click()
    page.wait_for_url(f"**{reverse('surat:detail', args=[surat.pk])}")
    shot(page, "2-answers-recorded")
    assert fits(page, viewport)
    statuses = [Pendaftaran.objects.get(pk=p.pk).status for p in group]
    assert statuses == ["diterima", "ditolak", "diajukan"]

    page.goto(live_server.url + reverse("notifications:undelivered"))
    shot(page, "3-undelivered-emails")
    assert fits(page, viewport)
    assert page.get_by_text(web.perusahaan.email).is_visible()

"""The company answers through its link, without an account: per student on a
surat permohonan (through magang's record_answer, all or nothing), taken or
not on a surat pengantar (a confirmation that stops the clock), and the
partner feedback form, once per letter."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from magang.models import Peristiwa
from notifikasi.models import Notifikasi
from surat.company import links as company_links
from surat.company import services as company_services
from surat.models import (
    Jam,
    Jenis,
    Konfirmasi,
    NilaiUmpanBalik,
    PeristiwaLayanan,
    PertanyaanUmpanBalik,
    UmpanBalik,
)
from tests.factories import MahasiswaFactory
from tests.support.applications import submit
from tests.support.letters import accept, issue
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def classmate(prodi_x):
    return MahasiswaFactory(nim="3312501077", prodi=prodi_x, user__nama="Citra Dewi")


@pytest.fixture
def two_students(student_a, classmate, lowongan):
    return [submit(student_a, lowongan=lowongan), submit(classmate, lowongan=lowongan)]


@pytest.fixture
def application_letter(two_students, staff):
    """A surat permohonan naming Ani Lestari and Citra Dewi."""
    return issue(two_students, staff)


@pytest.fixture
def cover_letter(two_students, staff):
    """A surat pengantar naming both, accepted by staff before."""
    for pendaftaran in two_students:
        accept(pendaftaran, staff)
    return issue(two_students, staff, jenis=Jenis.PENGANTAR)


def _url(surat, name="company_answer"):
    token = company_links.make_token(surat)
    return reverse(name, args=[token])


def _rows(surat):
    return {m.nama: m for m in surat.mahasiswa.select_related("pendaftaran")}


def _person(nama="Ibu Ratna", jabatan="Manajer HRD", catatan=""):
    return {"pengisi-nama": nama, "pengisi-jabatan": jabatan, "pengisi-catatan": catatan}


def _answer(m, hasil, mulai="", selesai="", penempatan=""):
    prefix = f"m{m.pk}"
    return {
        f"{prefix}-hasil": hasil,
        f"{prefix}-mulai": mulai,
        f"{prefix}-selesai": selesai,
        f"{prefix}-penempatan": penempatan,
    }


# A surat permohonan ----------------------------------------------------------------


def test_the_form_shows_each_student_with_the_period_prefilled(client, application_letter):
    response = client.get(_url(application_letter))

    text = page_text(response)
    assert "Ani Lestari" in text and "Citra Dewi" in text and "Teknik Informatika" in text
    ani = _rows(application_letter)["Ani Lestari"]
    content = response.content.decode()
    assert f'name="m{ani.pk}-mulai" value="{ani.pendaftaran.mulai:%Y-%m-%d}"' in content
    assert 'type="radio"' in content and "<label" in content


def test_the_company_accepts_one_student_and_rejects_another(
    client, application_letter, student_a, classmate
):
    rows = _rows(application_letter)
    data = {
        **_answer(rows["Ani Lestari"], "diterima", "2027-02-08", "2027-06-30", "Divisi TI"),
        **_answer(rows["Citra Dewi"], "ditolak"),
        **_person(),
    }

    response = client.post(_url(application_letter), data)

    assert response.status_code == 302
    ani = rows["Ani Lestari"].pendaftaran
    citra = rows["Citra Dewi"].pendaftaran
    ani.refresh_from_db()
    citra.refresh_from_db()
    assert ani.status == "diterima" and citra.status == "ditolak"
    assert (ani.mulai, ani.selesai) == (dt.date(2027, 2, 8), dt.date(2027, 6, 30))
    assert ani.penempatan == "Divisi TI"
    for pendaftaran, jenis in [(ani, "diterima"), (citra, "ditolak")]:
        event = Peristiwa.objects.filter(pendaftaran=pendaftaran).latest("pk")
        assert event.jenis == jenis
        assert event.perusahaan == application_letter.perusahaan
        assert event.aktor is None
        assert "Ibu Ratna, Manajer HRD" in event.catatan
    company = application_letter.perusahaan.nama
    accepted = gettext("%(company)s accepted you") % {"company": company}
    rejected = gettext("%(company)s did not accept you") % {"company": company}
    assert Notifikasi.objects.filter(penerima=student_a.user, judul=accepted).exists()
    assert Notifikasi.objects.filter(penerima=classmate.user, judul=rejected).exists()

    page = client.get(response["Location"])
    text = page_text(page)
    assert gettext("Thank you: your answer has been recorded.") in text
    assert gettext("Answers recorded") in text and "Divisi TI" in text
    assert '<form method="post" novalidate>' not in page.content.decode()


@pytest.mark.parametrize(
    "broken, error",
    [
        ({"hasil": ""}, "Choose accepted or not accepted."),
        ({"hasil": "mungkin"}, None),
        ({"selesai": "2027-01-01"}, "The internship must end after it starts."),
        ({"mulai": ""}, "Enter the start date."),
        ({"mulai": "bukan tanggal"}, None),
        ({"penempatan": "x" * 201}, None),
    ],
)
def test_a_bad_answer_saves_nothing_and_says_why_next_to_the_field(
    client, application_letter, broken, error
):
    rows = _rows(application_letter)
    ani = {"hasil": "diterima", "mulai": "2027-02-08", "selesai": "2027-06-30", "penempatan": ""}
    ani.update(broken)
    data = {
        **_answer(rows["Ani Lestari"], **ani),
        **_answer(rows["Citra Dewi"], "ditolak"),
        **_person(),
    }

    response = client.post(_url(application_letter), data)

    assert response.status_code == 400
    for m in rows.values():
        m.pendaftaran.refresh_from_db()
        assert m.pendaftaran.status == "diajukan"
    assert not Peristiwa.objects.filter(jenis__in=["diterima", "ditolak"]).exists()
    content = response.content.decode()
    assert "invalid-feedback" in content
    assert gettext(
        "Nothing has been saved yet. Please correct the fields marked below and send again."
    ) in page_text(response)
    if error:
        assert gettext(error) in page_text(response)


def test_the_name_of_the_person_answering_is_required(client, application_letter):
    rows = _rows(application_letter)
    data = {
        **_answer(rows["Ani Lestari"], "ditolak"),
        **_answer(rows["Citra Dewi"], "ditolak"),
        **_person(nama=" "),
    }

    response = client.post(_url(application_letter), data)

    assert response.status_code == 400
    assert gettext("Enter your name.") in page_text(response)
    assert not Peristiwa.objects.filter(jenis="ditolak").exists()


def test_students_answered_already_are_shown_and_cannot_be_changed(
    client, application_letter, staff
):
    rows = _rows(application_letter)
    accept(rows["Ani Lestari"].pendaftaran, staff)

    page = client.get(_url(application_letter))
    content = page.content.decode()
    assert f'name="m{rows["Ani Lestari"].pk}-hasil"' not in content
    assert f'name="m{rows["Citra Dewi"].pk}-hasil"' in content

    data = {
        **_answer(rows["Ani Lestari"], "ditolak"),
        **_answer(rows["Citra Dewi"], "ditolak"),
        **_person(),
    }
    assert client.post(_url(application_letter), data).status_code == 302
    ani = rows["Ani Lestari"].pendaftaran
    ani.refresh_from_db()
    assert ani.status == "diterima"


def test_a_second_submit_changes_nothing(client, application_letter):
    rows = _rows(application_letter)
    data = {
        **_answer(rows["Ani Lestari"], "ditolak"),
        **_answer(rows["Citra Dewi"], "ditolak"),
        **_person(),
    }
    client.post(_url(application_letter), data)
    data.update(_answer(rows["Ani Lestari"], "diterima", "2027-02-08", "2027-06-30"))

    response = client.post(_url(application_letter), data)

    assert response.status_code in (200, 302)
    ani = rows["Ani Lestari"].pendaftaran
    ani.refresh_from_db()
    assert ani.status == "ditolak"
    assert Peristiwa.objects.filter(jenis__in=["diterima", "ditolak"]).count() == 2


def test_the_service_records_all_or_nothing(application_letter, staff):
    rows = _rows(application_letter)
    ani, citra = rows["Ani Lestari"].pendaftaran, rows["Citra Dewi"].pendaftaran
    accept(citra, staff)  # answered by staff in the meantime

    with pytest.raises(company_services.AlreadyAnswered):
        company_services.record_company_answer(
            surat=application_letter,
            answers={ani.pk: {"hasil": "ditolak"}, citra.pk: {"hasil": "ditolak"}},
            nama="Ibu Ratna",
        )

    ani.refresh_from_db()
    assert ani.status == "diajukan"


def test_the_service_refuses_applications_not_on_the_letter(application_letter, pendaftaran_b):
    with pytest.raises(PermissionDenied):
        company_services.record_company_answer(
            surat=application_letter,
            answers={pendaftaran_b.pk: {"hasil": "ditolak"}},
            nama="Ibu Ratna",
        )
    pendaftaran_b.refresh_from_db()
    assert pendaftaran_b.status == "diajukan"


@pytest.mark.parametrize(
    "answer",
    [
        {"hasil": "ya"},
        {"hasil": "diterima"},
        {"hasil": "diterima", "mulai": dt.date(2027, 3, 1), "selesai": dt.date(2027, 2, 1)},
    ],
)
def test_the_service_checks_each_answer(application_letter, answer):
    pk = _rows(application_letter)["Ani Lestari"].pendaftaran_id
    with pytest.raises(ValidationError):
        company_services.record_company_answer(
            surat=application_letter, answers={pk: answer}, nama="Ibu Ratna"
        )


def test_a_cover_letter_takes_no_per_student_acceptance(cover_letter):
    pk = cover_letter.mahasiswa.first().pendaftaran_id
    with pytest.raises(ValidationError):
        company_services.record_company_answer(
            surat=cover_letter, answers={pk: {"hasil": "ditolak"}}, nama="Ibu Ratna"
        )


# A surat pengantar -------------------------------------------------------------------


def _taken(surat, **choices):
    data = {}
    for m in surat.mahasiswa.all():
        data[f"m{m.pk}-diambil"] = choices.get(m.nim, "ya")
    return data


def test_the_company_confirms_a_cover_letter_and_stops_its_clock(client, cover_letter):
    response = client.post(_url(cover_letter), {**_taken(cover_letter), **_person()})

    assert response.status_code == 302
    konfirmasi = Konfirmasi.objects.get(surat=cover_letter)
    assert konfirmasi.saluran == "tautan" and konfirmasi.hasil == "diterima"
    assert konfirmasi.dicatat_oleh is None
    assert "Ibu Ratna" in konfirmasi.catatan
    jam = Jam.objects.get(surat=cover_letter, jenis="konfirmasi")
    assert jam.berhenti_pada is not None
    stopped = PeristiwaLayanan.objects.get(jam=jam, jenis="berhenti")
    assert stopped.perusahaan == cover_letter.perusahaan and stopped.aktor is None
    assert stopped.terpakai == 0

    page = page_text(client.get(response["Location"]))
    assert gettext("Thank you: your answer has been recorded.") in page
    assert capfirst(gettext("the students are taken")) in page and "Ibu Ratna" in page


def test_some_students_taken_is_a_partial_answer(client, cover_letter):
    response = client.post(
        _url(cover_letter), {**_taken(cover_letter, **{"3312501077": "tidak"}), **_person()}
    )

    assert response.status_code == 302
    konfirmasi = Konfirmasi.objects.get(surat=cover_letter)
    assert konfirmasi.hasil == "sebagian"
    assert f"Citra Dewi (3312501077): {gettext('not taken')}" in konfirmasi.catatan


def test_no_student_taken_is_a_rejection(cover_letter):
    taken = {m.pendaftaran_id: False for m in cover_letter.mahasiswa.all()}
    konfirmasi = company_services.record_company_confirmation(
        surat=cover_letter, taken=taken, nama="Pak Budi"
    )
    assert konfirmasi.hasil == "ditolak"


def test_a_missing_choice_on_a_cover_letter_saves_nothing(client, cover_letter):
    data = _taken(cover_letter)
    data.pop(next(iter(data)))

    response = client.post(_url(cover_letter), {**data, **_person()})

    assert response.status_code == 400
    assert gettext("Choose taken or not taken.") in page_text(response)
    assert not Konfirmasi.objects.exists()
    assert Jam.objects.get(surat=cover_letter).berhenti_pada is None


def test_the_company_answers_a_cover_letter_once(client, cover_letter):
    client.post(_url(cover_letter), {**_taken(cover_letter), **_person()})

    page = client.get(_url(cover_letter))
    assert 'name="pengisi-nama"' not in page.content.decode()
    client.post(_url(cover_letter), {**_taken(cover_letter), **_person(nama="Lain")})
    assert Konfirmasi.objects.count() == 1
    with pytest.raises(company_services.AlreadyAnswered):
        company_services.record_company_confirmation(
            surat=cover_letter,
            taken={m.pendaftaran_id: True for m in cover_letter.mahasiswa.all()},
            nama="Lain",
        )


def test_a_company_answer_after_staff_confirmed_leaves_the_clock_as_staff_stopped_it(
    cover_letter, staff
):
    company_services.record_confirmation(
        surat=cover_letter,
        by=staff,
        tanggal=cover_letter.tanggal,
        saluran="telepon",
        hasil="diterima",
    )
    company_services.record_company_confirmation(
        surat=cover_letter,
        taken={m.pendaftaran_id: True for m in cover_letter.mahasiswa.all()},
        nama="Ibu Ratna",
    )

    stopped = PeristiwaLayanan.objects.get(jam__surat=cover_letter, jenis="berhenti")
    assert stopped.aktor == staff and stopped.perusahaan is None
    assert Konfirmasi.objects.filter(surat=cover_letter).count() == 2


# Partner feedback ----------------------------------------------------------------------


def _scores():
    questions = list(PertanyaanUmpanBalik.objects.filter(aktif=True))
    return {f"q{q.pk}": str(i % 4 + 1) for i, q in enumerate(questions)}


def _feedback(**extra):
    return {**_scores(), "nama": "Ibu Ratna", "jabatan": "Manajer HRD", "komentar": "Baik."} | extra


def test_the_feedback_form_asks_every_active_question_on_a_likert_scale(client, cover_letter):
    PertanyaanUmpanBalik.objects.filter(teks="Etika").update(aktif=False)

    response = client.get(_url(cover_letter, "company_feedback"))

    text = page_text(response)
    assert response.status_code == 200
    assert "Kerja sama tim" in text and "Etika" not in text
    assert gettext("4 · very good") in text
    assert response.content.decode().count('type="radio"') == 4 * 9


def test_the_feedback_page_opens_with_the_staff_wording_in_force(client, cover_letter, staff):
    from pkpk import wording
    from pkpk.models import JenisTemplat

    url = _url(cover_letter, "company_feedback")
    assert "Mohon beri nilai untuk setiap aspek: 1 = kurang" in page_text(client.get(url))
    wording.save_version(
        jenis=JenisTemplat.UMPAN_BALIK_WEB,
        teks="Terima kasih, **{{ nama_perusahaan }}**, atas surat {{ nomor_surat }}.",
        by=staff,
    )
    response = client.get(url)
    assert (
        f"Terima kasih, <strong>{cover_letter.perusahaan_nama}</strong>, atas surat "
        f"{cover_letter.nomor}." in response.content.decode()
    )
    assert "Mohon beri nilai" not in page_text(response)


def test_feedback_is_saved_once_with_scores_1_to_4(client, cover_letter):
    url = _url(cover_letter, "company_feedback")

    response = client.post(url, _feedback())

    assert response.status_code == 302
    umpan_balik = UmpanBalik.objects.get(surat=cover_letter)
    assert umpan_balik.perusahaan == cover_letter.perusahaan
    assert (umpan_balik.nama_pengisi, umpan_balik.jabatan_pengisi) == ("Ibu Ratna", "Manajer HRD")
    scores = {f"q{n.pertanyaan_id}": str(n.nilai) for n in umpan_balik.nilai.all()}
    assert scores == _scores()
    assert {n.nilai for n in umpan_balik.nilai.all()} == {1, 2, 3, 4}
    assert umpan_balik.nilai.get(pertanyaan__teks="Kerja sama tim").teks == "Kerja sama tim"

    again = client.post(url, _feedback(komentar="Kedua kali"))
    assert "Kedua kali" not in again.content.decode()
    assert UmpanBalik.objects.count() == 1
    page = client.get(url)
    day = date_filter(timezone.localtime(umpan_balik.diisi_pada), "j F Y")
    assert gettext("Thank you: your feedback for this letter was received on %(day)s.") % {
        "day": day
    } in page_text(page)
    assert 'name="nama"' not in page.content.decode()


@pytest.mark.parametrize("bad", ["5", "0", "-1", "", "tiga"])
def test_a_score_out_of_range_is_refused_and_nothing_is_saved(client, cover_letter, bad):
    data = _feedback()
    first = next(iter(_scores()))
    data[first] = bad

    response = client.post(_url(cover_letter, "company_feedback"), data)

    assert response.status_code == 400
    assert gettext("Choose a score from 1 to 4.") in page_text(response)
    assert not UmpanBalik.objects.exists() and not NilaiUmpanBalik.objects.exists()


def test_feedback_needs_a_name_and_comments_have_a_limit(client, cover_letter):
    url = _url(cover_letter, "company_feedback")
    assert client.post(url, _feedback(nama="")).status_code == 400
    assert client.post(url, _feedback(komentar="x" * 3001)).status_code == 400
    assert not UmpanBalik.objects.exists()


def test_the_feedback_service_checks_scores_itself(cover_letter):
    questions = list(PertanyaanUmpanBalik.objects.filter(aktif=True))
    scores = {q.pk: 4 for q in questions}
    for broken in [{**scores, questions[0].pk: 5}, {questions[0].pk: 4}]:
        with pytest.raises(ValidationError):
            company_services.submit_feedback(surat=cover_letter, scores=broken, nama="X")
    assert not UmpanBalik.objects.exists()


def test_an_application_letter_has_no_feedback_form(client, application_letter):
    assert client.get(_url(application_letter, "company_feedback")).status_code == 404


# Staff see what the company wrote, escaped -----------------------------------------------


def test_html_in_the_companys_answer_is_escaped_on_staff_pages(client, cover_letter, staff):
    nasty = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post(_url(cover_letter), {**_taken(cover_letter), **_person(nama=nasty, catatan=nasty)})
    client.post(
        _url(cover_letter, "company_feedback"), _feedback(nama=nasty, jabatan=nasty, komentar=nasty)
    )
    assert UmpanBalik.objects.filter(komentar=nasty).exists()

    client.force_login(staff)
    content = client.get(reverse("surat:detail", args=[cover_letter.pk])).content.decode()
    assert "<script>alert" not in content and "<img src=x" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content


def test_html_in_an_answer_note_is_escaped_on_the_application_page(
    client, staff, two_students, pendaftaran_b
):
    surat = issue(two_students, staff)
    rows = _rows(surat)
    nasty = "<script>alert(1)</script>"
    client.post(
        _url(surat),
        {
            **_answer(rows["Ani Lestari"], "ditolak"),
            **_answer(rows["Citra Dewi"], "ditolak"),
            **_person(nama=nasty, catatan=nasty),
        },
    )
    client.force_login(staff)
    page = client.get(reverse("magang:detail", args=[rows["Ani Lestari"].pendaftaran_id]))
    content = page.content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content

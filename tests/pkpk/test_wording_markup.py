"""The staff-owned wording (pkpk.wording): a tiny markup with a fixed list of
placeholders per kind. Anything else is refused whole with a message that
names the problem, and nothing is saved; versions are only ever added."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import translation

from pkpk import wording
from pkpk.models import JenisTemplat, TeksTemplat
from pkpk.wording_defaults import DEFAULTS

pytestmark = pytest.mark.django_db

PERMOHONAN = JenisTemplat.SURAT_PERMOHONAN
TABLE = "{{ tabel_mahasiswa }}"


def refusal(text, jenis=PERMOHONAN):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        wording.parse(text, jenis)
    return " ".join(error.value.messages)


def test_every_shipped_default_is_valid_and_is_version_1():
    for jenis, teks in DEFAULTS.items():
        wording.parse(teks, jenis)
        assert wording.current(jenis).versi == 1
        assert wording.current(jenis).teks == teks


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Halo {{ settings.SECRET_KEY }}", "{{ settings.SECRET_KEY }}"),
        ("Halo {{ rahasia }}", "{{ rahasia }}"),
        ("{% load static %}Halo", "{% … %}"),
        ("{# komentar #}Halo", "{# … #}"),
        ('<img src="http://127.0.0.1:9/x.png">', "<img"),
        ('<link rel="stylesheet" href="http://127.0.0.1:9/a.css">', "<link"),
        ("<style>p { background: url(http://127.0.0.1:9/a.png) }</style>", "<style>"),
        ('<a rel="attachment" href="file:///etc/passwd">x</a>', "<a rel"),
        ("Halo {{ nama_perusahaan", "not closed"),
        ("Ini **tebal tanpa penutup", "not closed"),
        ("Ini **tebal *miring** salah*", "crossed"),
    ],
)
def test_it_refuses_what_is_not_our_markup(text, named):
    message = refusal(text + "\n\n" + TABLE)
    assert named in message


def test_a_placeholder_of_another_kind_is_refused_by_name():
    message = refusal(TABLE, JenisTemplat.BORANG_UMPAN_BALIK)
    assert "{{ tabel_mahasiswa }} cannot be used in this text" in message


def test_the_student_table_is_required_and_stands_alone():
    assert "must contain {{ tabel_mahasiswa }}" in refusal("Hanya kalimat.")
    assert "must stand alone" in refusal("Mahasiswa: {{ tabel_mahasiswa }}")


def test_a_list_needs_a_marker_on_every_line():
    assert "Every line of a list" in refusal("- satu\ndua\n\n" + TABLE)


def test_the_messages_are_in_indonesian():
    with pytest.raises(ValidationError) as error:
        wording.parse("Halo {{ rahasia }}\n\n" + TABLE, PERMOHONAN)
    assert "{{ rahasia }}" in error.value.messages[0]
    assert "Unknown placeholder" not in error.value.messages[0]


def test_it_renders_paragraphs_breaks_emphasis_lists_and_escapes_the_rest():
    text = (
        "Yth. **{{ nama_perusahaan }}**,\nbaris *dua* & <3\n\n"
        "- satu\n- dua\n\n1. pertama\n2. kedua\n\n" + TABLE
    )
    html = wording.render_html(
        text,
        PERMOHONAN,
        {"nama_perusahaan": "PT <b>X</b>", "tabel_mahasiswa": "<table></table>"},
    )
    assert (
        "<p>Yth. <strong>PT &lt;b&gt;X&lt;/b&gt;</strong>,<br>\nbaris <em>dua</em> &amp; &lt;3</p>"
        in html
    )
    assert "<ul><li>satu</li><li>dua</li></ul>" in html
    assert "<ol><li>pertama</li><li>kedua</li></ol>" in html
    # A plain string is escaped even in the block's place: only HTML we
    # built ourselves (SafeString) goes in unescaped.
    assert "&lt;table&gt;" in html


def test_a_url_in_the_text_is_only_text():
    html = wording.render_html(
        "Lihat file:///etc/passwd dan http://127.0.0.1:9/x\n\n" + TABLE,
        PERMOHONAN,
        {"tabel_mahasiswa": ""},
    )
    assert "<a" not in html and "src=" not in html and "href=" not in html


def test_staff_save_a_new_version_and_the_old_one_stays(staff):
    old = wording.current(PERMOHONAN)
    new = wording.save_version(jenis=PERMOHONAN, teks="Kalimat baru.\n\n" + TABLE, by=staff)
    assert new.versi == old.versi + 1
    assert new.dibuat_oleh == staff
    assert wording.current(PERMOHONAN) == new
    assert TeksTemplat.objects.get(pk=old.pk).teks == old.teks


def test_a_refused_text_saves_nothing(staff):
    before = TeksTemplat.objects.count()
    with pytest.raises(ValidationError):
        wording.save_version(jenis=PERMOHONAN, teks="{{ settings.SECRET_KEY }}", by=staff)
    assert TeksTemplat.objects.count() == before


def test_only_staff_may_save(student_a, coordinator_x):
    for user in (student_a.user, coordinator_x.user):
        with pytest.raises(PermissionDenied):
            wording.save_version(jenis=PERMOHONAN, teks=TABLE, by=user)


def test_the_database_refuses_to_change_or_delete_a_version():
    version = wording.current(PERMOHONAN)
    with pytest.raises(DatabaseError), transaction.atomic():
        TeksTemplat.objects.filter(pk=version.pk).update(teks="diubah")
    with pytest.raises(DatabaseError), transaction.atomic():
        TeksTemplat.objects.filter(pk=version.pk).delete()
    assert TeksTemplat.objects.get(pk=version.pk).teks == DEFAULTS[PERMOHONAN]

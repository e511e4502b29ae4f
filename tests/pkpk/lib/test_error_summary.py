"""The one error summary (pkpk/templatetags/error_summary.py): every form
sent back with errors opens with it, crispy forms included; it takes the
focus (data-error-summary, tabindex) and links to each field in error."""

import re

import pytest
from django import forms
from django.template import Context, Template

from pkpk.forms import SignInForm


class ApplyForm(forms.Form):
    kontak_nama = forms.CharField(label="Contact")
    hasil = forms.ChoiceField(
        label="Answer", choices=[("diterima", "Accepted")], widget=forms.RadioSelect
    )
    kota = forms.CharField(label="City", required=False, widget=forms.TextInput({"id": "kota"}))

    def clean(self):
        raise forms.ValidationError("Not saved: the vacancy closed.")


def render(text, **context):
    return Template("{% load error_summary crispy_forms_tags %}" + text).render(Context(context))


def links(html):
    return re.findall(r'<a class="alert-link" href="#([^"]+)">([^<]+)</a>', html)


def test_it_links_each_field_in_error_and_lists_the_forms_own_errors():
    form = ApplyForm(data={"kota": ""})
    form.add_error("kota", "Unknown city.")
    html = render('{% error_summary form heading="Fix these:" %}', form=form)
    assert 'role="alert"' in html and 'tabindex="-1"' in html and "data-error-summary" in html
    assert '<h2 class="h6 alert-heading">Fix these:</h2>' in html
    assert "<li>Not saved: the vacancy closed.</li>" in html
    # A group of radio buttons has no id of its own: the link lands on its first.
    assert links(html) == [
        ("id_kontak_nama", "Contact"),
        ("id_hasil_0", "Answer"),
        ("kota", "City"),
    ]


def test_a_form_without_errors_shows_nothing():
    assert render("{% error_summary form other %}", form=ApplyForm(), other=None).strip() == ""


def test_it_sums_up_several_forms_and_lists_of_forms_and_is_named_after_the_first():
    first = ApplyForm(data={}, prefix="void")
    second = ApplyForm(data={}, prefix="ganti")
    html = render("{% error_summary page_forms None %}", page_forms=[first, second])
    assert 'id="void-errors"' in html
    assert ("id_void-kontak_nama", "Contact") in links(html)
    assert ("id_ganti-kontak_nama", "Contact") in links(html)
    assert html.count("data-error-summary") == 1


@pytest.mark.django_db
def test_a_crispy_form_gets_the_same_summary_once(rf):
    form = SignInForm(rf.post("/"), data={"username": "x", "password": "wrong"})
    assert not form.is_valid()
    html = render("{{ form|crispy }}", form=form)
    assert html.count("data-error-summary") == 1
    # The fields of a wrong sign-in point at the summary for their error.
    assert 'id="form-errors"' in html and 'aria-describedby="form-errors"' in html


def test_a_form_per_person_names_whose_field_a_link_is():
    first, second = ApplyForm(data={}, prefix="m1"), ApplyForm(data={}, prefix="m2")
    first.summary_owner, second.summary_owner = "Bayu Pane", "Reza Nasution"
    found = links(render("{% error_summary forms %}", forms=[first, second]))
    assert ("id_m1-hasil_0", "Answer (Bayu Pane)") in found
    assert ("id_m2-hasil_0", "Answer (Reza Nasution)") in found

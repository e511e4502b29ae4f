"""pkpk.lib.views: a service's broken rule onto the form that sent it, or
flashed as messages on the page a POST goes back to."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError

from pkpk.lib.views import error_texts, flash_errors, show_errors


class NameForm(forms.Form):
    nama = forms.CharField()
    catatan = forms.CharField(required=False)


def bound(**data):
    form = NameForm(data={"nama": "Ani", **data})
    assert form.is_valid()
    return form


def test_it_puts_each_error_next_to_the_field_it_names():
    form = bound()
    show_errors(form, ValidationError({"nama": "Taken.", "catatan": ["Too long.", "Odd."]}))
    assert form.errors["nama"] == ["Taken."]
    assert form.errors["catatan"] == ["Too long.", "Odd."]
    assert not form.non_field_errors()


def test_an_error_for_a_field_the_form_has_not_goes_on_top():
    form = bound()
    show_errors(form, ValidationError({"perusahaan": "Closed.", "nama": "Taken."}))
    assert form.non_field_errors() == ["Closed."]
    assert form.errors["nama"] == ["Taken."]


def test_an_error_naming_no_field_goes_on_top():
    form = bound()
    show_errors(form, ValidationError(["One.", "Two."]))
    assert form.non_field_errors() == ["One.", "Two."]


def test_it_puts_every_message_on_the_field_it_is_told():
    form = bound()
    show_errors(form, ValidationError({"x": "One.", "y": "Two."}), field="catatan")
    assert sorted(form.errors["catatan"]) == ["One.", "Two."]


def request_with_messages(rf):
    request = rf.post("/")
    request._messages = CookieStorage(request)
    return request


def test_it_flashes_each_message_of_a_validation_error(rf):
    request = request_with_messages(rf)
    flash_errors(request, ValidationError(["One.", "Two."]))
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [
        ("error", "One."),
        ("error", "Two."),
    ]


def test_it_flashes_an_invalid_forms_errors(rf):
    request = request_with_messages(rf)
    form = NameForm(data={})
    assert not form.is_valid()
    flash_errors(request, form)
    assert [str(m) for m in get_messages(request)] == error_texts(form)
    assert error_texts(form) == [str(forms.Field.default_error_messages["required"])]

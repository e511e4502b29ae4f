"""Text longer than a field's limit is refused with a message in Indonesian,
never cut; every text input says its limit (maxlength) and every textarea
shows it ("Maks. N karakter."). pkpk/lib/text.py holds the mechanism."""

import importlib
import inspect

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magang.models import Lowongan

FORM_MODULES = [
    "magang.forms",
    "magang.staff_forms",
    "surat.letters.forms",
    "surat.company.forms",
    "surat.desk.queue_forms",
    "surat.desk.student_forms",
    "rekap.forms",
    "rekap.kpi_forms",
    "rekap.partner_forms",
    "pkpk.forms",
    "notifikasi.forms",
]
# Fields that are not typed text: a choice of radio buttons, and a password
# (its length is the password validators' business).
NOT_TEXT = {("MandiriApplicationForm", "perusahaan_pilihan"), ("SignInForm", "password")}


def text_fields():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, cls in vars(module).items():
            if not (inspect.isclass(cls) and issubclass(cls, forms.BaseForm)):
                continue
            if cls.__module__ != module_name:
                continue
            for field_name, field in cls.base_fields.items():
                if isinstance(field, forms.CharField) and (name, field_name) not in NOT_TEXT:
                    yield pytest.param(field, id=f"{name}.{field_name}")


TEXT_FIELDS = list(text_fields())


def rendered(field):
    """The field alone in a form, as the project's renderer draws it."""
    form = type("OneField", (forms.Form,), {"f": field})()
    return form["f"]


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_every_text_field_has_a_limit_its_input_shows(field):
    assert field.max_length, "a text field without max_length"
    bound = rendered(field)
    assert f'maxlength="{field.max_length}"' in str(bound)
    if isinstance(field.widget, forms.Textarea):
        with translation.override("id"):
            hint = rendered(field).help_text
        assert f"Maks. {field.max_length:,} karakter.".replace(",", ".") in hint


@pytest.mark.parametrize("field", TEXT_FIELDS)
# Long values are the point here: hypothesis' checks on large examples do not apply.
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.large_base_example,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(data=st.data())
def test_a_value_over_the_limit_is_refused_in_indonesian(field, data):
    extra = data.draw(st.integers(min_value=1, max_value=50))
    letters = st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"))
    value = data.draw(
        st.text(letters, min_size=field.max_length + extra, max_size=field.max_length + extra)
    )
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        field.clean(value)
    assert any("paling banyak" in message for message in refused.value.messages)
    # A value at the limit is not refused for its length.
    at_limit = value[: field.max_length]
    try:
        field.clean(at_limit)
    except ValidationError as error:
        assert not any("paling banyak" in m for m in error.messages)


# The model is the one place of each limit: full_clean() refuses too.


@pytest.mark.django_db
def test_a_service_that_full_cleans_refuses_an_over_long_text():
    lowongan = Lowongan(posisi="Web", deskripsi="x" * 5001)
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        lowongan.full_clean()
    assert "paling banyak 5000 karakter" in " ".join(refused.value.message_dict["deskripsi"])

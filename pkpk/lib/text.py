"""Long text has a limit that the person typing sees and the server enforces:
never cut silently (issue 15).

`LimitedTextField` is a model TextField whose `max_length` is also checked by
`full_clean()` (Django checks it only in forms), so a service refuses what a
form would. `FormRenderer` is the project's form renderer (FORM_RENDERER): its
bound fields add "At most N characters." to the help text of every textarea
with a limit, so the hint is on every form without each one repeating it."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.forms import Textarea
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils import formats
from django.utils.translation import gettext


class LimitedTextField(models.TextField):
    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))


def limit_hint(max_length):
    return gettext("At most %(n)s characters.") % {
        "n": formats.number_format(max_length, force_grouping=True)
    }


class LimitShownBoundField(BoundField):
    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        limit = getattr(field, "max_length", None)
        if limit and isinstance(field.widget, Textarea):
            self.help_text = " ".join(str(t) for t in (self.help_text, limit_hint(limit)) if t)


class FormRenderer(DjangoTemplates):
    bound_field_class = LimitShownBoundField


def limit_of(model, name):
    """The character limit of `model`'s field `name`: what forms that are not
    ModelForms take as their max_length, so the limit lives on the model."""
    return model._meta.get_field(name).max_length


def check_length(model, name, value):
    """The service-side check for text that reaches a service without a
    form's limit (a raw POST, a save with update_fields): a ValidationError on
    `name` with the form's own message."""
    try:
        MaxLengthValidator(limit_of(model, name))(value)
    except ValidationError as error:
        raise ValidationError({name: error.messages}) from None

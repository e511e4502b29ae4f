"""The notification settings form: per kind the person may receive, a box
for the app (kinds they need not act on) and one for e-mail (kinds that are
e-mailed). Built from notifikasi.models.KINDS for the person's roles."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import KINDS, JenisNotifikasi


class NotificationSettingsForm(forms.Form):
    def __init__(self, *args, preferences, **kwargs):
        """`preferences`: {jenis: (in the app, by e-mail)} (notifikasi.services.preferences_of)."""
        super().__init__(*args, **kwargs)
        self.kinds = list(preferences)
        fieldsets = []
        for jenis in self.kinds:
            info = KINDS[jenis]
            in_app, by_email = preferences[jenis]
            names = []
            if not info.essential:
                self.fields[f"{jenis}_app"] = forms.BooleanField(
                    label=_("Show in the app"), required=False, initial=in_app
                )
                names.append(f"{jenis}_app")
            if info.emailed:
                self.fields[f"{jenis}_email"] = forms.BooleanField(
                    label=_("Send me an e-mail"), required=False, initial=by_email
                )
                names.append(f"{jenis}_email")
            note = format_html('<p class="small text-body-secondary mb-2">{}</p>', info.description)
            if info.essential:
                note += format_html(
                    '<p class="small mb-2">{}</p>',
                    _("Always shown in the app: you need to act on these."),
                )
            fieldsets.append(
                Fieldset(JenisNotifikasi(jenis).label, HTML(note), *names, css_class="mb-3")
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(*fieldsets, Submit("save", _("Save settings")))

    def choices(self):
        """{jenis: (in the app, by e-mail)} as ticked; boxes not shown count as on."""
        data = self.cleaned_data
        return {
            jenis: (data.get(f"{jenis}_app", True), data.get(f"{jenis}_email", True))
            for jenis in self.kinds
        }

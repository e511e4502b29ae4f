"""What surat shows on an application's page (magang:detail), which knows
nothing of letters: the page loads these tags, and surat reads its own
tables. `{% application_letters pendaftaran request.user as letters %}`
looks once; the panels then show what it found where the page puts them."""

from dataclasses import dataclass

from django import template

from ..desk.requesting import issued_letter, letter_kind_for
from ..models import Permintaan

register = template.Library()


@dataclass(frozen=True)
class ApplicationLetters:
    pendaftaran: object
    kind: object  # the letter the owner may ask for now, else None
    requests: list  # the owner's letter requests covering the application
    letters: object  # the letters naming it (whoever may read the application)


@register.simple_tag
def application_letters(pendaftaran, user):
    is_owner = pendaftaran.mahasiswa.user_id == user.pk
    kind = letter_kind_for(pendaftaran) if is_owner else None
    if kind and issued_letter(pendaftaran, kind):
        kind = None  # issued already: the student downloads it from the letters panel
    return ApplicationLetters(
        pendaftaran=pendaftaran,
        kind=kind,
        # Theirs or a classmate's, in one query.
        requests=list(Permintaan.objects.filter(anggota__pendaftaran=pendaftaran))
        if is_owner
        else [],
        letters=pendaftaran.surat_mahasiswa.select_related("surat"),
    )


@register.inclusion_tag("surat/application/_request_button.html")
def letter_request_button(letters):
    return {"letters": letters, "latest": letters.requests[0] if letters.requests else None}


@register.inclusion_tag("surat/application/_letters.html", takes_context=True)
def letters_panel(context, letters):
    return {"letters": letters.letters, "is_staf": context.get("is_staf")}


@register.inclusion_tag("surat/application/_requests.html")
def letter_requests_panel(letters):
    return {"letter_requests": letters.requests}

from django.conf import settings
from django.core.checks import Error, register

from .identity import LECTURER_KEYS, STUDENT_KEYS


@register()
def match_settings(app_configs, **kwargs):
    errors = []
    if settings.CAMPUS_STUDENT_MATCH not in STUDENT_KEYS:
        errors.append(
            Error(
                f"CAMPUS_STUDENT_MATCH must be one of {', '.join(STUDENT_KEYS)}.",
                id="kampus.E001",
            )
        )
    if settings.CAMPUS_LECTURER_MATCH not in LECTURER_KEYS:
        errors.append(
            Error(
                f"CAMPUS_LECTURER_MATCH must be one of {', '.join(LECTURER_KEYS)}.",
                id="kampus.E002",
            )
        )
    return errors

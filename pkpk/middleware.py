"""Request-wide settings: the interface language and the calendar check."""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.utils import translation

from . import kalender


class RefuseNulMiddleware:
    """A NUL character in the address is never legitimate, and PostgreSQL
    refuses it in any text comparison: answered 400 here, once, instead of a
    500 in whichever lookup meets it first. (Forms refuse it in POSTed fields
    themselves: Django's CharField does.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or "\x00" in request.META.get("QUERY_STRING", "")
            or any("\x00" in key or "\x00" in value for key, value in request.GET.items())
        ):
            raise SuspiciousOperation("NUL character in the request address")
        return self.get_response(request)


class ChosenLanguageMiddleware:
    """Like LocaleMiddleware, but ignores the browser's Accept-Language: most
    phones here say English while their owners expect the Indonesian interface.
    The language picker in the footer (set_language) stores the choice in a cookie."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class CalendarPerRequestMiddleware:
    """One calendar check per request, however many dates a page works out,
    so page query counts do not grow with the rows shown."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with kalender.per_request():
            return self.get_response(request)

"""Bahasa Indonesia unless the person picked another language."""

from django.conf import settings
from django.utils import translation


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

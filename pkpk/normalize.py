"""Normal forms of company names and cities, so that one company typed three
ways ("PT. Batam Presisi", "Batam Presisi, PT", "batam  presisi") is one row."""

import re
import unicodedata

# Legal forms that say nothing about which company it is.
LEGAL_FORMS = {"pt", "cv", "tbk", "persero", "ud", "fa", "pd", "perum", "persekutuan"}
CITY_PREFIXES = {"kota", "kabupaten", "kab"}


def _words(text):
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).split()


def normalize_company_name(name):
    return " ".join(w for w in _words(name) if w not in LEGAL_FORMS)


def normalize_city(city):
    words = _words(city)
    while words and words[0] in CITY_PREFIXES:
        words = words[1:]
    return " ".join(words)

"""The codes a person reads off a paper letter and types: the verification
code (`/v/K7QM-3XPA`) and the company's short link (`/p/K7QM-3XPA-9RTW`).

The alphabet is Crockford's base 32 without the digits 0 and 1 as well: no
0/O, 1/I/L and no U, so no two symbols look alike in print or when read
aloud, and a typed O, 0, I, 1 or L is simply wrong (there is no symbol it
could be confused with, so nothing is mapped). 30 symbols.

Why the lengths suffice (the numbers are the rate limits of surat/limits.py):
- Verification, 8 symbols: 30**8 = 6.6e11 codes. Over the 5-year retention
  a campus issues at most ~25,000 letters (a few thousand a year), so one
  random guess hits some letter with probability 25,000 / 6.6e11 = 3.8e-8.
  One address may try 1,000 codes a day, 365,000 a year: about 0.014 letters
  found per address-year; a hundred addresses guessing all year find about
  one. What a hit shows is the public verification page: number, date,
  company, period, the students' names and a masked NIM, never the PDF,
  an address or a contact.
- Company link, 12 symbols: it opens a page where the company answers for
  its students, so it gets the margin of a password-reset token: 30**12 =
  5.3e17. Even if every one of ~25,000 letters had a few live links, a
  thousand addresses at 1,000 guesses a day for five years find one with
  probability about 1e-6.
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
VERIFICATION_LENGTH = 8
COMPANY_LENGTH = 12
GROUP = 4

# For database check constraints: exactly `n` symbols of the alphabet.
PATTERN = "^[2-9A-HJKMNP-TV-Z]{%d}$"

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]+")


def new_code(length) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(typed) -> str:
    """What a person typed, as stored: upper case, without the dashes,
    spaces or dots they may have put between groups. Anything else is kept,
    so a malformed code simply matches nothing."""
    return _SEPARATORS.sub("", str(typed or "")).upper()[:64]


def grouped(code) -> str:
    """K7QM3XPA → K7QM-3XPA, as printed and shown."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))

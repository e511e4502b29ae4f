"""Part of bin/messages: English repeats every msgid (msgmerge's fuzzy
guesses thrown away); Indonesian entries still to translate are listed."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"

english = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
for entry in english:
    if entry.msgid_plural:
        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
    else:
        entry.msgstr = entry.msgid
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = entry.previous_msgid_plural = None
english.save()

indonesian = polib.pofile(str(LOCALE / "id" / "LC_MESSAGES" / "django.po"))
todo = [e for e in indonesian if not e.translated() or "fuzzy" in e.flags]
for entry in todo:
    print(f"to translate (id): {entry.msgid!r}{'  [fuzzy]' if 'fuzzy' in entry.flags else ''}")
print(f"{len(todo)} Indonesian messages to translate")

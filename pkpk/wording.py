"""Texts staff own: the bodies of the letters, the reply form and the
feedback intros, kept as versions (pkpk.models.TeksTemplat) and written in a
tiny markup of our own, never the Django template language.

The markup, whole:
    a blank line          starts a new paragraph
    a line break          stays a line break
    **bold**  *italic*    closed on the same line, properly nested
    "- " at line starts   a bulleted list (every line of the paragraph)
    "1. " at line starts  a numbered list (every line of the paragraph)
    {{ name }}            a placeholder from the kind's fixed list

Everything else is text: it is escaped on output, so nothing an author writes
becomes a tag, an attribute or a URL WeasyPrint would fetch. HTML tags and
Django template tags are refused outright with a message, so an author learns
at once that they do nothing here."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import roles
from .models import JenisTemplat, TeksTemplat

MAX_LENGTH = 10000


@dataclass(frozen=True)
class Placeholder:
    name: str
    help: str
    # A block (a table, a list) stands alone in its own paragraph.
    block: bool = False
    # The class a paragraph holding it gets (the letter's long link wraps anywhere).
    css: str = ""


PLACEHOLDERS = {
    p.name: p
    for p in [
        Placeholder("nomor_surat", gettext_lazy("the letter's number")),
        Placeholder("tanggal_surat", gettext_lazy("the letter's date (5 Januari 2027)")),
        Placeholder("penerima", gettext_lazy("the recipient's position and name")),
        Placeholder("nama_perusahaan", gettext_lazy("the company's name")),
        Placeholder("alamat_perusahaan", gettext_lazy("the company's address and city")),
        Placeholder("tanggal_mulai", gettext_lazy("the first day of the internship")),
        Placeholder("tanggal_selesai", gettext_lazy("the last day of the internship")),
        Placeholder(
            "tabel_mahasiswa",
            gettext_lazy("the table of students (no, name, NIM, programme); on its own line"),
            block=True,
        ),
        Placeholder(
            "tautan_jawaban",
            gettext_lazy("the link where the company answers without an account"),
            css="tautan",
        ),
        Placeholder(
            "kontak_unit",
            gettext_lazy("the unit's name, abbreviation, telephone and e-mail"),
        ),
        Placeholder("nama_unit", gettext_lazy("the unit's name")),
        Placeholder("singkatan_unit", gettext_lazy("the unit's abbreviation")),
        Placeholder("nama_institusi", gettext_lazy("the institution's name")),
        # The e-mail that sends a letter (surat.company.delivery.letter_email).
        Placeholder(
            "jenis_surat", gettext_lazy("the kind of letter (surat permohonan magang, ...)")
        ),
        Placeholder("jabatan_penerima", gettext_lazy("the recipient's position")),
        Placeholder(
            "unit_singkat",
            gettext_lazy("the unit's abbreviation, or its name when it has none"),
        ),
        Placeholder(
            "daftar_mahasiswa",
            gettext_lazy("the numbered list of students (name, NIM, programme); on its own line"),
            block=True,
        ),
        Placeholder("berlaku_sampai", gettext_lazy("the last day the company's link works")),
        Placeholder(
            "tautan_verifikasi", gettext_lazy("the page where anyone checks the letter is genuine")
        ),
    ]
}


@dataclass(frozen=True)
class Kind:
    placeholders: tuple
    required: tuple = ()
    # A mail header: one line, no lists.
    one_line: bool = False
    allowed: frozenset = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "allowed", frozenset(self.placeholders))


_LETTER = (
    "nomor_surat",
    "tanggal_surat",
    "penerima",
    "nama_perusahaan",
    "alamat_perusahaan",
    "tanggal_mulai",
    "tanggal_selesai",
    "tabel_mahasiswa",
    "tautan_jawaban",
    "kontak_unit",
    "nama_unit",
    "singkatan_unit",
    "nama_institusi",
)

_EMAIL = (
    "nomor_surat",
    "tanggal_surat",
    "jenis_surat",
    "jabatan_penerima",
    "penerima",
    "nama_perusahaan",
    "daftar_mahasiswa",
    "tautan_jawaban",
    "berlaku_sampai",
    "tautan_verifikasi",
    "kontak_unit",
    "nama_unit",
    "singkatan_unit",
    "unit_singkat",
    "nama_institusi",
)

KINDS = {
    JenisTemplat.SURAT_PERMOHONAN: Kind(_LETTER, required=("tabel_mahasiswa",)),
    JenisTemplat.SURAT_PENGANTAR: Kind(_LETTER, required=("tabel_mahasiswa",)),
    JenisTemplat.SURAT_PENGANTAR_LAMPIRAN: Kind(_LETTER, required=("tabel_mahasiswa",)),
    JenisTemplat.BORANG_UMPAN_BALIK: Kind(
        ("nomor_surat", "nama_perusahaan", "nama_institusi", "nama_unit", "singkatan_unit")
    ),
    JenisTemplat.EMAIL_SURAT_SUBJEK: Kind(
        ("nomor_surat", "jenis_surat", "nama_perusahaan", "unit_singkat", "singkatan_unit"),
        one_line=True,
    ),
    JenisTemplat.EMAIL_PERMOHONAN: Kind(_EMAIL, required=("tautan_jawaban",)),
    JenisTemplat.EMAIL_PENGANTAR: Kind(_EMAIL, required=("tautan_jawaban",)),
    # The reply form a company may fill in (magang.reply_form).
    JenisTemplat.BALASAN_FO: Kind(
        ("nama_institusi", "nama_perusahaan", "nama_unit", "singkatan_unit")
    ),
    # The intro of the company's feedback page (surat.views.company.feedback).
    JenisTemplat.UMPAN_BALIK_WEB: Kind(
        ("nomor_surat", "nama_perusahaan", "nama_institusi", "nama_unit", "singkatan_unit")
    ),
}

# Kinds shown as e-mail text in the editor, not as a letter PDF.
EMAIL_KINDS = frozenset(
    {JenisTemplat.EMAIL_SURAT_SUBJEK, JenisTemplat.EMAIL_PERMOHONAN, JenisTemplat.EMAIL_PENGANTAR}
)
# Kinds shown as a web page's text in the editor.
WEB_KINDS = frozenset({JenisTemplat.UMPAN_BALIK_WEB})


# Parsing ------------------------------------------------------------------

# One line, no braces inside: "{{ a\n\n{{ b }}" is an unclosed "{{ a".
_PLACEHOLDER = re.compile(r"\{\{([^{}\n]*)\}\}")
_NAME = re.compile(r"[a-z_]+")
_TEMPLATE_TAG = re.compile(r"\{%|%\}|\{#|#\}")
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>\n]{0,40}>?")
_INLINE = re.compile(r"(\*\*|\*|\{\{\s*[a-z_]+\s*\}\})")
_BULLET = re.compile(r"- +")
_NUMBERED = re.compile(r"\d{1,3}\. +")
_TAGS = {"**": "strong", "*": "em"}


@dataclass
class Block:
    kind: str  # "p", "ul", "ol" or "block"
    lines: list  # of inline token lists; for "block", [name]
    css: str = ""


def parse(text: str, jenis) -> list:
    """The blocks of `text`, checked against the placeholders of `jenis`;
    raises ValidationError naming every problem found."""
    kind = KINDS[jenis]
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    errors = _check_whole(text, kind)
    if errors:
        raise ValidationError(errors)
    blocks = []
    for number, chunk in enumerate(re.split(r"\n[ \t]*\n\s*", text), start=1):
        block, problems = _parse_block(chunk, number)
        errors += problems
        if block is not None:
            blocks.append(block)
    if errors:
        raise ValidationError(errors)
    return blocks


def _check_whole(text, kind) -> list:
    errors = []
    if not text:
        return [_("The text is empty.")]
    if len(text) > MAX_LENGTH:
        errors.append(_("The text is too long: at most %(n)s characters.") % {"n": MAX_LENGTH})
    if kind.one_line and "\n" in text:
        errors.append(_("The subject must be a single line."))
    if _TEMPLATE_TAG.search(text):
        errors.append(
            _(
                "Template code such as %(example)s is not allowed: use only "
                "the placeholders listed beside the editor."
            )
            % {"example": "{% … %}, {# … #}"}
        )
    tag = _HTML_TAG.search(text)
    if tag:
        errors.append(
            _(
                "HTML is not allowed (found “%(tag)s”): write **bold**, *italic*, and a "
                "list with “- ” at the start of each line."
            )
            % {"tag": tag.group(0)}
        )
    used = set()
    for match in _PLACEHOLDER.finditer(text):
        name = match.group(1).strip()
        if not _NAME.fullmatch(name) or name not in PLACEHOLDERS:
            errors.append(_("Unknown placeholder “%(p)s”.") % {"p": match.group(0)[:60]})
        elif name not in kind.allowed:
            errors.append(
                _("The placeholder {{ %(name)s }} cannot be used in this text.") % {"name": name}
            )
        used.add(name)
    rest = _PLACEHOLDER.sub("", text)
    if "{{" in rest or "}}" in rest:
        errors.append(_("A placeholder is not closed: write it as {{ name }}."))
    for name in kind.required:
        if name not in used:
            errors.append(_("The text must contain {{ %(name)s }}.") % {"name": name})
    return errors


def _parse_block(chunk, number):
    lines = [line.strip() for line in chunk.split("\n")]
    only = _PLACEHOLDER.fullmatch(chunk.strip())
    if only and PLACEHOLDERS[only.group(1).strip()].block:
        return Block("block", [only.group(1).strip()]), []
    for match in _PLACEHOLDER.finditer(chunk):
        if PLACEHOLDERS[match.group(1).strip()].block:
            return None, [
                _("{{ %(name)s }} must stand alone in its own paragraph (paragraph %(n)s).")
                % {"name": match.group(1).strip(), "n": number}
            ]
    kind = "p"
    for marker, list_kind in ((_BULLET, "ul"), (_NUMBERED, "ol")):
        starts = [bool(marker.match(line)) for line in lines]
        if all(starts):
            kind = list_kind
            lines = [marker.sub("", line, count=1) for line in lines]
        elif starts[0]:
            return None, [
                _(
                    "Every line of a list must start with “- ” (or “1. ” for a numbered "
                    "list); leave a blank line after it (paragraph %(n)s)."
                )
                % {"n": number}
            ]
    parsed, errors = [], []
    for line in lines:
        tokens, problem = _parse_inline(line)
        if problem:
            errors.append(problem % {"n": number})
        parsed.append(tokens)
    css = ""
    for match in _PLACEHOLDER.finditer(chunk):
        css = css or PLACEHOLDERS[match.group(1).strip()].css
    return Block(kind, parsed, css), errors


def _parse_inline(line):
    tokens, open_marks = [], []
    for piece in _INLINE.split(line):
        if not piece:
            continue
        if piece in _TAGS:
            if open_marks and open_marks[-1] == piece:
                open_marks.pop()
                tokens.append(("close", _TAGS[piece]))
            elif piece in open_marks:
                return [], _(
                    "Bold and italic are crossed in paragraph %(n)s: close the inner one first."
                )
            else:
                open_marks.append(piece)
                tokens.append(("open", _TAGS[piece]))
        elif piece.startswith("{{"):
            tokens.append(("placeholder", piece[2:-2].strip()))
        else:
            tokens.append(("text", piece))
    if open_marks:
        return [], _("Bold (**) or italic (*) is not closed on the same line in paragraph %(n)s.")
    return tokens, None


# Rendering ----------------------------------------------------------------


def render_html(text: str, jenis, values: dict) -> SafeString:
    """`text` as HTML. Text is escaped; `values` maps each placeholder to a
    string (escaped here) or to HTML we built ourselves (SafeString)."""
    out = []
    for block in parse(text, jenis):
        if block.kind == "block":
            out.append(conditional_escape(values[block.lines[0]]))
            continue
        lines = ["".join(_inline_html(token, values) for token in line) for line in block.lines]
        if block.kind == "p":
            css = f' class="{block.css}"' if block.css else ""
            out.append(f"<p{css}>" + "<br>\n".join(lines) + "</p>")
        else:
            items = "".join(f"<li>{line}</li>" for line in lines)
            out.append(f"<{block.kind}>{items}</{block.kind}>")
    return mark_safe("\n".join(out))  # noqa: S308 - every piece escaped above


def _inline_html(token, values):
    kind, value = token
    if kind == "text":
        return escape(value)
    if kind == "placeholder":
        return conditional_escape(values[value])
    return f"<{value}>" if kind == "open" else f"</{value}>"


def render_text(text: str, jenis, values: dict) -> str:
    """`text` as plain text (an e-mail's text part): the marks dropped,
    lists written with "- " or "1. ", paragraphs parted by a blank line.
    `values` maps each placeholder to plain text."""
    out = []
    for block in parse(text, jenis):
        if block.kind == "block":
            out.append(str(values[block.lines[0]]))
            continue
        lines = ["".join(_inline_text(token, values) for token in line) for line in block.lines]
        if block.kind == "ul":
            lines = [f"- {line}" for line in lines]
        elif block.kind == "ol":
            lines = [f"{n}. {line}" for n, line in enumerate(lines, start=1)]
        out.append("\n".join(lines))
    return "\n\n".join(out)


def _inline_text(token, values):
    kind, value = token
    if kind == "text":
        return value
    if kind == "placeholder":
        return str(values[value])
    return ""


def render_subject(text: str, jenis, values: dict) -> str:
    """A one-line text (an e-mail's subject; parse refuses a second line)."""
    return " ".join(render_text(text, jenis, values).split())


# Versions -----------------------------------------------------------------


def current(jenis) -> TeksTemplat:
    """The version of `jenis` in force (the shipped default until staff
    write one: pkpk.initial_data adds it after every migrate or flush)."""
    version = TeksTemplat.objects.current(jenis)
    if version is None:
        raise TeksTemplat.DoesNotExist(f"no version of {jenis}")
    return version


def save_version(*, jenis, teks, by) -> TeksTemplat:
    """Add the next version of `jenis`, in force from now on. Refused whole
    (ValidationError) when the text has a problem; earlier versions stay."""
    if not roles.is_staf(by):
        raise PermissionDenied
    if jenis not in KINDS:
        raise ValidationError(_("Unknown kind of text."))
    teks = (teks or "").replace("\r\n", "\n").strip()
    parse(teks, jenis)
    with transaction.atomic():
        # The newest row is locked, so two editors saving at once get
        # consecutive versions; the unique constraint backs it up.
        latest = (
            TeksTemplat.objects.select_for_update().filter(jenis=jenis).order_by("-versi").first()
        )
        version = TeksTemplat(
            jenis=jenis, versi=(latest.versi if latest else 0) + 1, teks=teks, dibuat_oleh=by
        )
        version.full_clean()
        try:
            with transaction.atomic():
                version.save()
        except IntegrityError:
            raise ValidationError(
                _("Someone saved this text at the same moment. Reload the page and try again.")
            ) from None
    return version

"""The program's own words (menus, help, messages, headings) in the player's language.

Code writes its words in English and passes each through ``_``: ``_("Save the game")``, or with
fields, ``_("Saved to {slot}").format(slot=name)`` (the whole sentence is one entry, so a
translator can move the field). A language's words are a gettext PO file, ``game/locale/LANG.po``,
the format translators' tools read; Babel reads it, and only when a language other than English is
chosen, so an English game never imports it. A word without a translation, or with a fuzzy one,
stays English: never an empty label.

The language is one per process (a served game is a process per tab), set once at start-up by
``use_language``.
"""

from __future__ import annotations

import io
import re

ENGLISH = "en"
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")
"""A language code such as `fa` or `fa_IR`: it names a file, so nothing else is accepted."""
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ps", "ur", "yi"})
"""Languages written right to left (their base code: ``fa`` of ``fa_IR``)."""
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_MAX_CATALOG_BYTES = 4 * 1024 * 1024

BIDI_MODES = ("jangal", "terminal")
"""Who puts right-to-left text in order: Jangal (shaped and reordered for the many terminals that do
neither) or the terminal (mlterm, Konsole, GNOME Terminal with bidi on), given the text as written."""

_words: dict[str, str] = {}
_language = ENGLISH
_terminal_bidi = False


def _(english: str) -> str:
    """The program's words ``english`` in the chosen language (English where no translation is made)."""
    return _words.get(english, english)


def N_(english: str) -> str:
    """Marks words for translators where they are defined (a module constant, a class's key bindings) and leaves them
    English: they are translated where they are shown, with ``_``, so a language chosen later still applies."""
    return english


def use_language(code: str | None) -> bool:
    """Speak ``code`` from now on (None or ``en``: English). False when Jangal has no words in it yet."""
    global _language, _words
    _language, _words = ENGLISH, {}
    if not code or base_language(code) == ENGLISH:
        return True
    _language = code
    _words = program_catalog(code)
    return bool(_words)


def use_bidi(mode: str | None) -> None:
    """Who orders right-to-left text from now on: ``jangal`` (the default) or ``terminal``."""
    global _terminal_bidi
    _terminal_bidi = mode == "terminal"


def jangal_reorders() -> bool:
    """Whether Jangal shapes and reorders the text it shows (a right-to-left language, a terminal that does not)."""
    return is_right_to_left() and not _terminal_bidi


def mirrored() -> bool:
    """Whether the layout is mirrored (a right-to-left language, whoever orders its text)."""
    return is_right_to_left()


def local_date(date: str) -> str:
    """An author's date as the chosen language reads it: Solar Hijri beside Gregorian in Persian."""
    if not date:
        return ""
    if base_language(_language) == "fa":
        from game.story.persian_dates import format_date_fa

        return format_date_fa(date)
    from game.story.dates import format_date

    return format_date(date)


def local_moment(moment) -> str:
    """A moment (a save's time, already in the player's time zone) to the minute: ``2026-12-03 14:06``, in Persian
    the Solar Hijri ``۱۴۰۵/۰۹/۱۲ ۱۴:۰۶``."""
    if base_language(_language) != "fa":
        return moment.strftime("%Y-%m-%d %H:%M")
    import jdatetime  # only for a Persian game

    return local_digits(jdatetime.datetime.fromgregorian(datetime=moment).strftime("%Y/%m/%d %H:%M"))


def language() -> str:
    """The language chosen for this process."""
    return _language


def base_language(code: str) -> str:
    """``fa`` of ``fa_IR``."""
    return code.split("_", 1)[0]


def is_right_to_left(code: str | None = None) -> bool:
    """Whether the language (by default the one chosen) is written right to left."""
    return base_language(code or _language) in RIGHT_TO_LEFT


def local_digits(text: str, code: str | None = None) -> str:
    """Digits as the language writes them: Persian digits in Persian, unchanged otherwise."""
    return text.translate(_PERSIAN_DIGITS) if base_language(code or _language) == "fa" else text


def program_catalog(code: str) -> dict[str, str]:
    """English → translation of the program's words in ``code``, fuzzy and empty entries left out."""
    from importlib import resources  # only for another language: an English game never reads a catalog

    source = resources.files("game") / "locale" / f"{code}.po"
    try:
        data = source.read_bytes()
    except (FileNotFoundError, OSError):
        return {}
    if len(data) > _MAX_CATALOG_BYTES:
        return {}
    from babel.messages.pofile import read_po  # only for a translated game

    try:
        catalog = read_po(io.BytesIO(data))
    except Exception:  # a damaged catalog shows English rather than stopping the game
        return {}
    return {message.id: message.string for message in catalog if message.id and message.string and not message.fuzzy}

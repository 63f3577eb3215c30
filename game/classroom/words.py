"""The program's words in the language of one document, whatever language the process speaks.

A transcript is written, and verified, in the language it was played in; a class report is in the
teacher's. One process may do both (``jangal class-report`` verifies Persian and English transcripts
and reports in either), so a document's renderer takes a ``Words`` of its own language and calls it
``_`` (``_ = words``): the same ``_("…")`` calls the program's other words use, found by
``jangal translate extract --program`` and translated in ``game/locale/LANG.po``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from game.play.language import ENGLISH, base_language, is_right_to_left, local_digits, program_catalog
from game.story.dates import format_date
from game.story.model import Reliability


@dataclass(frozen=True)
class Words:
    """The program's words and the ways of writing numbers and dates in one language."""

    language: str = ENGLISH
    catalog: Mapping[str, str] = field(default_factory=dict, repr=False)
    """English → translation, fuzzy and empty entries left out (``program_catalog``)."""

    def __call__(self, english: str) -> str:
        """``english`` in this language, or English where it has no translation."""
        return self.catalog.get(english, english)

    @property
    def english(self) -> bool:
        """True for the story's own language: every word, number and date exactly as before translations."""
        return base_language(self.language) == ENGLISH

    @property
    def right_to_left(self) -> bool:
        """True when the language is written right to left (a page gets ``dir="rtl"``)."""
        return is_right_to_left(self.language)

    def number(self, value: int | str) -> str:
        """A number as the language writes its digits (``۱۲`` in Persian); no grouping."""
        return local_digits(str(value), self.language)

    def date(self, date: str) -> str:
        """An author's date: ``22 February 1921``, or in Persian ``۳ اسفند ۱۲۹۹ / ۲۲ فوریه ۱۹۲۱``."""
        if base_language(self.language) == "fa":
            from game.story.persian_dates import format_date_fa

            return format_date_fa(date)
        return format_date(date)

    def reliability(self, reliability: Reliability) -> str:
        """How far a note can be trusted, as players read it: ``documented``, ``مستند``."""
        _ = self
        labels = {
            Reliability.DOCUMENTED: _("documented"),
            Reliability.DISPUTED: _("disputed: historians disagree"),
            Reliability.INVENTED: _("invented for the game"),
        }
        return labels.get(reliability, reliability.label)

    def name(self, code: str) -> str:
        """A language's name in this language: ``Persian``, ``فارسی``."""
        _ = self
        names = {"en": _("English"), "fa": _("Persian")}
        return names.get(base_language(code), code)


ENGLISH_WORDS = Words()
"""The story's own language: every word, number and date as it is written."""


@cache
def words_in(code: str | None) -> Words:
    """The words of a language (English for None or ``en``), read once per process."""
    if not code or base_language(code) == ENGLISH:
        return ENGLISH_WORDS
    return Words(code, program_catalog(code))

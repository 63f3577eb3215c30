"""The program's own words for translators: ``game/locale/LANG.po``, extracted from the code's ``_("…")`` calls.

``jangal translate extract --program --lang fa`` finds every ``_("…")`` in Jangal's modules (Babel's
Python extractor, which reads string literals without running anything) and writes the catalog,
keeping every translation made; an entry whose English is gone is dropped, one whose English
changed cannot be matched and starts again. ``program_word_problems`` lists words with no
translation; ``jangal check --lang fa`` reports them with the story's.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

import game
from game.play.saves import write_atomically
from game.story.problems import Location, Problem, warning

HEADER = (
    "# The words of Jangal itself (menus, help, messages, headings), written by\n"
    "# `jangal translate extract --program --lang LANG`. Translate each msgstr; keep each {field} as it is."
)


@dataclass(frozen=True)
class ProgramWord:
    """One ``_("…")`` of the code and where it is."""

    english: str
    path: str
    line: int


def package_folder() -> Path:
    return Path(game.__file__).resolve().parent


def catalog_path(language: str) -> Path:
    return package_folder() / "locale" / f"{language}.po"


def program_words() -> list[ProgramWord]:
    """Every word the code passes through ``_``, first place first, each English once."""
    folder = package_folder()
    found: dict[str, ProgramWord] = {}
    method_map = [("**.py", "python")]
    for path, line, message, _comments, _context in extract_from_dir(
        str(folder), method_map, keywords={"_": None, "N_": None}, comment_tags=()
    ):
        if isinstance(message, str) and message and message not in found:
            found[message] = ProgramWord(message, f"game/{path}", line)
    return list(found.values())


def extract_program_words(language: str) -> tuple[Path, int, int]:
    """Write ``game/locale/LANG.po``; (its path, words, words translated)."""
    target = catalog_path(language)
    old = _read(target)
    catalog = Catalog(locale=language, project="Jangal", charset="utf-8", header_comment=HEADER)
    for word in program_words():
        before = old.get(word.english) if old is not None else None
        string = before.string if before is not None else ""
        flags = before.flags if before is not None else ()
        catalog.add(word.english, string, locations=[(word.path, word.line)], flags=flags)
    stream = io.BytesIO()
    write_po(stream, catalog, width=100, sort_output=False, omit_header=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, stream.getvalue())
    translated = sum(1 for message in catalog if message.id and message.string and not message.fuzzy)
    return target, len(catalog), translated


def program_word_problems(language: str) -> list[Problem]:
    """A warning for each of the program's words with no translation (or a fuzzy one) into ``language``."""
    target = catalog_path(language)
    catalog = _read(target)
    if catalog is None:
        hint = f"run `jangal translate extract --program --lang {language}`, then translate it"
        return [warning(f"Jangal's own words have no {language} translation ({target})", Location(str(target)), hint)]
    done = {message.id for message in catalog if message.id and message.string and not message.fuzzy}
    problems = []
    for word in program_words():
        if word.english not in done:
            hint = f"translate it in {target}"
            message = f"no {language} translation of Jangal's words {word.english!r}"
            problems.append(warning(message, Location(word.path, word.line), hint))
    return problems


def _read(path: Path) -> Catalog | None:
    try:
        return read_po(io.BytesIO(path.read_bytes()))
    except OSError:
        return None

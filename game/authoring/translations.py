"""Translation files: a gettext PO file per story folder and language, and the check that keeps it in step.

``jangal translate extract --lang fa`` writes ``<folder>/translations/fa.po`` for each story folder: one
entry per text a player is shown (``game.story.strings``), its stable identity as the entry's
context (``msgctxt``), the English as its ``msgid``, and the file and line it comes from. Poedit and
Weblate read the format; Babel writes and reads it. Extracting again keeps every translation: an
entry whose English changed keeps its translation marked fuzzy, with the English it translated.

``jangal check --lang fa`` reports each text with no translation at its own file and line, and each
translation made from English that has since changed (a fuzzy entry, or an entry whose English is
not the story's any more) at its line of the PO file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import denormalize, read_po, write_po

from game.play.language import LANGUAGE_CODE
from game.play.saves import write_atomically
from game.story.model import Story
from game.story.problems import Location, Problem, warning
from game.story.safe_files import read_limited
from game.story.strings import StoryString, story_strings

MAX_PO_BYTES = 16 * 1024 * 1024
HEADER = (
    "# A translation of the story's texts, written by `jangal translate extract`.\n"
    "# Translate each msgstr; msgctxt is the text's identity, msgid the English it translates.\n"
    "# `jangal check --lang LANG` lists what is missing and what the English has changed under."
)


class TranslationError(ValueError):
    """A translation file cannot be read or written; the message says why and what to do."""


@dataclass(frozen=True)
class Extracted:
    """What ``extract`` wrote for one story folder."""

    path: Path
    strings: int
    translated: int
    stale: int


def check_language(code: str) -> str:
    """The language code, or TranslationError with an example."""
    if not LANGUAGE_CODE.fullmatch(code):
        raise TranslationError(f"`{code}` is not a language code: write one such as `fa` or `fa_IR`")
    return code


def po_file(folder: Path, language: str) -> Path:
    """Where a story folder keeps its translation into a language."""
    return folder / "translations" / f"{check_language(language)}.po"


def extract(story: Story, folders: Sequence[Path], language: str) -> list[Extracted]:
    """Write (or bring up to date) each folder's PO file; every translation already made is kept."""
    written = []
    for folder, strings in _by_folder(story, folders).items():
        target = po_file(folder, language)
        old = _read(target) if target.exists() else Catalog(locale=language)
        catalog = Catalog(locale=language, project=story.title, charset="utf-8", header_comment=HEADER)
        whole = folder.resolve()
        for item in strings:
            entry = _entry(item, old)
            source = Path(item.location.path).resolve().relative_to(whole).as_posix()
            entry.locations = [(source, item.location.line or None)]
            catalog[item.text] = entry  # keyed by the English and the entry's context, the text's identity
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, _po_bytes(catalog))
        except OSError as exc:
            raise TranslationError(f"cannot write {target}: {exc.strerror or exc}") from None
        messages = [catalog.get(item.text, item.id) for item in strings]
        translated = sum(1 for message in messages if message.string)
        stale = sum(1 for message in messages if message.fuzzy)
        written.append(Extracted(target, len(strings), translated, stale))
    return written


def translation_problems(story: Story, folders: Sequence[Path], language: str) -> list[Problem]:
    """Texts without a translation, and translations of English that has changed since."""
    problems = []
    for folder, strings in _by_folder(story, folders).items():
        target = po_file(folder, language)
        if not target.exists():
            hint = f"run `jangal translate extract --lang {language}` to write it, then translate it"
            message = f"no {language} translation for this folder ({target})"
            problems.append(warning(message, Location(str(folder)), hint))
            continue
        try:
            catalog = _read(target)
        except TranslationError as exc:
            problems.append(warning(str(exc), Location(str(target)), "fix the file, or extract it again"))
            continue
        problems += _missing_and_stale(strings, catalog, target, language)
    return problems


def load_translations(story: Story, folders: Sequence[Path], language: str) -> dict[str, str]:
    """Identity → translation, for each text whose translation is made from the English the story has now.

    A fuzzy translation, or one of English since changed, is left out: the text shows in English rather
    than say something the story no longer says. A missing or damaged file gives nothing (``check --lang``
    says why).
    """
    texts = {}
    for folder, strings in _by_folder(story, folders).items():
        target = po_file(folder, language)
        try:
            catalog = _read(target) if target.exists() else None
        except TranslationError:
            catalog = None
        if catalog is None:
            continue
        english = {item.id: item.text for item in strings}
        for message in catalog:
            current = message.context in english and message.id == english[message.context]
            if current and message.string and not message.fuzzy:
                texts[message.context] = message.string
    return texts


def _missing_and_stale(strings: list[StoryString], catalog: Catalog, target: Path, language: str) -> list[Problem]:
    by_context = {message.context: message for message in catalog if message.id and message.context}
    problems = []
    for item in strings:
        message = by_context.get(item.id)
        if message is None or not message.string:
            hint = f'translate the entry `msgctxt "{item.id}"` in {target}'
            problems.append(warning(f"no {language} translation of `{item.id}`", item.location, hint))
        elif message.fuzzy or message.id != item.text:
            where = Location(str(target), message.lineno or 0)
            hint = "the English changed since it was translated: update the translation, then remove `#, fuzzy`"
            problems.append(warning(f"the {language} translation of `{item.id}` is stale", where, hint))
    return problems


def _entry(item: StoryString, old: Catalog) -> Message:
    """The entry for a text: its translation kept; made fuzzy where the English it translated has changed.

    What a translator keeps in the entry stays with it on every extraction: their comments, and on a
    stale entry the English it was translated from (``#|``), which Poedit shows as the change to make.
    """
    same = old.get(item.text, item.id)
    if same is not None and same.string:
        return Message(
            item.text,
            same.string,
            context=item.id,
            flags=same.flags,
            previous_id=same.previous_id if same.fuzzy else (),
            user_comments=same.user_comments,
        )
    earlier = next((message for message in old if message.context == item.id and message.string), None)
    if earlier is None:
        return Message(item.text, "", context=item.id)
    translated_from = earlier.previous_id if earlier.fuzzy and earlier.previous_id else [earlier.id]
    return Message(
        item.text,
        earlier.string,
        context=item.id,
        flags={"fuzzy"},
        previous_id=translated_from,
        user_comments=earlier.user_comments,
    )


def _by_folder(story: Story, folders: Sequence[Path]) -> dict[Path, list[StoryString]]:
    """The story's texts by the folder they are written in (the first that holds their file)."""
    resolved = [(folder, folder.resolve()) for folder in folders]
    found: dict[Path, list[StoryString]] = {folder: [] for folder in folders}
    for item in story_strings(story):
        written = Path(item.location.path).resolve()
        home = next((folder for folder, whole in resolved if written.is_relative_to(whole)), None)
        if home is not None:
            found[home].append(item)
    return {folder: strings for folder, strings in found.items() if strings}


def _read(path: Path) -> Catalog:
    try:
        data = read_limited(path, MAX_PO_BYTES)
        catalog = read_po(io.BytesIO(data))
        for message in catalog:
            _take_previous_english(message)
        return catalog
    except OSError as exc:
        raise TranslationError(f"cannot read {path}: {exc.strerror or exc}") from None
    except Exception as exc:  # Babel raises plain errors for a damaged file (PoFileError, ValueError, ...)
        raise TranslationError(f"{path} is not a readable PO file: {exc}") from None


def _take_previous_english(message: Message) -> None:
    """Move the English a stale entry was translated from (its ``#|`` lines) out of its comments.

    Babel writes ``#| msgid`` but reads those lines back as translator comments, one per line; left so,
    the next write would turn them into ``# |`` comments and the entry would lose what it translated.
    """
    lines = [comment[1:].strip() for comment in message.user_comments if comment.startswith("|")]
    if not lines or not lines[0].startswith("msgid "):
        return
    message.user_comments = [comment for comment in message.user_comments if not comment.startswith("|")]
    message.previous_id = [denormalize("\n".join([lines[0].removeprefix("msgid "), *lines[1:]]))]


def _po_bytes(catalog: Catalog) -> bytes:
    stream = io.BytesIO()
    write_po(stream, catalog, width=100, include_previous=True, sort_output=False)
    return stream.getvalue()

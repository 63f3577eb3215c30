"""What a transcript document shows, gathered once for both formats, and the data block it embeds.

The Markdown and HTML renderers (``render_md``, ``render_html``) draw from these records; the
data block (JSON inside a comment or a script element) is what ``jangal verify`` replays.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from game.classroom.transcript import Transcript
from game.classroom.words import ENGLISH_WORDS, Words, words_in
from game.play.engine import Engine, StepTexts
from game.play.language import _
from game.play.state import GameState
from game.story.model import Ending, EndingKind, Note, Scene, Story

MARKDOWN_OPENING = "<!-- jangal-transcript"
MARKDOWN_CLOSING = "-->"
HTML_OPENING = '<script type="application/json" id="jangal-transcript">'
HTML_CLOSING = "</script>"
KIND_LABELS = {EndingKind.HISTORICAL: "the historical ending", EndingKind.DIVERGENT: "a divergent ending"}
"""An ending's kind in English (``kind_label`` in a document's language)."""


def kind_label(kind: EndingKind, words: Words) -> str:
    """``the historical ending`` or ``a divergent ending``, in the words' language."""
    _ = words
    return _("the historical ending") if kind is EndingKind.HISTORICAL else _("a divergent ending")


class NoTranscriptData(ValueError):
    """The text holds no embedded transcript data at all."""


class LongerThanLimit(ValueError):
    """A document being written has grown past the length it was allowed (see ``within``)."""


def within(parts: Iterable[str], limit: int | None) -> list[str]:
    """The parts, made one by one; LongerThanLimit as soon as together they pass ``limit`` characters.

    ``jangal verify`` writes a document again to compare it with a file: a document longer than the
    file cannot match it, so writing stops there, and the work stays in proportion to the file.
    """
    made, length = [], 0
    for part in parts:
        made.append(part)
        length += len(part)
        if limit is not None and length > limit:
            raise LongerThanLimit(f"the document passes {limit:,} characters")
    return made


# ---------------------------------------------------------------------------------------------
# What a transcript shows, gathered once for both formats


@dataclass(frozen=True, slots=True)
class StepRecord:
    """One choice of the path, with everything the document says about it."""

    number: int
    scene: Scene
    when: str
    """The scene's date and place, in the document's language (``when_and_where``)."""
    chapter: str
    text: str
    """The scene's text as the player read it (the paragraphs the state on entering it selects)."""
    choice: str
    consequence: str
    """The choice's consequence as shown after it."""
    followed: bool | None
    """True or False at a decision, None where history marks no choice."""
    historical: str
    """History's choice, at a decision."""
    note: Note | None
    """The scene's historical note, shown at decisions."""
    decision: str
    """What was really decided there, by whom and when (at a decision; else "")."""


@dataclass(frozen=True, slots=True)
class Contents:
    """Everything a transcript document shows, in order."""

    transcript: Transcript
    story: Story
    began: str
    steps: tuple[StepRecord, ...]
    final: Scene
    final_text: str
    """The last scene's text, as the final state shows it."""
    epilogue: str
    """The ending's epilogue as the final state shows it ("" when the game is not finished)."""
    final_chapter: str
    divergence: str
    decisions: tuple[StepRecord, ...]
    words: Words = ENGLISH_WORDS
    """The program's words, numbers and dates in the transcript's language."""
    final_when: str = ""
    """The last scene's date and place."""

    @property
    def ending(self) -> Ending | None:
        """The ending reached, or None when the game is not finished."""
        return self.final.ending

    @property
    def outcome(self) -> str:
        """The ending's title and kind, or where an unfinished game stands."""
        _ = self.words
        if self.ending is None:
            return _("not finished: the game stands at “{scene}”").format(scene=self.final.title)
        return _("“{ending}”, {kind}").format(ending=self.ending.title, kind=kind_label(self.ending.kind, self.words))


def gather(story: Story, transcript: Transcript, state: GameState) -> Contents:
    """The contents of a transcript, from the story (in its language) and the replayed state of its path."""
    engine = Engine(story)
    words = words_in(transcript.language)
    texts = engine.path_texts(state)
    steps = tuple(_record(engine, number, shown, words) for number, shown in enumerate(texts, start=1))
    return Contents(
        transcript=transcript,
        story=story,
        began=_began(story, transcript.origin, words),
        steps=steps,
        final=engine.scene(state),
        final_text=engine.scene_text(state),
        epilogue=engine.epilogue_text(state),
        final_chapter=_chapter_title(story, engine.scene(state)),
        divergence=divergence_sentence(engine, state, words),
        decisions=tuple(step for step in steps if step.followed is not None),
        words=words,
        final_when=when_and_where(engine.scene(state), words),
    )


def header_facts(contents: Contents, escape: Callable[[str], str], code: str) -> list[tuple[str, str]]:
    """The transcript's cover, label by label, in either format: ``escape`` makes a text safe, ``code`` is the
    verification code as the format marks it up. Labels are the words' own; the format escapes them."""
    transcript, _ = contents.transcript, contents.words
    version = _("{version} (exported with Jangal {jangal})").format(
        version=escape(transcript.fingerprint[:8]), jangal=escape(transcript.jangal)
    )
    translated = transcript.translated
    return [
        (_("Student"), escape(transcript.name or _("(no name given)"))),
        (_("Began"), escape(contents.began)),
        (_("Choices made"), _.number(len(contents.steps))),
        (_("Outcome"), escape(contents.outcome)),
        (_("History"), escape(contents.divergence)),
        *([(_("Language"), escape(_.name(transcript.language)))] if translated else []),
        (_("Verification code"), code),
        (_("Story version"), version),
        *([(_("Translation version"), escape(transcript.translation[:8]))] if translated else []),
    ]


def divergence_sentence(engine: Engine, state: GameState, words: Words) -> str:
    """One sentence on how closely a path kept to history, in the words' language."""
    return engine.divergence_sentence(state, words, words.number)


def _record(engine: Engine, number: int, shown: StepTexts, words: Words) -> StepRecord:
    step = shown.step
    scene = engine.story.scenes[step.scene]
    choice = scene.choices[step.choice]
    return StepRecord(
        number=number,
        scene=scene,
        when=when_and_where(scene, words),
        chapter=_chapter_title(engine.story, scene),
        text=shown.text,
        choice=choice.text,
        consequence=shown.consequence,
        followed=step.followed_history,
        historical=engine.historical_text(step),
        note=scene.note if step.is_decision else None,
        decision=engine.decision_sentence(step.scene) if step.is_decision else "",
    )


def _chapter_title(story: Story, scene: Scene) -> str:
    chapter = story.chapters.get(scene.chapter)
    return chapter.title if chapter else scene.chapter


def _began(story: Story, origin: str | None, words: Words) -> str:
    _ = words
    if origin is None:
        return _("at the start of the story")
    chapter = story.chapters.get(origin)
    return _("at the chapter “{chapter}”").format(chapter=chapter.title if chapter else origin)


def when_and_where(scene: Scene, words: Words = ENGLISH_WORDS) -> str:
    """``5 June 1920 · Rasht``, whichever of the two the scene has (the date in the words' calendar)."""
    return " · ".join(part for part in (words.date(scene.date) if scene.date else "", scene.place) if part)


def verdict_text(step: StepRecord, words: Words = ENGLISH_WORDS) -> tuple[str, str]:
    """The mark and the sentence saying whether a choice followed history."""
    _ = words
    if step.followed is None:
        return "·", _("History marks no choice here.")
    if step.followed:
        return "✓", _("You followed history: {decision}").format(decision=step.decision)
    historical = step.historical or _("(no longer in the story)")
    sentence = _("History went another way: {decision}. History's choice here: {historical}")
    return "✗", sentence.format(decision=step.decision.rstrip("."), historical=historical)


# ---------------------------------------------------------------------------------------------
# The embedded data block


def data_json(transcript: Transcript) -> str:
    """The data block's JSON, with <, > and & escaped so it can end neither a comment nor a script."""
    fields = []
    for key, value in transcript.to_json().items():
        if key == "choices":  # one choice a line: short, and easy to read beside the visible text
            shown = "[\n" + ",\n".join(f"  {json.dumps(pick, ensure_ascii=False)}" for pick in value) + "\n ]"
            shown = shown if value else "[]"
        else:
            shown = json.dumps(value, ensure_ascii=False)
        fields.append(f" {json.dumps(key)}: {shown}")
    text = "{\n" + ",\n".join(fields) + "\n}"
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def extract(text: str) -> tuple[str, object]:
    """The format (``md`` or ``html``) and the parsed data block of a transcript's text.

    The block is the text after the last opening line, up to the closing line that follows it (Jangal
    writes one block, at the end). It is found with two plain string searches, so the work is linear in
    the text's length whatever the text holds: a regular expression searching from each of many
    openings for a closing that never comes would be quadratic.
    NoTranscriptData when there is no block; ValueError when the block is not complete JSON.
    """
    for fmt, opening, closing in (
        ("html", HTML_OPENING, HTML_CLOSING),
        ("md", MARKDOWN_OPENING, MARKDOWN_CLOSING),
    ):
        block = _last_block(text, opening + "\n", "\n" + closing)
        if block is not None:
            try:
                return fmt, json.loads(block)
            except (json.JSONDecodeError, RecursionError):
                raise ValueError(_("its data block is not readable JSON")) from None
    raise NoTranscriptData(_("it holds no Jangal transcript data"))


def _last_block(text: str, opening: str, closing: str) -> str | None:
    """What lies between the last ``opening`` and the first ``closing`` after it; None without an opening."""
    start = text.rfind(opening)
    if start < 0:
        return None
    start += len(opening)
    end = text.find(closing, start)
    if end < 0:
        raise ValueError(_("its data block is not complete: it is never closed"))
    return text[start:end]

"""A transcript as Markdown: story text as the author wrote it, names and titles escaped."""

import re

from game.classroom.contents import (
    MARKDOWN_CLOSING,
    MARKDOWN_OPENING,
    Contents,
    StepRecord,
    data_json,
    header_facts,
    kind_label,
    verdict_text,
    within,
)
from game.classroom.words import Words
from game.story.model import Note

# ---------------------------------------------------------------------------------------------
# Markdown

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_inline(text: str) -> str:
    """A piece of plain text (a name, a title) that Markdown shows exactly as it is."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def md_cell(text: str) -> str:
    """Plain text for a Markdown table cell."""
    return md_inline(" ".join(text.split()))


def md_quote(text: str) -> str:
    """Markdown text as a block quote."""
    return "\n".join(f"> {line}".rstrip() for line in text.strip().splitlines())


def render_markdown(contents: Contents, limit: int | None = None) -> str:
    """The transcript as Markdown: readable as plain text, and in any Markdown viewer.

    LongerThanLimit when the steps pass ``limit`` characters (``contents.within``).
    """
    parts = [_md_header(contents)]
    parts += within((_md_step(step, contents.words) for step in contents.steps), limit)
    parts.append(_md_final(contents))
    parts.append(_md_path(contents))
    parts.append(f"{MARKDOWN_OPENING}\n{data_json(contents.transcript)}\n{MARKDOWN_CLOSING}")
    return "\n\n".join(part.strip("\n") for part in parts) + "\n"


def _md_header(contents: Contents) -> str:
    transcript, _ = contents.transcript, contents.words
    facts = header_facts(contents, md_inline, f"`{transcript.code}`")
    return "\n".join(
        [
            _("# Jangal transcript: {title}").format(title=md_inline(contents.story.title)),
            "",
            *(f"- **{label}:** {value}" for label, value in facts),
            "",
            md_quote(_("Check it with `jangal verify FILE`: a change to any word of it is detected.")),
        ]
    )


def _md_scene_heading(level: str, title: str, where: str, chapter: str) -> str:
    byline = " · ".join(part for part in (where, chapter) if part)
    return f"{level} {md_inline(title)}\n\n*{md_inline(byline)}*" if byline else f"{level} {md_inline(title)}"


def _md_step(step: StepRecord, words: Words) -> str:
    _ = words
    mark, verdict = verdict_text(step, words)
    parts = [
        _md_scene_heading("##", f"{_.number(step.number)}. {step.scene.title}", step.when, step.chapter),
        step.text.strip(),
        _("**You chose:** {choice}").format(choice=md_inline(step.choice)),
    ]
    if step.consequence.strip():
        parts.append(step.consequence.strip())
    parts.append(f"{mark} **{md_inline(verdict)}**")
    if step.note is not None:
        parts.append(_md_note(step.note, words))
    return "\n\n".join(parts)


def _md_note(note: Note, words: Words) -> str:
    _ = words
    heading = _("**Historical note** ({reliability})").format(reliability=_.reliability(note.reliability))
    lines = [heading, "", note.text.strip()]
    if note.sources:
        lines += ["", _("*Sources:* {sources}").format(sources=md_inline("; ".join(note.sources)))]
    return md_quote("\n".join(lines))


def _md_final(contents: Contents) -> str:
    scene, _ = contents.final, contents.words
    number = _.number(len(contents.steps) + 1)
    if contents.ending is None:
        title = _("{number}. Where the game stands: {scene}").format(number=number, scene=scene.title)
        heading = _md_scene_heading("##", title, contents.final_when, contents.final_chapter)
        unfinished = _("*The game is not finished: the transcript ends here.*")
        return f"{heading}\n\n{contents.final_text.strip()}\n\n{unfinished}"
    ending = contents.ending
    the_end = _("### The end: {ending} ({kind})").format(
        ending=md_inline(ending.title), kind=kind_label(ending.kind, _)
    )
    return "\n\n".join(
        [
            _md_scene_heading("##", f"{number}. {scene.title}", contents.final_when, contents.final_chapter),
            contents.final_text.strip(),
            the_end,
            contents.epilogue.strip(),
            _("### What really happened"),
            ending.what_really_happened.strip(),
        ]
    )


def _md_path(contents: Contents) -> str:
    _ = contents.words
    lines = [_("## Your path and history"), "", md_inline(contents.divergence)]
    if contents.decisions:
        lines += ["", _("| # | Scene | Your choice | History's choice | |"), "|---|---|---|---|---|"]
        for step in contents.decisions:
            mark, _verdict = verdict_text(step, contents.words)
            historical = step.historical or _("(no longer in the story)")
            cells = (_.number(step.number), md_cell(step.scene.title), md_cell(step.choice), md_cell(historical), mark)
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)

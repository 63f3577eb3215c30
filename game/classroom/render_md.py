"""A transcript as Markdown: story text as the author wrote it, names and titles escaped."""

import re

from game.classroom.contents import (
    KIND_LABELS,
    MARKDOWN_CLOSING,
    MARKDOWN_OPENING,
    Contents,
    StepRecord,
    data_json,
    verdict_text,
    when_and_where,
    within,
)
from game.story.model import Note, Scene

# ---------------------------------------------------------------------------------------------
# Markdown

VERIFY_HINT = "Check it with `jangal verify FILE`: a change to any word of it is detected."

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
    parts += within((_md_step(step) for step in contents.steps), limit)
    parts.append(_md_final(contents))
    parts.append(_md_path(contents))
    parts.append(f"{MARKDOWN_OPENING}\n{data_json(contents.transcript)}\n{MARKDOWN_CLOSING}")
    return "\n\n".join(part.strip("\n") for part in parts) + "\n"


def _md_header(contents: Contents) -> str:
    transcript = contents.transcript
    return "\n".join(
        [
            f"# Jangal transcript: {md_inline(contents.story.title)}",
            "",
            f"- **Student:** {md_inline(transcript.shown_name)}",
            f"- **Began:** {md_inline(contents.began)}",
            f"- **Choices made:** {len(contents.steps)}",
            f"- **Outcome:** {md_inline(contents.outcome)}",
            f"- **History:** {md_inline(contents.divergence)}",
            f"- **Verification code:** `{transcript.code}`",
            f"- **Story version:** {transcript.fingerprint[:8]} (exported with Jangal {md_inline(transcript.jangal)})",
            "",
            md_quote(VERIFY_HINT),
        ]
    )


def _md_scene_heading(level: str, title: str, scene: Scene, chapter: str) -> str:
    where = when_and_where(scene)
    byline = " · ".join(part for part in (where, chapter) if part)
    return f"{level} {md_inline(title)}\n\n*{md_inline(byline)}*" if byline else f"{level} {md_inline(title)}"


def _md_step(step: StepRecord) -> str:
    mark, verdict = verdict_text(step)
    parts = [
        _md_scene_heading("##", f"{step.number}. {step.scene.title}", step.scene, step.chapter),
        step.text.strip(),
        f"**You chose:** {md_inline(step.choice)}",
    ]
    if step.consequence.strip():
        parts.append(step.consequence.strip())
    parts.append(f"{mark} **{md_inline(verdict)}**")
    if step.note is not None:
        parts.append(_md_note(step.note))
    return "\n\n".join(parts)


def _md_note(note: Note) -> str:
    lines = [f"**Historical note** ({note.reliability.label})", "", note.text.strip()]
    if note.sources:
        lines += ["", "*Sources:* " + md_inline("; ".join(note.sources))]
    return md_quote("\n".join(lines))


def _md_final(contents: Contents) -> str:
    scene = contents.final
    number = len(contents.steps) + 1
    if contents.ending is None:
        title = f"{number}. Where the game stands: {scene.title}"
        heading = _md_scene_heading("##", title, scene, contents.final_chapter)
        return f"{heading}\n\n{contents.final_text.strip()}\n\n*The game is not finished: the transcript ends here.*"
    ending = contents.ending
    return "\n\n".join(
        [
            _md_scene_heading("##", f"{number}. {scene.title}", scene, contents.final_chapter),
            contents.final_text.strip(),
            f"### The end: {md_inline(ending.title)} ({KIND_LABELS[ending.kind]})",
            contents.epilogue.strip(),
            "### What really happened",
            ending.what_really_happened.strip(),
        ]
    )


def _md_path(contents: Contents) -> str:
    lines = ["## Your path and history", "", md_inline(contents.divergence)]
    if contents.decisions:
        lines += ["", "| # | Scene | Your choice | History's choice | |", "|---|---|---|---|---|"]
        for step in contents.decisions:
            mark, _ = verdict_text(step)
            historical = step.historical or "(no longer in the story)"
            cells = (str(step.number), md_cell(step.scene.title), md_cell(step.choice), md_cell(historical), mark)
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)

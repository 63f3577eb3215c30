"""Transcripts as documents: Markdown and one self-contained HTML page, with their data embedded.

Both are pure functions of the story, the transcript and the replayed state, so ``jangal
verify`` can regenerate a document and compare it with the file character for character.
Story text is written as the author wrote it in Markdown output, and rendered (with raw HTML
and links switched off) and escaped in HTML output. No UI is imported.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cache

from game.dates import format_date
from game.engine import Engine
from game.model import Ending, EndingKind, Note, Scene, Story
from game.state import GameState, Step
from game.transcript import Transcript, replay, transcript_of

FORMATS = ("md", "html")
MARKDOWN_OPENING = "<!-- jangal-transcript"
MARKDOWN_CLOSING = "-->"
HTML_OPENING = '<script type="application/json" id="jangal-transcript">'
HTML_CLOSING = "</script>"
KIND_LABELS = {EndingKind.HISTORICAL: "the historical ending", EndingKind.DIVERGENT: "a divergent ending"}
VERIFY_HINT = "Check it with `jangal verify FILE`: a change to any word of it is detected."


class NoTranscriptData(ValueError):
    """The text holds no embedded transcript data at all."""


# ---------------------------------------------------------------------------------------------
# What a transcript shows, gathered once for both formats


@dataclass(frozen=True, slots=True)
class StepRecord:
    """One choice of the path, with everything the document says about it."""

    number: int
    scene: Scene
    chapter: str
    choice: str
    consequence: str
    followed: bool | None
    """True or False at a decision, None where history marks no choice."""
    historical: str
    """History's choice, at a decision."""
    note: Note | None
    """The scene's historical note, shown at decisions."""


@dataclass(frozen=True, slots=True)
class Contents:
    """Everything a transcript document shows, in order."""

    transcript: Transcript
    story: Story
    began: str
    steps: tuple[StepRecord, ...]
    final: Scene
    final_chapter: str
    divergence: str
    decisions: tuple[StepRecord, ...]

    @property
    def ending(self) -> Ending | None:
        """The ending reached, or None when the game is not finished."""
        return self.final.ending

    @property
    def outcome(self) -> str:
        """The ending's title and kind, or where an unfinished game stands."""
        if self.ending is None:
            return f"not finished: the game stands at “{self.final.title}”"
        return f"“{self.ending.title}”, {KIND_LABELS[self.ending.kind]}"


def gather(story: Story, transcript: Transcript, state: GameState) -> Contents:
    """The contents of a transcript, from the story and the replayed state of its path."""
    engine = Engine(story)
    steps = tuple(_record(engine, number, step) for number, step in enumerate(state.path, start=1))
    return Contents(
        transcript=transcript,
        story=story,
        began=_began(story, transcript.origin),
        steps=steps,
        final=engine.scene(state),
        final_chapter=_chapter_title(story, engine.scene(state)),
        divergence=engine.divergence_sentence(state),
        decisions=tuple(step for step in steps if step.followed is not None),
    )


def _record(engine: Engine, number: int, step: Step) -> StepRecord:
    scene = engine.story.scenes[step.scene]
    choice = scene.choices[step.choice]
    return StepRecord(
        number=number,
        scene=scene,
        chapter=_chapter_title(engine.story, scene),
        choice=choice.text,
        consequence=choice.consequence,
        followed=step.followed_history,
        historical=engine.historical_text(step),
        note=scene.note if step.is_decision else None,
    )


def _chapter_title(story: Story, scene: Scene) -> str:
    chapter = story.chapters.get(scene.chapter)
    return chapter.title if chapter else scene.chapter


def _began(story: Story, origin: str | None) -> str:
    if origin is None:
        return "at the start of the story"
    chapter = story.chapters.get(origin)
    return f"at the chapter “{chapter.title if chapter else origin}”"


def when_and_where(scene: Scene) -> str:
    """``5 June 1920 · Rasht``, whichever of the two the scene has."""
    return " · ".join(part for part in (format_date(scene.date) if scene.date else "", scene.place) if part)


def verdict_text(step: StepRecord) -> tuple[str, str]:
    """The mark and the sentence saying whether a choice followed history."""
    if step.followed is None:
        return "·", "History marks no choice here."
    if step.followed:
        return "✓", "You followed history: this is what really happened."
    return "✗", f"History went another way: {step.historical or '(no longer in the story)'}"


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

    NoTranscriptData when there is no block; ValueError when the block is not JSON.
    """
    for fmt, opening, closing in (
        ("html", HTML_OPENING, HTML_CLOSING),
        ("md", MARKDOWN_OPENING, MARKDOWN_CLOSING),
    ):
        blocks = re.findall(re.escape(opening) + r"\n(.*?)\n" + re.escape(closing), text, flags=re.DOTALL)
        if blocks:
            try:
                return fmt, json.loads(blocks[-1])
            except (json.JSONDecodeError, RecursionError):
                raise ValueError("its data block is not readable JSON") from None
    raise NoTranscriptData("it holds no Jangal transcript data")


def document_of(story: Story, state: GameState, name: str, fmt: str) -> tuple[str, Transcript]:
    """A game's transcript, written from a replay of its choices exactly as `jangal verify` will write it again.

    ReplayError when the path does not play in the story as it is now; ValueError for a bad name.
    """
    record = transcript_of(story, state, name)
    return render(story, record, replay(story, record.origin, record.picks), fmt), record


def render(story: Story, transcript: Transcript, state: GameState, fmt: str) -> str:
    """The whole document in a format (``md`` or ``html``)."""
    contents = gather(story, transcript, state)
    return render_markdown(contents) if fmt == "md" else render_html(contents)


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


def render_markdown(contents: Contents) -> str:
    """The transcript as Markdown: readable as plain text, and in any Markdown viewer."""
    parts = [_md_header(contents)]
    parts += [_md_step(step) for step in contents.steps]
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
        step.scene.text.strip(),
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
        return f"{heading}\n\n{scene.text.strip()}\n\n*The game is not finished: the transcript ends here.*"
    ending = contents.ending
    return "\n\n".join(
        [
            _md_scene_heading("##", f"{number}. {scene.title}", scene, contents.final_chapter),
            scene.text.strip(),
            f"### The end: {md_inline(ending.title)} ({KIND_LABELS[ending.kind]})",
            ending.epilogue.strip(),
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


# ---------------------------------------------------------------------------------------------
# HTML

BASE_CSS = """
:root {
  --ink: #222; --muted: #5f5a50; --accent: #2f5d50; --gold: #9a6b12; --rule: #d9d2c3;
  --paper: #fbf8f1; --card: #ffffff; --followed: #2e6b30; --departed: #a4560a;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--paper); color: var(--ink);
  font: 17px/1.6 Georgia, "Iowan Old Style", "Palatino Linotype", "Times New Roman", serif;
}
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1, h2, h3 { line-height: 1.25; }
h1 { font-size: 1.9rem; margin: 0.2rem 0 1rem; }
h2 { font-size: 1.35rem; margin: 2.6rem 0 0.2rem; color: var(--accent); }
h3 { font-size: 1.1rem; margin: 1.6rem 0 0.3rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
.kicker {
  margin: 0; font: 600 0.78rem/1.2 system-ui, "Segoe UI", Arial, sans-serif;
  letter-spacing: 0.12em; text-transform: uppercase; color: var(--accent);
}
.cover { border-bottom: 3px double var(--rule); padding-bottom: 1rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1.2rem; margin: 0 0 1rem; }
.facts dt { font-weight: bold; color: var(--muted); }
.facts dd { margin: 0; }
.code {
  padding: 0 0.35em; font-size: 1.05em; letter-spacing: 0.06em;
  background: var(--card); border: 1px solid var(--rule);
}
.hint { color: var(--muted); font-size: 0.9em; }
.byline { margin: 0 0 0.8rem; font-style: italic; color: var(--muted); }
.number { color: var(--muted); font-weight: normal; }
.choice { margin: 1.1rem 0; padding: 0.5rem 1rem; background: var(--card); border-left: 5px solid var(--rule); }
.choice p { margin: 0.3rem 0; }
.choice.followed { border-left-color: var(--followed); }
.choice.departed { border-left-color: var(--departed); }
.verdict { font-weight: bold; }
.followed .verdict { color: var(--followed); }
.departed .verdict { color: var(--departed); }
.note { margin: 1rem 0; padding: 0.4rem 1rem; font-size: 0.92em; background: #f1ecdf; border: 1px solid var(--rule); }
.note-head { font-weight: bold; margin: 0.4rem 0; }
.note-head span { font-weight: normal; font-style: italic; color: var(--muted); }
.sources { color: var(--muted); font-size: 0.9em; }
.ending-title { color: var(--gold); }
.unfinished { font-style: italic; color: var(--muted); }
table { width: 100%; border-collapse: collapse; font-size: 0.92em; }
th, td { padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; border-bottom: 1px solid var(--rule); }
th {
  font-family: system-ui, "Segoe UI", Arial, sans-serif; font-size: 0.85em; color: var(--muted); white-space: nowrap;
}
td a { color: inherit; }
td.mark { font-weight: bold; text-align: center; }
tr.followed td.mark { color: var(--followed); }
tr.departed td.mark { color: var(--departed); }
footer {
  margin-top: 3rem; padding-top: 0.5rem; border-top: 1px solid var(--rule);
  color: var(--muted); font-size: 0.85em;
}
@media print {
  @page { margin: 2cm; }
  body { background: none; color: #000; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .choice, .note, .code { background: none; }
  h1, h2, h3, .byline { break-after: avoid; }
  .choice, .note, .facts, tr { break-inside: avoid; }
}
"""


@cache
def _markdown():
    """A Markdown renderer for story text: no raw HTML, no links or images (nothing may load from outside)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).disable(
        ["link", "image", "autolink", "reference", "html_inline", "html_block"]
    )


def html_markdown(text: str) -> str:
    """Story Markdown as safe HTML."""
    return _markdown().render(text.strip()).strip()


def esc(text: str) -> str:
    """Plain text escaped for HTML (quotes too, so it is safe in attributes)."""
    return html.escape(text, quote=True)


def html_page(title: str, body: str, css: str, trailer: str = "") -> str:
    """A self-contained HTML page: inline CSS, no scripts to run, nothing loaded from outside."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        f"{trailer}</body>\n</html>\n"
    )


def render_html(contents: Contents) -> str:
    """The transcript as one HTML file that reads and prints without anything else."""
    parts = [_html_header(contents)]
    parts += [_html_step(step) for step in contents.steps]
    parts.append(_html_final(contents))
    parts.append(_html_path(contents))
    transcript = contents.transcript
    parts.append(
        f"<footer>Exported with Jangal {esc(transcript.jangal)} · story version {esc(transcript.fingerprint[:8])} · "
        f"verification code {esc(transcript.code)}</footer>"
    )
    trailer = f"{HTML_OPENING}\n{data_json(transcript)}\n{HTML_CLOSING}\n"
    title = f"Jangal transcript: {transcript.shown_name} — {contents.story.title}"
    return html_page(title, "\n".join(parts), BASE_CSS, trailer)


def _html_header(contents: Contents) -> str:
    transcript = contents.transcript
    facts = [
        ("Student", esc(transcript.shown_name)),
        ("Began", esc(contents.began)),
        ("Choices made", str(len(contents.steps))),
        ("Outcome", esc(contents.outcome)),
        ("History", esc(contents.divergence)),
        ("Verification code", f'<code class="code">{esc(transcript.code)}</code>'),
        ("Story version", f"{esc(transcript.fingerprint[:8])} (exported with Jangal {esc(transcript.jangal)})"),
    ]
    rows = "\n".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts)
    return (
        '<header class="cover">\n<p class="kicker">Jangal transcript</p>\n'
        f"<h1>{esc(contents.story.title)}</h1>\n"
        f'<dl class="facts">\n{rows}\n</dl>\n'
        '<p class="hint">Check it with <code>jangal verify FILE</code>: '
        "a change to any word of it is detected.</p>\n</header>"
    )


def _html_heading(number: int, title: str, scene: Scene, chapter: str) -> str:
    byline = " · ".join(part for part in (when_and_where(scene), chapter) if part)
    heading = f'<h2><span class="number">{number}.</span> {esc(title)}</h2>'
    return f'{heading}\n<p class="byline">{esc(byline)}</p>' if byline else heading


def _html_step(step: StepRecord) -> str:
    mark, verdict = verdict_text(step)
    kind = {True: "followed", False: "departed", None: "neutral"}[step.followed]
    choice = [f"<p><strong>You chose:</strong> {esc(step.choice)}</p>"]
    if step.consequence.strip():
        choice.append(f'<div class="consequence">{html_markdown(step.consequence)}</div>')
    choice.append(f'<p class="verdict"><span class="mark">{mark}</span> {esc(verdict)}</p>')
    parts = [
        f'<section class="step" id="step-{step.number}">',
        _html_heading(step.number, step.scene.title, step.scene, step.chapter),
        f'<div class="text">{html_markdown(step.scene.text)}</div>',
        f'<div class="choice {kind}">\n' + "\n".join(choice) + "\n</div>",
    ]
    if step.note is not None:
        parts.append(_html_note(step.note))
    parts.append("</section>")
    return "\n".join(parts)


def _html_note(note: Note) -> str:
    sources = f'<p class="sources">Sources: {esc("; ".join(note.sources))}</p>' if note.sources else ""
    return (
        f'<aside class="note">\n<p class="note-head">Historical note <span>({esc(note.reliability.label)})</span></p>\n'
        f"{html_markdown(note.text)}\n{sources}</aside>"
    )


def _html_final(contents: Contents) -> str:
    scene = contents.final
    number = len(contents.steps) + 1
    if contents.ending is None:
        return "\n".join(
            [
                '<section class="final">',
                _html_heading(number, f"Where the game stands: {scene.title}", scene, contents.final_chapter),
                f'<div class="text">{html_markdown(scene.text)}</div>',
                '<p class="unfinished">The game is not finished: the transcript ends here.</p>',
                "</section>",
            ]
        )
    ending = contents.ending
    return "\n".join(
        [
            '<section class="final ending">',
            _html_heading(number, scene.title, scene, contents.final_chapter),
            f'<div class="text">{html_markdown(scene.text)}</div>',
            f'<h3 class="ending-title">The end: {esc(ending.title)} ({KIND_LABELS[ending.kind]})</h3>',
            f'<div class="epilogue">{html_markdown(ending.epilogue)}</div>',
            "<h3>What really happened</h3>",
            f'<div class="history">{html_markdown(ending.what_really_happened)}</div>',
            "</section>",
        ]
    )


def _html_path(contents: Contents) -> str:
    parts = ['<section class="path">', "<h2>Your path and history</h2>", f"<p>{esc(contents.divergence)}</p>"]
    if contents.decisions:
        rows = []
        for step in contents.decisions:
            mark, _ = verdict_text(step)
            kind = "followed" if step.followed else "departed"
            historical = step.historical or "(no longer in the story)"
            cells = [
                f'<a href="#step-{step.number}">{step.number}</a>',
                esc(step.scene.title),
                esc(step.choice),
                esc(historical),
            ]
            row = "".join(f"<td>{cell}</td>" for cell in cells) + f'<td class="mark">{mark}</td>'
            rows.append(f'<tr class="{kind}">{row}</tr>')
        parts.append(
            "<table>\n<thead><tr><th>#</th><th>Scene</th><th>Your choice</th><th>History's choice</th>"
            '<th><span title="followed history?">✓/✗</span></th></tr></thead>\n<tbody>\n'
            + "\n".join(rows)
            + "\n</tbody>\n</table>"
        )
    parts.append("</section>")
    return "\n".join(parts)

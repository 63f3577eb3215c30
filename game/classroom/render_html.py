"""A transcript as one self-contained HTML page.

Story Markdown is rendered with raw HTML and links switched off, and every other text is escaped.
"""

import html
from functools import cache

from game.classroom.contents import (
    HTML_CLOSING,
    HTML_OPENING,
    KIND_LABELS,
    Contents,
    StepRecord,
    data_json,
    verdict_text,
    when_and_where,
    within,
)
from game.story.model import Note, Scene

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


def render_html(contents: Contents, limit: int | None = None) -> str:
    """The transcript as one HTML file that reads and prints without anything else.

    LongerThanLimit when the steps pass ``limit`` characters (``contents.within``).
    """
    parts = [_html_header(contents)]
    parts += within((_html_step(step) for step in contents.steps), limit)
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
        f'<div class="text">{html_markdown(step.text)}</div>',
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
                f'<div class="text">{html_markdown(contents.final_text)}</div>',
                '<p class="unfinished">The game is not finished: the transcript ends here.</p>',
                "</section>",
            ]
        )
    ending = contents.ending
    return "\n".join(
        [
            '<section class="final ending">',
            _html_heading(number, scene.title, scene, contents.final_chapter),
            f'<div class="text">{html_markdown(contents.final_text)}</div>',
            f'<h3 class="ending-title">The end: {esc(ending.title)} ({KIND_LABELS[ending.kind]})</h3>',
            f'<div class="epilogue">{html_markdown(contents.epilogue)}</div>',
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

"""A transcript as one self-contained HTML page.

Story Markdown is rendered with raw HTML and links switched off, and every other text is escaped.
"""

import html
from functools import cache

from game.classroom.contents import (
    HTML_CLOSING,
    HTML_OPENING,
    Contents,
    StepRecord,
    data_json,
    header_facts,
    kind_label,
    verdict_text,
    within,
)
from game.classroom.words import ENGLISH_WORDS, Words
from game.story.model import Note

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


RIGHT_TO_LEFT_CSS = """
body, th, .kicker {
  font-family: Vazirmatn, "Noto Naskh Arabic", "Noto Sans Arabic", Tahoma, "Segoe UI", "DejaVu Sans", sans-serif;
}
body { line-height: 1.9; }
.kicker { letter-spacing: normal; text-transform: none; }
.byline, .unfinished, .note-head span { font-style: normal; }
code, .code { direction: ltr; unicode-bidi: isolate; }
p, li, h1, h2, h3, dd, td { unicode-bidi: plaintext; }
"""
"""What a right-to-left document adds: a font stack that shapes Persian (and Arabic) letters, no letter-spacing
(it would pull joined letters apart) and no slanted text (Persian type has no italics)."""
_LOGICAL = (
    ("border-left-color", "border-inline-start-color"),
    ("border-left", "border-inline-start"),
    ("text-align: left", "text-align: start"),
)


def page_css(css: str, words: Words) -> str:
    """A page's styles in the words' direction: left and right as start and end, so a Persian page mirrors.

    The English styles are left exactly as they were (a transcript written before is still verified).
    """
    if not words.right_to_left:
        return css
    for physical, logical in _LOGICAL:
        css = css.replace(physical, logical)
    return css + RIGHT_TO_LEFT_CSS


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


def html_page(title: str, body: str, css: str, trailer: str = "", words: Words = ENGLISH_WORDS) -> str:
    """A self-contained HTML page in the words' language: inline CSS, no scripts to run, nothing loaded from outside."""
    return (
        "<!DOCTYPE html>\n"
        f'{html_opening(words)}\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{page_css(css, words)}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n"
        f"{trailer}</body>\n</html>\n"
    )


def html_opening(words: Words) -> str:
    """``<html lang="en">``, or ``<html lang="fa" dir="rtl">`` for a page in Persian."""
    direction = ' dir="rtl"' if words.right_to_left else ""
    return f'<html lang="{esc(words.language.replace("_", "-"))}"{direction}>'


def render_html(contents: Contents, limit: int | None = None) -> str:
    """The transcript as one HTML file that reads and prints without anything else.

    LongerThanLimit when the steps pass ``limit`` characters (``contents.within``).
    """
    _ = contents.words
    parts = [_html_header(contents)]
    parts += within((_html_step(step, _) for step in contents.steps), limit)
    parts.append(_html_final(contents))
    parts.append(_html_path(contents))
    transcript = contents.transcript
    footer = _("Exported with Jangal {jangal} · story version {version} · verification code {code}").format(
        jangal=esc(transcript.jangal), version=esc(transcript.fingerprint[:8]), code=esc(transcript.code)
    )
    parts.append(f"<footer>{footer}</footer>")
    trailer = f"{HTML_OPENING}\n{data_json(transcript)}\n{HTML_CLOSING}\n"
    title = _("Jangal transcript: {name} — {title}").format(
        name=transcript.name or _("(no name given)"), title=contents.story.title
    )
    return html_page(title, "\n".join(parts), BASE_CSS, trailer, _)


def _html_header(contents: Contents) -> str:
    transcript, _ = contents.transcript, contents.words
    facts = header_facts(contents, esc, f'<code class="code">{esc(transcript.code)}</code>')
    rows = "\n".join(f"<dt>{html.escape(label, quote=False)}</dt><dd>{value}</dd>" for label, value in facts)
    hint = _("Check it with <code>jangal verify FILE</code>: a change to any word of it is detected.")
    kicker = esc(_("Jangal transcript"))
    return (
        f'<header class="cover">\n<p class="kicker">{kicker}</p>\n'
        f"<h1>{esc(contents.story.title)}</h1>\n"
        f'<dl class="facts">\n{rows}\n</dl>\n'
        f'<p class="hint">{_markup_hint(hint)}</p>\n</header>'
    )


def _markup_hint(hint: str) -> str:
    """The hint escaped, its one ``<code>…</code>`` kept (a translation's words never become markup)."""
    before, found, rest = hint.partition("<code>")
    code, closed, after = rest.partition("</code>")
    if not (found and closed):
        return esc(hint)
    return f"{esc(before)}<code>{esc(code)}</code>{esc(after)}"


def _html_heading(number: str, title: str, where: str, chapter: str) -> str:
    byline = " · ".join(part for part in (where, chapter) if part)
    heading = f'<h2><span class="number">{number}.</span> {esc(title)}</h2>'
    return f'{heading}\n<p class="byline">{esc(byline)}</p>' if byline else heading


def _html_step(step: StepRecord, words: Words) -> str:
    _ = words
    mark, verdict = verdict_text(step, words)
    kind = {True: "followed", False: "departed", None: "neutral"}[step.followed]
    chose = _("<strong>You chose:</strong> {choice}")
    choice = [f"<p>{_strong(chose, esc(step.choice))}</p>"]
    if step.consequence.strip():
        choice.append(f'<div class="consequence">{html_markdown(step.consequence)}</div>')
    choice.append(f'<p class="verdict"><span class="mark">{mark}</span> {esc(verdict)}</p>')
    parts = [
        f'<section class="step" id="step-{step.number}">',
        _html_heading(_.number(step.number), step.scene.title, step.when, step.chapter),
        f'<div class="text">{html_markdown(step.text)}</div>',
        f'<div class="choice {kind}">\n' + "\n".join(choice) + "\n</div>",
    ]
    if step.note is not None:
        parts.append(_html_note(step.note, words))
    parts.append("</section>")
    return "\n".join(parts)


def _strong(template: str, choice: str) -> str:
    """``<strong>You chose:</strong> …`` from its translation, the words escaped and the one ``<strong>`` kept."""
    before, found, rest = template.partition("<strong>")
    label, closed, after = rest.partition("</strong>")
    if not (found and closed):
        return esc(template).replace("{choice}", choice)
    return f"{esc(before)}<strong>{esc(label)}</strong>{esc(after).replace('{choice}', choice)}"


def _html_note(note: Note, words: Words) -> str:
    _ = words
    sources = ""
    if note.sources:
        listed = _("Sources: {sources}").format(sources="; ".join(note.sources))
        sources = f'<p class="sources">{esc(listed)}</p>'
    head, reliability = esc(_("Historical note")), esc(_.reliability(note.reliability))
    return (
        f'<aside class="note">\n<p class="note-head">{head} <span>({reliability})</span></p>\n'
        f"{html_markdown(note.text)}\n{sources}</aside>"
    )


def _html_final(contents: Contents) -> str:
    scene, _ = contents.final, contents.words
    number = _.number(len(contents.steps) + 1)
    if contents.ending is None:
        title = _("Where the game stands: {scene}").format(scene=scene.title)
        unfinished = esc(_("The game is not finished: the transcript ends here."))
        return "\n".join(
            [
                '<section class="final">',
                _html_heading(number, title, contents.final_when, contents.final_chapter),
                f'<div class="text">{html_markdown(contents.final_text)}</div>',
                f'<p class="unfinished">{unfinished}</p>',
                "</section>",
            ]
        )
    ending = contents.ending
    the_end = _("The end: {ending} ({kind})").format(ending=ending.title, kind=kind_label(ending.kind, _))
    happened = esc(_("What really happened"))
    return "\n".join(
        [
            '<section class="final ending">',
            _html_heading(number, scene.title, contents.final_when, contents.final_chapter),
            f'<div class="text">{html_markdown(contents.final_text)}</div>',
            f'<h3 class="ending-title">{esc(the_end)}</h3>',
            f'<div class="epilogue">{html_markdown(contents.epilogue)}</div>',
            f"<h3>{happened}</h3>",
            f'<div class="history">{html_markdown(ending.what_really_happened)}</div>',
            "</section>",
        ]
    )


def _html_path(contents: Contents) -> str:
    _ = contents.words
    heading, divergence = esc(_("Your path and history")), esc(contents.divergence)
    parts = ['<section class="path">', f"<h2>{heading}</h2>", f"<p>{divergence}</p>"]
    if contents.decisions:
        rows = []
        for step in contents.decisions:
            mark, _verdict = verdict_text(step, _)
            kind = "followed" if step.followed else "departed"
            historical = step.historical or _("(no longer in the story)")
            cells = [
                f'<a href="#step-{step.number}">{_.number(step.number)}</a>',
                esc(step.scene.title),
                esc(step.choice),
                esc(historical),
            ]
            row = "".join(f"<td>{cell}</td>" for cell in cells) + f'<td class="mark">{mark}</td>'
            rows.append(f'<tr class="{kind}">{row}</tr>')
        headings = "".join(
            f"<th>{html.escape(label, quote=False)}</th>"
            for label in ("#", _("Scene"), _("Your choice"), _("History's choice"))
        )
        followed = esc(_("followed history?"))
        parts.append(
            f"<table>\n<thead><tr>{headings}"
            f'<th><span title="{followed}">✓/✗</span></th></tr></thead>\n<tbody>\n'
            + "\n".join(rows)
            + "\n</tbody>\n</table>"
        )
    parts.append("</section>")
    return "\n".join(parts)

"""The class report as one self-contained HTML page: bar charts in inline SVG, a section per student.

Everything on the page is escaped, and it loads nothing from outside and runs no script, so it can be
opened from a USB stick on a projector with no network. Each student's page is a section of the same
file, reached from the students table by an anchor and printed on a page of its own, so the teacher has
one file to open, mail or put on the LMS, and no links that break when it is moved.
"""

from __future__ import annotations

import html

from game.classroom.class_files import shown_name
from game.classroom.class_report import (
    ClassReport,
    Counted,
    DecisionRow,
    decision_rows,
    followed_line,
    ignored_line,
    outcome_of,
    where_line,
)
from game.classroom.contents import when_and_where
from game.classroom.render_html import BASE_CSS, esc, html_page
from game.classroom.words import Words, words_in
from game.play.language import _, language
from game.story.model import EndingKind


def _words() -> Words:
    """The teacher's language: the report's words, numbers and dates."""
    return words_in(language())


def words_html(text: str) -> str:
    """The program's words in a page, escaped (quotes kept as they are: never in an attribute)."""
    return html.escape(text, quote=False)


def _n(value: int) -> str:
    return _words().number(value)


REPORT_CSS = """
.summary { margin: 0 0 1rem; }
.decision { margin: 1.6rem 0; break-inside: avoid; }
.decision figcaption { margin-bottom: 0.4rem; }
.decision figcaption .byline { display: inline; margin: 0; margin-inline-start: 0.4rem; }
.reached { color: var(--muted); font-size: 0.9em; }
figure { margin: 0; }
.option {
  display: grid; grid-template-columns: minmax(0, 1fr) 13rem 5.5rem; gap: 0.2rem 0.8rem;
  align-items: center; padding: 0.2rem 0; border-bottom: 1px dotted var(--rule);
}
.option .label { font-size: 0.95em; }
.option.historical .label { font-weight: bold; }
.tag {
  margin-inline-start: 0.3rem; padding: 0 0.35rem; font: 600 0.7rem/1.4 system-ui, "Segoe UI", Arial, sans-serif;
  color: var(--gold); border: 1px solid var(--gold); border-radius: 3px; text-transform: uppercase;
  letter-spacing: 0.05em; vertical-align: 0.1em;
}
.bar { display: block; width: 100%; height: 0.9rem; }
.count { font-variant-numeric: tabular-nums; text-align: end; font-size: 0.9em; }
.count .share { color: var(--muted); }
.rejected li { margin: 0.3rem 0; }
.student { margin-top: 3rem; padding-top: 1rem; border-top: 3px double var(--rule); }
.student h2 { margin-top: 0.2rem; }
.rejected .file { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
@media (max-width: 40rem) {
  .option { grid-template-columns: minmax(0, 1fr) 5.5rem; }
  .option .bar { grid-column: 1 / -1; grid-row: 2; }
}
@media print {
  .decision, .option { break-inside: avoid; }
  .student { break-before: page; border-top: none; margin-top: 0; }
}
"""


BAR_COLOURS = {True: "#9a6b12", False: "#2f5d50"}


TRACK_COLOUR = "#e7e1d3"


def svg_bar(share: float, historical: bool, label: str) -> str:
    """A horizontal bar as inline SVG: its fill prints even where browsers drop CSS backgrounds."""
    width = f"{max(0.0, min(share, 1.0)) * 100:.1f}"
    return (
        f'<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="{esc(label)}">'
        f'<rect width="100" height="10" fill="{TRACK_COLOUR}"/>'
        f'<rect width="{width}" height="10" fill="{BAR_COLOURS[historical]}"/></svg>'
    )


def _option_row(label_html: str, students: int, total: int, historical: bool) -> str:
    share = students / total if total else 0.0
    spoken = _("{students} of {total} students").format(students=_n(students), total=_n(total))
    percent = _words().number(f"{share:.0%}")
    return (
        f'<div class="option{" historical" if historical else ""}">'
        f'<div class="label">{label_html}</div>{svg_bar(share, historical, spoken)}'
        f'<div class="count">{_n(students)} <span class="share">· {percent}</span></div></div>'
    )


def _tag() -> str:
    history = words_html(_("history"))
    return f' <span class="tag">{history}</span>'


def class_report_html(report: ClassReport) -> str:
    """The report as one self-contained page in the teacher's language: inline CSS and SVG, no scripts, nothing
    loaded from outside."""
    story = report.story
    summary = _("{counted} transcripts counted · {rejected} not counted · story version {version}").format(
        counted=_n(len(report.counted)), rejected=_n(len(report.rejected)), version=esc(story.fingerprint[:8])
    )
    hint = _(
        "Each student counts once at each decision they reached, with the first choice they made there. "
        "{tag} marks what really happened."
    )
    kicker = words_html(_("Jangal class report"))
    parts = [
        f'<header class="cover">\n<p class="kicker">{kicker}</p>',
        f"<h1>{esc(story.title)}</h1>",
        f'<p class="summary">{summary}{_folder_words(report)}</p>',
        f'<p class="hint">{esc(hint).replace("{tag}", _tag().strip())}</p>\n</header>',
        _html_places(report),
        _html_departures(report),
        _html_decisions(report),
        _html_endings(report),
        _html_students(report),
        _html_rejected(report),
        _html_student_pages(report),
    ]
    title = _("Jangal class report — {title}").format(title=story.title)
    return html_page(title, "\n".join(part for part in parts if part), BASE_CSS + REPORT_CSS, words=_words())


def _folder_words(report: ClassReport) -> str:
    """`` · folder <code>name</code>``, left out of an anonymous report (a folder may bear a student's name)."""
    if report.anonymous:
        left_out = words_html(_("names left out"))
        return f" · {left_out}"
    kind = _("zip") if report.folder.is_file() else _("folder")
    return f" · {esc(kind)} <code>{esc(shown_name(report.folder.name))}</code>"


def _html_places(report: ClassReport) -> str:
    """Where the files were found, when any came from a sub-folder or a zip; and how many were ignored."""
    lines = [line for line in (where_line(report), ignored_line(report) if report.ignored else "") if line]
    return "<section>" + "".join(f'<p class="hint">{esc(line)}</p>' for line in lines) + "</section>" if lines else ""


def _html_decisions(report: ClassReport) -> str:
    heading = words_html(_("Decisions"))
    if not report.decisions:
        nothing = words_html(_("No counted transcript reached a decision."))
        return f"<section><h2>{heading}</h2>\n<p>{nothing}</p></section>"
    figures = []
    for decision in report.decisions:
        scene = decision.scene
        rows = [
            _option_row(
                esc(option.text) + (_tag() if option.historical else ""),
                option.students,
                decision.reached,
                option.historical,
            )
            for option in decision.options
        ]
        where = when_and_where(scene, _words())
        byline = f'<span class="byline">{esc(where)}</span>' if where else ""
        reached = _("{reached} of {total} students reached it").format(
            reached=_n(decision.reached), total=_n(len(report.counted))
        )
        figures.append(
            f'<figure class="decision">\n<figcaption><strong>{esc(scene.title)}</strong>{byline}<br>'
            f'<span class="reached">{esc(reached)}</span></figcaption>\n' + "\n".join(rows) + "\n</figure>"
        )
    return f"<section>\n<h2>{heading}</h2>\n" + "\n".join(figures) + "\n</section>"


def _kind_word(kind: EndingKind) -> str:
    return _("historical") if kind is EndingKind.HISTORICAL else _("divergent")


def _html_endings(report: ClassReport) -> str:
    if not report.counted:
        return ""
    total = len(report.counted)
    rows = [
        _option_row(
            f"{esc(ending.scene.ending.title)} "
            f'<span class="reached">({words_html(_kind_word(ending.scene.ending.kind))})</span>',
            ending.students,
            total,
            ending.scene.ending.kind is EndingKind.HISTORICAL,
        )
        for ending in report.endings
    ]
    if report.unfinished:
        unfinished = words_html(_("not finished"))
        label = f'<span class="reached">{unfinished}</span>'
        rows.append(_option_row(label, report.unfinished, total, False))
    heading = words_html(_("Endings"))
    return f'<section>\n<h2>{heading}</h2>\n<figure class="decision">\n' + "\n".join(rows) + "\n</figure>\n</section>"


def _html_students(report: ClassReport) -> str:
    if not report.counted:
        return ""
    mixed = any(entry.transcript.translated for entry in report.counted)
    file_cell = "" if report.anonymous else '<td class="file">{}</td>'
    nameless = _("(no name given)")
    rows = "\n".join(
        f'<tr><td><a href="#student-{number}">{esc(entry.transcript.name or nameless)}</a></td>'
        f"{file_cell.format(esc(entry.source.label))}"
        f"<td>{_n(len(entry.transcript.picks))}</td><td>{esc(followed_line(report.story, entry))}</td>"
        f"<td>{esc(outcome_of(report.story, entry))}</td>"
        + (f"<td>{esc(_words().name(entry.transcript.language))}</td>" if mixed else "")
        + "</tr>"
        for number, entry in enumerate(report.counted, start=1)
    )
    shared = _("“{name}” is the name on more than one counted transcript (all are counted).")
    notes = "".join(f'<p class="hint">{esc(shared.format(name=name))}</p>' for name in report.shared_names)
    headings = [_("Name"), *([] if report.anonymous else [_("File")]), _("Choices"), _("Followed history")]
    headings += [_("Ending"), *([_("Language")] if mixed else [])]
    cells = "".join(f"<th>{words_html(heading)}</th>" for heading in headings)
    hint, heading = words_html(_("A name leads to that student's page.")), words_html(_("Students"))
    return (
        f'<section id="students">\n<h2>{heading}</h2>\n'
        f'<p class="hint">{hint}</p>\n'
        f"<table>\n<thead><tr>{cells}</tr></thead>\n<tbody>\n"
        f"{rows}\n</tbody>\n</table>\n{notes}</section>"
    )


def _html_rejected(report: ClassReport) -> str:
    if not report.rejected:
        return ""
    items = "\n".join(
        f'<li><span class="file">{esc(rejected.source.label)}</span>: {esc(rejected.reason)}</li>'
        for rejected in report.rejected
    )
    heading = words_html(_("Not counted"))
    return f'<section class="rejected">\n<h2>{heading}</h2>\n<ul>\n{items}\n</ul>\n</section>'


def _html_departures(report: ClassReport) -> str:
    """Where the class first left history: for each decision, the students whose first departure it was."""
    total = sum(tally.students for tally in report.departures)
    if not total:
        return ""
    rows = []
    for tally in report.departures:
        if tally.scene is None:
            never = words_html(_("never left history"))
            label = f'<span class="reached">{never}</span>'
        else:
            where = when_and_where(tally.scene, _words())
            label = esc(tally.scene.title) + (f' <span class="reached">· {esc(where)}</span>' if where else "")
        rows.append(_option_row(label, tally.students, total, tally.scene is None))
    hint = _(
        "Each of the {total} students who reached a decision counts once: at the first decision where their choice "
        "was not history's, or as never having left it."
    ).format(total=_n(total))
    heading = words_html(_("Where the class first left history"))
    return (
        f'<section id="first-departures">\n<h2>{heading}</h2>\n'
        f'<p class="hint">{esc(hint)}</p>\n'
        '<figure class="decision">\n' + "\n".join(rows) + "\n</figure>\n</section>"
    )


def _html_student_pages(report: ClassReport) -> str:
    """A section per student, each printed on a page of its own."""
    if not report.counted:
        return ""
    pages = [_student_page(report, number, entry) for number, entry in enumerate(report.counted, start=1)]
    return "\n".join(pages)


def _student_page(report: ClassReport, number: int, entry: Counted) -> str:
    """One student: where the file was found, the ending, and each decision beside history's."""
    story = report.story
    rows = decision_rows(story, entry)
    departed = next((row for row in rows if not row.followed), None)
    followed = _("at {followed} decisions").format(followed=followed_line(story, entry))
    facts = [
        (_("File"), f'<span class="file">{esc(entry.source.label)}</span>') if not report.anonymous else None,
        (_("Ending"), esc(outcome_of(story, entry))),
        (_("Followed history"), esc(followed)),
        (_("First left history"), esc(departed.scene.title if departed else _("never"))) if rows else None,
        (_("Language"), esc(_words().name(entry.transcript.language))) if entry.transcript.translated else None,
    ]
    listed = "\n".join(f"<dt>{words_html(label)}</dt><dd>{value}</dd>" for label, value in filter(None, facts))
    nothing = words_html(_("No decision reached."))
    table = _decision_table(rows) if rows else f'<p class="hint">{nothing}</p>'
    kicker = _("Student page {number} of {total}").format(number=_n(number), total=_n(len(report.counted)))
    name, back = entry.transcript.name or _("(no name given)"), words_html(_("Back to the students"))
    return (
        f'<section class="student" id="student-{number}">\n<p class="kicker">{esc(kicker)}</p>\n'
        f"<h2>{esc(name)}</h2>\n"
        f'<dl class="facts">\n{listed}\n</dl>\n{table}\n'
        f'<p class="hint"><a href="#students">{back}</a></p>\n</section>'
    )


def _decision_table(rows: list[DecisionRow]) -> str:
    """A student's decisions, in the order reached, with the first choice made at each (as the report counts)."""
    body = "\n".join(
        f'<tr class="{"followed" if row.followed else "departed"}"><td>{_n(row.number)}</td>'
        f"<td>{esc(row.scene.title)}</td><td>{esc(row.chosen)}</td><td>{esc(row.historical)}</td>"
        f'<td class="mark">{"✓" if row.followed else "✗"}</td></tr>'
        for row in rows
    )
    headings = ("#", _("Decision"), _("Their choice"), _("History's choice"), "✓/✗")
    cells = "".join(f"<th>{words_html(heading)}</th>" for heading in headings)
    return f"<table>\n<thead><tr>{cells}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"

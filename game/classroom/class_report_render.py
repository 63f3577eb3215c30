"""The class report drawn for people: tables in the terminal, and one HTML page with bar charts."""

from __future__ import annotations

from game.classroom.class_files import shown_name
from game.classroom.class_report import ClassReport, followed_line, outcome_of
from game.classroom.contents import when_and_where
from game.classroom.render_html import BASE_CSS, esc, html_page
from game.story.dates import format_date
from game.story.model import EndingKind

KIND_WORDS = {EndingKind.HISTORICAL: "historical", EndingKind.DIVERGENT: "divergent"}


def print_class_report(console, report: ClassReport) -> None:
    """The report as Rich tables: decisions, endings, students, then the files not counted."""
    from rich.markup import escape

    story = report.story
    console.print(
        f"[bold]Class report[/]: {len(report.counted)} transcript{'s' if len(report.counted) != 1 else ''} counted, "
        f"{len(report.rejected)} not counted — “{escape(story.title)}” {story.fingerprint[:8]}",
        highlight=False,
        soft_wrap=True,
    )
    if _found_elsewhere(report):
        console.print(_places_table(report))
    if report.ignored:
        console.print(f"[dim]{_ignored_line(report)}[/]", highlight=False)
    if report.decisions:
        console.print(_decisions_table(report))
    if report.counted:
        console.print(_endings_table(report))
        console.print(_students_table(report))
    for name in report.shared_names:
        note = f"[yellow]note[/]: “{escape(name)}” is the name on more than one counted transcript (all are counted)"
        console.print(note, highlight=False, soft_wrap=True)
    if report.rejected:
        console.print("[bold]Not counted:[/]", highlight=False)
        for rejected in report.rejected:
            console.print(
                f"  {escape(rejected.source.label)}: {escape(rejected.reason)}", highlight=False, soft_wrap=True
            )


def _found_elsewhere(report: ClassReport) -> bool:
    """True when anything came from a sub-folder or a zip, so where each file was found is worth a table."""
    return any(place != "." for place, _, _ in report.places)


def _ignored_line(report: ClassReport) -> str:
    count = report.ignored
    return f"{count} other file{'s' if count != 1 else ''} ignored (not .md, .html or .zip)."


def _places_table(report: ClassReport):
    """Each sub-folder or zip, with how many transcripts were counted there and how many not."""
    from rich.markup import escape
    from rich.table import Table

    table = Table("found in", "counted", "not counted", title="Where", title_justify="left", title_style="bold")
    for place, counted, rejected in report.places:
        table.add_row(escape(_place_words(place)), str(counted), str(rejected))
    return table


def _place_words(place: str) -> str:
    return "the folder itself" if place == "." else place


def _decisions_table(report: ClassReport):
    """One section a decision: its title, then each choice with its count and a bar; ★ marks history's."""
    from rich.markup import escape

    table = _share_table("Decisions (★ what history chose)", "decision and choices")
    for decision in report.decisions:
        scene = decision.scene
        date = f" [dim]· {escape(format_date(scene.date))}[/]" if scene.date else ""
        table.add_row(f"[bold]{escape(scene.title)}[/]{date}", f"[bold]{decision.reached}[/]", "[dim]reached it[/]")
        for position, option in enumerate(decision.options):
            mark = "[yellow]★[/]" if option.historical else " "
            table.add_row(
                f" {mark} {escape(option.text)}",
                *_share_cells(option.students, decision.reached, option.historical),
                end_section=position == len(decision.options) - 1,
            )
    return table


def _share_table(title: str, first: str):
    from rich.table import Table

    table = Table(title=title, title_justify="left", title_style="bold")
    table.add_column(first, ratio=1, overflow="fold")
    table.add_column("students", justify="right", no_wrap=True)
    table.add_column("share", no_wrap=True)
    return table


def _share_cells(students: int, total: int, historical: bool) -> tuple[str, str]:
    """The count, and a bar with the percentage (yellow for what history did)."""
    share = students / total if total else 0.0
    colour = "yellow" if historical else "cyan"
    return str(students), f"[{colour}]{_text_bar(share)}[/] {share:>4.0%}"


def _text_bar(share: float, width: int = 12) -> str:
    """A bar of block characters, in eighths of a cell."""
    eighths = round(share * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + ("▏▎▍▌▋▊▉"[rest - 1] if rest else "")).ljust(width)


def _endings_table(report: ClassReport):
    from rich.markup import escape

    table = _share_table("Endings (★ the historical one)", "ending")
    total = len(report.counted)
    for tally in report.endings:
        ending = tally.scene.ending
        historical = ending.kind is EndingKind.HISTORICAL
        mark = "[yellow]★[/]" if historical else " "
        table.add_row(f"{mark} {escape(ending.title)}", *_share_cells(tally.students, total, historical))
    if report.unfinished:
        table.add_row("  [dim]not finished[/]", *_share_cells(report.unfinished, total, False))
    return table


def _students_table(report: ClassReport):
    from rich.markup import escape
    from rich.table import Table

    headings = ("name", "choices", "followed history", "ending")
    table = Table(
        *(headings if report.anonymous else ("file", *headings)),
        title="Students",
        title_justify="left",
        title_style="bold",
    )
    for entry in report.counted:
        cells = (
            escape(entry.transcript.shown_name),
            str(len(entry.transcript.picks)),
            followed_line(report.story, entry),
            escape(outcome_of(report.story, entry)),
        )
        table.add_row(*(cells if report.anonymous else (escape(entry.source.label), *cells)))
    return table


REPORT_CSS = """
.summary { margin: 0 0 1rem; }
.decision { margin: 1.6rem 0; break-inside: avoid; }
.decision figcaption { margin-bottom: 0.4rem; }
.decision figcaption .byline { display: inline; margin: 0 0 0 0.4rem; }
.reached { color: var(--muted); font-size: 0.9em; }
figure { margin: 0; }
.option {
  display: grid; grid-template-columns: minmax(0, 1fr) 13rem 5.5rem; gap: 0.2rem 0.8rem;
  align-items: center; padding: 0.2rem 0; border-bottom: 1px dotted var(--rule);
}
.option .label { font-size: 0.95em; }
.option.historical .label { font-weight: bold; }
.tag {
  margin-left: 0.3rem; padding: 0 0.35rem; font: 600 0.7rem/1.4 system-ui, "Segoe UI", Arial, sans-serif;
  color: var(--gold); border: 1px solid var(--gold); border-radius: 3px; text-transform: uppercase;
  letter-spacing: 0.05em; vertical-align: 0.1em;
}
.bar { display: block; width: 100%; height: 0.9rem; }
.count { font-variant-numeric: tabular-nums; text-align: right; font-size: 0.9em; }
.count .share { color: var(--muted); }
.rejected li { margin: 0.3rem 0; }
.rejected .file { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
@media (max-width: 40rem) {
  .option { grid-template-columns: minmax(0, 1fr) 5.5rem; }
  .option .bar { grid-column: 1 / -1; grid-row: 2; }
}
@media print {
  .decision, .option { break-inside: avoid; }
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
    spoken = f"{students} of {total} students"
    return (
        f'<div class="option{" historical" if historical else ""}">'
        f'<div class="label">{label_html}</div>{svg_bar(share, historical, spoken)}'
        f'<div class="count">{students} <span class="share">· {share:.0%}</span></div></div>'
    )


def class_report_html(report: ClassReport) -> str:
    """The report as one self-contained page: inline CSS and SVG, no scripts, nothing loaded from outside."""
    story = report.story
    parts = [
        '<header class="cover">\n<p class="kicker">Jangal class report</p>',
        f"<h1>{esc(story.title)}</h1>",
        f'<p class="summary">{len(report.counted)} transcripts counted · {len(report.rejected)} not counted · '
        f"story version {esc(story.fingerprint[:8])}{_folder_words(report)}</p>",
        '<p class="hint">Each student counts once at each decision they reached, with the first choice they made '
        'there. <span class="tag">history</span> marks what really happened.</p>\n</header>',
        _html_places(report),
        _html_decisions(report),
        _html_endings(report),
        _html_students(report),
        _html_rejected(report),
    ]
    return html_page(
        f"Jangal class report — {story.title}", "\n".join(part for part in parts if part), BASE_CSS + REPORT_CSS
    )


def _folder_words(report: ClassReport) -> str:
    """`` · folder <code>name</code>``, left out of an anonymous report (a folder may bear a student's name)."""
    if report.anonymous:
        return " · names left out"
    kind = "zip" if report.folder.is_file() else "folder"
    return f" · {kind} <code>{esc(shown_name(report.folder.name))}</code>"


def _html_places(report: ClassReport) -> str:
    """Where the files were found, when any came from a sub-folder or a zip; and how many were ignored."""
    ignored = f'<p class="hint">{esc(_ignored_line(report))}</p>' if report.ignored else ""
    if not _found_elsewhere(report):
        return f"<section>{ignored}</section>" if ignored else ""
    rows = "\n".join(
        f'<tr><td class="file">{esc(_place_words(place))}</td><td>{counted}</td><td>{rejected}</td></tr>'
        for place, counted, rejected in report.places
    )
    return (
        "<section>\n<h2>Where the files were found</h2>\n<table>\n"
        "<thead><tr><th>Found in</th><th>Counted</th><th>Not counted</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody>\n</table>\n{ignored}</section>"
    )


def _html_decisions(report: ClassReport) -> str:
    if not report.decisions:
        return "<section><h2>Decisions</h2>\n<p>No counted transcript reached a decision.</p></section>"
    figures = []
    for decision in report.decisions:
        scene = decision.scene
        rows = [
            _option_row(
                esc(option.text) + (' <span class="tag">history</span>' if option.historical else ""),
                option.students,
                decision.reached,
                option.historical,
            )
            for option in decision.options
        ]
        where = when_and_where(scene)
        byline = f'<span class="byline">{esc(where)}</span>' if where else ""
        reached = f"{decision.reached} of {len(report.counted)} students reached it"
        figures.append(
            f'<figure class="decision">\n<figcaption><strong>{esc(scene.title)}</strong>{byline}<br>'
            f'<span class="reached">{reached}</span></figcaption>\n' + "\n".join(rows) + "\n</figure>"
        )
    return "<section>\n<h2>Decisions</h2>\n" + "\n".join(figures) + "\n</section>"


def _html_endings(report: ClassReport) -> str:
    if not report.counted:
        return ""
    total = len(report.counted)
    rows = [
        _option_row(
            f'{esc(ending.scene.ending.title)} <span class="reached">({KIND_WORDS[ending.scene.ending.kind]})</span>',
            ending.students,
            total,
            ending.scene.ending.kind is EndingKind.HISTORICAL,
        )
        for ending in report.endings
    ]
    if report.unfinished:
        rows.append(_option_row('<span class="reached">not finished</span>', report.unfinished, total, False))
    return '<section>\n<h2>Endings</h2>\n<figure class="decision">\n' + "\n".join(rows) + "\n</figure>\n</section>"


def _html_students(report: ClassReport) -> str:
    if not report.counted:
        return ""
    file_cell = "" if report.anonymous else '<td class="file">{}</td>'
    rows = "\n".join(
        f"<tr><td>{esc(entry.transcript.shown_name)}</td>{file_cell.format(esc(entry.source.label))}"
        f"<td>{len(entry.transcript.picks)}</td><td>{esc(followed_line(report.story, entry))}</td>"
        f"<td>{esc(outcome_of(report.story, entry))}</td></tr>"
        for entry in report.counted
    )
    notes = "".join(
        f'<p class="hint">“{esc(name)}” is the name on more than one counted transcript (all are counted).</p>'
        for name in report.shared_names
    )
    return (
        "<section>\n<h2>Students</h2>\n<table>\n<thead><tr><th>Name</th>"
        + ("" if report.anonymous else "<th>File</th>")
        + "<th>Choices</th>"
        "<th>Followed history</th><th>Ending</th></tr></thead>\n<tbody>\n"
        f"{rows}\n</tbody>\n</table>\n{notes}</section>"
    )


def _html_rejected(report: ClassReport) -> str:
    if not report.rejected:
        return ""
    items = "\n".join(
        f'<li><span class="file">{esc(rejected.source.label)}</span>: {esc(rejected.reason)}</li>'
        for rejected in report.rejected
    )
    return f'<section class="rejected">\n<h2>Not counted</h2>\n<ul>\n{items}\n</ul>\n</section>'

"""The class report drawn in the terminal, as Rich tables (the page is ``class_report_html``)."""

from __future__ import annotations

from game.classroom.class_report import (
    ClassReport,
    followed_line,
    ignored_line,
    outcome_of,
    where_line,
)
from game.classroom.words import words_in
from game.play.language import _, language, local_digits
from game.story.model import EndingKind


def _date(date: str) -> str:
    return words_in(language()).date(date)


def print_class_report(console, report: ClassReport) -> None:
    """The report as Rich tables: where the files were found, where the class first left history, decisions,
    endings, students, then the files not counted."""
    from rich.markup import escape

    story = report.story
    counted = _("{count} transcript counted") if len(report.counted) == 1 else _("{count} transcripts counted")
    summary = _("{counted}, {rejected} not counted — “{title}” {version}").format(
        counted=counted.format(count=local_digits(str(len(report.counted)))),
        rejected=local_digits(str(len(report.rejected))),
        title=escape(story.title),
        version=story.fingerprint[:8],
    )
    heading = escape(_("Class report"))
    console.print(f"[bold]{heading}[/]: {summary}", highlight=False, soft_wrap=True)
    if where_line(report):
        console.print(escape(where_line(report)), highlight=False, soft_wrap=True)
    if report.ignored:
        console.print(f"[dim]{ignored_line(report)}[/]", highlight=False)
    if any(tally.students for tally in report.departures):
        console.print(_departures_table(report))
    if report.decisions:
        console.print(_decisions_table(report))
    if report.counted:
        console.print(_endings_table(report))
        console.print(_students_table(report))
    for name in report.shared_names:
        sentence = _("“{name}” is the name on more than one counted transcript (all are counted)")
        word = escape(_("note"))
        note = f"[yellow]{word}[/]: {escape(sentence.format(name=name))}"
        console.print(note, highlight=False, soft_wrap=True)
    if report.rejected:
        heading = escape(_("Not counted:"))
        console.print(f"[bold]{heading}[/]", highlight=False)
        for rejected in report.rejected:
            console.print(
                f"  {escape(rejected.source.label)}: {escape(rejected.reason)}", highlight=False, soft_wrap=True
            )


def _decisions_table(report: ClassReport):
    """One section a decision: its title, then each choice with its count and a bar; ★ marks history's."""
    from rich.markup import escape

    table = _share_table(_("Decisions (★ what history chose)"), _("decision and choices"))
    for decision in report.decisions:
        scene = decision.scene
        date = f" [dim]· {escape(_date(scene.date))}[/]" if scene.date else ""
        reached = f"[bold]{local_digits(str(decision.reached))}[/]"
        reached_it = escape(_("reached it"))
        table.add_row(f"[bold]{escape(scene.title)}[/]{date}", reached, f"[dim]{reached_it}[/]")
        for position, option in enumerate(decision.options):
            mark = "[yellow]★[/]" if option.historical else " "
            table.add_row(
                f" {mark} {escape(option.text)}",
                *_share_cells(option.students, decision.reached, option.historical),
                end_section=position == len(decision.options) - 1,
            )
    return table


def _departures_table(report: ClassReport):
    """The decision where each student first left history, and those who never did."""
    from rich.markup import escape

    table = _share_table(_("Where the class first left history"), _("first decision not history's"))
    total = sum(tally.students for tally in report.departures)
    for tally in report.departures:
        if tally.scene is None:
            never = escape(_("never left history"))
            label = f"[dim]{never}[/]"
        else:
            date = f" [dim]· {escape(_date(tally.scene.date))}[/]" if tally.scene.date else ""
            label = escape(tally.scene.title) + date
        table.add_row(f"  {label}", *_share_cells(tally.students, total, tally.scene is None))
    return table


def _share_table(title: str, first: str):
    from rich.table import Table

    table = Table(title=title, title_justify="left", title_style="bold")
    table.add_column(first, ratio=1, overflow="fold")
    table.add_column(_("students"), justify="right", no_wrap=True)
    table.add_column(_("share"), no_wrap=True)
    return table


def _share_cells(students: int, total: int, historical: bool) -> tuple[str, str]:
    """The count, and a bar with the percentage (yellow for what history did)."""
    share = students / total if total else 0.0
    colour = "yellow" if historical else "cyan"
    return local_digits(str(students)), f"[{colour}]{_text_bar(share)}[/] {local_digits(f'{share:>4.0%}')}"


def _text_bar(share: float, width: int = 12) -> str:
    """A bar of block characters, in eighths of a cell."""
    eighths = round(share * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + ("▏▎▍▌▋▊▉"[rest - 1] if rest else "")).ljust(width)


def _endings_table(report: ClassReport):
    from rich.markup import escape

    table = _share_table(_("Endings (★ the historical one)"), _("ending"))
    total = len(report.counted)
    for tally in report.endings:
        ending = tally.scene.ending
        historical = ending.kind is EndingKind.HISTORICAL
        mark = "[yellow]★[/]" if historical else " "
        table.add_row(f"{mark} {escape(ending.title)}", *_share_cells(tally.students, total, historical))
    if report.unfinished:
        unfinished = escape(_("not finished"))
        table.add_row(f"  [dim]{unfinished}[/]", *_share_cells(report.unfinished, total, False))
    return table


def _students_table(report: ClassReport):
    from rich.markup import escape
    from rich.table import Table

    mixed = any(entry.transcript.translated for entry in report.counted)
    words = words_in(language())
    headings = (_("name"), _("choices"), _("followed history"), _("ending"), *((_("language"),) if mixed else ()))
    table = Table(
        *(headings if report.anonymous else (_("file"), *headings)),
        title=_("Students"),
        title_justify="left",
        title_style="bold",
    )
    for entry in report.counted:
        cells = (
            escape(entry.transcript.name or _("(no name given)")),
            local_digits(str(len(entry.transcript.picks))),
            followed_line(report.story, entry),
            escape(outcome_of(report.story, entry)),
            *((escape(words.name(entry.transcript.language)),) if mixed else ()),
        )
        table.add_row(*(cells if report.anonymous else (escape(entry.source.label), *cells)))
    return table

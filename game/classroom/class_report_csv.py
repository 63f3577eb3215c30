"""The class report as a spreadsheet: one row per student and decision.

Each counted student has a row for each decision they reached, with the first choice made there
(as the report counts it) beside history's; a student who reached no decision has one row with the
decision left empty, so every student appears. A cell that starts like a formula (``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading ``'``, so a name or a title can never run
as a formula when the file is opened in a spreadsheet.
"""

from __future__ import annotations

import csv
import io

from game.classroom.class_report import ClassReport, decision_rows
from game.classroom.words import words_in
from game.play.language import _, language

COLUMNS = ("student", "file", "decision number", "scene", "decision", "choice made", "history's choice", "followed")
"""The columns in English; ``columns`` gives them in the teacher's language. The scene column is the scene's
id, the same in every language, so rows of students who played in different languages sort together."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading ``'`` where it would otherwise read a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def class_report_csv(report: ClassReport) -> str:
    """The rows as CSV text (the file is written with a byte-order mark, so Excel reads it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    mixed = any(entry.transcript.translated for entry in report.counted)
    writer.writerow([*columns(), *([_("language")] if mixed else [])])
    words = words_in(language())
    for entry in report.counted:
        student, file = entry.transcript.name or _("(no name given)"), entry.source.label
        played = [words.name(entry.transcript.language)] if mixed else []
        rows = decision_rows(report.story, entry)
        if not rows:
            writer.writerow([safe_cell(student), safe_cell(file), "", "", "", "", "", "", *played])
        for row in rows:
            cells = (student, file, str(row.number), row.scene.id, row.scene.title, row.chosen, row.historical)
            writer.writerow([*(safe_cell(cell) for cell in cells), _("yes") if row.followed else _("no"), *played])
    return buffer.getvalue()


def columns() -> tuple[str, ...]:
    """The columns' headings in the teacher's language."""
    return (
        _("student"),
        _("file"),
        _("decision number"),
        _("scene"),
        _("decision"),
        _("choice made"),
        _("history's choice"),
        _("followed"),
    )

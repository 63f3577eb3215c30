"""Rendering problems for people: the one place where a ``Problem`` becomes coloured text.

Each problem prints as ``path:line:col: error: message`` (so editors and grep can jump to
it), then the offending line with a caret under the column, then the hint.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from contextlib import suppress
from typing import TYPE_CHECKING

from game.story.problems import Problem

if TYPE_CHECKING:
    from rich.console import Console

SNIPPET_WIDTH = 100
"""Long lines are cut to a window this wide around the column."""


def _source_lines(path: str) -> tuple[str, ...]:
    """The file's lines as they are now (read again on every call: in ``--watch`` it changes under us)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            return tuple(stream.read().splitlines())
    except OSError:
        return ()


def snippet(problem: Problem, lines: Sequence[str] | None = None) -> str:
    """The offending line and a caret under the column, or an empty string.

    ``lines`` are the file's lines if the caller has read them already; otherwise the file is read now.
    """
    where = problem.location
    if lines is None:
        lines = _source_lines(where.path) if where.line else ()
    if not 0 < where.line <= len(lines):
        return ""
    line = lines[where.line - 1].replace("\t", " ")
    column = max(where.column, 1) - 1
    start = max(0, column - SNIPPET_WIDTH // 2) if len(line) > SNIPPET_WIDTH else 0
    shown = line[start : start + SNIPPET_WIDTH]
    return f"    {shown}\n    {' ' * (column - start)}^"


MAX_SHOWN_PER_FILE = 50
"""Problems printed for one file; the rest are counted. A badly broken file can hold tens of thousands,
which say nothing more than the first fifty and took half a minute and megabytes to print."""


def shown_problems(problems: Sequence[Problem]) -> tuple[list[Problem], dict[str, int]]:
    """The problems to print (at most ``MAX_SHOWN_PER_FILE`` a file, in order) and how many are left per file."""
    shown: list[Problem] = []
    per_file: dict[str, int] = {}
    left: dict[str, int] = {}
    for problem in problems:
        path = problem.location.path
        per_file[path] = per_file.get(path, 0) + 1
        if per_file[path] <= MAX_SHOWN_PER_FILE:
            shown.append(problem)
        else:
            left[path] = left.get(path, 0) + 1
    return shown, left


def print_problems(console: Console, problems: Sequence[Problem]) -> None:
    """Print each problem with its snippet and hint: the first ``MAX_SHOWN_PER_FILE`` of a file, then a count."""
    from rich.markup import escape

    read: dict[str, tuple[str, ...]] = {}  # each file read once per report, never kept past it
    shown, left = shown_problems(problems)
    for number, problem in enumerate(shown):
        colour = "red" if problem.is_error else "yellow"
        label = f"[{colour} bold]{problem.severity.value}[/]"
        console.print(
            f"[bold]{escape(str(problem.location))}[/]: {label}: {escape(problem.message)}",
            highlight=False,
            soft_wrap=True,
        )
        path = problem.location.path
        if problem.location.line and path not in read:
            read[path] = _source_lines(path)
        shown_line = snippet(problem, read.get(path, ()))
        if shown_line:
            console.print(shown_line, style="dim", markup=False, highlight=False, soft_wrap=True)
        if problem.hint:
            console.print(f"  [cyan]hint:[/] {escape(problem.hint)}", highlight=False, soft_wrap=True)
        if path in left and (number + 1 == len(shown) or shown[number + 1].location.path != path):
            more = left.pop(path)
            console.print(f"… and {more:,} more problem{'s' * (more > 1)} in {path}", markup=False, highlight=False)


_AS_WRITTEN = re.compile(r"[ -Z\\\]^-~]*")
"""Printable ASCII without `[`: Rich reads no markup in it."""


def prints_as_written(text: str) -> bool:
    """True when a Rich console would print ``text`` exactly as it is, so ``print`` can do it without Rich.

    That is a line of printable ASCII with no markup (``[``), no emoji code (``:name:``) and no style,
    shorter than any width Rich might take for the console: ``COLUMNS``, the size of a terminal on
    standard input, output or error, or 80.
    """
    if not _AS_WRITTEN.fullmatch(text) or text.count(":") > 1:
        return False
    widths = [80]
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        widths.append(int(columns))
    for descriptor in (0, 1, 2):
        with suppress(AttributeError, ValueError, OSError):
            widths.append(os.get_terminal_size(descriptor).columns or 80)
    return len(text) < min(widths)


def summary_line(problems: Sequence[Problem], files: int, scenes: int) -> str:
    """One line: how many errors and warnings in how many files and scenes."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    checked = f"{count(files, 'file')}, {count(scenes, 'scene')}"
    if not problems:
        return f"ok: no problems in {checked}"
    return f"{count(errors, 'error')}, {count(warnings, 'warning')} in {checked}"


def print_exploration(console: Console, story, result, found, seconds: float, start=None) -> None:
    """Endings with their path counts, variable ranges, hit counts of a sample, then every finding
    with its file:line, and the route that shows it."""
    from rich.markup import escape

    console.print(_walk_line(result, seconds))
    if start is not None and start.origin:
        console.print(escape(_scope_line(story, start)))
    console.print(_endings_table(story, result))
    console.print(_ranges_table(story, result))
    if result.runs:
        console.print(_hits_table(story, result))
    for verdict in found:
        colour = "red" if verdict.severity == "error" else "yellow"
        where = f"{escape(str(verdict.location))}: " if verdict.location else ""
        console.print(f"{where}[{colour} bold]{verdict.severity}[/]: {escape(verdict.message)}")
        for line in _finding_lines(verdict):
            console.print(escape(line), highlight=False)
    errors = sum(verdict.severity == "error" for verdict in found)
    warnings = len(found) - errors
    console.print(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}")


def _scope_line(story, start) -> str:
    """What a walk from a chapter judges: the scenes a path from its start can reach, and no others."""
    from game.authoring.findings import in_reach

    left_out = len(story.scenes) - len(in_reach(story, start.scene))
    return (
        f"Walked from chapter `{start.origin}` (scene `{start.scene}`): findings are about what can follow it; "
        f"{left_out} scene(s) no path from there leads to are not judged."
    )


def _finding_lines(verdict) -> list[str]:
    """The lines under a finding: its detail, and its route (long routes shortened to their two ends)."""
    lines = [f"  {verdict.detail}"] if verdict.detail else []
    if verdict.route:
        steps = list(verdict.route)
        if len(steps) > 12:
            steps = [*steps[:4], f"… {len(steps) - 8} more …", *steps[-4:]]
        lines.append(f"  route ({len(verdict.route)} choices): " + " ; ".join(steps))
    return lines


def _walk_line(result, seconds: float) -> str:
    if result.runs:
        return f"Played {result.runs:,} random playthroughs ({result.states:,} steps) in {seconds:.1f} s."
    rate = result.states / seconds if seconds else 0
    walk = "every path" if result.complete else "stopped at the state limit"
    kind = " reduced" if result.reduced else ""
    return f"Explored {result.states:,}{kind} states in {seconds:.1f} s ({rate:,.0f} states/s), {walk}."


def _endings_table(story, result):
    from rich.markup import escape
    from rich.table import Table

    counted = "playthroughs" if result.runs else "paths"
    table = Table("ending", "kind", counted, "shortest", title="Endings reached")
    for scene_id in sorted(result.shortest):
        count = result.ending_paths.get(scene_id, 0)
        paths = "endless (loops)" if count < 0 else (f"{count:,}" if count < 10**12 else f"about {count:.1e}")
        kind = story.scenes[scene_id].ending.kind.value
        table.add_row(escape(scene_id), kind, paths, f"{len(result.shortest[scene_id])} choices")
    return table


def _ranges_table(story, result):
    from rich.markup import escape
    from rich.table import Table

    table = Table("variable", "declared", "reached", title="Variables")
    for name, (low, high) in result.ranges.items():
        variable = story.variables[name]
        table.add_row(escape(name), f"{variable.minimum}..{variable.maximum}", f"{low}..{high}")
    return table


def _hits_table(story, result):
    """One row per scene: how often random play entered it and took each of its choices."""
    from rich.markup import escape
    from rich.table import Table

    table = Table("scene", "entered", "choices taken (#: times)", title="Hits in random play")
    for scene in story.scenes.values():
        hits = result.scene_hits.get(scene.id, 0)
        taken = "  ".join(
            f"{index + 1}: {result.choice_taken.get((scene.id, index), 0):,}" for index in range(len(scene.choices))
        )
        table.add_row(escape(scene.id), f"{hits:,}", taken or "(ending)", style="" if hits else "dim")
    return table

"""The bench's one command: ``python -m bench [--quick] [--runs N] [--json FILE]``.

It generates the synthetic stories (cached in a temporary folder, from a fixed seed), measures
every row against its floor, prints the table (Markdown, so it can be pasted into
``bench/README.md``) and writes everything, samples included, as JSON.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench import rows
from bench.generate import cached_story
from bench.measure import BENCH, Row, child_environment

DEFAULT_JSON = BENCH / "results" / "latest.json"
DEFAULT_CACHE = Path(tempfile.gettempdir()) / f"jangal-bench-{os.getuid()}"
SIZES = {"1k": 1_000, "10k": 10_000}
QUICK_SIZES = {"100": 100}
SEED = 1


@dataclass
class Plan:
    """How hard to measure: sizes of synthetic stories and how many runs of each kind."""

    sizes: dict[str, int]
    runs: int
    """Runs of the cheap rows (playthroughs, loads of the 1k story)."""
    start_runs: int
    """Runs of the process start-up rows: a third of a second each, and a median of five moved by 15 % or
    more between two runs in a row on this 2-core machine, so they take three times as many."""
    heavy_runs: int
    """Runs of the rows that take seconds each (10k loads, exploring the campaign)."""
    warmup: bool
    tmux: bool
    explore_chapter: str | None
    """None to explore the campaign from its start; a chapter (quick mode: its last, the smallest walk)."""
    choices: int
    latency_rounds: int
    latency_repeats: int
    class_size: int = 30
    """Sessions opened at once on ``jangal serve``."""


def make_plan(arguments: argparse.Namespace) -> Plan:
    """The plan for a full run, or the smallest one that still fills every row (``--quick``)."""
    if arguments.quick:
        return Plan(QUICK_SIZES, 1, 1, 1, False, False, "reza_khan", 2_000, 1, 3, class_size=2)
    runs = max(arguments.runs, 1)
    return Plan(SIZES, runs, 3 * runs, min(runs, 3), True, True, None, 20_000, 3, 10)


ROW_ORDER = (
    "startup_headless",
    "startup_tmux",
    "plain_first_scene",
    "check_campaign",
    "load_validate",
    "playthrough",
    "explore_campaign",
    "explore_pack",
    "rss_explore_pack",
    "serve_titles",
    "serve_pss",
    "rss_first_screen",
    "rss_story_loaded",
    "choice_to_paint",
    "html_size",
    "html_first_screen",
    "html_choice_frame",
)
"""The order of the issue's table; rows of several sizes keep their measuring order within a kind."""


def in_table_order(measured: list[Row]) -> list[Row]:
    """The rows sorted as the issue's table lists them."""
    return sorted(measured, key=lambda row: ROW_ORDER.index(row.id.split("@")[0]))


def skipped_tmux_row(reason: str) -> Row:
    """The tmux row, not measured."""
    row = Row("startup_tmux", "`jangal` in tmux until the title text shows", "s", "ratio_max", 1.15)
    row.skipped, row.note = True, reason
    return row


def tmux_row(plan: Plan, env: dict[str, str]) -> Row | None:
    """The start-up row in tmux, when the plan has it."""
    return rows.tmux_row(plan.start_runs, env, plan.warmup) if plan.tmux else None


def measure_all(
    plan: Plan, cache: Path, saves: Path, say: Callable[[str], None], only: frozenset[str] = frozenset()
) -> list[Row]:
    """Every row (or the kinds named in ``only``), in table order."""
    env = child_environment(saves, cache / "pycache")
    say("generating stories: " + ", ".join(f"{count:,} scenes" for count in plan.sizes.values()))
    stories = {label: cached_story(cache, count, SEED) for label, count in plan.sizes.items()}
    if only & {"startup_headless", "rss_first_screen"}:
        only |= {"startup_headless", "rss_first_screen"}  # one measurement fills both
    if only & {"serve_titles", "serve_pss"}:
        only |= {"serve_titles", "serve_pss"}
    if only & {"explore_pack", "rss_explore_pack"}:
        only |= {"explore_pack", "rss_explore_pack"}
    if only & {"html_size", "html_first_screen", "html_choice_frame"}:
        only |= {"html_size", "html_first_screen", "html_choice_frame"}  # so do these three
    largest = max(stories, key=lambda label: plan.sizes[label])
    steps: list[tuple[str, str, Callable[[], Row | list[Row]]]] = [
        ("startup_headless", "start-up, headless", lambda: rows.startup_rows(plan.start_runs, env, plan.warmup)),
        ("startup_tmux", "start-up in tmux", lambda: tmux_row(plan, env)),
        ("plain_first_scene", "plain mode", lambda: rows.plain_row(plan.start_runs, env, plan.warmup)),
        ("check_campaign", "jangal check", lambda: rows.check_row(plan.start_runs, env, plan.warmup)),
    ]
    for label, folder in stories.items():
        runs = plan.heavy_runs if plan.sizes[label] >= 10_000 else plan.runs
        steps.append(("load_validate", f"load + validate, {label}", partial(rows.load_row, label, folder, runs, env)))
        play = partial(rows.play_row, label, folder, plan.runs, plan.choices, env)
        steps.append(("playthrough", f"playthroughs, {label}", play))
    steps += [
        ("explore_campaign", "jangal explore", lambda: rows.explore_row(plan.heavy_runs, env, plan.explore_chapter)),
        ("explore_pack", "explore with a pack", lambda: rows.explore_pack_rows(plan.heavy_runs, cache, env)),
        ("serve_titles", "a class on jangal serve", lambda: rows.serve_rows(plan.class_size, env)),
        (
            "rss_story_loaded",
            f"peak RSS, {largest} story",
            lambda: rows.hold_row(largest, stories[largest], plan.heavy_runs, env),
        ),
        (
            "choice_to_paint",
            "choice to paint",
            lambda: rows.latency_row(plan.latency_rounds, plan.latency_repeats, env),
        ),
        ("html_size", "the exported page", lambda: rows.html_rows(plan.runs, plan.latency_repeats * 3, env)),
    ]
    measured: list[Row] = [] if plan.tmux or only else [skipped_tmux_row("skipped in --quick mode")]
    for kind, name, build in steps:
        if only and kind not in only:
            continue
        say(f"measuring {name}")
        built = build()
        if built is not None:
            measured.extend(built if isinstance(built, list) else [built])
    return in_table_order(measured)


# The table


def shown(value: float | None, unit: str) -> str:
    """A figure with its unit, readable at a glance."""
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"
    if unit == "MB":
        return f"{value:,.1f} MB"
    return f"{value:,.0f} {unit}"


def shown_ratio(row: Row) -> str:
    """The ratio column: value over floor, the difference for memory, states/s for explore."""
    if row.target_kind in ("ratio_max", "ratio_min") and row.ratio is not None:
        return f"{row.ratio:.2f}x"
    if row.target_kind == "delta_max" and row.delta is not None:
        return f"{row.delta:+.1f} MB"
    if "states_per_second" in row.extra:
        return f"{row.extra['states_per_second']:,.0f} states/s"
    return "—"


def shown_target(row: Row) -> str:
    """The target column, as the issue states it ("—" for a figure without a target)."""
    if row.target is None:
        return "—"
    return {
        "ratio_max": f"<= {row.target:g}x",
        "ratio_min": f">= {row.target:g}x",
        "delta_max": f"<= floor + {row.target:g} MB",
        "absolute_max": f"<= {shown(row.target, row.unit)}",
    }.get(row.target_kind, "—")


def verdict(row: Row) -> str:
    """pass, MISS, skipped or error."""
    if row.error:
        return "error"
    if row.skipped:
        return "skipped"
    return {True: "pass", False: "**MISS**", None: "—"}[row.passed]


def table(measured: list[Row]) -> str:
    """The rows as a Markdown table, then a line for each note and error."""
    lines = [
        "| figure | value | floor | floor measured | ratio | target | result |",
        "|---|---:|---:|---|---:|---|---|",
    ]
    for row in measured:
        floor = shown(row.floor, row.unit) if row.floor is not None else "—"
        cells = (row.figure, shown(row.value, row.unit), floor, row.floor_name or "—", shown_ratio(row))
        lines.append("| " + " | ".join((*cells, shown_target(row), verdict(row))) + " |")
    notes = [f"- `{row.id}`: {row.error or row.note}" for row in measured if row.error or row.note]
    return "\n".join(lines + (["", *notes] if notes else []))


# Running


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description="Measure Jangal against floors.")
    parser.add_argument("--quick", action="store_true", help="smallest run: 100-scene story, 1 run, no tmux")
    parser.add_argument(
        "--runs", type=int, default=5, help="runs per figure (default 5; start-up rows 3x, slow rows at most 3)"
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="results file (JSON)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where generated stories are kept")
    parser.add_argument(
        "--only",
        action="append",
        choices=ROW_ORDER,
        default=[],
        metavar="ROW",
        help="measure only this kind of row (repeatable), e.g. --only check_campaign; one of: " + ", ".join(ROW_ORDER),
    )
    return parser.parse_args(argv)


def machine() -> dict:
    """What the figures were measured on."""
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "textual": version("textual"),
        "rich": version("rich"),
        "pyyaml": version("pyyaml"),
        "load_average": os.getloadavg(),
    }


def write_json(path: Path, arguments: argparse.Namespace, plan: Plan, measured: list[Row], seconds: float) -> None:
    """Everything, samples included."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "quick": arguments.quick,
        "plan": plan.__dict__,
        "machine": machine(),
        "seconds": round(seconds, 1),
        "rows": [row.to_json() for row in measured],
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, write the JSON; 0 unless something could not be measured at all."""
    arguments = parse_arguments(argv)
    plan = make_plan(arguments)
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="jangal-bench-saves-") as saves:
        measured = measure_all(plan, arguments.cache, Path(saves), say, frozenset(arguments.only))
    seconds = time.perf_counter() - started
    print(table(measured))
    write_json(arguments.json, arguments, plan, measured, seconds)
    say(f"wrote {arguments.json}")
    return 1 if any(row.error for row in measured) else 0

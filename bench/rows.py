"""Each row of the table: how it is measured, against which floor, and its target.

Every function here starts child processes (see ``bench.measure``) and returns filled
``Row`` objects; a row whose measurement fails carries the error instead of a figure, and the
rest of the bench goes on.
"""

from __future__ import annotations

import itertools
import json
import shlex
import shutil
import subprocess
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import yaml

from bench.bare_app import BARE_TEXT
from bench.explore_child import RESULT_PREFIX as EXPLORE_PREFIX
from bench.first_paint import PAINT_PREFIX
from bench.measure import (
    BENCH,
    PYTHON,
    ROOT,
    ChildFailed,
    Row,
    interleaved,
    jangal_command,
    marked_line,
    median,
    run_checked,
)
from bench.story_bench import RESULT_PREFIX

BARE_FLOOR = "bare Textual app, one `Static`"
TMUX_SIZE = ("-x", "100", "-y", "30")
TMUX_POLL_SECONDS = 0.01
TMUX_TIMEOUT_SECONDS = 30.0


def guarded(rows: list[Row], fill: Callable[[], None]) -> list[Row]:
    """Run ``fill``; when it raises, put the error on every row it was filling."""
    try:
        fill()
    except Exception as exc:  # a failed measurement must not stop the others
        for row in rows:
            row.error = f"{type(exc).__name__}: {exc}"[:2000]
    return rows


# Start-up to the first painted screen, headless, and its peak memory


def paint_run(which: str, env: dict[str, str]) -> dict:
    """One headless start (``jangal`` or ``bare``): seconds to the first paint and where they went, peak RSS."""
    run = run_checked([PYTHON, "-m", "bench.first_paint", which], env=env)
    report = json.loads(marked_line(run.stdout, PAINT_PREFIX))
    return {
        "seconds": report["at"] - run.started,
        "rss_mb": report["rss_mb"],
        "screen": report["screen"],
        "phases": {
            "python_start": report["main"] - run.started,
            "import_textual": report["textual"] - report["main"],
            "until_app_run": report["run"] - report["textual"],
            "app_run_to_first_frame": report["at"] - report["run"],
        },
    }


def median_phases(runs: list[dict]) -> dict[str, float]:
    """The median milliseconds of each phase of start-up over several runs."""
    return {name: round(median([run["phases"][name] for run in runs]) * 1000, 1) for name in runs[0]["phases"]}


def startup_rows(runs: int, env: dict[str, str], warmup: bool = True) -> list[Row]:
    """``jangal`` to its first painted screen (headless) and the peak RSS there, both against the bare app."""
    speed = Row(
        "startup_headless",
        "`jangal` to first painted screen (headless, process start to first frame)",
        "s",
        "ratio_max",
        1.15,
        floor_name=BARE_FLOOR,
    )
    memory = Row("rss_first_screen", "peak RSS at the first screen", "MB", "delta_max", 15.0, floor_name=BARE_FLOOR)

    def fill() -> None:
        subject, floor = interleaved(lambda: paint_run("jangal", env), lambda: paint_run("bare", env), runs, warmup)
        speed.record([run["seconds"] for run in subject], [run["seconds"] for run in floor])
        memory.record([run["rss_mb"] for run in subject], [run["rss_mb"] for run in floor])
        speed.extra.update(
            first_screen=subject[0]["screen"], phases_ms=median_phases(subject), floor_phases_ms=median_phases(floor)
        )

    return guarded([speed, memory], fill)


# Start-up in a real terminal: tmux


class TmuxServer:
    """A private tmux server (its own socket) that runs commands in detached 100x30 sessions."""

    def __init__(self, tmux: str, env: dict[str, str]):
        self.tmux = tmux
        self.env = env
        self.socket = f"jangal-bench-{id(self):x}"
        self.numbers = itertools.count()

    def command(self, *arguments: str) -> list[str]:
        """A tmux command line aimed at this server."""
        return [self.tmux, "-L", self.socket, "-f", "/dev/null", *arguments]

    def __enter__(self) -> TmuxServer:
        keeper = self.command("new-session", "-d", "-s", "keeper", *TMUX_SIZE, "sleep 3600")
        subprocess.run(keeper, env=self.env, check=True, cwd=ROOT)
        return self

    def __exit__(self, *_) -> None:
        subprocess.run(self.command("kill-server"), capture_output=True)

    def pane_text(self, session: str) -> str:
        """What the session's pane shows now."""
        shown = subprocess.run(self.command("capture-pane", "-p", "-t", session), capture_output=True, text=True)
        return shown.stdout

    def seconds_to_text(self, command: list[str], text: str) -> float:
        """Seconds from starting ``command`` in a new session until ``text`` shows in its pane."""
        session = f"run{next(self.numbers)}"
        started = time.monotonic()
        subprocess.run(self.command("new-session", "-d", "-s", session, *TMUX_SIZE, shlex.join(command)), check=True)
        try:
            shown = ""
            while time.monotonic() - started < TMUX_TIMEOUT_SECONDS:
                shown = self.pane_text(session)
                if text in shown:
                    return time.monotonic() - started
                time.sleep(TMUX_POLL_SECONDS)
            raise ChildFailed(f"{text!r} did not show within {TMUX_TIMEOUT_SECONDS:.0f} s; the pane showed:\n{shown}")
        finally:
            subprocess.run(self.command("kill-session", "-t", session), capture_output=True)


def campaign_title() -> str:
    """The title the title screen shows, read from the campaign's story file."""
    data = yaml.safe_load((ROOT / "scenes" / "story.yaml").read_text(encoding="utf-8"))
    return " ".join(str(data["story"]["title"]).split())


def tmux_row(runs: int, env: dict[str, str], warmup: bool = True) -> Row:
    """``jangal`` in tmux until the title shows, against the bare app until its text shows."""
    row = Row(
        "startup_tmux",
        "`jangal` in tmux until the title text shows",
        "s",
        "ratio_max",
        1.15,
        floor_name=BARE_FLOOR + " in tmux",
    )
    tmux = shutil.which("tmux")
    if tmux is None:
        row.skipped, row.note = True, "tmux not found on this machine: row skipped"
        return row

    def fill() -> None:
        title = campaign_title()
        with TmuxServer(tmux, env) as server:
            subject, floor = interleaved(
                lambda: server.seconds_to_text(jangal_command(), title),
                lambda: server.seconds_to_text([PYTHON, str(BENCH / "bare_app.py")], BARE_TEXT),
                runs,
                warmup,
            )
        row.record(subject, floor)
        row.note = f"polls `capture-pane` every {TMUX_POLL_SECONDS * 1000:.0f} ms"

    return guarded([row], fill)[0]


# Whole-process commands against bare imports


def process_seconds(command: list[str], env: dict[str, str], ok_codes=(0,)) -> float:
    """Wall seconds of one whole process."""
    return run_checked(command, env=env, ok_codes=ok_codes).seconds


def plain_row(runs: int, env: dict[str, str], warmup: bool = True) -> Row:
    """``jangal play --plain`` to its first scene (input at its end, so it prints the scene and leaves)."""
    row = Row(
        "plain_first_scene",
        "`jangal play --plain` to its first scene (whole process)",
        "s",
        "ratio_max",
        2.0,
        floor_name='`python -c "import rich.console"`',
    )

    def fill() -> None:
        subject, floor = interleaved(
            lambda: process_seconds([*jangal_command(), "play", "--plain"], env),
            lambda: process_seconds([PYTHON, "-c", "import rich.console"], env),
            runs,
            warmup,
        )
        row.record(subject, floor)

    return guarded([row], fill)[0]


def check_imports_textual(env: dict[str, str]) -> bool:
    """Whether ``jangal check scenes`` leaves Textual in ``sys.modules``."""
    probe = (
        "import sys; from game.cli.main import main; main(['check', 'scenes']); "
        "print('BENCH-TEXTUAL', 'textual' in sys.modules)"
    )
    run = run_checked([PYTHON, "-c", probe], env=env)
    return marked_line(run.stdout, "BENCH-TEXTUAL") == "True"


def check_row(runs: int, env: dict[str, str], warmup: bool = True) -> Row:
    """``jangal check scenes`` on the campaign, whole process."""
    row = Row(
        "check_campaign",
        "`jangal check scenes` on the campaign (whole process)",
        "s",
        "ratio_max",
        1.5,
        floor_name='`python -c "import yaml, rich"`',
    )

    def fill() -> None:
        subject, floor = interleaved(
            lambda: process_seconds([*jangal_command(), "check", "scenes"], env),
            lambda: process_seconds([PYTHON, "-c", "import yaml, rich"], env),
            runs,
            warmup,
        )
        row.record(subject, floor)
        row.extra["imports_textual"] = check_imports_textual(env)

    return guarded([row], fill)[0]


def explore_run(*options: str, env: dict[str, str]) -> tuple[float, dict, float]:
    """One ``jangal explore --json`` in ``bench.explore_child``: wall seconds, its JSON, its peak RSS in MB."""
    run = run_checked([PYTHON, "-m", "bench.explore_child", "--json", *options], env=env, ok_codes=(0, 1))
    child = json.loads(marked_line(run.stderr, EXPLORE_PREFIX))
    return run.seconds, json.loads(run.stdout), child["peak_rss_mb"]


def explore_row(runs: int, env: dict[str, str], chapter: str | None = None) -> Row:
    """``jangal explore`` on the campaign against ``--exact`` (the walk before issue 21), interleaved."""
    start = f"from chapter `{chapter}`" if chapter else "exhaustive"
    figure = f"`jangal explore` on the campaign ({start}, whole process)"
    row = Row("explore_campaign", figure, "s", "ratio_max", 0.33)
    row.floor_name = "`jangal explore --exact`, the walk of every distinct state"
    options = ("--chapter", chapter) if chapter else ()
    found: dict[str, dict] = {}

    def walk(*mode: str) -> float:
        seconds, found[" ".join(mode)], _ = explore_run(*options, *mode, env=env)
        return seconds

    def fill() -> None:
        subject, floor = interleaved(walk, partial(walk, "--exact"), runs, warmup=False)
        row.record(subject, floor)
        reduced, exact = found[""], found["--exact"]
        row.extra.update(
            states=reduced["states"],
            exact_states=exact["states"],
            complete=reduced["complete"],
            explore_seconds=reduced["seconds"],
            exact_explore_seconds=exact["seconds"],
            states_per_second=reduced["states"] / max(reduced["seconds"], 1e-9),
            same_findings=_findings(reduced) == _findings(exact),
        )

    return guarded([row], fill)[0]


def _findings(found: dict) -> tuple:
    """What an explore's JSON reports that does not count states."""
    return found["verdicts"], found["endings"], found["ranges"], sorted(found["scene_hits"])


def explore_pack_rows(runs: int, cache: Path, env: dict[str, str]) -> list[Row]:
    """The campaign with the generated pack beside it (``bench.pack``), exhaustive: wall time and peak RSS."""
    from bench.pack import cached_pack_story

    figure = "`jangal explore` on the campaign and a generated pack (exhaustive, whole process)"
    time_row = Row("explore_pack", figure, "s", "absolute_max", 5.0)
    memory_row = Row("rss_explore_pack", "peak RSS of that exploration", "MB", "absolute_max", 200.0)

    def fill() -> None:
        campaign, pack = cached_pack_story(cache)
        walls, peaks = [], []
        for _ in range(runs):
            seconds, found, peak = explore_run("--scenes", str(campaign), "--scenes", str(pack), env=env)
            walls.append(seconds)
            peaks.append(peak)
        time_row.record(walls)
        memory_row.record(peaks)
        time_row.extra.update(states=found["states"], complete=found["complete"], explore_seconds=found["seconds"])
        time_row.extra["verdicts"] = found["verdicts"]

    return guarded([time_row, memory_row], fill)


def serve_rows(sessions: int, env: dict[str, str]) -> list[Row]:
    """``bench.serve_load``: N sessions opened at once on ``jangal serve``: the slowest to its title, PSS per game."""
    title_row = Row(
        f"serve_titles@{sessions}",
        f"{sessions} served sessions opened at once, the last to its title",
        "s",
        "absolute_max",
        5.0,
    )
    memory_row = Row(
        f"serve_pss@{sessions}", "proportional memory (PSS) per served game, median", "MB", "absolute_max", 20.0
    )

    def fill() -> None:
        run = run_checked([PYTHON, "-m", "bench.serve_load", "--sessions", str(sessions), "--json"], env=env)
        found = json.loads(run.stdout.strip().splitlines()[-1])
        if len(found["title_each"]) < sessions:
            raise ChildFailed(
                f"only {len(found['title_each'])} of {sessions} sessions showed the title: {found['failures']}"
            )
        title_row.record([max(found["title_each"])])
        memory_row.record([median(found["game_pss_kib"]) / 1024])
        title_row.extra.update(
            median=median(found["title_each"]),
            load_average=found["load_average"],
            game_cpu_seconds=sum(found["game_cpu_seconds"]),
            server_cpu_seconds=found["server_cpu_seconds"],
        )
        memory_row.extra.update(
            games=len(found["game_pss_kib"]),
            private_mb=median(found["game_private_kib"]) / 1024,
            preloaded_pss_mb=found["preloaded_pss_kib"] / 1024,
            rss_mb=median(found["game_rss_kib"]) / 1024,
        )

    return guarded([title_row, memory_row], fill)


# Stories: loading, playing and holding them (children of bench.story_bench)


def story_child(what: str, folder: Path, env: dict[str, str], *options: str):
    """Run ``bench.story_bench`` on a story; its figures and the child's run."""
    run = run_checked([PYTHON, "-m", "bench.story_bench", what, str(folder), *options], env=env)
    return json.loads(marked_line(run.stdout, RESULT_PREFIX)), run


def load_row(label: str, folder: Path, runs: int, env: dict[str, str]) -> Row:
    """``load_story`` (read, compose, build, validate) against a raw ``yaml.load`` with the C loader."""
    row = Row(
        f"load_validate@{label}",
        f"load + validate the {label}-scene story",
        "s",
        "ratio_max",
        1.5,
        floor_name="`yaml.load(..., CSafeLoader)` of the same files",
    )

    def fill() -> None:
        figures, _ = story_child("load", folder, env, "--runs", str(runs))
        row.record(figures["samples"], figures["floor_samples"])
        row.extra.update({key: figures[key] for key in ("scenes", "files", "warnings", "bytes")})

    return guarded([row], fill)[0]


def play_row(label: str, folder: Path, runs: int, choices: int, env: dict[str, str]) -> Row:
    """Random playthroughs on the engine against a random walk over the raw dicts, in choices per second.

    A figure without a target since issue 21: a loop that does nothing already costs most of that floor.
    """
    row = Row(
        f"playthrough@{label}",
        f"random playthroughs on the {label}-scene story (view, open choices, choose)",
        "choices/s",
        "report",
        None,
        floor_name="random walk over the raw parsed dicts",
    )

    def fill() -> None:
        figures, _ = story_child("play", folder, env, "--runs", str(runs), "--choices", str(choices))
        row.record(figures["samples"], figures["floor_samples"])
        row.extra["choices_per_run"] = figures["choices"]

    return guarded([row], fill)[0]


def hold_row(label: str, folder: Path, runs: int, env: dict[str, str]) -> Row:
    """Peak RSS (reported by the child itself) of a process that imports the engine and loads the story."""
    row = Row(f"rss_story_loaded@{label}", f"peak RSS with the {label}-scene story loaded", "MB", "absolute_max", 150.0)

    def fill() -> None:
        row.record([story_child("hold", folder, env)[0]["rss_mb"] for _ in range(runs)])

    return guarded([row], fill)[0]


def latency_row(rounds: int, repeats: int, env: dict[str, str]) -> Row:
    """A choice to the next scene painted, against a bare app swapping one ``Static``'s text."""
    row = Row(
        "choice_to_paint",
        "a choice to the next scene painted (action + `await pilot.pause()`)",
        "s",
        "ratio_max",
        3.0,
        floor_name="bare Textual app swapping one `Static`'s text",
    )

    def fill() -> None:
        command = [PYTHON, "-m", "bench.paint_latency", "--rounds", str(rounds), "--repeats", str(repeats)]
        figures = json.loads(marked_line(run_checked(command, env=env).stdout, RESULT_PREFIX))
        row.record(figures["samples"], figures["floor_samples"])
        row.extra.update(cpu=median(figures["cpu_samples"]), floor_cpu=median(figures["floor_cpu_samples"]))
        row.note = "pilot.pause() waits in 20 ms ticks until the process is idle; `extra.cpu` is the CPU time"

    return guarded([row], fill)[0]


# The no-server edition (`jangal export --html`) in headless Chromium

ONE_FRAME = 1 / 60
"""One animation frame at 60 Hz."""


def html_rows(runs: int, repeats: int, env: dict[str, str]) -> list[Row]:
    """The campaign's exported page: its size, its first screen against a static page's, a choice to its frame."""
    from bench.html_page import CHROMIUM, HTML_PREFIX

    size = Row("html_size", "`jangal export --html` of the campaign: file size", "MB", "absolute_max", 1.5)
    first = Row(
        "html_first_screen",
        "exported page (`#play` link) to its first scene drawn and painted, headless Chromium",
        "s",
        "ratio_max",
        1.5,
        floor_name="a static page of the same size to its first contentful paint",
    )
    frame = Row(
        "html_choice_frame",
        "exported page: a click on a choice to the next animation frame",
        "s",
        "absolute_max",
        ONE_FRAME,
    )
    made = [size, first, frame]
    if not Path(CHROMIUM).exists():
        for row in made:
            row.skipped, row.note = True, f"{CHROMIUM} not found: row skipped"
        return made

    def fill() -> None:
        run = run_checked([PYTHON, "-m", "bench.html_page", str(runs), str(repeats)], env=env)
        found = json.loads(marked_line(run.stdout, HTML_PREFIX))
        size.record([found["size"] / 1e6])
        first.record(found["first"], found["floor"])
        frame.record(found["frames"])
        frame.extra = {"work": found["work"]}
        frame.note = "the click's own work (drawing the scene) is in extra.work; the frame follows it"

    return guarded(made, fill)

"""Measuring helpers: child processes with their wall time, medians, and result rows.

Every figure in the bench is a median of several runs, and every figure that has a floor is
measured interleaved with it (subject, floor, subject, floor ...) so that a burst of load on
this noisy machine hits both alike.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The top of the checkout: children run here."""
BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
CHILD_TIMEOUT = 300.0
"""No child should take longer than this; one that does is killed and its row reports an error."""


def jangal_command() -> list[str]:
    """How to start ``jangal`` as a user would: the installed console script, else ``python -m game``."""
    script = Path(PYTHON).parent / "jangal"
    return [str(script)] if script.exists() else [PYTHON, "-m", "game"]


def child_environment(saves: Path, pycache: Path) -> dict[str, str]:
    """The environment for children: saves and settings in a scratch folder, bytecode cached, no dev tools.

    Children start from cached bytecode, as an installed program does after its first run:
    ``PYTHONPYCACHEPREFIX`` puts every ``.pyc`` (Jangal's, Textual's, the floors') under
    ``pycache``, outside the checkout, and ``PYTHONDONTWRITEBYTECODE`` is dropped. Without this, a
    checkout whose environment sets ``PYTHONDONTWRITEBYTECODE=1`` recompiles every module of
    ``game/`` that has no up-to-date ``.pyc`` at every start (38 of them when this was written),
    which no player ever sees. The unrecorded warm-up run of each figure fills the cache.
    """
    environment = dict(os.environ)
    environment["JANGAL_SAVES"] = str(saves)
    environment["JANGAL_CACHE"] = str(pycache.parent / "verdict-cache")  # `check`'s cache, beside the bytecode
    environment["PYTHONPYCACHEPREFIX"] = str(pycache)
    for name in ("PYTHONDONTWRITEBYTECODE", "TEXTUAL", "JANGAL_SCENES"):
        environment.pop(name, None)
    return environment


@dataclass
class ChildRun:
    """One finished child process."""

    started: float
    """``time.monotonic()`` just before the child was started (the clock is shared by all processes)."""
    seconds: float
    """Wall time from start to exit."""
    returncode: int
    stdout: str
    stderr: str


class ChildFailed(RuntimeError):
    """A child exited with an error (or timed out); the message carries the end of its output."""


def run_child(command: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = CHILD_TIMEOUT) -> ChildRun:
    """Run a command to its end, input empty, and measure its wall time (a child that hangs is killed)."""
    started = time.monotonic()
    process = subprocess.Popen(
        list(command), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env
    )
    try:
        output, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, errors = process.communicate()
    ended = time.monotonic()
    return ChildRun(
        started=started,
        seconds=ended - started,
        returncode=process.returncode,
        stdout=output.decode("utf-8", "replace"),
        stderr=errors.decode("utf-8", "replace"),
    )


def run_checked(command: Sequence[str], *, env: dict[str, str] | None = None, ok_codes=(0,)) -> ChildRun:
    """``run_child``, raising ChildFailed when the exit code is unexpected."""
    run = run_child(command, env=env)
    if run.returncode not in ok_codes:
        tail = (run.stderr or run.stdout)[-1500:]
        raise ChildFailed(f"`{' '.join(command)}` exited with {run.returncode}:\n{tail}")
    return run


def marked_line(output: str, prefix: str) -> str:
    """The rest of the last line of ``output`` that starts with ``prefix`` (children report figures so)."""
    found = [line[len(prefix) :].strip() for line in output.splitlines() if line.startswith(prefix)]
    if not found:
        raise ChildFailed(f"no line starting with {prefix!r} in the child's output:\n{output[-1500:]}")
    return found[-1]


def interleaved(subject: Callable[[], float], floor: Callable[[], float], runs: int, warmup: bool = True):
    """Run subject and floor alternately ``runs`` times each (after one unrecorded warm-up each); return both lists."""
    if warmup:
        subject()
        floor()
    subjects, floors = [], []
    for number in range(runs):
        first, second = (subject, floor) if number % 2 == 0 else (floor, subject)
        one, two = first(), second()
        subjects.append(one if first is subject else two)
        floors.append(two if first is subject else one)
    return subjects, floors


def median(values: Sequence[float]) -> float:
    """The median (of at least one value)."""
    return statistics.median(values)


TARGET_KINDS = ("ratio_max", "ratio_min", "delta_max", "absolute_max", "report")
"""How a row's target reads: ratio <= t, ratio >= t, value - floor <= t, value <= t, or no target."""


@dataclass
class Row:
    """One line of the table: a figure, the floor measured in the same run, and the target."""

    id: str
    """Stable key, e.g. ``load_validate@1k``."""
    figure: str
    """What is measured, in words."""
    unit: str
    """``s``, ``choices/s``, ``MB`` or ``states/s``."""
    target_kind: str
    target: float | None = None
    value: float | None = None
    floor: float | None = None
    floor_name: str = ""
    samples: list[float] = field(default_factory=list)
    floor_samples: list[float] = field(default_factory=list)
    note: str = ""
    skipped: bool = False
    error: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """Value over floor, when both are known."""
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    @property
    def delta(self) -> float | None:
        """Value minus floor, when both are known."""
        if self.value is None or self.floor is None:
            return None
        return self.value - self.floor

    @property
    def passed(self) -> bool | None:
        """True or False against the target; None when there is no target or no figure."""
        compared = {
            "ratio_max": lambda: self.ratio <= self.target,
            "ratio_min": lambda: self.ratio >= self.target,
            "delta_max": lambda: self.delta <= self.target,
            "absolute_max": lambda: self.value <= self.target,
        }.get(self.target_kind)
        if compared is None or self.value is None or self.error or self.skipped:
            return None
        if self.target_kind.startswith(("ratio", "delta")) and self.floor is None:
            return None
        return compared()

    def record(self, samples: Sequence[float], floor_samples: Sequence[float] = ()) -> Row:
        """Keep the samples and their medians; return the row."""
        self.samples = [round(value, 6) for value in samples]
        self.value = median(samples)
        if floor_samples:
            self.floor_samples = [round(value, 6) for value in floor_samples]
            self.floor = median(floor_samples)
        return self

    def to_json(self) -> dict:
        """Plain data, with the derived ratio, delta and verdict."""
        data = asdict(self)
        data.update(ratio=self.ratio, delta=self.delta, passed=self.passed)
        return data

"""Fuzzing and fault injection: how many examples to run, and the figures of a run.

A normal test run uses the quick profile (a few hundred examples per fuzz test, the whole folder in
well under 30 seconds). The full job generates at least 10,000 scene files and 10,000 save files and
kills a saving process 200 times::

    JANGAL_FUZZ=full .venv/bin/pytest tests/reliability

``JANGAL_FUZZ_EXAMPLES=N`` sets the number of examples per fuzz test directly. The figures of the run
(examples tried, kills, how many kills caught a half-written file) are printed at the end.
"""

from __future__ import annotations

import os
import sys
from collections import Counter

from hypothesis import HealthCheck, settings

FULL = os.environ.get("JANGAL_FUZZ", "").lower() == "full"
EXAMPLES = int(os.environ.get("JANGAL_FUZZ_EXAMPLES", 10_000 if FULL else 200))
"""Examples per fuzz test."""
KILLS = 200
"""Times a saving process is killed; the issue asks for 200, fast enough for every run."""

_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "jangal-fuzz",
    max_examples=EXAMPLES,
    deadline=None,  # tests judge work and memory, never time: the bench times loading
    suppress_health_check=_SLOW_IS_FINE,
    print_blob=True,
)
FUZZ = settings.get_profile("jangal-fuzz")
"""Applied per test (``@FUZZ``), so the rest of the suite keeps its own hypothesis settings."""

FIGURES: Counter[str] = Counter()
"""What this run tried, for the summary: scene files, saves, names, kills."""


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the run's figures, for the documentation of the full job."""
    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    for what, count in sorted(FIGURES.items()):
        terminalreporter.write_line(f"{what}: {count:,}")


def peak_memory() -> int:
    """The most memory (resident bytes) this process has used so far; 0 where the system does not say."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # macOS counts bytes, Linux kilobytes

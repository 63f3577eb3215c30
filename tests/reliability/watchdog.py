"""A generous timeout that catches a hang (never slowness): the work runs in a thread that is given a minute."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
HANG = 120.0
"""Seconds after which work that should take well under one is taken to have hung (quadratic work on the
sizes these tests use takes hours)."""


def finishes(work: Callable[[], T], seconds: float = HANG) -> T:
    """What ``work()`` returns; the test fails if it has not returned within ``seconds``."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the test's thread below
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)  # a daemon: a hung thread does not hold pytest open
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still working after {seconds:.0f} s: the work is not bounded"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]

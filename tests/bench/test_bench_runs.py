"""The bench keeps working: its smallest run fills every row. No figure is judged here, ever."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.html_page import CHROMIUM
from bench.run import ROW_ORDER
from tests.conftest import ROOT

NOT_MEASURED_IN_QUICK_MODE = {"startup_tmux"}
NEEDS_CHROMIUM = {"html_size", "html_first_screen", "html_choice_frame"}
"""Skipped, with a note, where Debian's chromium is not installed."""


def test_quick_bench_fills_every_row(tmp_path) -> None:
    """`python -m bench --quick` prints the table and writes JSON with a positive figure in every row."""
    results = tmp_path / "results.json"
    command = [sys.executable, "-m", "bench", "--quick", "--json", str(results), "--cache", str(tmp_path / "cache")]
    finished = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "| figure |" in finished.stdout
    report = json.loads(results.read_text(encoding="utf-8"))
    rows = {row["id"].split("@")[0]: row for row in report["rows"]}
    assert set(rows) == set(ROW_ORDER)
    table = {line.split(" | ")[0].removeprefix("| "): line for line in finished.stdout.splitlines()}
    for kind, row in rows.items():
        assert not row["error"], (kind, row["error"])
        result = table[row["figure"]].rstrip(" |").rsplit("| ", 1)[1]  # each row is in the table, with its verdict
        if kind in NOT_MEASURED_IN_QUICK_MODE or (kind in NEEDS_CHROMIUM and not Path(CHROMIUM).exists()):
            assert row["skipped"] and result == "skipped", kind
            continue
        assert row["value"] > 0 and all(sample > 0 for sample in row["samples"]), kind
        if row["target_kind"] == "report":  # a figure kept without a target
            assert result == "—" and row["passed"] is None, kind
        else:
            assert result == ("pass" if row["passed"] else "**MISS**"), kind
            assert row["passed"] == judged(row), kind
        if row["floor_name"]:
            assert row["floor"] > 0 and len(row["floor_samples"]) == len(row["samples"]), kind
    plan = report["plan"]
    assert report["quick"] and plan["sizes"] == {"100": 100}
    assert len(rows["load_validate"]["samples"]) == plan["runs"] == 1
    assert rows["load_validate"]["extra"]["scenes"] == 100 and rows["load_validate"]["extra"]["warnings"] == 0
    assert rows["playthrough"]["extra"]["choices_per_run"] == plan["choices"]
    assert rows["check_campaign"]["extra"]["imports_textual"] is False
    assert rows["startup_headless"]["extra"]["first_screen"] == "TitleScreen"
    explored = rows["explore_campaign"]["extra"]
    assert "from chapter `reza_khan`" in rows["explore_campaign"]["figure"] and explored["states"] > 0
    assert explored["same_findings"] and explored["exact_states"] >= explored["states"]
    assert len(rows["choice_to_paint"]["samples"]) == plan["latency_rounds"] * plan["latency_repeats"]


def judged(row: dict) -> bool:
    """The verdict a row's own figures give against its target (the bench must not misjudge its rows)."""
    return {
        "ratio_max": lambda: row["value"] / row["floor"] <= row["target"],
        "ratio_min": lambda: row["value"] / row["floor"] >= row["target"],
        "delta_max": lambda: row["value"] - row["floor"] <= row["target"],
        "absolute_max": lambda: row["value"] <= row["target"],
    }[row["target_kind"]]()

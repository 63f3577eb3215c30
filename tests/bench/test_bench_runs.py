"""The bench keeps working: its smallest run fills every row. No figure is judged here, ever."""

from __future__ import annotations

import json
import subprocess
import sys

from bench.run import ROW_ORDER
from tests.conftest import ROOT

NOT_MEASURED_IN_QUICK_MODE = {"startup_tmux"}


def test_quick_bench_fills_every_row(tmp_path) -> None:
    """`python -m bench --quick` prints the table and writes JSON with a positive figure in every row."""
    results = tmp_path / "results.json"
    command = [sys.executable, "-m", "bench", "--quick", "--json", str(results), "--cache", str(tmp_path / "cache")]
    finished = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "| figure |" in finished.stdout
    rows = {row["id"].split("@")[0]: row for row in json.loads(results.read_text(encoding="utf-8"))["rows"]}
    assert set(rows) == set(ROW_ORDER)
    for kind, row in rows.items():
        assert not row["error"], (kind, row["error"])
        if kind in NOT_MEASURED_IN_QUICK_MODE:
            assert row["skipped"], kind
            continue
        assert row["value"] > 0 and all(sample > 0 for sample in row["samples"]), kind
        if row["floor_name"]:
            assert row["floor"] > 0, kind

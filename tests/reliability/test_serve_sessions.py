"""`jangal serve` under a small class: several sessions at once, each its own game, on this machine only.

The sessions are websocket clients that do what the page's script does (``bench/serve_load.py``,
which measures 30 of them); no browser is needed. The server is also checked for what it listens
on when no ``--host`` is given: 127.0.0.1, so no other machine can reach it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import sys
import urllib.request
from pathlib import Path

import pytest

from bench.serve_load import free_port, run_load, start_server, stop_server, wait_for_port
from tests.conftest import MINI

LISTEN = "0A"
"""The state of a listening socket in /proc/net/tcp."""

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads processes and sockets from /proc")


def test_three_sessions_each_play_a_choice_in_their_own_save_folder(tmp_path: Path) -> None:
    """Three tabs at once all reach the title, play a choice, and save in three different folders."""
    saves = tmp_path / "saves"
    report = asyncio.run(run_load(3, saves, [MINI], timeout=60))
    assert report.started == 3, report.lines()
    assert report.played == 3, report.lines()
    assert report.failures == [] and len(report.title_each) == 3
    assert len(report.game_rss_kib) == 3 and all(rss > 0 for rss in report.game_rss_kib)
    folders = report.save_folders
    assert len(set(folders)) == 3 and all(folder.name.startswith("tab-") for folder in folders)
    assert all((folder / "autosave.json").is_file() for folder in folders)


def test_a_session_the_server_refuses_is_counted_and_the_others_go_on(tmp_path: Path) -> None:
    """Three sessions against a cap of two: one is refused (the class is full), two play, nothing crashes."""
    report = asyncio.run(run_load(3, tmp_path / "saves", [MINI], timeout=60, cap=2))
    assert report.started == 2 and report.played == 2, report.lines()
    assert report.failures and all("4003" in reason for reason in report.failures), report.failures
    assert any(line.startswith("  failed: closed by the server") for line in report.lines())


def decode_address(hex_address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """An address as /proc/net/tcp{,6} writes it: the bytes of each 32-bit word in host (little-endian) order."""
    raw = bytes.fromhex(hex_address)
    words = [raw[start : start + 4][::-1] for start in range(0, len(raw), 4)]
    return ipaddress.ip_address(b"".join(words))


def listening_addresses(port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The local addresses of every socket listening on the port, IPv4 and IPv6."""
    found = []
    for table in (Path("/proc/net/tcp"), Path("/proc/net/tcp6")):
        if not table.exists():
            continue
        for row in table.read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == LISTEN and int(hex_port, 16) == port:
                found.append(decode_address(address))
    return found


def test_serve_listens_on_this_machine_only_by_default(tmp_path: Path) -> None:
    """Without --host the page opens at 127.0.0.1, and the only socket listening is bound to 127.0.0.1."""
    port = free_port()
    server = start_server(port, tmp_path / "saves", [MINI])
    try:
        wait_for_port(port, server)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
            assert page.status == 200 and "Jangal" in page.read().decode("utf-8")
        assert listening_addresses(port) == [ipaddress.ip_address("127.0.0.1")]
    finally:
        stop_server(server)


def test_serve_on_port_zero_says_the_port_it_got(tmp_path: Path) -> None:
    """`--port 0` lets the system pick a port; the server prints that port, and the page opens there."""
    import re
    import subprocess

    from tests.conftest import ROOT

    command = [sys.executable, "-m", "game", "serve", "--port", "0", "--scenes", str(MINI)]
    command += ["--saves-dir", str(tmp_path)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = server.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)", first)
        assert found and found.group(1) != "0", first
        with urllib.request.urlopen(f"http://127.0.0.1:{found.group(1)}/", timeout=10) as page:
            assert page.status == 200
    finally:
        server.terminate()
        server.wait(timeout=60)

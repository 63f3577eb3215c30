"""`jangal serve`'s fork server: games forked from one preloaded process share nothing they change."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import aiohttp
import pytest

from game.classroom.serve import tab_folder_name
from game.classroom.serve_web import shared_environment
from game.classroom.tab_forks import TabForks
from tests.classroom.test_serve_server import OTHER_TOKEN, TOKEN, Served, named_title, screen_until
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the fork server is for Linux (and macOS) servers")

PROBE = [sys.executable, "-m", "tests.classroom.probe_zygote"]


async def probe_reports(forks: TabForks, tabs: list[str]) -> list[tuple[dict, object]]:
    """Fork one probe per tab name; each one's report and its game."""
    found = []
    for tab in tabs:
        game = await forks.spawn({**os.environ, "JANGAL_SERVED_TAB": tab, "PYTHONPATH": str(ROOT)})
        found.append((json.loads(await asyncio.wait_for(game.stdout.readline(), 30)), game))
    return found


async def test_forked_games_have_their_own_random_numbers_environment_and_memory() -> None:
    """Two children of one preloaded process: different random numbers, each its tab, each its own copy of a module."""
    forks = TabForks((), Path("."), command=PROBE)
    assert await forks.start({**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        (first, one), (second, two) = await probe_reports(forks, ["tab-a", "tab-b"])
        assert first["random"] != second["random"]
        assert first["pid"] != second["pid"] and one.pid == first["pid"]
        assert (first["tab"], second["tab"]) == ("tab-a", "tab-b")
        assert first["touched"] == ["preloaded", "tab-a"] and second["touched"] == ["preloaded", "tab-b"]
        for game, status in ((one, 3), (two, 0)):
            game.stdin.write(f"{status}\n".encode())
            await game.stdin.drain()
        assert (await asyncio.wait_for(one.wait(), 30), await asyncio.wait_for(two.wait(), 30)) == (3, 0)
    finally:
        await forks.close()
    assert not forks.folder.exists()  # the socket's folder goes with the server


async def test_a_killed_forked_game_is_reported_ended() -> None:
    """The server can end a forked game that hangs; the preloaded process tells it the game is gone."""
    forks = TabForks((), Path("."), command=PROBE)
    assert await forks.start({**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        [(_, game)] = await probe_reports(forks, ["tab-a"])
        game.kill()
        assert await asyncio.wait_for(game.wait(), 30) == -9
    finally:
        await forks.close()


async def test_forked_tabs_keep_their_own_folders_names_and_saves(tmp_path: Path) -> None:
    """Two tabs of the real game forked from one preloaded story: each its folder, its name, its autosave."""
    async with Served(tmp_path, forks=True) as served:
        first, second = await served.open_game(), await served.open_game(f"/ws/{OTHER_TOKEN}")
        assert "Playing as Ava" in await named_title(first, "Ava")
        assert "Playing as Bea" in await named_title(second, "Bea")
        await first.send_str('["stdin", "\\r"]')  # New game, in the first tab only
        await screen_until(first, "Undo")
        await first.send_str('["stdin", "1"]')
        await screen_until(first, "You chose")
        await first.close()
        await second.close()
        await served.settled()
        ava, bea = (tmp_path / "served" / tab_folder_name(token) for token in (TOKEN, OTHER_TOKEN))
        assert (ava / "autosave.json").is_file() and not (bea / "autosave.json").exists()
        assert "Ava" in (ava / ".student.json").read_text(encoding="utf-8")
        assert "Bea" in (bea / ".student.json").read_text(encoding="utf-8")
        assert {folder.name for folder in (tmp_path / "served").iterdir()} == {ava.name, bea.name}


async def test_forked_games_keep_the_caps_and_the_origin_check(tmp_path: Path) -> None:
    """With games forked, a game from another origin is still refused, and one too many still told why."""
    async with Served(tmp_path, forks=True, max_per_client=1) as served:
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await served.open_game(origin="http://elsewhere.example")
        first = await served.open_game()
        await named_title(first)
        second = await served.open_game(f"/ws/{OTHER_TOKEN}")
        message = await asyncio.wait_for(second.receive(), 30)
        assert message.data == 4003 and "close a tab" in message.extra
        await first.close()


def test_the_preloaded_process_gets_textual_serves_environment_without_a_tabs() -> None:
    """Textual reads its driver and colours when imported, so the preloaded process gets them; not a tab's size."""
    environment = shared_environment()
    assert environment["TEXTUAL_DRIVER"] == "textual.drivers.web_driver:WebDriver"
    assert "JANGAL_SERVED_TAB" not in environment

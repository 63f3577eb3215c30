"""The command table of `jangal` and the one place the garbage collector is paused."""

from __future__ import annotations

import gc
import importlib

import pytest

from game.authoring.explore import Explorer
from game.cli.arguments import COMMANDS, parse_arguments
from game.cli.main import PLAY_DEFAULTS, RUNNERS, collector_paused, main
from game.story.loader import load_story
from tests.conftest import MINI


def test_every_command_has_a_runner_that_exists() -> None:
    """Each command the parser knows runs a function of its module; none is left to a default branch."""
    assert set(RUNNERS) == set(COMMANDS)
    for module, name, _ in RUNNERS.values():
        assert callable(getattr(importlib.import_module(module), name))
    assert not any(pause for command, (_, _, pause) in RUNNERS.items() if command in {"play", "demo", "serve"})


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_put_back_as_it_was(enabled: bool) -> None:
    """Paused inside the block, then back to its state before, after an error too."""
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ZeroDivisionError), collector_paused():
            _ = 1 / 0
        assert gc.isenabled() is enabled
        with collector_paused(pause=False):
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_library_code_leaves_the_collector_alone(monkeypatch) -> None:
    """Loading (which the game does in a worker thread) and exploring never turn the collector off; a command does."""
    seen = []
    monkeypatch.setattr(gc, "disable", lambda: seen.append("disable"))
    story = load_story([MINI]).story
    explorer = Explorer(story)
    explorer.exhaustive(explorer.engine.new_game(), limit=500)  # the mini story loops: visits grow without end
    assert explorer.result.states == 500 and seen == []
    assert main(["check", str(MINI)]) == 0
    assert seen == ["disable"] and gc.isenabled()


def test_plain_jangal_is_jangal_play_with_its_defaults() -> None:
    """`jangal` alone skips argparse: its options are exactly what the parser makes of `jangal play`."""
    assert vars(parse_arguments(["play"])) == PLAY_DEFAULTS


@pytest.mark.parametrize("words", [[], ["play"]])
def test_plain_jangal_imports_no_argparse(words: list[str]) -> None:
    """`jangal` and `jangal play` read no grammar: argparse is not imported before the game starts."""
    import subprocess
    import sys

    code = (
        "import sys, game.cli.play as play\n"
        "play.play = lambda arguments: print('argparse' in sys.modules, arguments.command, arguments.seed) or 0\n"
        "from game.cli import main as entry\n"
        f"sys.argv = ['jangal', *{words!r}]\n"
        "sys.exit(entry.main())\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == ["False", "play", "0"]

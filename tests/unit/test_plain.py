"""Plain mode: line-by-line play from a pipe, with undo, saves, autosave and autoplay."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from game.authoring.history_walk import Autoplay
from game.cli.plain import PlainGame
from game.play.saves import AUTOPLAY_SAVE, PLAIN_AUTOSAVE, SaveStore
from game.story.dates import format_date
from tests.conftest import MINI, ROOT


def run_plain(story, store: SaveStore, commands: list[str], autoplay: Autoplay | None = None) -> tuple[int, str]:
    output = io.StringIO()
    console = Console(file=output, width=100, color_system=None)
    game = PlainGame(story, store, console, iter(line + "\n" for line in commands), autoplay)
    code = game.run(game.engine.new_game())
    return code, output.getvalue()


def test_a_scripted_playthrough_reaches_the_historical_ending(mini, store) -> None:
    """Choosing history's options by number ends in the historical ending and says so."""
    code, out = run_plain(mini, store, ["1", "1"])
    assert code == 0
    assert "At the dock" in out and "Ships in the harbour." in out
    assert "1. Welcome the sailors" in out
    assert "3. (closed) Ask for money — Nobody listens to you yet." in out
    assert "The sailors cheer." in out
    assert "✓ History: A test decision, made at dock by history." in out
    assert "The end: The march fails (the historical ending)" in out
    assert "You followed history at 2 of 2 decisions: your path is history's path." in out


def test_leaving_history_is_reported(mini, store) -> None:
    """A divergent choice shows what history did, and the ending lists where the path left it."""
    _, out = run_plain(mini, store, ["2", "1"])
    said = " ".join(out.split())  # the console wraps long lines
    assert "✗ History went another way: A test decision, made at dock by history." in said
    assert "History's choice here: Welcome the sailors" in said
    assert "You followed history at 1 of 2 decisions; you left it at: At the dock." in out


def test_autosave_after_every_choice(mini, store) -> None:
    """The autosave holds the state after the latest choice."""
    run_plain(mini, store, ["1"])
    loaded = store.load(PLAIN_AUTOSAVE, mini)
    assert loaded.state.scene == "road"
    assert len(loaded.state.path) == 1


def test_undo_save_and_load_commands(mini, store) -> None:
    """u goes back, s NAME saves, l NAME loads that save."""
    code, out = run_plain(mini, store, ["1", "s on the road", "u", "l on the road", "q"])
    assert code == 0
    assert "Saved as “on the road”." in out
    assert "Undone: back one choice." in out
    assert "Loaded “on the road”." in out
    assert store.load(PLAIN_AUTOSAVE, mini).state.scene == "road"  # loading made the autosave match


def test_undo_is_autosaved(mini, store) -> None:
    """After an undo the autosave holds the earlier state."""
    run_plain(mini, store, ["1", "u", "q"])
    assert store.load(PLAIN_AUTOSAVE, mini).state.scene == "dock"


def test_mistyped_input_is_explained(mini, store) -> None:
    """Unknown commands, missing numbers and closed choices get a message, not a crash."""
    code, out = run_plain(mini, store, ["dance", "9", "3", "s ../../etc", "l nowhere", "u"])
    assert code == 0
    assert "“dance” is not a command." in out
    assert "There is no choice 9. Choose 1 to 3." in out
    assert "Choice 3 is not open: Nobody listens to you yet." in out
    assert "Not saved: a save name cannot contain “/”" in out
    assert "Not loaded: there is no save called “nowhere”" in out
    assert "There is nothing to undo yet." in out
    assert out.rstrip().endswith("Input ended.")  # nothing chosen, so nothing was autosaved


def test_autoplay_history_and_random_are_deterministic(mini, store) -> None:
    """--auto history reaches the historical ending; --auto random with a seed repeats itself."""
    code, out = run_plain(mini, store, [], Autoplay("history"))
    assert code == 0 and "(the historical ending)" in out
    first = run_plain(mini, store, [], Autoplay("random", seed=7))[1]
    second = run_plain(mini, store, [], Autoplay("random", seed=7))[1]
    assert first == second


def test_unwritable_saves_let_the_game_go_on(mini, tmp_path: Path) -> None:
    """When the autosave cannot be written, the game says so once and goes on."""
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code, out = run_plain(mini, SaveStore(blocker), ["2", "1"])
    assert code == 0
    assert out.count("Autosave is off") == 1
    assert "The end:" in out


def test_scene_text_that_looks_like_markup_is_shown_literally(mini, store, tmp_path: Path) -> None:
    """Square brackets in a choice are printed as written, not taken as Rich markup."""
    story_dir = tmp_path / "story"
    story_dir.mkdir()
    for source in MINI.iterdir():
        text = source.read_text(encoding="utf-8").replace("Turn them away", "Turn them away [bold]now[/bold]")
        (story_dir / source.name).write_text(text, encoding="utf-8")
    from game.story.loader import load_or_raise

    _, out = run_plain(load_or_raise([story_dir]), store, ["q"])
    assert "2. Turn them away [bold]now[/bold]" in out


def test_dates_read_as_words() -> None:
    """Full and partial dates are written out for the header."""
    assert [format_date(d) for d in ("1920-06-05", "1921-06", "1921")] == ["5 June 1920", "June 1921", "1921"]


def jangal(*args: str, stdin: str = "", tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "JANGAL_SAVES": str(tmp_path / "saves"), "PYTHONIOENCODING": "utf-8"},
        timeout=60,
    )


def test_play_plain_from_a_pipe_without_textual(tmp_path: Path) -> None:
    """`jangal play --plain` reads choices from a pipe, autosaves, exits 0 and never imports textual."""
    result = jangal("play", "--plain", "--scenes", str(MINI), stdin="1\n1\n", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "The end: The march fails" in result.stdout
    assert " \n" not in result.stdout  # no padding for screen readers and files
    assert (tmp_path / "saves" / "plain-autosave.json").is_file()
    assert not (tmp_path / "saves" / "autosave.json").exists()  # the full-screen game's Continue is untouched
    code = (
        "import sys; from game.cli.main import main; "
        "main(['play', '--plain', '--auto', 'history', '--scenes', 'tests/stories/mini']); "
        "print('textual' in sys.modules)"
    )
    probe = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"JANGAL_SAVES": str(tmp_path / "s2"), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert probe.stdout.strip().endswith("False")


def test_play_with_a_broken_story_explains_instead_of_crashing(tmp_path: Path) -> None:
    """A story with errors prints the problems and exits 1, with no traceback."""
    (tmp_path / "story.yaml").write_text("story:\n  id: x\n  title: X\n  start: nowhere\n", encoding="utf-8")
    result = jangal("play", "--plain", "--scenes", str(tmp_path), tmp_path=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "the start scene `nowhere` does not exist" in result.stderr
    assert "cannot be played" in result.stderr


def test_play_load_and_chapter_options(tmp_path: Path) -> None:
    """--chapter starts at a chapter; --load continues a slot; bad values are explained."""
    chapter = jangal("--plain", "--chapter", "two", "--auto", "history", "--scenes", str(MINI), tmp_path=tmp_path)
    assert chapter.returncode == 0 and "On the road" in chapter.stdout and "At the dock" not in chapter.stdout
    assert (tmp_path / "saves" / f"{AUTOPLAY_SAVE}.json").is_file()  # autoplay keeps its own slot
    assert not (tmp_path / "saves" / "autosave.json").exists()
    again = jangal("play", "--plain", "--load", AUTOPLAY_SAVE, "--scenes", str(MINI), stdin="q\n", tmp_path=tmp_path)
    assert again.returncode == 0
    wrong = jangal("play", "--plain", "--chapter", "nine", "--scenes", str(MINI), tmp_path=tmp_path)
    assert wrong.returncode == 1 and "Chapters: one, two" in wrong.stderr
    missing = jangal("play", "--plain", "--load", "nothing", "--scenes", str(MINI), tmp_path=tmp_path)
    assert missing.returncode == 1 and "no save called “nothing”" in missing.stderr


def test_a_continued_game_is_autosaved_at_once(mini, store) -> None:
    """Loading a game makes the autosave match it before any choice, so quitting loses nothing."""
    game = PlainGame(mini, store, Console(file=io.StringIO()), iter(["q\n"]))
    state = game.engine.choose(game.engine.new_game(), 1).state
    game.run(state)
    assert store.load(PLAIN_AUTOSAVE, mini).state == state


def test_plain_mode_starts_with_the_viewpoint_and_speakable_separators(store) -> None:
    """A screen reader hears who the player is first, and between scenes a short '* * *', never a rule of box lines."""
    from game.story.loader import load_or_raise
    from tests.conftest import ROOT

    showcase = load_or_raise([ROOT / "tests" / "stories" / "showcase"])
    _, out = run_plain(showcase, store, ["1", "q"])
    assert out.lstrip().startswith("You are a clerk at the harbour office.")
    assert "* * *" in out
    assert not any(char in out for char in "─━═")
    assert all(len(line) < 100 or " " in line for line in out.splitlines())


def test_plain_mode_blank_separator(mini, store) -> None:
    """--separator blank puts a blank line between scenes instead of the stars."""
    output = io.StringIO()
    game = PlainGame(mini, store, Console(file=output, width=100, color_system=None), iter(["q\n"]), separator="blank")
    game.run(game.engine.new_game())
    assert "* * *" not in output.getvalue()
    assert "\n\nChapter: " in output.getvalue()


def test_plain_ending_is_remembered_among_the_endings_found(mini, store) -> None:
    """An ending reached in plain mode counts on the Endings screen of the full-screen game."""
    from game.play.settings import load_settings

    run_plain(mini, store, ["1", "1"])
    assert list(load_settings(store.folder).endings_found(mini.id)) == ["defeat"]

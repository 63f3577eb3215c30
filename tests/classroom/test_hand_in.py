"""Handing in from inside the game (`x`): a verifiable transcript lands in the class folder."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from game.classroom.hand_in import file_stem, hand_in
from game.classroom.verify import verify_file
from game.ui.screens.hand_in import HandInDialog

SIZE = (100, 30)


def test_file_names_keep_any_script_and_nothing_that_moves_the_file() -> None:
    """Names become file names safely: Persian letters stay, slashes and dots do not, empty becomes `student`."""
    assert file_stem("Ali Rezaei") == "Ali-Rezaei"
    assert file_stem("سارا احمدی") == "سارا-احمدی"
    assert file_stem("../../etc/passwd") == "etc-passwd"
    assert file_stem("   ") == "student"


def test_a_handed_in_transcript_verifies(campaign, tmp_path: Path) -> None:
    """What the game writes is exactly what `jangal verify` expects from that game."""
    from game.play.engine import Engine

    engine = Engine(campaign)
    state = engine.new_game()
    for _ in range(3):
        state = engine.choose(state, engine.view(state).open_options[0].index).state
    handed = hand_in(campaign, state, "Sara", tmp_path / "class")
    assert handed.path.parent == tmp_path / "class" and handed.path.name == f"Sara-{handed.code}.html"
    verdict = verify_file(campaign, handed.path)
    assert verdict.genuine, verdict.reason


async def test_x_asks_for_a_name_and_writes_the_transcript(make_app, tmp_path: Path) -> None:
    """In a game, `x` opens the dialog; a name and Enter write the transcript and say its code."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.start_game()
        await pilot.pause()
        await pilot.press("x")
        assert not isinstance(app.screen, HandInDialog)  # nothing chosen yet: nothing to hand in
        await pilot.press("1", "x")
        assert isinstance(app.screen, HandInDialog)
        app.screen.query_one(Input).value = "Ali"
        await pilot.press("enter")
        await pilot.pause()
        written = list((tmp_path / "saves" / "handed-in").glob("Ali-JG-*.html"))
        assert len(written) == 1
        assert any("Verification code JG-" in str(n.message) for n in app._notifications)

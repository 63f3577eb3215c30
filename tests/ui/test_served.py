"""A served game (a browser tab of `jangal serve`): the name asked once, quitting that asks first, x in the footer."""

from __future__ import annotations

from pathlib import Path

from game.classroom.hand_in import STUDENT_FILE, remember_name, remembered_name
from game.ui.screens.confirm import ConfirmDialog
from game.ui.screens.hand_in import StudentNameDialog
from game.ui.served import ServedTab, leave_question

SIZE = (100, 30)
BACK = "http://192.168.1.5:8000/?game=0123456789abcdef0123456789abcdef"


def served(tmp_path: Path) -> ServedTab:
    return ServedTab(tmp_path / "saves", BACK)


async def test_a_new_served_game_asks_the_name_once_and_shows_it_on_the_title(make_app, tmp_path: Path) -> None:
    tab = served(tmp_path)
    app = make_app(served=tab)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StudentNameDialog)
        await pilot.press(*"Ava", "enter")
        await pilot.pause()
        assert app.student_name == "Ava"
        assert str(app.screen.query_one("#menu").border_title) == "Playing as Ava"
    assert remembered_name(tab.folder) == "Ava"
    again = make_app(served=tab)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not isinstance(again.screen, StudentNameDialog) and again.student_name == "Ava"


async def test_quitting_a_served_game_asks_first_and_says_how_to_come_back(make_app, tmp_path: Path) -> None:
    """Ctrl+C, Ctrl+Q and q on the title each ask; n stays; y leaves."""
    tab = served(tmp_path)
    remember_name(tab.folder, "Ava")
    app = make_app(served=tab)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("ctrl+c", "ctrl+q", "q"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog), key
            assert app.screen.question == leave_question(tab) and app.is_running
            await pilot.press("n")
            await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert not app.is_running
    assert "reload this page" in leave_question(tab) and BACK in leave_question(tab)


async def test_a_game_that_is_not_served_still_quits_at_once_on_ctrl_c(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert not app.is_running


async def test_a_served_game_shows_hand_in_in_the_footer_and_hands_in_under_the_name(make_app, tmp_path: Path) -> None:
    tab = served(tmp_path)
    remember_name(tab.folder, "Ava Rahimi")
    app = make_app(served=tab, hand_in_folder=tmp_path / "handed-in")
    async with app.run_test(size=SIZE) as pilot:
        app.start_game()
        await pilot.pause()
        bindings = {binding.key: binding for _, binding, *_ in app.screen.active_bindings.values()}
        assert bindings["x"].show and bindings["x"].description == "Hand in"
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(app.screen, StudentNameDialog)  # no second question: the name is known
    handed = list((tmp_path / "handed-in").glob("*.html"))
    assert len(handed) == 1 and handed[0].name.startswith("Ava-Rahimi-")
    assert "Ava Rahimi" in handed[0].read_text(encoding="utf-8")


def test_a_name_file_that_is_not_a_small_sound_one_is_ignored(tmp_path: Path) -> None:
    for content in (b"not json", b'{"name": 5}', b'["Ava"]', b'{"name": "a\\u001b]52;c;x\\u0007"}', b"x" * 5000):
        (tmp_path / STUDENT_FILE).write_bytes(content)
        assert remembered_name(tmp_path) == ""
    (tmp_path / STUDENT_FILE).unlink()
    (tmp_path / STUDENT_FILE).mkdir()
    assert remembered_name(tmp_path) == ""

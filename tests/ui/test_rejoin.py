"""Two paths that rejoin: each sees its own paragraph in the Textual game, plain mode and a transcript."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from game.classroom.render import render
from game.classroom.transcript import transcript_of
from game.classroom.verify import verify_text
from game.cli.plain import PlainGame
from game.play.engine import Engine
from game.play.saves import SaveStore
from game.story.loader import load_or_raise
from game.ui.widgets.markdown_text import MarkdownText
from tests.conftest import TESTS

REJOIN = TESTS / "stories" / "rejoin"
SIZE = (100, 40)
HELD, FELL = (
    "The Cossacks never came; Qazvin held them all summer.",
    "Starosselsky led the Cossacks into Rasht in August.",
)
PATHS = [pytest.param(1, HELD, FELL, id="held"), pytest.param(0, FELL, HELD, id="fell")]


@pytest.mark.parametrize(("index", "shown", "hidden"), PATHS)
async def test_the_game_shows_only_the_paragraph_of_the_path(make_app, index, shown, hidden) -> None:
    """After choosing at Qazvin, the rejoining scene shows that path's paragraph and not the other's."""
    app = make_app(REJOIN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # New game
        await pilot.press(str(index + 1))  # the choice at Qazvin
        await pilot.pause()
        assert app.session.state.scene == "ledger"
        source = app.screen.query_one("#scene-text", MarkdownText).source
        assert "Autumn comes off the Caspian" in source and shown in source and hidden not in source


@pytest.mark.parametrize(("index", "shown", "hidden"), PATHS)
def test_plain_mode_prints_only_the_paragraph_of_the_path(tmp_path, index, shown, hidden) -> None:
    """Plain mode prints the paragraph the path selects, in the scene and in the epilogue."""
    output = io.StringIO()
    story = load_or_raise([REJOIN])
    commands = iter(f"{line}\n" for line in (str(index + 1), "1"))
    game = PlainGame(story, SaveStore(tmp_path / "saves"), Console(file=output, width=200), commands, None)
    game.run(game.engine.new_game())
    said = " ".join(output.getvalue().split())
    assert shown in said and hidden not in said
    assert ("Qazvin is remembered" in said) == (shown == HELD)


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize(("index", "shown", "hidden"), PATHS)
def test_a_transcript_shows_and_verifies_the_paragraph_of_the_path(fmt, index, shown, hidden) -> None:
    """The transcript holds the path's paragraph only, and verifies as genuine; the other paragraph is forgery."""
    story = load_or_raise([REJOIN])
    engine = Engine(story)
    state = engine.follow(engine.new_game(), [("qazvin", index), ("ledger", 0)])
    text = render(story, transcript_of(story, state, "Ana"), state, fmt)
    assert shown in text and hidden not in text
    assert verify_text(story, text).genuine
    assert not verify_text(story, text.replace(shown, hidden)).genuine

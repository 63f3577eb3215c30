"""Issue 14, hangs and unbounded work in the screens: a folder of 10,000 saves, a path of 120,000
steps and a scene of megabytes open at once, because the screens do work for what is on screen,
not for all there is. Bounded by counts (files read, rows drawn, characters rendered), never by time."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from textual.app import App
from textual.containers import VerticalScroll

from game.play.engine import Engine
from game.play.saves import SaveStore
from game.story.model import Story
from game.story.reader import MAX_TEXT_CHARACTERS
from game.ui.screens.load import LoadScreen
from game.ui.screens.log import LogScreen
from game.ui.widgets import markdown_text
from game.ui.widgets.markdown_text import CHUNK, MarkdownText, markdown_chunks
from game.ui.widgets.virtual_table import VirtualTable
from tests.conftest import MINI

SIZE = (100, 30)
MANY_SLOTS = 10_000
LONG_PATH = 120_000


class Host(App):
    def __init__(self, screen):
        super().__init__()
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first)


class CountingStore(SaveStore):
    """A store that counts the slot files it opens."""

    opened = 0

    def info(self, name, story=None):
        CountingStore.opened += 1
        return super().info(name, story)


def fill_folder(folder: Path, engine: Engine, count: int) -> None:
    store = SaveStore(folder)
    store.save("s0", engine.choose(engine.new_game(), 0).state, engine.story)
    data = (folder / "s0.json").read_bytes()
    for number in range(1, count):
        (folder / f"s{number}.json").write_bytes(data)


async def test_ten_thousand_slots_open_reading_only_the_rows_on_screen(tmp_path, engine: Engine, mini: Story) -> None:
    """Opening, resizing and paging the Load screen reads the slots shown, not the folder's 10,000 files."""
    fill_folder(tmp_path / "saves", engine, MANY_SLOTS)
    CountingStore.opened = 0
    app = Host(LoadScreen(CountingStore(tmp_path / "saves"), mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(VirtualTable)
        assert table.row_count == MANY_SLOTS
        assert CountingStore.opened <= SIZE[1]
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert CountingStore.opened <= 40  # a resize draws again from the slots already read
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor == MANY_SLOTS - 1
        assert CountingStore.opened <= 40 + 24
        assert "s" in str(app.screen.query_one("#load-detail").render())


async def test_a_path_of_120000_steps_draws_only_the_rows_on_screen(engine: Engine) -> None:
    """The log of a very long path opens at the present, drawing a screenful of rows, and pages through it."""
    state = engine.new_game()
    for _ in range(20):
        state = engine.choose(state, 0 if state.scene == "dock" else 2).state
    state = dataclasses.replace(state, path=state.path * (LONG_PATH // 20))
    screen = LogScreen(engine, state)
    drawn = []
    original = screen.row
    screen.row = lambda index: drawn.append(index) or original(index)
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(VirtualTable)
        assert table.row_count == LONG_PATH + 1 and table.cursor == LONG_PATH
        assert len(set(drawn)) <= 2 * SIZE[1]
        assert "now: At the dock" in str(app.screen.query_one("#log-detail").render())
        await pilot.press("home", "pagedown")
        await pilot.pause()
        assert table.cursor > 0
        assert len(set(drawn)) <= 5 * SIZE[1]


def test_long_markdown_is_cut_between_paragraphs_never_inside_a_fence() -> None:
    """Chunks end at blank lines, a fenced block stays whole, and nothing is lost."""
    fence = "```\n" + "\n\n".join(["code"] * 4000) + "\n```"
    text = "\n\n".join(["A paragraph of words."] * 3000) + "\n\n" + fence + "\n\nThe end."
    chunks = markdown_chunks(text)
    assert len(chunks) > 2
    assert all(chunk.count("```") % 2 == 0 for chunk in chunks)
    assert "".join(chunks).replace("\n", "") == text.replace("\n", "")
    assert markdown_chunks("short") == ["short"]


async def test_the_longest_scene_allowed_renders_a_few_chunks_then_more_as_it_scrolls(make_app, tmp_path) -> None:
    """A scene as long as the loader allows paints with a few chunks rendered; scrolling draws the rest in turn."""
    folder = tmp_path / "big"
    shutil.copytree(MINI, folder)
    paragraph = "Words of a very long scene, " * 4 + "and the end of a paragraph."
    paragraphs = [paragraph] * ((MAX_TEXT_CHARACTERS - 1_000) // (len(paragraph) + 2))
    text = "\n\n".join(paragraphs) + "\n\nTHE LAST LINE."
    scenes = folder / "scenes.yaml"
    block = "\n".join("      " + line if line else "" for line in text.splitlines())
    scenes.write_text(
        scenes.read_text(encoding="utf-8").replace("    text: Ships in the harbour.", f"    text: |\n{block}", 1),
        encoding="utf-8",
    )
    rendered = []
    original = markdown_text.SceneMarkdown.__init__

    def counting(self, markup, *args, **kwargs):
        rendered.append(len(markup))
        original(self, markup, *args, **kwargs)

    markdown_text.SceneMarkdown.__init__ = counting
    try:
        app = make_app(folder)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            scene_text = app.screen.query_one("#scene-text", MarkdownText)
            assert len(scene_text.chunks) >= MAX_TEXT_CHARACTERS // CHUNK - 1
            assert sum(rendered) <= 3 * CHUNK + 1000
            scroll = app.screen.query_one("#scene-scroll", VerticalScroll)
            for _ in range(3):  # scrolled near the end of what is drawn, the next chunk is drawn
                scroll.scroll_to(y=scroll.max_scroll_y, animate=False)
                await pilot.pause()
            assert 1 < scene_text.shown <= 5 and sum(rendered) <= (scene_text.shown + 2) * (CHUNK + 1000)
            for _ in range(2 * len(scene_text.chunks)):
                if not scene_text.has_more:
                    break
                scene_text.show_more()
            await pilot.press("end")
            await pilot.pause()
            assert not scene_text.has_more and scroll.scroll_y == scroll.max_scroll_y
            assert "more text below" not in str(app.screen.query_one("#choices").border_title or "")
            await pilot.press("1")
            assert app.session.state.scene == "road"
    finally:
        markdown_text.SceneMarkdown.__init__ = original

"""``jangal lsp`` driven over stdio as an editor drives it: open, change, diagnostics, completion, hover."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from game.authoring.editor_help import names_wanted, story_folders
from tests.conftest import close_the_mini_loop

MINI = Path(__file__).resolve().parents[1] / "stories" / "mini"
CAMPAIGN = Path(__file__).resolve().parents[2] / "scenes"
WAIT = 30.0
"""Seconds to wait for the server's answer: a generous bound that catches a hang, never a judge of speed."""


class Editor:
    """A language client that keeps the diagnostics the server publishes, by file."""

    def __init__(self) -> None:
        self.client = LanguageClient("test-editor", "1")
        self.diagnostics: dict[str, list[types.Diagnostic]] = {}
        self.published = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = list(params.diagnostics)
            self.published.set()

    async def start(self, root: Path, *arguments: str) -> None:
        await self.client.start_io(sys.executable, "-m", "game", "lsp", *arguments, cwd=str(root))
        params = types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=from_fs_path(str(root)))
        await asyncio.wait_for(self.client.initialize_async(params), WAIT)
        self.client.initialized(types.InitializedParams())

    async def open(self, path: Path, text: str | None = None) -> None:
        self.published.clear()
        document = types.TextDocumentItem(
            uri=from_fs_path(str(path)), language_id="yaml", version=1, text=path.read_text() if text is None else text
        )
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=document))
        await asyncio.wait_for(self.published.wait(), WAIT)

    async def change(self, path: Path, text: str, version: int = 2) -> None:
        self.published.clear()
        identifier = types.VersionedTextDocumentIdentifier(uri=from_fs_path(str(path)), version=version)
        change = types.TextDocumentContentChangeWholeDocument(text=text)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(text_document=identifier, content_changes=[change])
        )
        await asyncio.wait_for(self.published.wait(), WAIT)

    async def complete(self, path: Path, line: int, character: int) -> list[types.CompletionItem]:
        params = types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=from_fs_path(str(path))),
            position=types.Position(line=line, character=character),
        )
        answer = await asyncio.wait_for(self.client.text_document_completion_async(params), WAIT)
        return list(answer.items) if isinstance(answer, types.CompletionList) else list(answer or [])

    async def hover(self, path: Path, line: int, character: int) -> types.Hover | None:
        params = types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=from_fs_path(str(path))),
            position=types.Position(line=line, character=character),
        )
        return await asyncio.wait_for(self.client.text_document_hover_async(params), WAIT)

    def problems_in(self, path: Path) -> list[types.Diagnostic]:
        return self.diagnostics.get(from_fs_path(str(path)), [])

    async def stop(self) -> None:
        await asyncio.wait_for(self.client.shutdown_async(None), WAIT)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), WAIT)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return close_the_mini_loop(folder)


@pytest.fixture
async def editor(story: Path):
    running = Editor()
    await running.start(story.parent)
    yield running
    await running.stop()


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines()) if needle in line)


async def test_a_sound_file_gets_no_problems_and_a_mistake_typed_gets_one_on_its_line(editor: Editor, story: Path):
    scenes = story / "scenes.yaml"
    text = scenes.read_text()
    await editor.open(scenes)
    assert editor.problems_in(scenes) == []

    typed = text.replace("goto: defeat", "goto: defeet")  # not saved: the server checks the editor's text
    await editor.change(scenes, typed)
    [problem] = [p for p in editor.problems_in(scenes) if p.severity == types.DiagnosticSeverity.Error]
    line = line_of(typed, "goto: defeet")
    assert problem.range.start.line == line
    assert typed.splitlines()[line][problem.range.start.character :].startswith("defeet")
    assert problem.severity == types.DiagnosticSeverity.Error
    assert "defeet" in problem.message and "hint: did you mean `defeat`?" in problem.message
    assert scenes.read_text() == text  # the disk was never touched
    [warning] = [p for p in editor.problems_in(scenes) if p.severity == types.DiagnosticSeverity.Warning]
    assert "ending `defeat` can never be reached" in warning.message

    await editor.change(scenes, text, version=3)
    assert editor.problems_in(scenes) == []  # fixed: the editor's list is cleared


async def test_a_mistake_in_one_file_is_shown_on_the_file_it_is_in(editor: Editor, story: Path):
    """A condition naming a variable the story file does not declare: the error sits in scenes.yaml."""
    story_file, scenes = story / "story.yaml", story / "scenes.yaml"
    await editor.open(story_file)
    text = scenes.read_text().replace("if: support >= 4 or funds >= 10", "if: suport >= 4")
    await editor.open(scenes, text)
    [problem] = editor.problems_in(scenes)
    assert problem.range.start.line == line_of(text, "if: suport >= 4")
    assert "suport" in problem.message and "support" in problem.message
    assert editor.problems_in(story_file) == []


async def test_completion_offers_the_names_that_belong_where_the_cursor_is(editor: Editor, story: Path):
    scenes = story / "scenes.yaml"
    text = scenes.read_text()
    await editor.open(scenes)
    line = line_of(text, "goto: defeat")
    column = text.splitlines()[line].index("defeat")
    labels = {item.label: item.detail for item in await editor.complete(scenes, line, column)}
    assert {"dock", "road", "defeat", "victory"} <= set(labels) and labels["dock"] == "At the dock"

    condition = line_of(text, "if: support >= 4 or funds")
    in_condition = {item.label for item in await editor.complete(scenes, condition, len(text.splitlines()[condition]))}
    assert {"support", "funds", "flags.trusts_abukov"} <= in_condition

    flags_line = line_of(text, "set_flags: [trusts_abukov]")
    flags = {item.label for item in await editor.complete(scenes, flags_line, text.splitlines()[flags_line].index("["))}
    assert flags == {"trusts_abukov"}

    codex_line = line_of(text, "codex: [anzali]")
    codex = {item.label for item in await editor.complete(scenes, codex_line, text.splitlines()[codex_line].index("a"))}
    assert "anzali" in codex

    chapter_line = line_of(text, "chapter: one")
    assert {item.label for item in await editor.complete(scenes, chapter_line, 13)} == {"one", "two"}

    text_line = line_of(text, "text: Ships in the harbour.")
    assert await editor.complete(scenes, text_line, len(text.splitlines()[text_line])) == []


async def test_completion_knows_a_scene_added_but_not_saved(editor: Editor, story: Path):
    scenes = story / "scenes.yaml"
    new_scene = "  - id: harbour_night\n    chapter: one\n    title: Night in the harbour\n"
    typed = scenes.read_text().replace("codex:\n", new_scene + "codex:\n")
    await editor.open(scenes, typed)
    line = line_of(typed, "goto: defeat")
    labels = {item.label for item in await editor.complete(scenes, line, len(typed.splitlines()[line]))}
    assert "harbour_night" in labels


async def test_hover_over_an_id_shows_what_it_names(editor: Editor, story: Path):
    scenes = story / "scenes.yaml"
    text = scenes.read_text()
    await editor.open(scenes)
    line = line_of(text, "goto: road")
    hover = await editor.hover(scenes, line, text.splitlines()[line].index("road") + 1)
    assert hover is not None
    assert "scene road: On the road" in hover.contents.value and "scenes.yaml:" in hover.contents.value
    flag_line = line_of(text, "if: flags.trusts_abukov")
    flag_hover = await editor.hover(scenes, flag_line, text.splitlines()[flag_line].index("trusts") + 2)
    assert "flag trusts_abukov: Trusts the commissar" in flag_hover.contents.value
    assert await editor.hover(scenes, line_of(text, "Ships in the harbour"), 12) is None


async def test_a_pack_file_is_checked_with_the_campaign(tmp_path: Path):
    """A pack has no story block: its file is checked beside the campaign, whose scene ids it may name."""
    pack = tmp_path / "mypack"
    pack.mkdir()
    scene = (
        "scenes:\n  - id: pack_start\n    chapter: uprising\n    title: A pack scene\n    text: Rain.\n"
        "    choices:\n      - text: Back to the story\n        goto: manjil\n"
    )
    (pack / "scenes.yaml").write_text(scene)
    editor = Editor()
    await editor.start(tmp_path, "--scenes", str(CAMPAIGN), "--scenes", str(pack))
    try:
        await editor.open(pack / "scenes.yaml")
        assert all("story" not in p.message for p in editor.problems_in(pack / "scenes.yaml"))
        broken = scene.replace("goto: manjil", "goto: manjill")
        await editor.change(pack / "scenes.yaml", broken)
        messages = [p.message for p in editor.problems_in(pack / "scenes.yaml")]
        assert any("manjill" in message for message in messages)
    finally:
        await editor.stop()


def test_a_file_without_a_story_block_above_it_is_checked_as_a_pack(tmp_path: Path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "scenes.yaml").write_text("scenes: []\n")
    assert story_folders(pack / "scenes.yaml", [], [CAMPAIGN]) == [CAMPAIGN, pack]
    assert story_folders(MINI / "scenes.yaml", [], [CAMPAIGN]) == [MINI]
    assert story_folders(MINI / "scenes.yaml", [pack], [CAMPAIGN]) == [pack]


@pytest.mark.parametrize(
    ("lines", "wanted"),
    [
        (["    codex:", "      - kuchik", "      - "], "codex"),
        (["    codex:", "    - kuchik", "    - "], "codex"),
        (["        add:", "          support: 1", "          un"], "variable"),
        (["  choices:", "    - text: Go", "      goto: x", "      e"], None),
        (["      goto: "], "scene"),
        (["      if: flags.le"], "flag"),
        (["      if: support > 3 and "], "condition"),
        (['      if: visited("fo'], "scene"),
        (["    text: |", "      Some prose", "    go"], None),
        (["      set_flags: [a, "], "flag"),
        (["- text: Go to Rasht"], None),
    ],
)
def test_the_key_above_the_cursor_says_what_belongs_there(lines: list[str], wanted: str | None):
    assert names_wanted(lines, len(lines) - 1, len(lines[-1])) == wanted

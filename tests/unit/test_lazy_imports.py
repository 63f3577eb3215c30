"""Start-up: what `jangal check` and `jangal play --plain` import, and the shortcuts that keep them quick.

Each shortcut stands in for something slower and must give exactly what it replaces:

* a clean check prints its line without Rich, as Rich prints it;
* plain mode prints simple Markdown without Rich's Markdown, to the byte as Rich's Markdown does;
* the reader composes nodes itself, in the pass that counts the limits: the tree PyYAML's composer builds.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.markdown import Markdown

from game.authoring.report import prints_as_written
from game.cli.plain_markdown import SimpleMarkdown, simple_paragraphs
from game.story import reader
from game.story.files import find_story_files, read_title_card
from game.story.loader import load_or_raise, load_story
from tests.conftest import MINI, ROOT, SOUND

STORIES = [ROOT / "scenes", MINI, ROOT / "tests" / "stories" / "showcase", ROOT / "tests" / "data" / "worked_example"]


def modules_after(code: str, modules: tuple[str, ...], tmp_path: Path) -> list[str]:
    """Which of ``modules`` a fresh Python has imported after running ``code`` (with stdin at its end)."""
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(m for m in {modules!r} if m in sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "JANGAL_SAVES": str(tmp_path / "saves"), "PYTHONIOENCODING": "utf-8"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_imports_neither_textual_nor_rich(tmp_path: Path) -> None:
    """A clean `jangal check` needs YAML and the model, not Textual, Rich (it prints one plain line) or OpenSSL."""
    code = "from game.cli.main import main; assert main(['check', 'scenes']) == 0"
    modules = ("textual", "rich", "rich.console", "rich.markdown", "difflib", "hashlib")
    assert modules_after(code, modules, tmp_path) == []


def test_plain_mode_imports_neither_textual_nor_rich_markdown(tmp_path: Path) -> None:
    """`jangal play --plain` prints the first scene's Markdown without Rich's Markdown (nor markdown-it, pygments)."""
    code = "from game.cli.main import main; assert main(['play', '--plain']) == 0"
    modules = ("textual", "rich.markdown", "markdown_it", "pygments", "rich.table")
    assert modules_after(code, modules, tmp_path) == []


def rich_print(text: str, **options) -> str:
    output = io.StringIO()
    Console(file=output, highlight=False, **options).print(text, highlight=False)
    return output.getvalue()


def test_a_clean_check_prints_what_rich_would(capsys: pytest.CaptureFixture[str]) -> None:
    """The summary of a clean check, printed without Rich, is what a Rich console prints."""
    from game.cli.authoring import check

    assert check([SOUND]) == 0
    printed = capsys.readouterr().out
    assert printed == rich_print(printed.rstrip("\n"))
    assert printed.startswith("ok: no problems in 2 files")


def test_only_lines_rich_prints_as_written_skip_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """Markup, emoji codes, non-ASCII text and lines as wide as the console are left to Rich."""
    monkeypatch.delenv("COLUMNS", raising=False)
    line = "ok: no problems in 9 files, 65 scenes"
    assert prints_as_written(line)
    for other in ("[bold]x[/]", "ok: :smile: x", "ok: no problème", "x" * 80, "a\tb"):
        assert not prints_as_written(other), other
    monkeypatch.setenv("COLUMNS", str(len(line)))
    assert not prints_as_written(line)
    assert rich_print(line, width=len(line) + 1) == line + "\n"


def story_texts() -> list[str]:
    """Every Markdown text of the campaign and the test stories."""
    texts = []
    for folder in STORIES:
        story = load_or_raise([folder])
        for scene in story.scenes.values():
            texts += [scene.text.every_paragraph()]
            texts += [choice.consequence.every_paragraph() for choice in scene.choices if choice.consequence]
            if scene.note:
                texts.append(scene.note.text)
            if scene.ending:
                ending = scene.ending
                texts += [ending.epilogue.every_paragraph(), ending.what_really_happened]
                texts += [explanation.view for explanation in ending.explanations]
        texts += [entry.text for entry in story.codex.values()]
    return texts


def rendered(renderable, width: int, colour: bool) -> str:
    output = io.StringIO()
    console = Console(file=output, width=width, force_terminal=colour, color_system="truecolor" if colour else None)
    console.print(renderable)
    return output.getvalue()


def assert_renders_as_rich(text: str) -> bool:
    """When the text is simple enough for ``SimpleMarkdown``, it renders as Rich's Markdown does; True then."""
    paragraphs = simple_paragraphs(text)
    if paragraphs is None:
        return False
    for width in (9, 40, 100):
        for colour in (False, True):
            assert rendered(SimpleMarkdown(paragraphs), width, colour) == rendered(Markdown(text), width, colour), (
                text,
                width,
                colour,
            )
    return True


def test_story_texts_render_as_rich_markdown_renders_them() -> None:
    """Nearly every text of the stories takes the quick way, and each prints the same, in colour or not."""
    texts = story_texts()
    simple = [text for text in texts if assert_renders_as_rich(text)]
    assert len(simple) > 0.9 * len(texts)


PIECES = [
    "word", "a", " ", " ", "\n", "\n\n", "*", "**", "*it*", "**bold** ", ".", ",", '"', "'", "(", ")", ":", "!",
    "—", "é", "\u00a0", "1", "1. ", "\n1) ", "\n1920. ", "\n2. ", "-", "#", "_", "`", "[x]", "<b>", "&amp;", "\\",
    "  \n", "\t", "***", "x*y",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_any_text_taken_the_quick_way_renders_as_rich_markdown(text: str) -> None:
    """Whatever the text, if it is taken the quick way it prints exactly as Rich's Markdown prints it."""
    assert_renders_as_rich(text)


FLOW = {"[": "]", "[a, ": "]", "{k: ": "}", "{? [x, y]: ": "}"}


def flow(openings: list[str]) -> str:
    return "".join(openings) + "x" + "".join(FLOW[opening] for opening in reversed(openings))


def blocks(depth: int) -> str:
    return "".join(f"{'  ' * level}k{level}:\n" for level in range(depth)) + "  " * depth + "leaf\n"


YAML_SHAPES = st.one_of(
    st.lists(st.sampled_from(sorted(FLOW)), min_size=1, max_size=60).map(flow),
    st.integers(1, 60).map(blocks),
    st.integers(1, 60).map(lambda depth: "- " * depth + "x\n"),
    st.integers(1, 80).map(lambda count: "codex:\n" + "  - {a: [b, c]}\n" * count),
)


class PlainComposer(reader.Loader):
    """PyYAML's own composer, giving the standard tag of its kind to every node written without a tag."""

    def resolve(self, kind, value, implicit):
        return reader.STANDARD_TAG[kind]


def tree(node) -> object:
    """A node as plain data: kind, tag, style, start and end, and its children; shared nodes (aliases) by identity."""
    if node is None:
        return None
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    style = node.style if isinstance(node, yaml.ScalarNode) else node.flow_style
    head = (type(node).__name__, node.tag, style, marks)
    if isinstance(node, yaml.ScalarNode):
        return (*head, node.value)
    if isinstance(node, yaml.SequenceNode):
        return (*head, [tree(child) for child in node.value])
    return (*head, [(tree(key), tree(value)) for key, value in node.value])


ANCHORED = st.sampled_from(
    [
        "a: &x [1, 2]\nb: *x\n",
        "- &s text\n- *s\n- {k: *s}\n",
        "? [x, y]\n: &m {z: !!str 1}\nn: *m\n",
        "q: 'quoted'\nd: \"double\"\nb: |\n  block\nf: >\n  folded\n",
        "t: !thing {a: !!binary eA==}\nu: ! x\n",
        "",
        "---\n",
        "# only a comment\n",
    ]
)


SHALLOW_SHAPES = st.one_of(
    st.lists(st.sampled_from(sorted(FLOW)), min_size=1, max_size=reader.MAX_DEPTH - 2).map(flow),
    st.integers(1, reader.MAX_DEPTH - 1).map(blocks),
    st.integers(1, reader.MAX_DEPTH).map(lambda depth: "- " * depth + "x\n"),
    st.integers(1, 80).map(lambda count: "codex:\n" + "  - {a: [b, c]}\n" * count),
)
"""YAML_SHAPES within the depth limit."""


@settings(max_examples=300, deadline=None)
@given(st.one_of(SHALLOW_SHAPES, ANCHORED))
def test_the_counting_composer_builds_the_tree_pyyaml_composes(text: str) -> None:
    """Within the limits, the reader's one pass gives the nodes PyYAML's composer gives: kinds, tags, styles,
    places, values, and an alias as the very node it names."""
    node, problems = reader.compose(text.encode(), "f.yaml")
    assert problems == []
    expected = yaml.compose(text, Loader=PlainComposer)
    assert tree(node) == tree(expected)
    if "*x" in text:
        assert node.value[0][1] is node.value[1][1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: *nowhere\n", "found undefined alias"),
        ("a: &x 1\nb: &x 2\n", "found duplicate anchor"),
        ("--- 1\n--- 2\n", "expected a single document in the stream"),
    ],
)
def test_composing_errors_are_pyyamls(text: str, message: str) -> None:
    """An alias to nothing, an anchor given twice and a second document are syntax problems at PyYAML's place,
    in its words (with the anchor's name)."""
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.compose(text, Loader=PlainComposer)
    _, problems = reader.compose(text.encode(), "f.yaml")
    mark = expected.value.problem_mark
    assert [(problem.location.line, problem.location.column) for problem in problems] == [
        (mark.line + 1, mark.column + 1)
    ]
    assert problems[0].message.startswith(f"YAML syntax: {message}")


def test_the_fingerprint_is_a_sha256_of_the_files() -> None:
    """The fingerprint is a digest of the files' names and contents; `check` may leave it out."""
    files, _ = find_story_files([ROOT / "scenes"])
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    assert load_story([ROOT / "scenes"]).story.fingerprint == digest.hexdigest()[:16]
    assert load_story([ROOT / "scenes"], fingerprint=False).story.fingerprint == ""


@pytest.mark.parametrize("folder", STORIES, ids=lambda folder: folder.name)
def test_the_title_card_is_the_loaded_story_title_and_blurb(folder: Path) -> None:
    """What `jangal` paints before loading is what the loaded story says."""
    story = load_or_raise([folder])
    assert read_title_card([folder]) == (story.title, story.blurb)


@pytest.mark.parametrize(
    "text",
    [
        "story:\n  id: s\n  title: !include t.txt\n  start: a\n",  # a tag: the loader explains it
        "story:\n  id: s\n  title: [a, b]\n  start: a\n",  # not text
        "story:\n  id: s\n  start: a\n",  # no title: the loader reports it
        "story: [\n",  # broken YAML
        "scenes: []\n",  # no story block in this file
    ],
)
def test_an_unusual_story_block_has_no_title_card(text: str, tmp_path: Path) -> None:
    """Anything but plain text for the title sends `jangal` the long way: load first, and report any mistake."""
    (tmp_path / "story.yaml").write_text(text, encoding="utf-8")
    assert read_title_card([tmp_path]) is None


def test_the_game_starts_without_the_model_until_the_story_loads(tmp_path: Path) -> None:
    """Before `App.run`, plain `jangal` has imported neither the loader nor the model (they come after the title)."""
    code = (
        "import textual.app, sys\n"
        "def stop(self, **options):\n"
        "    raise SystemExit(0)\n"
        "textual.app.App.run = stop\n"
        "from game.cli.main import main\n"
        "try:\n"
        "    main(['play'])\n"
        "except SystemExit:\n"
        "    pass"
    )
    assert (
        modules_after(code, ("game.story.loader", "game.story.model", "game.play.engine", "game.story.build"), tmp_path)
        == []
    )


def test_a_number_for_a_title_is_read_as_the_loader_reads_it(tmp_path: Path) -> None:
    """Scalars are taken as written, as the loader takes them: `title: 1920` is the text "1920"."""
    (tmp_path / "story.yaml").write_text("story:\n  id: s\n  title: 1920\n  blurb: no\n  start: a\n", encoding="utf-8")
    assert read_title_card([tmp_path]) == ("1920", "no")

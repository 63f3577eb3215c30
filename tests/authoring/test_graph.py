"""`jangal graph`: the scene graph as Mermaid or Graphviz, history's path highlighted, endings marked."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from game.authoring.graph import dot, mermaid
from game.story.loader import load_or_raise
from tests.conftest import MINI, ROOT


@pytest.fixture(scope="module")
def mini():
    return load_or_raise([MINI])


def test_mermaid_draws_every_scene_and_choice(mini) -> None:
    """Every scene is a node, every choice an edge; historical edges thick, locked ones dotted with their `if`."""
    text = mermaid(mini)
    assert text.startswith("flowchart TD\n")
    assert 's_defeat(["Defeat"]):::historical' in text and 's_victory(["Victory"]):::divergent' in text
    assert 's_dock ==>|"Welcome the sailors"| s_road' in text
    assert 's_dock -->|"Turn them away"| s_road' in text
    assert 's_dock -.->|"Ask for money [if support >= 4]"| s_road' in text
    story_part = text.split("subgraph legend")[0]
    arrows = story_part.count("-->") + story_part.count("==>") + story_part.count("-.->")
    assert arrows == sum(len(scene.choices) for scene in mini.scenes.values())
    assert "linkStyle 0,4,7 " in text  # history's two choices, and the legend's sample of one


@pytest.mark.parametrize("draw", [mermaid, dot])
def test_a_legend_says_what_each_mark_means(mini, draw) -> None:
    legend = draw(mini).split("Legend")[1]
    for words in ("history's choice", "history's ending", "another ending", "a condition", "another chapter", "a pack"):
        assert words in legend, words


def test_a_pack_s_scenes_are_drawn_apart_from_the_story_s(tmp_path) -> None:
    """Scenes from the folders after the first are filled in their own colour, in both forms."""
    from game.authoring.graph import pack_scenes
    from game.authoring.scaffold import new_pack

    pack = new_pack("teahouse", load_or_raise([MINI]), tmp_path).parent
    story = load_or_raise([MINI, pack])
    packs = pack_scenes(story, [MINI, pack])
    assert packs == {"teahouse_start"}
    assert "    class s_teahouse_start pack" in mermaid(story, packs=packs)
    assert 'fillcolor="#dde8f8", style=filled' in dot(story, packs=packs).split('"teahouse_start" [')[1].split("\n")[0]
    assert pack_scenes(story, [MINI]) == frozenset()


def test_dot_is_a_digraph_with_history_in_gold(mini) -> None:
    """The Graphviz form marks history's edges and the endings."""
    text = dot(mini)
    assert text.startswith('digraph "mini" {') and text.rstrip().endswith("}")
    assert '"dock" -> "road" [label="Welcome the sailors", penwidth=3, color="goldenrod"];' in text
    assert '"defeat" [label="Defeat", shape=doubleoctagon, style=bold];' in text
    assert '"dock" -> "road" [label="Ask for money [if support >= 4]", style=dotted];' in text


def test_a_chapter_graph_stubs_the_scenes_of_other_chapters(mini) -> None:
    """With --chapter, scenes elsewhere appear as stubs, not as full nodes."""
    text = mermaid(mini, "one")
    assert 's_dock["At the dock"]' in text
    assert 's_road["On the road ›"]:::elsewhere' in text
    assert "s_defeat" not in text.split("classDef")[0].replace("s_road", "")  # no chapter-two ending drawn


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_accepts_the_campaign_graph() -> None:
    """The campaign's dot output renders with Graphviz."""
    text = dot(load_or_raise([ROOT / "scenes"]))
    subprocess.run(["dot", "-Tsvg"], input=text, text=True, capture_output=True, check=True)


def test_cli_prints_the_graph_and_refuses_unknown_chapters(mini) -> None:
    """`jangal graph` writes the story's graph to standard output in either format; a wrong chapter is explained."""
    command = [sys.executable, "-m", "game", "graph", "--scenes", str(MINI)]
    ran = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert ran.returncode == 0 and ran.stdout == mermaid(mini)
    assert 's_dock ==>|"Welcome the sailors"| s_road' in ran.stdout
    as_dot = subprocess.run([*command, "--format", "dot", "--chapter", "one"], capture_output=True, text=True, cwd=ROOT)
    assert as_dot.returncode == 0 and as_dot.stdout == dot(mini, "one")
    assert as_dot.stdout.startswith('digraph "mini" {') and '"dock" -> "road"' in as_dot.stdout
    wrong = subprocess.run([*command, "--chapter", "nine"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert wrong.returncode == 1 and "There is no chapter `nine`" in wrong.stderr

"""The scene graph as Mermaid or Graphviz text: history's path highlighted, endings marked.

Every scene is a node and every authored choice an edge. Edges marked `history: true` are drawn
bold; choices behind a condition are drawn dotted, with the condition in their label; historical
endings and divergent endings get their own shapes; a pack's scenes are filled apart from the
story's. With a chapter, only that chapter's scenes are drawn, and scenes of other chapters they
lead to appear as plain stubs. A legend at the end says what each mark means.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from game.story.model import EndingKind, Scene, Story


@dataclass(frozen=True, slots=True)
class Edge:
    """One choice, from scene to scene."""

    source: str
    target: str
    text: str
    historical: bool
    condition: str = ""
    """The `if:` of the choice, empty when it is always open."""

    @property
    def label(self) -> str:
        """The choice's text, shortened, and its condition when it has one."""
        return _short(self.text) + (f" [if {self.condition}]" if self.condition else "")


def edges(story: Story, chapter: str | None = None) -> list[Edge]:
    """The choices of the drawn scenes, in story order."""
    return [
        Edge(scene.id, choice.goto, choice.text, choice.history, choice.condition.source if choice.condition else "")
        for scene in story.scenes.values()
        if chapter is None or scene.chapter == chapter
        for choice in scene.choices
    ]


def _short(text: str, width: int = 40) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _drawn(story: Story, chapter: str | None) -> list[Scene]:
    return [scene for scene in story.scenes.values() if chapter is None or scene.chapter == chapter]


def pack_scenes(story: Story, folders: Sequence[Path]) -> frozenset[str]:
    """The scenes written in the folders after the first (the packs loaded beside the story)."""
    if len(folders) < 2:
        return frozenset()
    story_folder = folders[0].resolve()
    return frozenset(
        scene.id
        for scene in story.scenes.values()
        if not Path(scene.location.path).resolve().is_relative_to(story_folder)
    )


MERMAID_LEGEND = (
    '    subgraph legend["Legend"]',
    "        direction LR",
    '        l_scene["a scene"] ==>|"history\'s choice"| l_historical(["history\'s ending"]):::historical',
    '        l_scene -.->|"open only [if a condition holds]"| l_divergent(["another ending"]):::divergent',
    '        l_scene -->|"another choice"| l_elsewhere["a scene of another chapter ›"]:::elsewhere',
    '        l_pack["a scene of a pack"]:::pack',
    "    end",
)
DOT_LEGEND = (
    "  subgraph cluster_legend {",
    '    label="Legend"; fontname=Helvetica;',
    '    "legend: scene" [label="a scene"];',
    '    "legend: historical" [label="history\'s ending", shape=doubleoctagon, style=bold];',
    '    "legend: divergent" [label="another ending", shape=doubleoctagon, style=dashed];',
    '    "legend: elsewhere" [label="a scene of another chapter ›", style=dotted];',
    '    "legend: pack" [label="a scene of a pack", style=filled, fillcolor="#dde8f8"];',
    '    "legend: scene" -> "legend: historical" [label="history\'s choice", penwidth=3, color="goldenrod"];',
    '    "legend: scene" -> "legend: divergent" [label="open only [if a condition holds]", style=dotted];',
    '    "legend: scene" -> "legend: elsewhere" [label="another choice"];',
    "  }",
)


def mermaid(story: Story, chapter: str | None = None, packs: Collection[str] = frozenset()) -> str:
    """A Mermaid flowchart (renders in GitHub, GitLab and most Markdown editors); ``packs``: scenes drawn apart."""
    lines = ["flowchart TD"]
    drawn = _drawn(story, chapter)
    ids = {scene.id for scene in drawn}
    for scene in drawn:
        title = _mermaid_text(scene.title)
        if scene.ending is None:
            lines.append(f'    {_node(scene.id)}["{title}"]')
        elif scene.ending.kind is EndingKind.HISTORICAL:
            lines.append(f'    {_node(scene.id)}(["{title}"]):::historical')
        else:
            lines.append(f'    {_node(scene.id)}(["{title}"]):::divergent')
    historical = []
    links = edges(story, chapter)
    for number, edge in enumerate(links):
        if edge.target not in ids:
            lines.append(f'    {_node(edge.target)}["{_mermaid_text(story.scenes[edge.target].title)} ›"]:::elsewhere')
            ids.add(edge.target)
        arrow = "==>" if edge.historical else ("-.->" if edge.condition else "-->")
        lines.append(f'    {_node(edge.source)} {arrow}|"{_mermaid_text(edge.label)}"| {_node(edge.target)}')
        if edge.historical:
            historical.append(str(number))
    in_packs = sorted(_node(scene.id) for scene in drawn if scene.id in packs)
    if in_packs:
        lines.append(f"    class {','.join(in_packs)} pack")
    lines += MERMAID_LEGEND
    historical.append(str(len(links)))  # the legend's first link is history's
    lines.append("    classDef historical stroke-width:3px,stroke:#b8860b")
    lines.append("    classDef divergent stroke-dasharray:4 3")
    lines.append("    classDef elsewhere opacity:0.6")
    lines.append("    classDef pack fill:#dde8f8,stroke:#4a6fa5")
    lines.append(f"    linkStyle {','.join(historical)} stroke-width:3px,stroke:#b8860b")
    return "\n".join(lines) + "\n"


def dot(story: Story, chapter: str | None = None, packs: Collection[str] = frozenset()) -> str:
    """A Graphviz digraph (``dot -Tsvg``); ``packs``: scenes drawn apart."""
    lines = [f"digraph {_dot_id(story.id)} {{", "  rankdir=TB;", "  node [shape=box, fontname=Helvetica];"]
    drawn = _drawn(story, chapter)
    ids = {scene.id for scene in drawn}
    for scene in drawn:
        attributes, styles = f'label="{_dot_text(scene.title)}"', []
        if scene.ending is not None:
            attributes += ", shape=doubleoctagon"
            styles.append("bold" if scene.ending.kind is EndingKind.HISTORICAL else "dashed")
        if scene.id in packs:
            styles.append("filled")
            attributes += ', fillcolor="#dde8f8"'
        if styles:
            attributes += f", style={_dot_style(styles)}"
        lines.append(f"  {_dot_id(scene.id)} [{attributes}];")
    for edge in edges(story, chapter):
        if edge.target not in ids:
            label = _dot_text(story.scenes[edge.target].title + " ›")
            lines.append(f'  {_dot_id(edge.target)} [label="{label}", style=dotted];')
            ids.add(edge.target)
        style = ', penwidth=3, color="goldenrod"' if edge.historical else (", style=dotted" if edge.condition else "")
        label = _dot_text(edge.label)
        lines.append(f'  {_dot_id(edge.source)} -> {_dot_id(edge.target)} [label="{label}"{style}];')
    lines += DOT_LEGEND
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_style(styles: list[str]) -> str:
    return styles[0] if len(styles) == 1 else '"' + ",".join(styles) + '"'


def _node(scene_id: str) -> str:
    return "s_" + re.sub(r"[^A-Za-z0-9_]", "_", scene_id)


def _dot_id(scene_id: str) -> str:
    return '"' + scene_id.replace('"', '\\"') + '"'


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')

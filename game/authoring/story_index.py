"""The names a story defines, read from its files even while they are broken, for an editor.

An author typing `goto: ` wants the scene ids of the story, and a story being edited is
usually not a story that loads: a half-written choice is an error. So the index reads each
file on its own, with the loader's safe composer, and keeps what every readable file names:
scenes (with their titles), codex entries, chapters, variables and flags, each with its place.
A file that does not parse keeps the names it had when it last did.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field

import yaml

from game.story.reader import compose


@dataclass(frozen=True)
class Name:
    """One name a story defines: what kind it is, what players see, and where it is written."""

    kind: str
    """``scene``, ``codex``, ``chapter``, ``variable`` or ``flag``."""
    id: str
    label: str
    """The scene's title, the codex entry's name, the chapter's title, the variable's or flag's label."""
    path: str
    line: int
    """1-based."""


@dataclass
class StoryIndex:
    """Every name of the story's files, by file; a file that stops parsing keeps its last names."""

    by_file: dict[str, list[Name]] = field(default_factory=dict)
    _read_as: dict[str, int] = field(default_factory=dict)
    """A hash of the text each file was last indexed from: unchanged files are not parsed again."""

    def read(self, path: str, data: bytes) -> None:
        """(Re)index one file; a file that does not parse keeps what it had."""
        if self._read_as.get(path) == hash(data):
            return
        node, problems = compose(data, path)
        if problems:
            return
        self.by_file[path] = list(_names_in(path, node))
        self._read_as[path] = hash(data)

    def names(self, kind: str, files: Collection[str]) -> list[Name]:
        """Every name of one kind in these files, in file order, each id once (the first written wins)."""
        seen, found = set(), []
        for name in self._all(files):
            if name.kind == kind and name.id not in seen:
                seen.add(name.id)
                found.append(name)
        return found

    def lookup(self, word: str, files: Collection[str]) -> list[Name]:
        """Every name spelled ``word`` in these files, of any kind."""
        return [name for name in self._all(files) if name.id == word]

    def _all(self, files: Collection[str]) -> Iterator[Name]:
        for path, names in self.by_file.items():
            if path in files:
                yield from names


def _names_in(path: str, root: yaml.Node | None) -> Iterator[Name]:
    top = _mapping(root)
    story = _mapping(top.get("story"))
    for key, kind in (("variables", "variable"), ("flags", "flag")):
        for name_node, value in _mapping_items(story.get(key)):
            yield Name(kind, name_node.value, _text(_mapping(value).get("label")), path, _line(name_node))
    for chapter in _items(story.get("chapters")):
        yield from _named(path, "chapter", chapter, "title")
    for scene in _items(top.get("scenes")):
        yield from _named(path, "scene", scene, "title")
    for entry in _items(top.get("codex")):
        yield from _named(path, "codex", entry, "name")


def _named(path: str, kind: str, node: yaml.Node, label_key: str) -> Iterator[Name]:
    fields = _mapping(node)
    identifier = fields.get("id")
    if isinstance(identifier, yaml.ScalarNode) and identifier.value:
        yield Name(kind, identifier.value, _text(fields.get(label_key)), path, _line(identifier))


def _mapping_items(node: yaml.Node | None) -> Iterable[tuple[yaml.ScalarNode, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return ()
    return [(key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)]


def _mapping(node: yaml.Node | None) -> dict[str, yaml.Node]:
    return {key.value: value for key, value in _mapping_items(node)}


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _text(node: yaml.Node | None) -> str:
    return node.value.strip() if isinstance(node, yaml.ScalarNode) else ""


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1

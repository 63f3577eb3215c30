"""The JSON Schema for editors: shipped up to date, valid for every shipped file, and in step with the checker."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.story.schema import scene_file_schema
from tests.conftest import MINI, ROOT

SHIPPED = ROOT / "docs" / "jangal.schema.json"
FIXTURES = ROOT / "tests" / "checker" / "fixtures"
MODELINE = "# yaml-language-server: $schema=../docs/jangal.schema.json"


class EditorLoader(yaml.SafeLoader):
    """Reads YAML the way the YAML language server does (1.2 core): dates stay strings, yes/no stay words."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:timestamp",)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
for first in "yYnNoO":
    EditorLoader.yaml_implicit_resolvers[first] = [
        (tag, regexp) for tag, regexp in EditorLoader.yaml_implicit_resolvers.get(first, []) if not tag.endswith("bool")
    ]


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(scene_file_schema())


def schema_errors(path: Path) -> list[str]:
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader) or {}
    return [error.message for error in validator().iter_errors(document)]


def test_the_shipped_schema_is_the_generated_one() -> None:
    """docs/jangal.schema.json is what `jangal schema` writes (regenerate it after a format change)."""
    assert json.loads(SHIPPED.read_text(encoding="utf-8")) == scene_file_schema()
    jsonschema.Draft202012Validator.check_schema(scene_file_schema())


@pytest.mark.parametrize("path", sorted((ROOT / "scenes").glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_file_names_the_schema_and_fits_it(path: Path) -> None:
    """Each scene file starts with the language-server line and validates against the schema."""
    assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE
    assert schema_errors(path) == []


def test_the_small_stories_fit_the_schema() -> None:
    """The test story the engine is built on fits the schema too."""
    for path in MINI.glob("*.yaml"):
        assert schema_errors(path) == [], path


# Fixtures whose one mistake is about structure: the schema must reject them as the checker does.
STRUCTURAL = [
    ("unknown_key", "scenes.yaml"),
    ("missing_goto", "scenes.yaml"),
    ("list_instead_of_text", "scenes.yaml"),
    ("history_yes", "scenes.yaml"),
    ("number_given_text", "story.yaml"),
    ("start_key_missing", "story.yaml"),
]


@pytest.mark.parametrize(("fixture", "file"), STRUCTURAL, ids=[name for name, _ in STRUCTURAL])
def test_schema_and_checker_agree_on_structural_mistakes(fixture: str, file: str) -> None:
    """A structural mistake the checker reports is also a schema error in the same file."""
    from game.story.loader import load_story

    problems = load_story([FIXTURES / fixture]).errors
    assert any(Path(p.location.path).name == file for p in problems)
    assert schema_errors(FIXTURES / fixture / file)

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


# The same mistakes (and near-mistakes that are fine) put to both judges: (case, file, line as written, line
# instead, refused). Each edits the first line of the mini story that reads as the third item.
SAME_VERDICT = [
    ("place_a_number", "scenes.yaml", "place: Anzali", "place: 1921", False),
    ("title_true", "scenes.yaml", "title: At the dock", "title: true", False),
    ("title_a_decimal", "scenes.yaml", "title: At the dock", "title: 3.5", False),
    ("title_empty_quotes", "scenes.yaml", "title: At the dock", "title: ''", True),
    ("title_null", "scenes.yaml", "title: At the dock", "title: ~", True),
    ("title_null_word", "scenes.yaml", "title: At the dock", "title: null", True),
    ("title_nothing", "scenes.yaml", "title: At the dock", "title:", True),
    ("title_a_list", "scenes.yaml", "title: At the dock", "title: [At, the dock]", True),
    ("date_a_year", "scenes.yaml", "date: 1920-05-18", "date: 1920", False),
    ("date_month_13", "scenes.yaml", "date: 1920-05-18", "date: 1920-13", True),
    ("date_two_digits", "scenes.yaml", "date: 1920-05-18", "date: 99", True),
    ("date_in_words", "scenes.yaml", "date: 1920-05-18", "date: May 1920", True),
    ("history_yes", "scenes.yaml", "history: true", "history: yes", True),
    ("history_quoted", "scenes.yaml", "history: true", 'history: "true"', True),
    ("goto_misspelt_key", "scenes.yaml", "goto: road", "gotoo: road", True),
    ("codex_not_a_list", "scenes.yaml", "codex: [anzali]", "codex: anzali", True),
    ("kind_unknown", "scenes.yaml", "kind: historical", "kind: tragic", True),
    ("reliability_unknown", "scenes.yaml", "reliability: documented", "reliability: sure", True),
    ("set_flags_not_a_list", "scenes.yaml", "set_flags: [trusts_abukov]", "set_flags: trusts_abukov", True),
    ("add_in_words", "scenes.yaml", "add: {support: 1}", "add: {support: one}", True),
    ("add_quoted", "scenes.yaml", "add: {support: 1}", "add: {support: '1'}", True),
    ("start_quoted", "story.yaml", "start: 3", 'start: "3"', True),
    ("start_in_words", "story.yaml", "start: 3", "start: three", True),
    ("label_a_number", "story.yaml", "label: Funds", "label: 1921", False),
    (
        "flag_start_yes",
        "story.yaml",
        "label: Trusts the commissar",
        "label: Trusts the commissar\n      start: yes",
        True,
    ),
]


@pytest.mark.parametrize(
    ("file", "written", "instead", "refused"), [c[1:] for c in SAME_VERDICT], ids=[c[0] for c in SAME_VERDICT]
)
def test_schema_and_checker_give_the_same_verdict(
    tmp_path: Path, file: str, written: str, instead: str, refused: bool
) -> None:
    """An editor's schema and `jangal check` refuse the same values and accept the same values."""
    from game.story.loader import load_story

    for path in MINI.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.name == file:
            assert written in text
            text = text.replace(written, instead, 1)
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    checked = [str(p) for p in load_story([tmp_path]).errors]
    schema = schema_errors(tmp_path / file)
    assert (bool(checked), bool(schema)) == (refused, refused), (checked, schema)


def _keys_without_description(schema: dict, where: str = "") -> list[str]:
    """Every property of the schema (at any depth) that has no description."""
    missing = []
    for key, value in schema.get("properties", {}).items():
        if "description" not in value:
            missing.append(f"{where}/{key}")
    for child_key in ("properties",):
        for key, value in schema.get(child_key, {}).items():
            missing += _keys_without_description(value, f"{where}/{key}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            missing += _keys_without_description(schema[key], f"{where}[]")
    for option in schema.get("anyOf", []):
        missing += _keys_without_description(option, where)
    return missing


def test_every_key_of_the_schema_has_a_description() -> None:
    """An editor shows a description for every key it completes."""
    assert _keys_without_description(scene_file_schema()) == []

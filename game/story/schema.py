"""A JSON Schema of the scene format, for editors with the YAML language server.

The schema describes structure only (keys, types, allowed words); `jangal check` remains the
judge of everything that needs the whole story (ids that exist, conditions that parse, ranges).
Editors read YAML 1.2, where `1920` is a number and `1920-06` a string, so dates accept both.
"""

from __future__ import annotations

from typing import Any

from game.story.story_map import map_schema

SCHEMA_ID = "https://jangal.invalid/schema/scenes.json"
NAME = {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}
ID = {"type": "string", "pattern": "^[A-Za-z0-9_][A-Za-z0-9_.-]*$"}
TEXT = {"type": "string", "minLength": 1}
DATE = {
    "anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}, {"type": "integer"}],
    "description": "YYYY, YYYY-MM or YYYY-MM-DD",
}
RELIABILITY = {"enum": ["documented", "disputed", "invented"]}
CONDITION = {**TEXT, "description": 'A condition such as `support >= 3 and not flags.x` or `visited("id")`.'}
PROSE = {
    "anyOf": [
        TEXT,
        {
            "type": "array",
            "minItems": 1,
            "items": {
                "anyOf": [
                    TEXT,
                    {
                        "type": "object",
                        "properties": {"if": CONDITION, "text": TEXT, "else": TEXT},
                        "required": ["if"],
                        "additionalProperties": False,
                    },
                ]
            },
        },
    ],
    "description": "Markdown, or a list of paragraphs: a string (always shown) or `if:` with `text:` and `else:`.",
}


def closed(properties: dict[str, Any], required: tuple[str, ...] = (), description: str = "") -> dict[str, Any]:
    """An object with exactly these keys (an unknown key is a mistake, as in `jangal check`)."""
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def names_to(value: dict[str, Any]) -> dict[str, Any]:
    """A mapping from names the author chooses to values of one shape."""
    return {"type": "object", "propertyNames": NAME, "additionalProperties": value}


EFFECTS = closed(
    {
        "set": names_to({"type": "integer"}),
        "add": names_to({"type": "integer"}),
        "set_flags": {"type": "array", "items": NAME},
        "clear_flags": {"type": "array", "items": NAME},
    },
    description="Changes to variables and flags: set, add, set_flags, clear_flags.",
)

CHOICE = closed(
    {
        "text": TEXT,
        "goto": ID,
        "if": CONDITION,
        "effects": EFFECTS,
        "history": {"type": "boolean", "description": "True for the choice history took (only with `decision:`)."},
        "consequence": PROSE,
        "locked_reason": {**TEXT, "description": "Show the closed choice disabled, with this reason."},
    },
    ("text", "goto"),
)

ENDING = closed(
    {
        "kind": {"enum": ["historical", "divergent"]},
        "title": TEXT,
        "epilogue": PROSE,
        "what_really_happened": TEXT,
        "explanations": {"type": "array", "items": closed({"who": TEXT, "view": TEXT}, ("who", "view"))},
        "questions": {"type": "array", "items": TEXT},
    },
    ("kind", "title", "epilogue", "what_really_happened"),
)

SCENE = closed(
    {
        "id": ID,
        "chapter": ID,
        "title": TEXT,
        "date": DATE,
        "place": TEXT,
        "text": PROSE,
        "note": closed(
            {"text": TEXT, "reliability": RELIABILITY, "sources": {"type": "array", "items": TEXT}},
            ("text", "reliability"),
        ),
        "codex": {"type": "array", "items": ID},
        "on_enter": EFFECTS,
        "choices": {"type": "array", "items": CHOICE},
        "ending": ENDING,
        "decision": {**TEXT, "description": "At a real historical decision: what was decided, by whom and when."},
        "assumes": {**CONDITION, "description": "What the scene's unconditional text takes for granted."},
    },
    ("id", "chapter", "title", "text"),
)

VARIABLES = names_to(
    closed(
        {
            "label": TEXT,
            "start": {"type": "integer"},
            "min": {"type": "integer"},
            "max": {"type": "integer"},
            "stop_at_bounds": {"type": "boolean"},
        },
        ("label", "start"),
    )
)

FLAGS = names_to(closed({"label": TEXT, "start": {"type": "boolean"}}, ("label",)))

STORY = closed(
    {
        "id": TEXT,
        "title": TEXT,
        "start": ID,
        "blurb": TEXT,
        "viewpoint": TEXT,
        "variables": VARIABLES,
        "flags": FLAGS,
        "chapters": {
            "type": "array",
            "items": closed(
                {"id": ID, "title": TEXT, "start": ID, "summary": TEXT, "preset": EFFECTS}, ("id", "title", "start")
            ),
        },
    },
    ("id", "title", "start"),
)

CODEX_ENTRY = closed(
    {
        "id": ID,
        "kind": {"enum": ["person", "place", "faction", "term"]},
        "name": TEXT,
        "text": TEXT,
        "reliability": RELIABILITY,
    },
    ("id", "kind", "name", "text"),
)

TIMELINE_EVENT = closed(
    {"date": DATE, "event": TEXT, "place": TEXT, "reliability": RELIABILITY, "scene": ID},
    ("date", "event"),
)


def scene_file_schema() -> dict[str, Any]:
    """The schema of any Jangal story file: a story block, scenes, codex entries, timeline events."""
    schema = closed(
        {
            "story": STORY,
            "pack": closed({"title": TEXT, "variables": VARIABLES, "flags": FLAGS}, ()),
            "scenes": {"type": "array", "items": SCENE},
            "codex": {"type": "array", "items": CODEX_ENTRY},
            "timeline": {"type": "array", "items": TIMELINE_EVENT},
            "branches": {"type": "array", "items": closed({"from": ID, "choice": CHOICE}, ("from", "choice"))},
            "map": map_schema(ID, TEXT),
        },
        description="A Jangal story file. See docs/authoring.md; `jangal check` checks what a schema cannot.",
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, "title": "Jangal", **schema}

"""A JSON Schema of the scene format, for editors with the YAML language server.

The schema describes structure only (keys, types, allowed words); `jangal check` remains the
judge of everything that needs the whole story (ids that exist, conditions that parse, ranges,
a day that exists in its month). Every key has a description, taken from the key reference of
docs/authoring.md, which an editor shows on hover and completion.

Editors read YAML 1.2, where `1921` is a number, `true` a boolean and `1920-06` a string. The
checker types nothing behind the author's back: a text or an id is what is written, so
`place: 1921` and `title: true` are text to it. The schema therefore takes a number or a
boolean wherever a text is expected (and a whole number where an id is), and refuses what the
checker refuses: an empty value or `null` (YAML's word for nothing), a month past 12.
"""

from __future__ import annotations

from typing import Any

from game.story.story_map import map_schema

SCHEMA_ID = "https://jangal.invalid/schema/scenes.json"
NAME = {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}
ID = {"anyOf": [{"type": "string", "pattern": "^[A-Za-z0-9_][A-Za-z0-9_.-]*$"}, {"type": "integer", "minimum": 0}]}
TEXT = {"anyOf": [{"type": "string", "minLength": 1}, {"type": ["number", "boolean"]}]}
"""A text as the checker reads it: what is written, `1921` and `true` included (YAML 1.2 would type them)."""
DATE = {
    "anyOf": [
        {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ],
}
RELIABILITY = {"enum": ["documented", "disputed", "invented"]}
CONDITION = {**TEXT, "description": 'A condition such as `support >= 3 and not flags.x` or `visited("id")`.'}


def about(schema: dict[str, Any], description: str) -> dict[str, Any]:
    """A schema with the description an editor shows for the key."""
    return {**schema, "description": description}


PROSE_BLOCK = {
    "type": "object",
    "properties": {
        "if": about(CONDITION, "When the block is shown: a condition."),
        "text": about(TEXT, "What the block shows when its condition holds (Markdown)."),
        "else": about(TEXT, "Optional: what it shows instead when the condition does not hold."),
    },
    "required": ["if"],
    "additionalProperties": False,
}
PROSE = {
    "anyOf": [TEXT, {"type": "array", "minItems": 1, "items": {"anyOf": [TEXT, PROSE_BLOCK]}}],
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


def names_to(value: dict[str, Any], description: str) -> dict[str, Any]:
    """A mapping from names the author chooses to values of one shape."""
    return {"type": "object", "propertyNames": NAME, "additionalProperties": value, "description": description}


def effects(description: str) -> dict[str, Any]:
    """An effects block, described for where it is written."""
    return closed(
        {
            "set": names_to({"type": "integer"}, "Give variables a value: `{name: number, ...}`."),
            "add": names_to({"type": "integer"}, "Change variables by an amount (negative subtracts)."),
            "set_flags": about({"type": "array", "items": NAME}, "Switch flags on: `[name, ...]`."),
            "clear_flags": about({"type": "array", "items": NAME}, "Switch flags off: `[name, ...]`."),
        },
        description=description,
    )


def choice(description: str) -> dict[str, Any]:
    """A choice, described for where it is written."""
    return closed(
        {
            "text": about(TEXT, "What the player sees."),
            "goto": about(ID, "The id of the scene it leads to."),
            "if": about(CONDITION, "When the choice is open (a condition); closed choices are hidden."),
            "effects": effects("What choosing it changes: set, add, set_flags, clear_flags."),
            "history": about({"type": "boolean"}, "`true` on the choice history took (only with `decision:`)."),
            "consequence": about(PROSE, "Shown right after choosing (Markdown, or a list of blocks)."),
            "locked_reason": about(TEXT, "Show the closed choice disabled, with this reason (needs `if`)."),
            "id": about(ID, "Optional: the choice's own name, unique in its scene; saves remember the choice by it."),
        },
        ("text", "goto"),
        description,
    )


ENDING = closed(
    {
        "kind": about({"enum": ["historical", "divergent"]}, "`historical` (history's ending) or `divergent`."),
        "title": about(TEXT, "The ending's name."),
        "epilogue": about(PROSE, "What became of everyone (Markdown, or a list of blocks)."),
        "what_really_happened": about(TEXT, "History's outcome, for comparison (Markdown)."),
        "explanations": about(
            {
                "type": "array",
                "items": closed(
                    {
                        "who": about(TEXT, "Whose view it is: a historian or a school."),
                        "view": about(TEXT, "The explanation itself (Markdown)."),
                    },
                    ("who", "view"),
                    "One historian's explanation.",
                ),
            },
            "Historians' explanations, shown side by side.",
        ),
        "questions": about({"type": "array", "items": TEXT}, "Questions for discussion in class, one line each."),
    },
    ("kind", "title", "epilogue", "what_really_happened"),
    "The story ends here: the ending's kind, title, epilogue and what really happened.",
)

NOTE = closed(
    {
        "text": about(TEXT, "What is known (Markdown)."),
        "reliability": about(RELIABILITY, "How far to trust it: documented, disputed or invented."),
        "sources": about({"type": "array", "items": TEXT}, "Where it comes from, one source per item."),
    },
    ("text", "reliability"),
    "The history behind the scene.",
)

SCENE = closed(
    {
        "id": about(ID, "The scene's id, unique across the story; choices `goto` it."),
        "chapter": about(ID, "The id of the chapter it belongs to."),
        "title": about(TEXT, "Shown in the header, the log and save slots."),
        "date": about(DATE, "When it happens: YYYY, YYYY-MM or YYYY-MM-DD."),
        "place": about(TEXT, "Where it happens."),
        "text": about(PROSE, "The scene itself, 150-350 words: Markdown, or a list of blocks."),
        "note": NOTE,
        "codex": about({"type": "array", "items": ID}, "The codex entries the scene introduces: `[id, ...]`."),
        "on_enter": effects("Applied every time the scene is entered: set, add, set_flags, clear_flags."),
        "choices": about({"type": "array", "items": choice("One choice of the scene.")}, "What the player can do."),
        "ending": ENDING,
        "decision": about(TEXT, "At a real historical decision: what was decided, by whom and when."),
        "assumes": about(CONDITION, "What the text every path shows takes for granted (`jangal explore` proves it)."),
    },
    ("id", "chapter", "title", "text"),
    "One scene: its id, chapter, title and text, then its choices or its ending.",
)


def variables(description: str) -> dict[str, Any]:
    """The `variables:` of a story or a pack."""
    variable = closed(
        {
            "label": about(TEXT, "What players see."),
            "start": about({"type": "integer"}, "The value at the start of the story."),
            "min": about({"type": "integer"}, "The lowest value; effects stop there."),
            "max": about({"type": "integer"}, "The highest value; effects stop there."),
            "stop_at_bounds": about(
                {"type": "boolean"}, "`true` when piling up at `min` or `max` is meant (explore does not report it)."
            ),
        },
        ("label", "start"),
        "A number the story tracks.",
    )
    return names_to(variable, description)


def flags(description: str) -> dict[str, Any]:
    """The `flags:` of a story or a pack."""
    flag = closed(
        {
            "label": about(TEXT, "What players see."),
            "start": about({"type": "boolean"}, "On at the start? (default `false`)"),
        },
        ("label",),
        "A yes/no fact the story tracks.",
    )
    return names_to(flag, description)


CHAPTER = closed(
    {
        "id": about(ID, "What scenes write in `chapter:`."),
        "title": about(TEXT, "What players see."),
        "start": about(ID, "The scene where a chapter-select game begins."),
        "summary": about(TEXT, "A sentence or two for chapter select."),
        "preset": effects("The state history had reached by then: set, add, set_flags, clear_flags."),
    },
    ("id", "title", "start"),
    "A part of the story players can start from.",
)

STORY = closed(
    {
        "id": about(TEXT, "The story's name, stored in saves."),
        "title": about(TEXT, "Shown on the title screen."),
        "start": about(ID, "The first scene of a new game."),
        "blurb": about(TEXT, "A line or two for the title screen."),
        "viewpoint": about(TEXT, "Who the player is."),
        "variables": variables("Numbers the story tracks, each under its name."),
        "flags": flags("Yes/no facts the story tracks, each under its name."),
        "chapters": about({"type": "array", "items": CHAPTER}, "The parts players can start from."),
    },
    ("id", "title", "start"),
    "The story block: exactly one in the whole folder.",
)

PACK = closed(
    {
        "title": about(TEXT, "Optional: the pack's name, for you and your readers."),
        "variables": variables("The pack's own numbers, each under its name (prefix them with the pack's name)."),
        "flags": flags("The pack's own yes/no facts, each under its name (prefix them with the pack's name)."),
    },
    (),
    "A pack's own variables and flags, in any one of its files.",
)

CODEX_ENTRY = closed(
    {
        "id": about(ID, "What scenes list in `codex:`."),
        "kind": about({"enum": ["person", "place", "faction", "term"]}, "Its section of the codex."),
        "name": about(TEXT, "The heading players see."),
        "text": about(TEXT, "The entry (Markdown)."),
        "reliability": about(RELIABILITY, "How far to trust it: documented (the default), disputed or invented."),
    },
    ("id", "kind", "name", "text"),
    "A person, place, faction or term of the codex.",
)

TIMELINE_EVENT = closed(
    {
        "date": about(DATE, "When it happened: YYYY, YYYY-MM or YYYY-MM-DD."),
        "event": about(TEXT, "What happened, in one or two sentences."),
        "place": about(TEXT, "Where it happened."),
        "reliability": about(RELIABILITY, "How far to trust it; say what is disputed in `event`."),
        "scene": about(ID, "The scene that tells the event (it must exist)."),
    },
    ("date", "event"),
    "One event of the historical timeline.",
)

BRANCH = closed(
    {
        "from": about(ID, "The scene of the campaign (or another folder) the choice is added to."),
        "choice": choice("An ordinary choice (text, goto, if, effects, consequence ...), never historical."),
    },
    ("from", "choice"),
    "A choice a pack adds to a scene of another folder, without editing its files.",
)


def scene_file_schema() -> dict[str, Any]:
    """The schema of any Jangal story file: a story block, scenes, codex entries, timeline events."""
    schema = closed(
        {
            "story": STORY,
            "pack": PACK,
            "scenes": about({"type": "array", "items": SCENE}, "The story's scenes."),
            "codex": about({"type": "array", "items": CODEX_ENTRY}, "People, places, factions and terms."),
            "timeline": about({"type": "array", "items": TIMELINE_EVENT}, "The historical timeline."),
            "branches": about({"type": "array", "items": BRANCH}, "A pack's choices added to scenes of the story."),
            "map": map_schema(ID, TEXT),
        },
        description="A Jangal story file. See docs/authoring.md; `jangal check` checks what a schema cannot.",
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, "title": "Jangal", **schema}

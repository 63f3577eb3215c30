"""Building model objects from YAML nodes: the structure of every kind of block.

Each ``build_*`` function reads one block, records every structural problem (unknown keys,
wrong types, bad conditions) and returns the object, or None when the block is unusable.
Cross-references between blocks (``goto``, chapters, codex ids) are checked later, in
``game.story.validate``, once every file is read.
"""

from __future__ import annotations

import datetime
import re

import yaml

from game.story.build_text import build_condition, build_prose
from game.story.model import (
    NO_EFFECTS,
    NO_PROSE,
    Choice,
    CodexEntry,
    CodexKind,
    Effects,
    Ending,
    EndingKind,
    Explanation,
    Note,
    Reliability,
    Scene,
    TimelineEvent,
)
from game.story.node_reader import NodeReader, suggest
from game.story.problems import Location
from game.story.reader import NAME_PATTERN

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def build_effects(reader: NodeReader, node: yaml.Node, what: str) -> Effects | None:
    """An effects block: ``set``, ``add``, ``set_flags`` and ``clear_flags``."""
    found = reader.fields(node, what, ("set", "add", "set_flags", "clear_flags"))
    if found is None:
        return None
    places = {}

    def numbers(key: str) -> tuple[tuple[str, int], ...]:
        if key not in found:
            return ()
        result = []
        for key_node, value_node in reader.pairs(found[key], f"`{key}`"):
            amount = reader.integer(value_node, f"the amount for `{key_node.value}`")
            if amount is not None:
                result.append((key_node.value, amount))
                places[f"{key}:{key_node.value}"] = reader.at(key_node)
        return tuple(result)

    def names(key: str) -> tuple[str, ...]:
        if key not in found:
            return ()
        if isinstance(found[key], yaml.ScalarNode) and found[key].value:
            reader.fail(found[key], f"`{key}` should be a list", f"write `{key}: [{found[key].value}]`")
            return ()
        result = []
        for item in reader.items(found[key], f"`{key}`"):
            name = reader.identifier(item, "a flag name", NAME_PATTERN)
            if name:
                result.append(name)
                places[f"{key}:{name}"] = reader.at(item)
        return tuple(result)

    changes = numbers("set"), numbers("add"), names("set_flags"), names("clear_flags")
    return Effects(*changes, location=reader.at(node), places=places)


def build_choice(reader: NodeReader, node: yaml.Node) -> Choice | None:
    """One choice of a scene, or None when any part of it is wrong."""
    choice, whole = read_choice(reader, node)
    return choice if whole else None


def read_choice(reader: NodeReader, node: yaml.Node) -> tuple[Choice | None, bool]:
    """A choice and whether it is whole: a broken one keeps its good parts, so they are checked too."""
    keys = ("text", "goto", "if", "effects", "history", "consequence", "locked_reason", "id")
    found = reader.fields(node, "a choice", keys, required=("text", "goto"))
    if found is None:
        return None, False
    text = reader.line(found["text"], "the choice text") if "text" in found else None
    goto = reader.identifier(found["goto"], "`goto`") if "goto" in found else None
    condition = build_condition(reader, found["if"]) if "if" in found else None
    effects = build_effects(reader, found["effects"], "`effects`") if "effects" in found else NO_EFFECTS
    history = reader.boolean(found["history"], "`history`") if "history" in found else False
    consequence = build_prose(reader, found["consequence"], "`consequence`") if "consequence" in found else NO_PROSE
    locked = reader.line(found["locked_reason"], "`locked_reason`") if "locked_reason" in found else ""
    choice_id = reader.identifier(found["id"], "the choice id") if "id" in found else ""
    if locked and "if" not in found:
        reader.fail(
            found["locked_reason"],
            "`locked_reason` without `if`: the choice is never locked",
            "add an `if:` condition, or remove `locked_reason`",
        )
    whole = None not in (text, goto, effects, history, consequence, locked, choice_id)
    whole = whole and ("if" not in found or condition)
    places = {key: reader.at(found[key]) for key in ("goto", "history", "id") if key in found}
    choice = Choice(
        text or "", goto or "", condition, effects or NO_EFFECTS, bool(history), consequence or NO_PROSE,
        locked or "", reader.at(node), places, choice_id or "",
    )  # fmt: skip
    return choice, bool(whole)


def build_branch(reader: NodeReader, node: yaml.Node) -> tuple[str, Choice, Location] | None:
    """A pack's branch: a choice added to a scene of the campaign (or another folder)."""
    found = reader.fields(node, "a branch", ("from", "choice"), required=("from", "choice"))
    if found is None or not {"from", "choice"} <= found.keys():
        return None
    scene_id = reader.identifier(found["from"], "`from`")
    choice = build_choice(reader, found["choice"])
    if scene_id is None or choice is None:
        return None
    return scene_id, choice, reader.at(found["from"])


def build_note(reader: NodeReader, node: yaml.Node) -> Note | None:
    """The historical note of a scene."""
    found = reader.fields(node, "the note", ("text", "reliability", "sources"), required=("text", "reliability"))
    if found is None or not {"text", "reliability"} <= found.keys():
        return None
    text = reader.text(found["text"], "the note text")
    reliability = choose(reader, found["reliability"], "`reliability`", Reliability)
    sources = tuple(
        s
        for s in (reader.line(item, "a source") for item in reader.items(found.get("sources", _EMPTY), "`sources`"))
        if s
    )
    if text is None or reliability is None:
        return None
    return Note(text, reliability, sources)


def build_ending(reader: NodeReader, node: yaml.Node) -> Ending | None:
    """The ending block of a final scene."""
    required = ("kind", "title", "epilogue", "what_really_happened")
    found = reader.fields(node, "the ending", (*required, "explanations", "questions"), required=required)
    if found is None or not set(required) <= found.keys():
        return None
    kind = choose(reader, found["kind"], "the ending `kind`", EndingKind)
    title = reader.line(found["title"], "the ending title")
    epilogue = build_prose(reader, found["epilogue"], "the epilogue")
    really = reader.text(found["what_really_happened"], "`what_really_happened`")
    explanations = [
        _explanation(reader, item) for item in reader.items(found.get("explanations", _EMPTY), "`explanations`")
    ]
    questions = [
        reader.line(item, "a question") for item in reader.items(found.get("questions", _EMPTY), "`questions`")
    ]
    if None in (kind, title, epilogue, really, *explanations, *questions):
        return None
    return Ending(kind, title, epilogue, really, tuple(explanations), tuple(questions))


def _explanation(reader: NodeReader, node: yaml.Node) -> Explanation | None:
    found = reader.fields(node, "an explanation", ("who", "view"), required=("who", "view"))
    if found is None or not {"who", "view"} <= found.keys():
        return None
    who, view = reader.line(found["who"], "`who`"), reader.text(found["view"], "`view`")
    return Explanation(who, view) if who is not None and view is not None else None


def build_timeline_event(reader: NodeReader, node: yaml.Node) -> TimelineEvent | None:
    """One event of the historical timeline."""
    keys = ("date", "event", "place", "reliability", "scene")
    found = reader.fields(node, "a timeline event", keys, required=("date", "event"))
    if found is None or not {"date", "event"} <= found.keys():
        return None
    date = check_date(reader, found["date"])
    event = reader.line(found["event"], "the event")
    place = reader.line(found["place"], "`place`") if "place" in found else ""
    reliability = (
        choose(reader, found["reliability"], "`reliability`", Reliability)
        if "reliability" in found
        else Reliability.DOCUMENTED
    )
    scene = reader.identifier(found["scene"], "`scene`") if "scene" in found else ""
    if None in (date, event, place, reliability, scene):
        return None
    places = {"scene": reader.at(found["scene"])} if scene else {}
    return TimelineEvent(date, event, place, reliability, scene, reader.at(node), places)


def check_date(reader: NodeReader, node: yaml.Node) -> str | None:
    """A full or partial date: ``1920``, ``1920-06`` or ``1920-06-05``."""
    value = reader.text(node, "the date")
    if value is None:
        return None
    match = _DATE.fullmatch(value)
    try:
        year, month, day = (int(part or 1) for part in match.groups()) if match else (0, 0, 0)
        datetime.date(year, month, day)
    except ValueError:
        match = None
    if not match:
        hint = "write YYYY, YYYY-MM or YYYY-MM-DD, such as 1920-06 or 1920-06-05"
        reader.fail(node, f"the date `{value}` is not a date", hint)
        return None
    return value


SCENE_KEYS = (
    "id", "chapter", "title", "date", "place", "text", "note", "codex", "on_enter", "choices", "ending",
    "decision", "assumes",
)  # fmt: skip
RETIRED_KEYS = {
    "invented_decision": "remove it: a scene without `decision:` is already the viewpoint character's own choice "
    "(history marks only scenes with `decision:`)",
}
"""Keys of an older format, refused with what to write now."""


def build_scene(reader: NodeReader, node: yaml.Node) -> Scene | None:
    """One scene, with its choices or ending; None when any part of it is wrong."""
    scene, whole = read_scene(reader, node)
    return scene if whole else None


_SCENE_DEFAULTS = {"chapter": "", "title": "", "text": NO_PROSE, "date": "", "place": "", "on_enter": NO_EFFECTS}
_SCENE_DEFAULTS["decision"] = ""
"""What a broken scene's wrong or missing value is replaced by, so the rest of it can be checked."""


def read_scene(reader: NodeReader, node: yaml.Node) -> tuple[Scene | None, bool]:
    """A scene and whether it is whole.

    A scene with a bad date or a missing key still keeps every part that could be read, so its
    choices' `goto`, conditions and effects are checked in the same run (None only when the node
    is not a mapping at all).
    """
    _retired_keys(reader, node)
    found = reader.fields(node, "a scene", (*SCENE_KEYS, *RETIRED_KEYS), required=("id", "chapter", "title", "text"))
    if found is None:
        return None, False
    scene_id = reader.identifier(found["id"], "the scene id") if "id" in found else None
    values = _scene_values(reader, found)
    codex_items = reader.items(found.get("codex", _EMPTY), "`codex`")
    codex = tuple(reader.identifier(item, "a codex id") for item in codex_items)
    read = [read_choice(reader, item) for item in reader.items(found.get("choices", _EMPTY), "`choices`")]
    if "ending" in found and read:
        reader.fail(found["choices"], "a scene cannot have both `choices` and an `ending`", "remove one of them")
    whole = scene_id is not None and all(values[key] is not None for key in _SCENE_DEFAULTS) and None not in codex
    whole = whole and all(choice_whole for _, choice_whole in read)
    whole = whole and ("note" not in found or values["note"]) and ("ending" not in found or values["ending"])
    whole = whole and ("assumes" not in found or values["assumes"])
    places = {f"codex:{entry}": reader.at(item) for entry, item in zip(codex, codex_items, strict=True) if entry}
    placed = ("chapter", "decision", "assumes", "title", "place", "text", "note", "ending")  # messages, translators
    places.update({key: reader.at(found[key]) for key in placed if key in found})
    good = {key: _SCENE_DEFAULTS.get(key) if value is None else value for key, value in values.items()}
    choices = tuple(choice for choice, _ in read if choice is not None)
    codex = tuple(entry for entry in codex if entry)
    scene = Scene(id=scene_id or "", codex=codex, choices=choices, location=reader.at(node), places=places, **good)
    return scene, whole


def _scene_values(reader: NodeReader, found: dict[str, yaml.Node]) -> dict[str, object]:
    """A scene's own values (None for one that is missing or wrong; note, ending and assumes may be None)."""

    def given(key: str, build, default: object) -> object:
        return build(found[key]) if key in found else default

    return {
        "chapter": given("chapter", lambda n: reader.identifier(n, "`chapter`"), None),
        "title": given("title", lambda n: reader.line(n, "the scene title"), None),
        "text": given("text", lambda n: build_prose(reader, n, "the scene text"), None),
        "date": given("date", lambda n: check_date(reader, n), ""),
        "place": given("place", lambda n: reader.line(n, "`place`"), ""),
        "note": given("note", lambda n: build_note(reader, n), None),
        "on_enter": given("on_enter", lambda n: build_effects(reader, n, "`on_enter`"), NO_EFFECTS),
        "ending": given("ending", lambda n: build_ending(reader, n), None),
        "decision": given("decision", lambda n: reader.line(n, "`decision`"), ""),
        "assumes": given("assumes", lambda n: build_condition(reader, n, "`assumes`"), None),
    }


def _retired_keys(reader: NodeReader, node: yaml.Node) -> None:
    """An error for each key of an older format, saying what replaced it."""
    if not isinstance(node, yaml.MappingNode):
        return
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value in RETIRED_KEYS:
            reader.fail(key_node, f"`{key_node.value}` is no longer part of the format", RETIRED_KEYS[key_node.value])


def peek_id(node: yaml.Node) -> str | None:
    """The ``id`` of a block that could not be built, so references to it are not reported again."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "id" and isinstance(value, yaml.ScalarNode):
                return value.value.strip()
    return None


def build_codex_entry(reader: NodeReader, node: yaml.Node) -> CodexEntry | None:
    """One entry of the codex."""
    keys = ("id", "kind", "name", "text", "reliability")
    found = reader.fields(node, "a codex entry", keys, required=("id", "kind", "name", "text"))
    if found is None or not {"id", "kind", "name", "text"} <= found.keys():
        return None
    entry_id = reader.identifier(found["id"], "the codex id")
    kind = choose(reader, found["kind"], "the codex `kind`", CodexKind)
    name = reader.line(found["name"], "the codex name")
    text = reader.text(found["text"], "the codex text")
    reliability = (
        choose(reader, found["reliability"], "`reliability`", Reliability)
        if "reliability" in found
        else Reliability.DOCUMENTED
    )
    if None in (entry_id, kind, name, text, reliability):
        return None
    return CodexEntry(entry_id, kind, name, text, reliability, reader.at(node))


_EMPTY = yaml.ScalarNode("tag:yaml.org,2002:str", "")


def choose(reader: NodeReader, node: yaml.Node, what: str, options: type) -> object | None:
    """One of an enum's values, with the list of valid ones as a hint."""
    value = reader.text(node, what)
    if value is None:
        return None
    try:
        return options(value)
    except ValueError:
        names = [member.value for member in options]
        reader.fail(node, f"{what} `{value}` is not one of: {', '.join(names)}", suggest(value, names))
        return None

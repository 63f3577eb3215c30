"""A built story as plain JSON data and back, so a cache can keep a validated story as data only, never as code.

Every object of the model is a frozen dataclass of this layer, an enum, a tuple, a mapping or a plain
value; each is written as JSON with a tag saying what it was, and read back into the same type, so the
story read equals the story written (``==``, which the tests check on every story they have). A
condition keeps only its text and place: its test is a function, so it is parsed again on reading,
as the loader parsed it. Anything else, or data that does not say what it is, raises ``ValueError``:
the data comes from a file, and a cache that cannot be read is only a miss.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from game.story import model, prose, story_map
from game.story.conditions import Condition, ConditionSyntaxError, Reference, parse_condition
from game.story.problems import Location

FORMAT = 1
_DATACLASSES = {
    cls.__name__: cls
    for module in (model, prose, story_map)
    for cls in vars(module).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
} | {"Location": Location, "Reference": Reference}
"""The model's classes by name: the only ones data may name."""
_ENUMS = {cls.__name__: cls for cls in vars(model).values() if isinstance(cls, type) and issubclass(cls, enum.Enum)}
_FIELDS = {name: tuple(field.name for field in dataclasses.fields(cls)) for name, cls in _DATACLASSES.items()}


def story_to_json(story: model.Story) -> str:
    """The story as JSON text."""
    return json.dumps({"format": FORMAT, "story": _encode(story)}, ensure_ascii=False, separators=(",", ":"))


def story_from_json(text: str | bytes) -> model.Story:
    """The story written by ``story_to_json``; ValueError when the text is anything else."""
    try:
        data = json.loads(text, object_hook=_decoded)
    except (KeyError, TypeError, RecursionError, ConditionSyntaxError) as error:
        raise ValueError(f"not a story written by this version: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("story"), model.Story):
        raise ValueError("not a story written by this version")
    return data["story"]


# Each object is a JSON object whose one key says what it was ("c" and "f": a class and its fields in
# order); ``json.loads`` hands them to ``_decoded`` innermost first, so a story of thousands of objects
# is read in a few milliseconds.


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)) or type(value) is str:
        return value
    if isinstance(value, enum.Enum):
        return {"e": type(value).__name__, "v": value.value}
    if isinstance(value, Condition):
        return {"q": value.source, "at": _encode(value.location)}
    if isinstance(value, Location):
        return {"L": [value.path, value.line, value.column]}
    if dataclasses.is_dataclass(value) and type(value).__name__ in _DATACLASSES:
        name = type(value).__name__
        return {"c": name, "f": [_encode(getattr(value, field)) for field in _FIELDS[name]]}
    if isinstance(value, tuple):
        return {"t": [_encode(item) for item in value]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, Mapping) and all(type(key) is str for key in value):
        pairs = [[key, _encode(item)] for key, item in value.items()]  # a list: json.loads hooks every object
        return {"p" if isinstance(value, MappingProxyType) else "d": pairs}
    raise ValueError(f"cannot keep a {type(value).__name__} as data")


def _decoded(data: dict) -> object:
    """The object a JSON object of ``_encode``'s stands for (its parts are decoded already)."""
    if "c" in data:
        cls = _DATACLASSES[data["c"]]
        fields = data["f"]
        if type(fields) is not list or len(fields) != len(_FIELDS[data["c"]]):
            raise TypeError(f"a {data['c']} with other fields")
        return cls(*fields)
    if "L" in data:
        return Location(*data["L"])
    if "t" in data:
        return tuple(data["t"])
    if "d" in data:
        return dict(data["d"])
    if "p" in data:
        return MappingProxyType(dict(data["p"]))
    if "e" in data:
        return _ENUMS[data["e"]](data["v"])
    if "q" in data:
        return dataclasses.replace(_parsed(data["q"]), location=data.get("at"))
    if "format" in data:
        return data
    raise TypeError("data that does not say what it is")


@lru_cache(maxsize=1024)
def _parsed(source: str) -> Condition:
    if type(source) is not str:
        raise TypeError("a condition that is not text")
    return parse_condition(source)

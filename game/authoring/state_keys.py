"""How the reduced walk of ``jangal explore`` tells two states apart: by what their scene keeps.

A state's key holds its scene and only what that scene keeps (``game.authoring.liveness``): the
values of the variables, the flags and the visit counts some condition can still read from there.
The walk stores one key per state it has seen, so the key is also what the walk costs in memory.

**Fingerprints.** By default a key is a 64-bit fingerprint, as the TLC model checker keeps them:
the kept values are packed into bytes and hashed with the interpreter's own keyed SipHash-1-3
(``sys.hash_info``; its 128-bit key is drawn afresh for every process unless ``PYTHONHASHSEED``
is set), a pseudorandom function with a 64-bit output. Two distinct states of a walk of *n*
states share a fingerprint with probability at most n(n−1)/2^65: about 1 in 10^8 for 660,000
states, 3 in 10^6 for ten million (``hash`` turns -1 into -2, which changes that in the 19th
digit). Such a merge could only make the walk miss the states behind the second one; run again,
the walk draws another key. Where the interpreter's hash is not SipHash, BLAKE2b is used with
an 8-byte digest. ``fingerprints=False`` keeps the kept values themselves as the key (tuples).
"""

from __future__ import annotations

import hashlib
import struct
import sys
from collections.abc import Callable, Hashable, Mapping
from operator import itemgetter

from game.authoring.liveness import Kept
from game.play.state import GameState

SIPHASH = sys.hash_info.algorithm.startswith("siphash") and sys.hash_info.hash_bits == 64


def values_getter(names: tuple[str, ...]) -> Callable[[Mapping[str, int]], tuple[int, ...]]:
    """A function giving the values of these variables, in this order, as a tuple (itemgetter's, always a tuple)."""
    if not names:
        return lambda variables: ()
    if len(names) == 1:
        name = names[0]
        return lambda variables: (variables[name],)
    return itemgetter(*names)


def reduced_keys(kept: Mapping[str, Kept], *, fingerprints: bool = True) -> Callable[[GameState], Hashable]:
    """The key function of the reduced walk: a fingerprint (or a tuple) of what each state's scene keeps."""
    flags = sorted({name for part in kept.values() for name in part.flags})
    bits = {name: 1 << number for number, name in enumerate(flags)}
    masks: dict[frozenset[str], int] = {}

    def flag_mask(state_flags: frozenset[str]) -> int:
        mask = masks.get(state_flags)
        if mask is None:
            mask = masks[state_flags] = sum(bits.get(name, 0) for name in state_flags)
        return mask

    # Everything a scene's keys need, worked out once per scene: one look-up per state.
    plans = {
        scene_id: (
            number,
            _classified(part),
            sum(bits[name] for name in part.flags),
            part.visits,
            (0,) * len(part.visits),
            _packer(part, len(flags)),
        )
        for number, (scene_id, part) in enumerate(kept.items())
    }
    if not fingerprints:

        def key(state: GameState) -> Hashable:
            number, values, mask, visits, zeros, _ = plans[state.scene]
            counts = state.visits
            return (number, values(state.variables), flag_mask(state.flags) & mask, *map(counts.get, visits, zeros))

        return key
    digest = hash if SIPHASH else _blake2b

    def fingerprint(state: GameState) -> int:
        number, values, mask, visits, zeros, pack = plans[state.scene]
        counts = state.visits
        return digest(
            pack(number, flag_mask(state.flags) & mask, *values(state.variables), *map(counts.get, visits, zeros))
        )

    return fingerprint


def _classified(part: Kept) -> Callable[[Mapping[str, int]], tuple[int, ...]]:
    """The kept variables' values as a tuple, each as its class where the scene has classes for it."""
    getter = values_getter(part.variables)
    if not any(table is not None for table in part.classes):
        return getter
    # A variable without classes gets an empty table, where ``dict.get`` gives back the value itself.
    tables = tuple({} if table is None else table for table in part.classes)
    class_of = dict.get

    def classified(variables: Mapping[str, int]) -> tuple[int, ...]:
        values = getter(variables)
        return tuple(map(class_of, tables, values, values))

    return classified


def _packer(part: Kept, flag_count: int) -> Callable[..., bytes]:
    """``struct.pack`` for one scene's key: its number, the flags' bits, then the kept values and visit counts."""
    mask = "Q" * max(1, (flag_count + 63) // 64)
    layout = struct.Struct(f"<I{mask}{len(part.variables)}q{len(part.visits)}q")
    words = len(mask)
    if words == 1:
        return layout.pack
    return lambda number, flags, *rest: layout.pack(
        number, *((flags >> (64 * word)) & (2**64 - 1) for word in range(words)), *rest
    )


def _blake2b(packed: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(packed, digest_size=8).digest(), "little")

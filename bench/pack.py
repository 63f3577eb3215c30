"""A generated pack beside the campaign, of the shape that made ``jangal explore`` slow (issue 21).

Seven scenes and two flags of the pack's own, entered by branches from two of the campaign's
decisions in its first chapter, and leaving for the scenes those decisions lead to or back to the
decision itself (a loop, as the tutorial's pack has). The pack's choices set its flags, test them
and change the campaign's variables, so each flag can double the states a walk must tell apart
while the pack can still read it. A pack has no ``story:`` block, so its flags are declared in a
copy of the campaign's ``story.yaml``; the copy and the pack are written under one folder.

``python -m bench.pack --out DIR`` writes ``DIR/campaign`` and ``DIR/pack``.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from bench.measure import ROOT

FLAGS = ("pack_oath", "pack_rumour")
BRANCH_POINTS = ("anzali_flotilla", "raskolnikov_initiative", "rasht_proclaimed", "rasht_split", "red_rasht")
"""Decisions of the campaign's first chapter a branch may leave from."""
VARIABLES = ("support", "unity", "faith", "treasury")
PACK_VERSION = 1


def write_pack_story(folder: Path, seed: int = 1) -> tuple[Path, Path]:
    """Write the campaign with the pack's flags declared, and the pack; return both folders."""
    campaign, pack = folder / "campaign", folder / "pack"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ROOT / "scenes", campaign)
    story_file = campaign / "story.yaml"
    declared = "".join(f"    {flag}:\n      label: The pack's {flag.split('_')[1]}\n" for flag in FLAGS)
    story_file.write_text(story_file.read_text(encoding="utf-8").replace("  flags:\n", "  flags:\n" + declared, 1))
    pack.mkdir()
    (pack / "scenes.yaml").write_text(pack_yaml(random.Random(seed)), encoding="utf-8")
    return campaign, pack


def cached_pack_story(cache: Path, seed: int = 1) -> tuple[Path, Path]:
    """The two folders under ``cache``, written only when missing."""
    folder = cache / f"pack-seed{seed}-v{PACK_VERSION}"
    marker = folder / ".complete"
    if not marker.exists():
        write_pack_story(folder, seed)
        marker.write_text("written by bench/pack.py\n", encoding="utf-8")
    return folder / "campaign", folder / "pack"


def pack_yaml(rng: random.Random) -> str:
    """The pack's YAML: two branches and seven scenes."""
    first, second = sorted(rng.sample(BRANCH_POINTS, 2), key=BRANCH_POINTS.index)
    exits = {first: _onward(first), second: _onward(second)}
    oath, rumour = FLAGS

    def way_back(branch: str) -> str:
        return rng.choice(exits[branch])

    scenes = [
        ("p1", [_choice("Swear the oath", "p2", set_flag=oath), _choice("Only listen", "p3")]),
        ("p2", [_choice("Carry the letter", "p3", rng=rng), _choice("Hide it", "p5")]),
        ("p3", [_choice("Speak for the oath", "p5", condition=f"flags.{oath}"), _choice("Slip out", way_back(first))]),
        ("p4", [_choice("Start the rumour", "p5", set_flag=rumour), _choice("Keep quiet", "p6")]),
        (
            "p5",
            [
                _choice("Follow the rumour", "p7", condition=f"flags.{rumour} and not flags.{oath}"),
                _choice("Go back", way_back(first)),
            ],
        ),
        ("p6", [_choice("Call on the sworn", "p7", condition=f"flags.{oath}"), _choice("Go back", way_back(second))]),
        ("p7", [_choice("Let it be", way_back(second)), _choice("Tell no one", way_back(first))]),
    ]
    lines = ["branches:"]
    for branch, entry in ((first, "p1"), (second, "p4")):
        lines += [f"  - from: {branch}", "    choice:", f"      text: Step aside to {entry}", f"      goto: {entry}"]
    lines.append("scenes:")
    for scene_id, choices in scenes:
        lines += _scene(scene_id, choices)
    return "\n".join(lines) + "\n"


def _onward(branch: str) -> list[str]:
    """The campaign scenes a branch point's own choices lead to (read from the campaign's files)."""
    from game.story.loader import load_story

    story = load_story([ROOT / "scenes"])
    story = getattr(story, "story", story)
    return sorted({choice.goto for choice in story.scenes[branch].choices if not story.scenes[choice.goto].ending})


def _choice(text: str, goto: str, *, condition: str = "", set_flag: str = "", rng: random.Random | None = None):
    lines = [f"      - text: {text}", f"        goto: {goto}"]
    if condition:
        lines.append(f"        if: {condition}")
    effects = []
    if rng is not None:
        effects.append(f"          add: {{{rng.choice(VARIABLES)}: {rng.choice([-1, 1])}}}")
    if set_flag:
        effects.append(f"          set_flags: [{set_flag}]")
    if effects:
        lines += ["        effects:", *effects]
    return lines


def _scene(scene_id: str, choices: list[list[str]]) -> list[str]:
    return [
        f"  - id: {scene_id}",
        "    chapter: uprising",
        f"    title: Pack scene {scene_id}",
        "    date: 1920-07",
        "    place: Rasht",
        "    text: |",
        f"      A scene of the generated pack ({scene_id}).",
        "    note:",
        "      text: Invented for the bench.",
        "      reliability: invented",
        "      sources: [the bench]",
        "    choices:",
        *(line for choice in choices for line in choice),
    ]


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.pack --out DIR [--seed S]``."""
    parser = argparse.ArgumentParser(description="Write the campaign with a generated pack beside it.")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write (emptied first)")
    arguments = parser.parse_args(argv)
    campaign, pack = write_pack_story(arguments.out, arguments.seed)
    print(f"wrote {campaign} and {pack}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

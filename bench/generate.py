"""Synthetic stories in Jangal's YAML format, of any size, from a seed.

Each scene has about 150 words of text in two or three paragraphs, a date and a place, and
either an ending or two to four choices. Choices carry conditions and effects on a handful
of variables and flags, the way the campaign's do. The shape keeps every scene reachable and
every random walk finite:

* scene ``i``'s first choice always leads to scene ``i + 1``, is always open and is marked
  historical (so no state is a dead end and no decision lacks a history mark);
* when scene ``i + 1`` is an ending, a second open choice skips to ``i + 2``, so the scene after
  an ending is still reached;
* the other choices jump forward a little, and now and then back to a recent scene while it
  has been visited fewer than twice;
* about one scene in twelve is an ending, and so is the last one.

Run it by hand with ``python -m bench.generate --scenes 1000 --out /tmp/story``.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

VARIABLES = {"support": 5, "funds": 3, "morale": 5, "trust": 4}
"""Variable names and start values; all range over 0..10."""
FLAGS = ("allied", "warned", "betrayed")
SCENES_PER_CHAPTER = 100
SCENES_PER_FILE = 250
WORDS_PER_SCENE = 150
ENDING_ODDS = 12
"""About one scene in this many is an ending."""
FORWARD_REACH = 30
"""How far ahead a choice may jump."""
PLACES = ("Rasht", "Anzali", "Fuman", "Lahijan", "Manjil", "Masuleh", "Kasma", "Rudbar", "Langarud", "Astara")
VOCABULARY = (
    "rain forest road river bazaar letter rider committee sailor harbour village mountain mist alder "
    "rice field tea leaf lamp smoke night morning messenger rumour order council gun rifle horse mule "
    "bridge ford camp fire bread salt winter summer snow mud path shadow door window roof courtyard "
    "mosque market coin debt landlord peasant merchant soldier officer cossack partisan printer press "
    "pamphlet promise warning question answer silence voice crowd street river-bank boat steamer oar "
    "the a of and to in with from over under beside before after while quietly slowly again never "
    "always perhaps waits listens walks turns reads writes carries hides tells asks answers remembers "
    "old young tired wet cold bright heavy narrow distant careful angry hopeful silent loyal"
)
"""A small vocabulary; the prose means nothing, only its size and shape matter."""
WORDS = tuple(VOCABULARY.split())


@dataclass
class SceneDraft:
    """One scene before it is written out as YAML."""

    index: int
    is_ending: bool
    choices: list[str] = field(default_factory=list)
    """Each choice already rendered as YAML lines (indented for a list item)."""


def scene_id(index: int) -> str:
    """The id of scene number ``index``."""
    return f"s{index:05d}"


def chapter_id(index: int) -> str:
    """The id of the chapter that holds scene number ``index``."""
    return f"part{index // SCENES_PER_CHAPTER:03d}"


def plan_endings(count: int, rng: random.Random) -> list[bool]:
    """Which scenes are endings: about one in ENDING_ODDS, never two in a row, never the first, always the last."""
    endings = [False] * count
    for index in range(3, count - 1):
        endings[index] = not endings[index - 1] and rng.randrange(ENDING_ODDS) == 0
    endings[count - 1] = True
    return endings


def prose(rng: random.Random, words: int) -> str:
    """About ``words`` words in two or three paragraphs of sentences."""
    paragraphs = []
    remaining = words
    for number in range(rng.randint(2, 3), 0, -1):
        size = remaining if number == 1 else remaining // number
        remaining -= size
        sentences = []
        while size > 0:
            length = min(size, rng.randint(8, 16))
            chosen = rng.choices(WORDS, k=length)
            sentences.append(" ".join(chosen).capitalize() + ".")
            size -= length
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def block(text: str, indent: int) -> str:
    """A YAML literal block (``|``) holding ``text``, its lines indented by ``indent`` spaces."""
    pad = " " * indent
    lines = [pad + line if line else "" for line in text.splitlines()]
    return "|\n" + "\n".join(lines)


def condition(rng: random.Random, index: int) -> str:
    """A condition on the variables, the flags, or an earlier scene's visits."""
    variable, other = rng.sample(list(VARIABLES), 2)
    flag = rng.choice(FLAGS)
    earlier = scene_id(rng.randrange(max(index, 1)))
    forms = (
        f"{variable} >= {rng.randint(2, 6)}",
        f"flags.{flag}",
        f"not flags.{flag} and {variable} < {rng.randint(4, 8)}",
        f'visited("{earlier}") or {variable} > {rng.randint(3, 7)}',
        f"{variable} + {other} >= {rng.randint(6, 12)}",
        f"1 <= {variable} <= {rng.randint(5, 9)}",
    )
    return rng.choice(forms)


def effects(rng: random.Random, indent: int) -> list[str]:
    """The YAML lines of an ``effects:`` block: one or two additions and sometimes a flag."""
    pad = " " * indent
    changed = rng.sample(list(VARIABLES), rng.randint(1, 2))
    amounts = ", ".join(f"{name}: {rng.choice((-2, -1, 1, 2))}" for name in changed)
    lines = [f"{pad}effects:", f"{pad}  add: {{{amounts}}}"]
    roll = rng.random()
    if roll < 0.25:
        lines.append(f"{pad}  set_flags: [{rng.choice(FLAGS)}]")
    elif roll < 0.35:
        lines.append(f"{pad}  clear_flags: [{rng.choice(FLAGS)}]")
    return lines


def choice_lines(text: str, goto: int, extra: list[str]) -> list[str]:
    """A choice as YAML list-item lines under ``choices:``."""
    return [f"      - text: {text}", f"        goto: {scene_id(goto)}", *extra]


def plan_choices(index: int, endings: list[bool], rng: random.Random) -> list[list[str]]:
    """The choices of a non-ending scene: the open way on, a skip past a following ending, and 0-3 others."""
    count = len(endings)
    choices = [choice_lines(f"Go on to scene {index + 1}", index + 1, ["        history: true"])]
    if endings[index + 1] and index + 2 < count:
        choices.append(choice_lines(f"Slip past to scene {index + 2}", index + 2, effects(rng, 8)))
    ahead = range(index + 2, min(count, index + FORWARD_REACH))
    for _ in range(rng.randint(2, 4) - len(choices)):
        if index > 5 and rng.random() < 0.1:
            back = rng.randrange(max(0, index - 10), index)
            gate = [f'        if: visits("{scene_id(back)}") < 2']
            choices.append(choice_lines(f"Go back to scene {back}", back, gate))
        elif ahead:
            text, goto, extra = conditional_choice(index, rng.choice(ahead), rng)
            if any(f"- text: {text}" in line for lines in choices for line in lines):  # a second road there
                extra = [*extra, f"        id: another_way_{len(choices)}"]  # so saves can tell the two apart
            choices.append(choice_lines(text, goto, extra))
    return choices


def conditional_choice(index: int, goto: int, rng: random.Random) -> tuple[str, int, list[str]]:
    """A forward choice; half of them have a condition (half of those shown locked), most have effects."""
    extra = []
    if rng.random() < 0.5:
        extra.append(f"        if: {condition(rng, index)}")
        if rng.random() < 0.5:
            extra.append("        locked_reason: Not yet, the time is not right.")
    if rng.random() < 0.7:
        extra.extend(effects(rng, 8))
    if rng.random() < 0.3:
        extra.append("        consequence: " + block(prose(rng, 20), 10))
    return f"Take the road to scene {goto}", goto, extra


def scene_yaml(index: int, endings: list[bool], rng: random.Random) -> str:
    """One scene as YAML list-item lines under ``scenes:``."""
    month = 1 + index % 12
    lines = [
        f"  - id: {scene_id(index)}",
        f"    chapter: {chapter_id(index)}",
        f"    title: The {rng.choice(WORDS)} at {rng.choice(PLACES)}, scene {index}",
        f"    date: {1918 + (index // 12) % 4}-{month:02d}",
        f"    place: {rng.choice(PLACES)}",
        "    text: " + block(prose(rng, WORDS_PER_SCENE), 6),
    ]
    if rng.random() < 0.3:
        lines += ["    note:", "      text: " + block(prose(rng, 30), 8), "      reliability: invented"]
    if rng.random() < 0.1 and not endings[index]:
        lines += ["    on_enter:", f"      add: {{{rng.choice(list(VARIABLES))}: 1}}"]
    if endings[index]:
        kind = "historical" if index == len(endings) - 1 else "divergent"
        lines += [
            "    ending:",
            f"      kind: {kind}",
            f"      title: Ending at scene {index}",
            "      epilogue: " + block(prose(rng, 40), 8),
            "      what_really_happened: " + block(prose(rng, 20), 8),
        ]
    else:  # every scene is history's decision here: its way on is the choice history took
        lines.append(f"    decision: In {1918 + (index // 12) % 4}, history goes on to scene {index + 1}.")
        lines.append("    choices:")
        for choice in plan_choices(index, endings, rng):
            lines.extend(choice)
    return "\n".join(lines)


def story_yaml(count: int, endings: list[bool]) -> str:
    """The ``story:`` block: variables, flags and one chapter per SCENES_PER_CHAPTER scenes."""
    lines = [
        "story:",
        f"  id: synthetic_{count}",
        f"  title: A synthetic story of {count} scenes",
        f"  start: {scene_id(0)}",
        "  blurb: Generated for Jangal's benchmarks.",
        "  variables:",
    ]
    for name, start in VARIABLES.items():
        lines += [f"    {name}:", f"      label: The {name}", f"      start: {start}", "      min: 0", "      max: 10"]
    lines.append("  flags:")
    for name in FLAGS:
        lines += [f"    {name}:", f"      label: The {name} flag"]
    lines.append("  chapters:")
    for first in range(0, count, SCENES_PER_CHAPTER):
        start = next((i for i in range(first, count) if not endings[i]), first)
        lines += [f"    - id: {chapter_id(first)}", f"      title: Part {first // SCENES_PER_CHAPTER}"]
        lines.append(f"      start: {scene_id(start)}")
    return "\n".join(lines) + "\n"


def generate_story(count: int, seed: int = 1) -> dict[str, str]:
    """The files of a story of ``count`` scenes: file name to YAML text."""
    if count < 5:
        raise ValueError("a synthetic story needs at least 5 scenes")
    rng = random.Random(f"{seed}-{count}")
    endings = plan_endings(count, rng)
    files = {"story.yaml": story_yaml(count, endings)}
    for first in range(0, count, SCENES_PER_FILE):
        scenes = [scene_yaml(i, endings, rng) for i in range(first, min(count, first + SCENES_PER_FILE))]
        files[f"scenes_{first // SCENES_PER_FILE:03d}.yaml"] = "scenes:\n" + "\n".join(scenes) + "\n"
    return files


def write_story(folder: Path, count: int, seed: int = 1) -> Path:
    """Write a story of ``count`` scenes into ``folder`` (emptied first); return the folder."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, text in generate_story(count, seed).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def generator_version() -> str:
    """A short hash of this file, so a cached story is rebuilt whenever the generator changes."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]


def cached_story(cache: Path, count: int, seed: int = 1) -> Path:
    """The folder of a story of ``count`` scenes under ``cache``, generated only when missing or stale."""
    folder = cache / f"story-{count}-seed{seed}-{generator_version()}"
    marker = folder / ".complete"
    if not marker.exists():
        write_story(folder, count, seed)
        marker.write_text("written by bench/generate.py\n", encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.generate --scenes N --out DIR [--seed S]``."""
    parser = argparse.ArgumentParser(description="Write a synthetic Jangal story.")
    parser.add_argument("--scenes", type=int, default=100, help="how many scenes (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write (emptied first)")
    arguments = parser.parse_args(argv)
    folder = write_story(arguments.out, arguments.scenes, arguments.seed)
    print(f"wrote {arguments.scenes} scenes to {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

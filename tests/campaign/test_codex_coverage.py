"""The codex and the timeline grow with the story: every name the player reads can be looked up.

Every proper name in the text a player reads (the translators' list of the story's texts, less the notes,
codex, timeline and map) is a word of some codex entry's `name`; the only way out is the short allowlist
below, of words that are not people, places or groups. Historical notes are not scanned: the sources they
cite are not entries.
Every decision on history's path is on the timeline.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from game.play.engine import Engine
from game.story.model import Story
from game.story.strings import story_strings
from tests.campaign.walk import walk_history

# Words that open a sentence (or a choice, a title, a label, a locked choice's reason) and appear
# nowhere else in lower case: "Arrests would need the town behind him", "Setting the type".
SENTENCE_OPENERS = frozenset({
    "Ally", "Arrests", "Deliver", "Dig", "Dividing", "Downstairs", "Expropriation", "Handbills",
    "Historians", "Oh", "Popular", "Setting", "Shopkeepers", "Sixty", "Tough",
})  # fmt: skip
# The names of letters of the alphabet: the title "Alef for artesh" is "A for army".
LETTERS = frozenset({"Alef"})
# The pronoun I and its contractions, capital wherever they stand.
PRONOUNS = frozenset({"I", "I'd", "I'll", "I'm", "I've"})
# Months and weekdays, of the Gregorian calendar the English text dates by.
MONTHS_AND_DAYS = frozenset({
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
})  # fmt: skip
# Words for peoples and their languages (Russian, British, Gilaki): nationalities, not the story's factions.
NATIONALITIES_AND_LANGUAGES = frozenset({
    "Arabs", "British", "Chechens", "English", "Englishman", "French", "Georgian", "German", "Gilaki",
    "Indians", "Iranians", "Kabardian", "Kurdish", "Kurds", "Ottoman", "Turkish", "Turkmen", "Turks",
})  # fmt: skip
# Religious words and the feasts of the Iranian year: nobody's name.
RELIGION_AND_FEASTS = frozenset({"God", "Jihad", "Koran", "Moharram", "Muslim", "Nowruz", "Prophet", "Quran"})
# Titles, ranks, offices and forms of address: "Colonel Smyth", "the Tsar's soldiers", "Tell Father",
# "Minister of Culture" (Fakhrayi's office in Kuchik Khan's cabinet).
TITLES = frozenset({"Colonel", "Culture", "Father", "Minister", "Tsar"})

ALLOWED = (
    SENTENCE_OPENERS | LETTERS | PRONOUNS | MONTHS_AND_DAYS | NATIONALITIES_AND_LANGUAGES | RELIGION_AND_FEASTS | TITLES
)

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
POSSESSIVE = re.compile(r"['’]s$")
# What may stand between the end of a sentence and its first word: spaces, Markdown emphasis, brackets.
OPENING = " \t\n*_([“‘\"'"
ENDS = ".!?…:;"


def visible_texts(story: Story) -> Iterator[tuple[str, str]]:
    """(where, text) for every text the player reads in the story itself: the story's and chapters' titles, the
    state's labels, and each scene's title, place, blocks, decision, choices (with consequences and locked
    reasons) and ending (title, epilogue, what really happened, the historians' cards, the questions).

    The texts are the translators' list (``story_strings``), so a field added to the format is checked here
    too. Left out: a scene's historical note, which cites sources (Wikipedia, Iranica) that are not codex
    entries, and the codex, timeline and map, which are the entries themselves.
    """
    for item in story_strings(story):
        kind, where, *field = item.id.split("/")
        if kind in ("codex", "timeline", "map") or (kind == "scene" and field[:1] == ["note"]):
            continue
        yield where if kind == "scene" else kind, item.text


def starts_sentence(text: str, at: int) -> bool:
    """True when the word at ``at`` opens the text, a paragraph, a sentence or a quotation."""
    before = at
    while before > 0 and text[before - 1] in OPENING:
        before -= 1
    gap = text[before:at]
    quoted = at > 0 and text[at - 1] in "“‘\"'"
    return before == 0 or text[before - 1] in ENDS or "\n\n" in gap or quoted


def proper_names(story: Story) -> dict[str, set[str]]:
    """Each capitalised word of the visible text that is not an ordinary word opening a sentence, with its scenes.

    A capital that opens a sentence marks a name only when the word never appears in lower case;
    a word in capitals (a painted sign) is read the same way.
    """
    texts = list(visible_texts(story))
    lower = {word for _, text in texts for word in WORD.findall(text) if word[0].islower()}
    found: dict[str, set[str]] = defaultdict(set)
    for scene_id, text in texts:
        for match in WORD.finditer(text):
            word = POSSESSIVE.sub("", match.group())
            if not word[0].isupper():
                continue
            shouting = len(word) > 1 and word.isupper()
            if shouting:
                word = word.capitalize()
            if (shouting or starts_sentence(text, match.start())) and word.lower() in lower:
                continue
            found[word].add(scene_id)
    return found


def name_words(story: Story) -> set[str]:
    """The words of every codex entry's name (a hyphen parts words: "Amo-oghli" gives "Amo")."""
    words = set()
    for entry in story.codex.values():
        words |= {POSSESSIVE.sub("", word) for word in WORD.findall(entry.name.replace("-", " "))}
    return words


def singulars(word: str) -> set[str]:
    """The word and what it may be the plural of: "Fridays" gives "Friday"."""
    return {word, word.removesuffix("s"), word.removesuffix("es")}


def named(word: str, names: set[str]) -> bool:
    """True when a name word is the word, its plural or singular, or the place of its Persian adjective ("Tehrani")."""
    forms = singulars(word) | {word + "s"}
    forms |= {form.removesuffix("i") for form in forms}
    return bool(forms & names)


def allowed(word: str) -> bool:
    """True when the word, or the singular it is a plural of, is on the allowlist."""
    return bool(singulars(word) & ALLOWED)


def test_every_name_in_the_story_has_a_codex_entry(campaign: Story) -> None:
    """Each proper name the player reads is a word of a codex entry's name, or on the short allowlist."""
    names = name_words(campaign)
    found = proper_names(campaign).items()
    missing = {word: scenes for word, scenes in found if not allowed(word) and not named(word, names)}
    lines = [f"  {word}: {', '.join(sorted(scenes))}" for word, scenes in sorted(missing.items())]
    assert not missing, "names with no codex entry (add one, or name them in an entry's `name`):\n" + "\n".join(lines)


def test_the_allowlist_holds_no_name_of_an_entry(campaign: Story) -> None:
    """No allowed word is named by a codex entry as well: the allowlist holds only words that are not entries."""
    names = name_words(campaign)
    both = sorted(word for word in ALLOWED if named(word, names))
    assert not both, both


def test_the_allowlist_is_used(campaign: Story) -> None:
    """Every allowed word still appears in the story, so the list does not outlive the text."""
    used = {form for word in proper_names(campaign) for form in singulars(word)}
    unused = ALLOWED - PRONOUNS - MONTHS_AND_DAYS - used
    assert not unused, sorted(unused)


def test_every_decision_on_historys_path_is_on_the_timeline(campaign: Story) -> None:
    """Each decision scene on history's path has a timeline event naming it, or one in the same month."""
    engine = Engine(campaign)
    uncovered = []
    for state in walk_history(engine):
        scene = campaign.scenes[state.scene]
        if not engine.is_decision(scene):
            continue
        month = scene.date[:7]
        if not any(event.scene == scene.id or event.date[:7] == month for event in campaign.timeline):
            uncovered.append(f"{scene.id} ({scene.date})")
    assert not uncovered, "decisions on history's path with no timeline event: " + ", ".join(uncovered)

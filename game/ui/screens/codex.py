"""The codex: people, places, factions and terms, searchable, one entry shown at a time."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from game.play.language import N_, _, local_digits
from game.story.model import CodexEntry, CodexKind, Story
from game.ui.text import markdown, plain
from game.ui.widgets.footer import Footer

NOTHING_MET = N_("You have not met anyone yet: people, places and terms appear here as the story introduces them.")
KIND_HEADINGS = {
    CodexKind.PERSON: N_("People"),
    CodexKind.PLACE: N_("Places"),
    CodexKind.FACTION: N_("Factions"),
    CodexKind.TERM: N_("Terms"),
}
KIND_NAMES = {
    CodexKind.PERSON: N_("Person"),
    CodexKind.PLACE: N_("Place"),
    CodexKind.FACTION: N_("Faction"),
    CodexKind.TERM: N_("Term"),
}
ENTRY_PREFIX = "entry-"
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows exactly as written (CommonMark lets any ASCII punctuation be escaped)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def matches(entry: CodexEntry, search: str) -> bool:
    """True when the search words appear in the entry's name or text, ignoring case."""
    needle = search.strip().casefold()
    return not needle or needle in entry.name.casefold() or needle in entry.text.casefold()


def entry_markdown(entry: CodexEntry) -> str:
    """One entry as Markdown: its name (shown as written), its kind and reliability, then its text."""
    kind = _(KIND_NAMES[entry.kind])
    reliability = _(entry.reliability.label)
    return f"# {escape_markdown(entry.name)}\n\n*{kind} · {reliability}*\n\n{entry.text}"


def grouped_options(entries: list[CodexEntry]) -> list[Option]:
    """Options for the list: a disabled heading per kind, then that kind's entries in the order given."""
    options: list[Option] = []
    for kind, heading in KIND_HEADINGS.items():
        group = [entry for entry in entries if entry.kind is kind]
        if not group:
            continue
        options.append(Option(Content.styled(_(heading), "bold"), id=f"kind-{kind.value}", disabled=True))
        options.extend(Option(plain(entry.name), id=ENTRY_PREFIX + entry.id) for entry in group)
    return options


class CodexScreen(Screen[None]):
    """The codex; shows every entry (from the title screen) or only the ones the player has met."""

    BINDINGS = [
        Binding("escape", "close", N_("Back")),
        Binding("slash", "focus_search", N_("Search")),
        Binding("down", "focus_list", "List", show=False),
    ]

    DEFAULT_CSS = """
    CodexScreen #codex-search {
        margin: 0 1;
    }
    CodexScreen #codex-body {
        height: 1fr;
    }
    CodexScreen #codex-list {
        width: 34;
        max-width: 40%;
        height: 1fr;
        max-height: 100%;
    }
    /* Kind headings are disabled options (so the cursor skips them), but should not look disabled. */
    CodexScreen #codex-list > .option-list--option-disabled {
        color: $accent;
        text-style: bold;
    }
    CodexScreen #codex-entry-box {
        width: 1fr;
        height: 1fr;
        border: tall $panel;
        background: $surface;
        padding: 0 1;
    }
    CodexScreen #codex-entry-box:focus-within {
        border: tall $primary;
    }
    CodexScreen #codex-entry {
        margin: 0;
    }
    """

    def __init__(self, story: Story, entries: list[CodexEntry] | None = None):
        super().__init__()
        self.story = story
        self.showing_all = entries is None
        self.entries = list(story.codex.values()) if entries is None else list(entries)
        self.by_id = {entry.id: entry for entry in self.entries}

    def compose(self) -> ComposeResult:
        yield Static(self.title_text(), id="codex-title", classes="screen-title")
        yield Input(placeholder=_("Search the codex"), id="codex-search")
        with Horizontal(id="codex-body"):
            yield OptionList(id="codex-list")
            with VerticalScroll(id="codex-entry-box"):
                yield Markdown(id="codex-entry")
        yield Footer()

    def on_mount(self) -> None:
        self.fill_list()
        self.query_one("#codex-search", Input).focus()

    def title_text(self) -> str:
        """The title line: how many entries are unlocked, unless the whole codex is open."""
        if self.showing_all:
            return _("Codex")
        sentence = _("Codex · {count} of {total} entries unlocked")
        return local_digits(sentence.format(count=len(self.entries), total=len(self.story.codex)))

    def visible_entries(self) -> list[CodexEntry]:
        """The entries that match the search."""
        search = self.query_one("#codex-search", Input).value
        return [entry for entry in self.entries if matches(entry, search)]

    def fill_list(self) -> None:
        """Redraw the list from the search, keeping the highlighted entry when it still matches."""
        option_list = self.query_one("#codex-list", OptionList)
        previous = option_list.highlighted_option
        option_list.set_options(grouped_options(self.visible_entries()))
        ids = [option.id for option in option_list.options if not option.disabled]
        if not ids:
            self.show_text(self.empty_text())
            return
        keep = previous.id if previous is not None and previous.id in ids else ids[0]
        option_list.highlighted = option_list.get_option_index(keep)
        self.show_entry(keep)

    def empty_text(self) -> str:
        """What the entry pane says when the list is empty."""
        if not self.entries:
            return _(NOTHING_MET)
        search = self.query_one("#codex-search", Input).value.strip()
        return _("Nothing in the codex matches “{search}”.").format(search=escape_markdown(search))

    def show_entry(self, option_id: str | None) -> None:
        """Show the entry behind a list option."""
        if option_id and option_id.startswith(ENTRY_PREFIX):
            entry = self.by_id.get(option_id.removeprefix(ENTRY_PREFIX))
            if entry is not None:
                self.show_text(entry_markdown(entry))

    def show_text(self, text: str) -> None:
        """Replace the entry pane's Markdown, scrolled back to the top."""
        self.query_one("#codex-entry", Markdown).update(markdown(text))
        self.query_one("#codex-entry-box", VerticalScroll).scroll_home(animate=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill_list()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_focus_list()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_entry(event.option_id)

    def action_focus_list(self) -> None:
        """Move from the search box to the list (Enter or Down)."""
        self.query_one("#codex-list", OptionList).focus()

    def action_focus_search(self) -> None:
        """Back to the search box (/)."""
        self.query_one("#codex-search", Input).focus()

    def action_close(self) -> None:
        """Back to where the codex was opened from."""
        self.app.pop_screen()

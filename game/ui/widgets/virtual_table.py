"""A table that draws only the rows on screen: for lists that may be very long (saves, the log).

Textual's DataTable and OptionList take every row's content, and measure every row, before the
first paint: ten thousand save slots or a path of 120,000 steps took minutes. Here the table
knows only how many rows there are; it asks for a row's cells when that row comes on screen
(``cells(index)``), one line a row, cut with an ellipsis at its column's width, so opening,
scrolling and resizing cost the rows shown, not the rows there are. The full text of the
highlighted row is for the screen to show elsewhere (``Highlighted``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

CELL_PADDING = 1
"""Cells have one blank column on each side, as in a DataTable."""


class VirtualTable(ScrollView, can_focus=True):
    """Rows drawn on demand; a header line on top; one highlighted row (the cursor)."""

    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
    ]

    COMPONENT_CLASSES = {"virtual-table--header", "virtual-table--cursor", "virtual-table--odd"}

    DEFAULT_CSS = """
    VirtualTable {
        background: $surface;
        height: 1fr;
    }
    VirtualTable > .virtual-table--header {
        background: $panel;
        color: $foreground;
        text-style: bold;
    }
    VirtualTable > .virtual-table--odd {
        background: $surface-lighten-1;
    }
    VirtualTable > .virtual-table--cursor {
        background: $block-cursor-blurred-background;
        text-style: bold;
    }
    VirtualTable:focus > .virtual-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        """The cursor moved to another row."""

        def __init__(self, table: VirtualTable, index: int):
            super().__init__()
            self.table = table
            self.index = index

    class Selected(Message):
        """Enter, or a click on the highlighted row."""

        def __init__(self, table: VirtualTable, index: int):
            super().__init__()
            self.table = table
            self.index = index

    def __init__(
        self,
        headings: Sequence[str],
        widths: Callable[[int], Sequence[int]],
        cells: Callable[[int], Sequence[Text]],
        *,
        id: str | None = None,
    ):
        """``widths(width)`` gives each column's width for the table's width; ``cells(index)`` a row's cells."""
        super().__init__(id=id)
        self.headings = tuple(headings)
        self.widths = widths
        self.cells = cells
        self.row_count = 0
        self._lines: dict[tuple[int, int, bool, bool], Strip] = {}

    # Content

    def set_row_count(self, count: int, cursor: int | None = None) -> None:
        """Say how many rows there are now (their cells are asked for again as they are shown)."""
        self.row_count = count
        self._lines.clear()
        self.update_size()
        self.cursor = min(max(self.cursor if cursor is None else cursor, 0), max(count - 1, 0))
        self.refresh()

    def update_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count + 1)

    def on_resize(self, event: events.Resize) -> None:
        self._lines.clear()
        self.update_size()
        self.scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()  # a new theme: new colours

    def on_focus(self) -> None:
        self._lines.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._lines.clear()
        self.refresh()

    # Drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._line(-1, width)
        index = int(self.scroll_offset.y) + y - 1
        if index >= self.row_count:
            return Strip.blank(width, self.rich_style)
        return self._line(index, width)

    def _line(self, index: int, width: int) -> Strip:
        highlighted = index == self.cursor
        key = (index, width, highlighted, self.has_focus)
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) > 4096:
                self._lines.clear()
            line = self._lines[key] = self._draw(index, width, highlighted)
        return line

    def _draw(self, index: int, width: int, highlighted: bool) -> Strip:
        if index < 0:
            cells: Sequence[Text] = [Text(heading) for heading in self.headings]
            base = self.get_component_rich_style("virtual-table--header")
        else:
            cells = self.cells(index)
            base = self.rich_style
            if index % 2:
                base += self.get_component_rich_style("virtual-table--odd")
            if highlighted:
                base += self.get_component_rich_style("virtual-table--cursor")
        line = Text(style=base, end="", no_wrap=True)
        for cell, column_width in zip(cells, self.widths(width), strict=False):
            piece = cell.copy()
            piece.no_wrap = True
            piece.truncate(column_width, overflow="ellipsis", pad=True)
            line.append(" " * CELL_PADDING)
            line.append_text(piece)
            line.append(" " * CELL_PADDING)
        segments = list(line.render(self.app.console))
        return Strip(segments).adjust_cell_length(width, base if isinstance(base, Style) else None)

    # Moving

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_cursor()
        self.refresh()
        if self.row_count:
            self.post_message(self.Highlighted(self, new))

    def scroll_to_cursor(self) -> None:
        """Scroll just enough for the highlighted row to be on screen (under the header)."""
        rows_shown = max(self.scrollable_content_region.height - 1, 1)
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + rows_shown:
            self.scroll_to(y=self.cursor - rows_shown + 1, animate=False)

    def action_move(self, rows: int) -> None:
        if self.row_count:
            self.cursor = min(max(self.cursor + rows, 0), self.row_count - 1)

    def action_page(self, pages: int) -> None:
        self.action_move(pages * max(self.scrollable_content_region.height - 1, 1))

    def action_jump(self, index: int) -> None:
        if self.row_count:
            self.cursor = index % self.row_count

    def action_select(self) -> None:
        if self.row_count:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        """A click highlights a row; a click on the highlighted row selects it."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = int(self.scroll_offset.y) + offset.y - 1
        if index >= self.row_count:
            return
        if index == self.cursor:
            self.action_select()
        else:
            self.cursor = index

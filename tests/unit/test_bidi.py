"""Right-to-left lines for terminals that do no bidi: wrapped first, then shaped and reordered line by line."""

from __future__ import annotations

import unicodedata

from bidi import get_display
from rich.segment import Segment
from rich.style import Style

from game.play.bidi import cell_width, shape, visual_line, visual_lines, wrap
from game.ui.rtl import mirror_line

PARAGRAPH = (
    "میرزا کوچک خان در بهار 1920 از جنگل‌های گیلان به Rasht آمد و در میدان شهر، کنار کمیتهٔ اتحاد اسلام، "
    "جمهوری شوروی سوسیالیستی ایران را اعلام کرد؛ ناوگان سرخ در انزلی لنگر انداخته بود و مردم رشت "
    "نمی‌دانستند فردا چه خواهد شد. Raskolnikov و Ehsanollah Khan هر یک راه خود را می‌خواستند."
)


def presentation_forms(text: str) -> bool:
    """Whether the text holds Arabic presentation forms (letters shaped for a terminal that does not shape)."""
    return any(0xFB50 <= ord(character) <= 0xFDFF or 0xFE70 <= ord(character) <= 0xFEFF for character in text)


def unshaped(text: str) -> str:
    """Presentation forms back to the letters they show (NFKC), for comparing with unshaped text."""
    return unicodedata.normalize("NFKC", text)


def test_a_mixed_line_reads_in_visual_order() -> None:
    """Persian runs from the right; "Rasht" and "1920" keep their own left-to-right order inside it."""
    line = visual_line("در سال 1920 به Rasht رفتیم", shaping=False).text
    assert line == "میتفر Rasht هب 1920 لاس رد"
    assert line.index("1920") > line.index("Rasht")  # read from the right: 1920 first, then Rasht


def test_brackets_are_mirrored_in_a_right_to_left_line() -> None:
    """An opening bracket, read first from the right, is drawn as one that opens to the left."""
    assert visual_line("شهر (Rasht)", shaping=False).text == "(Rasht) رهش"


def test_wrapping_at_40_and_80_never_splits_a_word() -> None:
    """Every wrapped line is whole words of the paragraph, and fits the width."""
    words = PARAGRAPH.split(" ")
    for width in (40, 80):
        lines = wrap(PARAGRAPH, width)
        assert " ".join(lines).split(" ") == words
        assert all(cell_width(line) <= width for line in lines)


def test_each_wrapped_line_is_ordered_as_python_bidi_orders_it() -> None:
    """A line's visual order is get_display's of that written line (brackets mirrored, non-joiners left out)."""
    for width in (40, 80):
        for line in wrap(PARAGRAPH, width):
            expected = get_display(line.replace("\u200c", ""), base_dir="R")
            assert visual_line(line, shaping=False).text == expected.translate(str.maketrans("()", ")("))


def test_visual_lines_are_right_aligned_and_shaped() -> None:
    """Each line is padded on the left to the width, its letters in their joined forms."""
    lines = visual_lines(PARAGRAPH, 40)
    assert all(cell_width(line) == 40 for line in lines[:-1])
    assert lines[-1].startswith(" ") and not lines[-1].endswith(" ")
    assert all(presentation_forms(line) for line in lines)
    assert unshaped(lines[0]).strip() == get_display(wrap(PARAGRAPH, 40)[0].replace("\u200c", ""), base_dir="R")


def test_terminal_mode_keeps_the_text_as_written() -> None:
    """For a terminal that does bidi: no shaping, no reordering, only the padding moved to the left."""
    lines = visual_lines(PARAGRAPH, 40, reorder=False)
    assert [line.strip() for line in lines] == wrap(PARAGRAPH, 40)
    assert not any(presentation_forms(line) for line in lines)


def test_shaping_joins_letters_one_for_one() -> None:
    """Shaping gives one joined form for each letter written, so positions and styles stay in step."""
    written = "لا الله می‌خواهم کمیتهٔ"
    shaped = shape(written)
    assert len(shaped) == len(written) and presentation_forms(shaped)


def test_styles_follow_their_letters() -> None:
    """A bold word stays bold after the line is turned round."""
    bold = Style(bold=True)
    line = (Segment("در "), Segment("رشت", bold), Segment(" بودیم"))
    turned = mirror_line(line, True)
    bold_text = "".join(segment.text for segment in turned if segment.style == bold)
    assert unshaped(bold_text) == "تشر"


def test_bidi_controls_from_a_file_are_dropped() -> None:
    """An override character in a story's text cannot reorder what is shown."""
    tricked = "در \u202eRasht\u202c بودیم"
    assert "Rasht" in visual_line(tricked, shaping=False).text
    assert "\u202e" not in "".join(segment.text for segment in mirror_line((Segment(tricked),), False))

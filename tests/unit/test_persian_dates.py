"""Dates in Persian: the Solar Hijri date beside the Gregorian, in Persian digits, checked against the fact sheet."""

from __future__ import annotations

import pytest

from game.story.persian_dates import format_date_fa, persian_digits

# The dates the fact sheet (shared/history.md, §1) gives in both calendars.
FACT_SHEET = [
    ("1921-02-22", "۳ اسفند ۱۲۹۹ / ۲۲ فوریه ۱۹۲۱"),  # the coup (22 February by some sources, 21 by others)
    ("1921-09-29", "۷ مهر ۱۳۰۰ / ۲۹ سپتامبر ۱۹۲۱"),  # Molla Sara
    ("1921-12-02", "۱۱ آذر ۱۳۰۰ / ۲ دسامبر ۱۹۲۱"),  # Kuchik Khan's death
]


@pytest.mark.parametrize(("date", "shown"), FACT_SHEET)
def test_the_fact_sheet_s_dates_in_both_calendars(date: str, shown: str) -> None:
    assert format_date_fa(date) == shown


def test_a_month_overlapping_two_solar_months_names_both() -> None:
    assert format_date_fa("1920-06") == "خرداد–تیر ۱۲۹۹ / ژوئن ۱۹۲۰"


def test_a_month_across_the_solar_new_year_names_both_years() -> None:
    assert format_date_fa("1921-03") == "اسفند ۱۲۹۹–فروردین ۱۳۰۰ / مارس ۱۹۲۱"


def test_a_year_spans_two_solar_years_and_an_empty_date_stays_empty() -> None:
    assert format_date_fa("1920") == "۱۲۹۸–۱۲۹۹ / ۱۹۲۰"
    assert format_date_fa("") == ""


def test_persian_digits() -> None:
    assert persian_digits("1299-12-03") == "۱۲۹۹-۱۲-۰۳"

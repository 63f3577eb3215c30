"""Dates as a Persian reader reads them: the Solar Hijri date beside the Gregorian, in Persian digits.

``1921-02-22`` reads ``۳ اسفند ۱۲۹۹ / ۲۲ فوریه ۱۹۲۱``. A partial date stays as partial as the author
wrote it: a Gregorian month overlaps two solar months (``خرداد–تیر ۱۲۹۹ / ژوئن ۱۹۲۰``), a year two
solar years. jdatetime does the conversion: the calendar's rules (its leap years above all) are
not ours to write again.
"""

from __future__ import annotations

import calendar
import datetime

SOLAR_MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
GREGORIAN_MONTHS = (
    "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن",
    "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر",
)  # fmt: skip
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
RANGE = "–"
"""Between the two ends of a span: an en dash, as Persian typesetting has it."""


def persian_digits(text: str) -> str:
    """Western digits as Persian ones: ``1299`` as ``۱۲۹۹``."""
    return text.translate(PERSIAN_DIGITS)


def format_date_fa(date: str) -> str:
    """An author's date (``1920``, ``1920-06``, ``1920-06-05``) in Persian, solar first; "" stays ""."""
    if not date:
        return ""
    parts = [int(part) for part in date.split("-")]
    if len(parts) == 3:
        year, month, day = parts
        solar = _solar(datetime.date(year, month, day))
        return persian_digits(f"{solar.day} {SOLAR_MONTHS[solar.month - 1]} {solar.year} / {day} ") + (
            f"{GREGORIAN_MONTHS[month - 1]} {persian_digits(str(year))}"
        )
    if len(parts) == 2:
        year, month = parts
        first = datetime.date(year, month, 1)
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        return f"{_solar_span(first, last)} / {GREGORIAN_MONTHS[month - 1]} {persian_digits(str(year))}"
    year = parts[0]
    first, last = _solar(datetime.date(year, 1, 1)).year, _solar(datetime.date(year, 12, 31)).year
    return persian_digits(f"{first}{RANGE}{last} / {year}")


def _solar(day: datetime.date):
    import jdatetime  # only for a Persian edition: an English game never loads it

    return jdatetime.date.fromgregorian(date=day)


def _solar_span(first: datetime.date, last: datetime.date) -> str:
    """The solar months a span of days falls in: ``تیر ۱۲۹۹``, ``خرداد–تیر ۱۲۹۹``, ``اسفند ۱۲۹۹–فروردین ۱۳۰۰``."""
    start, end = _solar(first), _solar(last)
    start_month, end_month = SOLAR_MONTHS[start.month - 1], SOLAR_MONTHS[end.month - 1]
    if start.year != end.year:
        return persian_digits(f"{start_month} {start.year}{RANGE}{end_month} {end.year}")
    if start.month != end.month:
        return persian_digits(f"{start_month}{RANGE}{end_month} {start.year}")
    return persian_digits(f"{start_month} {start.year}")

"""indonesian: Jinja filters for Indonesian dates and numbers, via Babel.

The machine's locales cannot be relied on (CI images often have only C.UTF-8),
so every date and number a reader sees goes through these filters.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal
from pelican import signals

LOCALE = "id"
# Babel's own "full" pattern for id pads the day ("Kamis, 01 Agustus 2024");
# Indonesian news and government style writes "Kamis, 1 Agustus 2024".
STYLES = {"full": "EEEE, d MMMM y", "long": "d MMMM y", "medium": "d MMM y"}


def tanggal(value, style: str = "full") -> str:
    """'Rabu, 22 Januari 2025' (full), '22 Januari 2025' (long), '22 Jan 2025' (medium)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return _format(value, STYLES.get(style, style))


@lru_cache(maxsize=65536)
def _format(day: dt.date, pattern: str) -> str:
    # Timelines and lists write the same few thousand days over and over, and
    # Babel parses the pattern and builds the text anew on every call.
    return format_date(day, pattern, locale=LOCALE)


def rentang(start, end=None) -> str:
    """A date range written the Indonesian way, without repeating what is shared:
    '22 Januari 2025', '15–17 Mei 2024', '30 April – 2 Mei 2024',
    '30 Desember 2024 – 2 Januari 2025'."""
    start, end = _day(start), _day(end) if end is not None else None
    if end is None or end == start:
        return tanggal(start, "long")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{tanggal(end, 'long')}"
    if start.year == end.year:
        return f"{_format(start, 'd MMMM')} – {tanggal(end, 'long')}"
    return f"{tanggal(start, 'long')} – {tanggal(end, 'long')}"


def _day(value):
    return value.date() if isinstance(value, dt.datetime) else value


def bulan_tahun(value) -> str:
    return _format(_day(value), "MMMM y")


def angka(value) -> str:
    """'65.387', '6,11': Indonesian grouping and decimal signs."""
    if value is None:
        return ""
    return _angka(value)


@lru_cache(maxsize=4096, typed=True)  # the same counts on thousands of timeline pages
def _angka(value) -> str:
    return format_decimal(value, locale=LOCALE)


def iso(value) -> str:
    """Machine date for <time datetime>: 2025-01-22."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()


FILTERS = {
    "tanggal": tanggal, "rentang": rentang,
    "bulan_tahun": bulan_tahun, "angka": angka, "iso": iso,
}


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)


def register():
    signals.generator_init.connect(add_filters)

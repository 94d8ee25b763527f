"""indonesian: Jinja filters for Indonesian dates and numbers, via Babel.

The machine's locales cannot be relied on (CI images often have only C.UTF-8),
so every date and number a reader sees goes through these filters.
"""

from __future__ import annotations

import datetime as dt

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
    return format_date(value, STYLES.get(style, style), locale=LOCALE)


def bulan_tahun(value) -> str:
    return format_date(value, "MMMM y", locale=LOCALE)


def angka(value) -> str:
    """'65.387', '6,11': Indonesian grouping and decimal signs."""
    if value is None:
        return ""
    return format_decimal(value, locale=LOCALE)


def iso(value) -> str:
    """Machine date for <time datetime>: 2025-01-22."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()


FILTERS = {
    "tanggal": tanggal,
    "bulan_tahun": bulan_tahun, "angka": angka, "iso": iso,
}


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)


def register():
    signals.generator_init.connect(add_filters)

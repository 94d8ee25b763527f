"""Find dates written with a weekday in Indonesian text and check they agree.

Press releases write "Kamis (16/4/2024)", "Kamis, 1 Agustus 2024" or
"Rabu/Kamis 24-25 April 2024"; a weekday that does not match its date is a
common slip worth a warning (see ../shared/facts.md, report 003).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]  # Monday first, as date.weekday()
MONTHS = ["januari", "februari", "maret", "april", "mei", "juni", "juli",
          "agustus", "september", "oktober", "november", "desember"]
_DAY = r"\b(Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)"
_NUMERIC = re.compile(_DAY + r"\s*\(\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*\)", re.IGNORECASE)
_WORDS = re.compile(
    _DAY + r"(?:\s*/\s*" + _DAY[2:] + r")?\s*,?\s+(?:tanggal\s+)?(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?\s+("
    + "|".join(MONTHS) + r")\s+(\d{4})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WeekdayMismatch:
    line: int
    written: str  # the text as written, e.g. "Kamis (16/4/2024)"
    day_written: str
    date: dt.date
    day_actual: str


def _day_index(name: str) -> int:
    name = name.capitalize().replace("'", "")
    return 6 if name == "Ahad" else DAYS.index(name)


def find_mismatches(text: str, first_line: int = 1) -> list[WeekdayMismatch]:
    found = []
    for match, pairs in _candidates(text):
        for day_name, date in pairs:
            if date is not None and date.weekday() != _day_index(day_name):
                line = first_line + text.count("\n", 0, match.start())
                found.append(WeekdayMismatch(line, match.group(0), day_name, date, DAYS[date.weekday()]))
    return found


def _candidates(text):
    for m in _NUMERIC.finditer(text):
        yield m, [(m[1], _safe_date(m[4], m[3], m[2]))]
    for m in _WORDS.finditer(text):
        month = MONTHS.index(m[5].lower()) + 1
        pairs = [(m[1], _safe_date(m[6], month, m[3]))]
        if m[2] and m[4]:
            pairs.append((m[2], _safe_date(m[6], month, m[4])))
        yield m, pairs


def _safe_date(year, month, day):
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None

"""Event dates as Indonesian news writes them, with the weekday checked."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DAYS = ["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"]
MONTHS = ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
          "oktober", "november", "desember"]
_DAY = r"(senin|selasa|rabu|kamis|jum'?at|sabtu|minggu)"
_MONTH = "(" + "|".join(MONTHS) + ")"
PATTERNS = [
    # "dari tanggal 18 hingga 20 April 2022", "dari tanggal 15-17 Mei 2024", "24-25 April 2024"
    ("range", re.compile(rf"(?:{_DAY}\s*/\s*{_DAY}\s*,?\s*)?(?:dari\s+)?(?:tanggal\s+)?(\d{{1,2}})\s*(?:-|–|hingga|sampai(?: dengan)?|s\.?d\.?)\s*(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})", re.I)),
    # "Rabu (22/1/2025)"
    ("numeric", re.compile(rf"{_DAY}\s*\(\s*(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})\s*\)", re.I)),
    # "Kamis, 1 Agustus 2024", "Kamis 1 Agustus 2024", "1 Agustus 2024"
    ("words", re.compile(rf"(?:{_DAY}\s*,?\s*)?(?:tanggal\s+)?(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})", re.I)),
]


@dataclass
class DateMention:
    start: dt.date
    end: dt.date
    text: str
    position: int
    kind: str
    weekday_written: str | None = None  # the day name of the start, as written
    weekday_ok: bool = True


def _day_name(date: dt.date) -> str:
    return DAYS[date.weekday()].capitalize()


def _check(weekday: str | None, date: dt.date) -> bool:
    return weekday is None or weekday.lower().replace("'", "") == DAYS[date.weekday()]


def find_dates(text: str) -> list[DateMention]:
    found, taken = [], []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            try:
                if kind == "range":
                    month = MONTHS.index(m[5].lower()) + 1
                    start, end = dt.date(int(m[6]), month, int(m[3])), dt.date(int(m[6]), month, int(m[4]))
                    day1, day2 = m[1], m[2]
                    ok = _check(day1, start) and _check(day2, end)
                    mention = DateMention(start, end, m[0], m.start(), kind, day1, ok)
                elif kind == "numeric":
                    start = dt.date(int(m[4]), int(m[3]), int(m[2]))
                    mention = DateMention(start, start, m[0], m.start(), kind, m[1], _check(m[1], start))
                else:
                    start = dt.date(int(m[4]), MONTHS.index(m[3].lower()) + 1, int(m[2]))
                    mention = DateMention(start, start, m[0], m.start(), kind, m[1], _check(m[1], start))
            except ValueError:
                continue
            if mention.end < mention.start:
                continue
            taken.append((m.start(), m.end()))
            found.append(mention)
    return sorted(found, key=lambda d: d.position)


def event_dates(text: str) -> tuple[DateMention | None, list[str]]:
    """The event's date or range, and notes for the editor (weekday mismatches,
    conflicting dates). A range wins over single days; a date whose weekday
    is wrong loses to one whose weekday is right."""
    mentions = find_dates(text)
    notes = [f'"{m.text.strip()}": {m.start:%d-%m-%Y} jatuh pada hari {_day_name(m.start)}, bukan {m.weekday_written}'
             for m in mentions if not m.weekday_ok]
    if not mentions:
        return None, notes
    ranges = [m for m in mentions if m.end > m.start]
    trusted = [m for m in mentions if m.weekday_ok]
    chosen = (ranges or trusted or mentions)[0]
    others = {(m.start, m.end) for m in mentions if not (chosen.start <= m.start <= chosen.end)}
    if others:
        listed = ", ".join(f"{s:%d-%m-%Y}" for s, _ in sorted(others))
        notes.append(f"naskah juga menyebut tanggal lain ({listed}); dipilih {chosen.text.strip()}")
    return chosen, notes

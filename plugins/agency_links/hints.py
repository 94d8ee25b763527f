"""Phrases in a report that look like an agency the directory does not know."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .matcher import AgencyMatcher
from .variants import GENERIC_PHRASES

_HEAD = r"(?:Dinas|Badan|Biro|Kementerian|Kementrian|Kantor\s+Wilayah|Kanwil|Sekretariat|Satuan|Balai|Inspektorat|Direktorat|Lembaga|Komisi)"
_WORD = r"(?:[A-Z][\w.'-]*|dan|&)"
AGENCY_LIKE = re.compile(rf"\b{_HEAD}(?:[ \t]+{_WORD})*[ \t]+[A-Z][\w.'-]*")


@dataclass(frozen=True)
class Hint:
    line: int
    phrase: str


def unknown_agencies(text: str, matcher: AgencyMatcher, first_line: int = 1) -> list[Hint]:
    """Agency-like phrases in Markdown `text` that no directory name starts."""
    known = [(m.start, m.end) for m in matcher.find(text)]
    hints, seen = [], set()
    for found in AGENCY_LIKE.finditer(text):
        phrase = found.group(0).rstrip(".,")
        generic = phrase.lower() in GENERIC_PHRASES  # "Sekretariat Daerah" is a kind of body, not a name
        if generic or any(start <= found.start() < end for start, end in known) or phrase in seen:
            continue
        seen.add(phrase)
        hints.append(Hint(first_line + text.count("\n", 0, found.start()), phrase))
    return hints

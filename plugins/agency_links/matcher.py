"""Find agency names in text with one Aho-Corasick automaton, built once.

The work per text grows with its length (plus the matches found), not with
the size of the directory. Matching ignores case and runs of whitespace,
except that a word written in capitals in the directory ("BPS", "PP") must be
in capitals in the text too, so "bps" inside a web address is not an agency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ahocorasick

from .variants import Variant

_SPACE = re.compile(r"\s+")
_UNUSUAL_SPACE = re.compile(r"\s{2,}|[^\S ]")  # a run of spaces, or a tab/newline/no-break space


@dataclass
class Entry:
    """All agencies one normalised text may stand for."""

    text: str
    candidates: dict[str, bool] = field(default_factory=dict)  # slug -> specific
    capitals: tuple[int, ...] = ()  # indexes of words that must be written in capitals


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entry: Entry

    @property
    def length(self) -> int:
        return self.end - self.start


def normalise(text: str) -> tuple[str, list[int] | None]:
    """Lower-case text with whitespace runs as one space, and for each of its
    characters the index of the original character (None: the same index)."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two: keep one per character
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if not _UNUSUAL_SPACE.search(text):
        return low, None  # the common case, without building an index
    parts, index, pos = [], [], 0
    for run in _SPACE.finditer(low):
        parts += [low[pos:run.start()], " "]
        index.extend(range(pos, run.start()))
        index.append(run.start())
        pos = run.end()
    parts.append(low[pos:])
    index.extend(range(pos, len(low)))
    return "".join(parts), index


def _is_capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class AgencyMatcher:
    def __init__(self, variants: list[Variant]):
        self.entries: dict[str, Entry] = {}
        for variant in variants:
            key = normalise(variant.text)[0]
            entry = self.entries.setdefault(key, Entry(variant.text))
            entry.candidates[variant.agency] = entry.candidates.get(variant.agency, False) or variant.specific
            words = variant.text.split()
            entry.capitals = tuple(sorted(set(entry.capitals) | {i for i, w in enumerate(words) if _is_capitals(w)}))
        self.automaton = ahocorasick.Automaton()
        for key in self.entries:
            self.automaton.add_word(key, key)
        if self.entries:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Leftmost-longest, non-overlapping matches on whole words."""
        if not self.entries or not text:
            return []
        norm, index = normalise(text)
        found = []
        for end, key in self.automaton.iter(norm):
            start = end - len(key) + 1
            o_start, o_end = (index[start], index[end] + 1) if index else (start, end + 1)
            if self._whole_words(text, o_start, o_end) and self._capitals_ok(text[o_start:o_end], self.entries[key]):
                found.append(Match(o_start, o_end, self.entries[key]))
        found.sort(key=lambda m: (m.start, -m.length))
        chosen, last_end = [], -1
        for match in found:
            if match.start >= last_end:
                chosen.append(match)
                last_end = match.end
        return chosen

    @staticmethod
    def _whole_words(text: str, start: int, end: int) -> bool:
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        # "Prov." may end in a dot; a word character may not touch either end.
        return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")

    @staticmethod
    def _capitals_ok(written: str, entry: Entry) -> bool:
        if not entry.capitals:
            return True
        words = _SPACE.split(written)
        return all(i < len(words) and _is_capitals(words[i]) for i in entry.capitals)

"""Marked copies from the last build, for pages that came out the same.

Marking a page (markup.py) parses its HTML: a few milliseconds a page, tens
of seconds for a large archive, spent again on every build although a
rebuild after one edit writes almost every page exactly as before. A marked
copy is kept under a key made of the page's HTML, what the index says about
the page (documents.Entry, the names of its related records), the names the
NameFinder looks for, the plugin's settings and its code; the same key gives
the same copy. Copies are stored zlib-compressed in one file per output
folder, and only those of the last build are kept.
"""

from __future__ import annotations

import os
import pickle
import zlib
from pathlib import Path

from content_model.fingerprint import fingerprint

from .documents import names_of

FORMAT = 1


def build_salt(opts: dict, finder_records, code_folder: Path) -> str:
    """What every page's copy depends on besides the page itself."""
    code = [(p.name, p.read_bytes()) for p in sorted(code_folder.glob("*.py"))]
    names = sorted(tuple(names_of(r)) for r in finder_records)
    return fingerprint(FORMAT, sorted(opts.items(), key=lambda kv: kv[0]), names, code)


def page_key(salt: str, entry, html: str) -> str:
    related = [names_of(r) for r in entry.related]
    return fingerprint(salt, html, entry.url, entry.save_as, entry.kind,
                   sorted(entry.meta.items()), sorted(entry.filters.items()), entry.date, related)


class MarkedCache:
    """Read on first use: in a build, in the search index's own process (feed.py)."""

    def __init__(self, path: str):
        self.path = path
        self._kept: dict[str, tuple[str, bytes]] | None = None  # save_as -> (key, compressed copy)
        self.new: dict[str, tuple[str, bytes]] = {}
        self.hits = 0

    @property
    def kept(self) -> dict[str, tuple[str, bytes]]:
        if self._kept is None:
            try:
                with open(self.path, "rb") as handle:
                    self._kept = pickle.load(handle)
            except (OSError, EOFError, ValueError, pickle.UnpicklingError, TypeError, AttributeError):
                self._kept = {}
        return self._kept

    def get(self, save_as: str, key: str) -> str | None:
        found = self.kept.get(save_as)
        if found is None or found[0] != key:
            return None
        self.hits += 1
        self.new[save_as] = found
        return zlib.decompress(found[1]).decode("utf-8", "surrogatepass")

    def put(self, save_as: str, key: str, html: str) -> None:
        self.new[save_as] = (key, zlib.compress(html.encode("utf-8", "surrogatepass"), 1))

    def save(self) -> None:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        tmp = f"{self.path}.tmp-{os.getpid()}"
        with open(tmp, "wb") as handle:
            pickle.dump(self.new, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)

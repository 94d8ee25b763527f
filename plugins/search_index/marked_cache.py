"""Marked copies from the last build, for pages that came out the same.

Marking a page (markup.py) parses its HTML: a few milliseconds a page, tens
of seconds for a large archive, spent again on every build although a
rebuild after one edit writes almost every page exactly as before. A marked
copy is kept under a key made of the page's HTML, what the index says about
the page (documents.Entry, the names of its related records), the names the
NameFinder looks for, the plugin's settings and its code; the same key gives
the same copy. The copies of the last build are kept by
content_model.item_cache in `CACHE_PATH/search_index/marked.pickle`.
"""

from __future__ import annotations

from pathlib import Path

from content_model.fingerprint import fingerprint, folders_fingerprint

from .documents import names_of

FORMAT = 1


def build_salt(opts: dict, finder_records, code_folder: Path) -> str:
    """What every page's copy depends on besides the page itself."""
    names = sorted(tuple(names_of(r)) for r in finder_records)
    return fingerprint(FORMAT, sorted(opts.items(), key=lambda kv: kv[0]), names, folders_fingerprint(code_folder))


def page_key(salt: str, entry, html: str, names=names_of) -> str:
    """names: names_of, or the same worked out once per record (documents.per_record)."""
    related = [names(r) for r in entry.related]
    return fingerprint(salt, html, entry.url, entry.save_as, entry.kind,
                   sorted(entry.meta.items()), sorted(entry.filters.items()), entry.date, related)

"""Results of the last build, one per item, for items made from the same inputs.

A rebuild after one edit gives almost every report and page exactly the
inputs it had before; work that is a pure function of those inputs (a
report's agency links, a page's marked copy for the search index) need not
be done again. An ItemCache keeps, for each item (a report's slug, a page's
file), the fingerprint of its inputs (content_model.fingerprint) and the
result, zlib-compressed, in one pickle file under CACHE_PATH. Only the
results asked for or made in this build are saved, so the file does not
grow with deleted items. A result is only ever returned for the same
fingerprint, so a cache from another build, branch or version is harmless;
an unreadable file counts as empty. The file is read on first use.
"""

from __future__ import annotations

import os
import pickle
import zlib

FORMAT = 1  # of the file; a file of another format is read as empty


class ItemCache:
    def __init__(self, path: str):
        self.path = path
        self._kept: dict | None = None  # item -> (key, compressed pickled result)
        self.new: dict = {}
        self.hits = 0

    @property
    def kept(self) -> dict:
        if self._kept is None:
            try:
                with open(self.path, "rb") as handle:
                    version, self._kept = pickle.load(handle)
                if version != FORMAT or not isinstance(self._kept, dict):
                    self._kept = {}
            except (OSError, EOFError, ValueError, pickle.UnpicklingError, TypeError, AttributeError):
                self._kept = {}
        return self._kept

    def get(self, item, key: str):
        """The result kept for item under key, or None."""
        found = self.kept.get(item)
        if found is None or found[0] != key:
            return None
        self.hits += 1
        self.new[item] = found
        return pickle.loads(zlib.decompress(found[1]))

    def put(self, item, key: str, result) -> None:
        self.new[item] = (key, zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 1))

    def save(self) -> None:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        tmp = f"{self.path}.tmp-{os.getpid()}"
        with open(tmp, "wb") as handle:
            pickle.dump((FORMAT, self.new), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)

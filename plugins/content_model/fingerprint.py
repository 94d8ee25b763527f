"""One fingerprint for "made from the same inputs": SHA-256 over the parts,
each length-prefixed so ("ab", "c") and ("a", "bc") differ. Text and bytes
go in as they are, anything else as its repr (tuples, lists, dates)."""

from __future__ import annotations

import hashlib
import os


def fingerprint(*parts) -> str:
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, str):
            data = part.encode("utf-8", "surrogatepass")
        elif isinstance(part, bytes):
            data = part
        else:
            data = repr(part).encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def folders_fingerprint(*folders) -> str:
    """Every file under the folders (names and bytes; __pycache__ left out): a
    plugin's code or the theme, for "made by the same code"."""
    parts = []
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                path = os.path.join(root, name)
                with open(path, "rb") as handle:
                    parts += [os.path.relpath(path, folder), handle.read()]
    return fingerprint(*parts)

"""One fingerprint for "made from the same inputs": SHA-256 over the parts,
each length-prefixed so ("ab", "c") and ("a", "bc") differ. Text and bytes
go in as they are, anything else as its repr (tuples, lists, dates)."""

from __future__ import annotations

import hashlib


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

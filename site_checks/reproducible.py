"""Gate: two builds of the same commit are byte-identical."""

from __future__ import annotations

import filecmp
from pathlib import Path

NAME = "reproduksi"


def differences(first: Path, second: Path) -> list[str]:
    """Relative paths that differ, exist in one tree only, or differ in content."""
    out = []

    def walk(cmp, prefix=""):
        out.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(first, second))
    # dircmp compares by size and time only; compare every file's bytes too.
    for path in first.rglob("*"):
        if path.is_file():
            other = second / path.relative_to(first)
            if other.is_file() and path.read_bytes() != other.read_bytes():
                out.append(path.relative_to(first).as_posix())
    return sorted(set(out))


def check(site, rebuilt: Path) -> list:
    return [site.problem(site.root / rel, NAME, "isi berkas berbeda pada build kedua dari commit yang sama",
                         "cari sumber yang berubah tiap build (waktu sekarang, urutan acak, nama sementara)")
            for rel in differences(site.root, rebuilt)]

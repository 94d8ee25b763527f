"""Problems found in content: what every editor-facing message is made of."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, with where it is and how to fix it.

    `path` is relative to the repository root when possible, so an editor can
    paste it; `line` is 1-based (0 when the problem concerns the whole file).
    """

    path: str
    line: int
    field: str
    message: str
    fix: str = ""
    severity: str = "error"  # "error" stops the build, "warning" does not

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" [{self.field}]" if self.field else ""
        fix = f" Perbaikan: {self.fix}" if self.fix else ""
        return f"{where}{field} {self.message}.{fix}"


def did_you_mean(word: str, choices) -> str:
    """' Maksud Anda "x"?' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f' Maksud Anda "{close[0]}"?' if close else ""


class ContentError(Exception):
    """Content problems that stop the build; each was already reported."""

    exitcode = 1


class Collector:
    """Problems of the current build, gathered from the reader and the model.

    Pelican readers have no channel back to plugins and Pelican drops a file
    whose reader raises, so the reader records why here before raising.
    """

    def __init__(self):
        self.reset()

    def reset(self):
        self.problems: list[Problem] = []
        self.broken: dict[str, set[str]] = {}  # kind -> slugs of files that failed to read
        self.failed_paths: set[str] = set()

    def add(self, problems):
        self.problems.extend(problems)

    def mark_broken(self, kind: str, slug: str, path: str):
        self.broken.setdefault(kind, set()).add(slug)
        self.failed_paths.add(path)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


collector = Collector()

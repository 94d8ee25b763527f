"""A built site on disk: its pages, and how its URLs map to files."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlparse

from content_model.problems import Problem


@dataclass
class Site:
    root: Path
    siteurl: str = ""  # "" (root-relative links) or an absolute address, maybe with a sub-path
    _html_cache: dict = field(default_factory=dict, repr=False)

    @cached_property
    def prefix(self) -> str:
        """The URL path the site lives under: "" or "/portal"."""
        return urlparse(self.siteurl).path.rstrip("/")

    @cached_property
    def pages(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*.html") if not p.relative_to(self.root).parts[0].startswith("pagefind"))

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def text(self, path: Path) -> str:
        if path not in self._html_cache:
            self._html_cache[path] = path.read_text(encoding="utf-8")
        return self._html_cache[path]

    def target(self, url: str) -> Path | None | str:
        """The file an internal URL points to; None for an external URL;
        the string "escapes" for a root-relative URL outside the sub-path."""
        parsed = urlparse(url)
        if parsed.scheme in ("mailto", "tel", "data", "javascript"):
            return None
        if parsed.scheme or parsed.netloc:
            site = urlparse(self.siteurl)
            if not self.siteurl or (parsed.scheme, parsed.netloc) != (site.scheme, site.netloc):
                return None
        path = unquote(parsed.path)
        if not path:
            return None
        if path.startswith("/"):
            if self.prefix and not (path == self.prefix or path.startswith(self.prefix + "/")):
                return "escapes"
            path = path[len(self.prefix):]
        else:
            return "relative"
        candidate = self.root / path.lstrip("/")
        if path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate

    def problem(self, page: Path, gate: str, message: str, fix: str, line: int = 0) -> Problem:
        return Problem(f"{os.path.relpath(self.root)}/{self.rel(page)}", line, gate, message, fix)

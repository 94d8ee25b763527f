"""The whole build at archive scale: cold, warm and against bare Pelican.

In one run, on the same synthetic corpus (benchmarks/archive.py): bare
Pelican (no plugins, its default theme, the same reports in its own metadata
format), our full build from cold (every plugin and the search index), and a
warm rebuild after editing one report. Each build runs in its own process;
peak memory is that process's maximum resident set.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .archive import generate

ROOT = Path(__file__).resolve().parent.parent
BARE_SETTINGS = """
PATH = {content!r}
ARTICLE_PATHS = ["berita"]
TIMEZONE = "Asia/Makassar"
DEFAULT_LANG = "id"
SITEURL = ""
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


def _run(args, env=None) -> tuple[float, int]:
    """Seconds and peak memory (bytes) of one command in its own process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed: {proc.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss * 1024


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(reports: int = 2000) -> str:
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        tmp = Path(tmp)
        generate(tmp / "content", reports)
        generate(tmp / "bare", reports, flavour="bare")
        (tmp / "bare.py").write_text(BARE_SETTINGS.format(content=str(tmp / "bare")))
        # Caches of their own: cold means nothing read, drawn or resized before.
        cache = {"PORTAL_CACHE_PATH": str(tmp / "cache"), "PORTAL_IMAGES_CACHE": str(tmp / "images")}
        build = [sys.executable, "-m", "invoke", "build", "--content", str(tmp / "content"), "--output", str(tmp / "out")]

        bare_time, bare_mem = _run([sys.executable, "-m", "pelican", str(tmp / "bare"), "-o", str(tmp / "out-bare"),
                                    "-s", str(tmp / "bare.py"), "-q"])
        cold_time, cold_mem = _run(build, cache)
        edited = next((tmp / "content" / "berita").rglob("*.md"))
        edited.write_text(edited.read_text(encoding="utf-8").replace("Ringkasan rapat", "Ringkasan rapat yang diperbarui", 1),
                          encoding="utf-8")
        warm_time, warm_mem = _run(build, cache)

        out = tmp / "out"
        report_page = next((out / "berita").rglob("index.html"))
        css = _size(out / "theme" / "css")
        pagefind = out / "pagefind"
        rows = [
            ("bare Pelican, cold (baseline)", f"{bare_time:.1f} s", "1.00", f"{bare_mem / 2**20:.0f} MiB"),
            ("full build, cold, with search index", f"{cold_time:.1f} s", f"{cold_time / bare_time:.2f}", f"{cold_mem / 2**20:.0f} MiB"),
            ("full build, warm, one report edited", f"{warm_time:.1f} s", f"{warm_time / cold_time:.2f} of cold", f"{warm_mem / 2**20:.0f} MiB"),
        ]
        table = [
            f"Corpus: {reports:,} reports, 300 agencies, 60 regions, 5 programs (benchmarks/archive.py, seed 1).",
            "",
            "| build | time | ratio | peak memory |",
            "|---|---:|---:|---:|",
            *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
            "",
            "| output | bytes |",
            "|---|---:|",
            f"| whole site | {_size(out):,} |",
            f"| bare Pelican site | {_size(tmp / 'out-bare'):,} |",
            f"| one report page: HTML + CSS | {report_page.stat().st_size + css:,} |",
            f"| search index (pagefind/) | {_size(pagefind) if pagefind.exists() else 0:,} |",
        ]
        shutil.rmtree(tmp / "cache", ignore_errors=True)
        return "\n".join(table)

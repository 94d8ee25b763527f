"""The whole build at archive scale: cold, warm and against bare Pelican.

In one run, on the same synthetic corpus (benchmarks/archive.py): bare
Pelican (no plugins, its default theme, the same reports in its own metadata
format), our full build from cold (every plugin and the search index), and a
warm rebuild after editing one report. Each build runs in its own process;
peak memory is the largest resident set of that process and, apart, of the
largest process it started (Pagefind, which holds the whole index in memory,
or a worker forked from it), and the most that all of them held at one
moment (proportional set sizes sampled every quarter second, so memory that
forked workers share with the build process counts once).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .archive import generate
from .measured import tree_memory

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


def _run(module_args, memory: Path, env=None) -> tuple[float, dict]:
    """Seconds, and peak memory in bytes of the process itself, of its largest
    child and of all its processes at once (benchmarks/measured.py), of
    `python -m ...` in its own process."""
    start = time.perf_counter()
    args = [sys.executable, "-m", "benchmarks.measured", str(memory), *module_args]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=log)
        tree = 0
        while True:
            pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree = max(tree, tree_memory(proc.pid))  # a few milliseconds every quarter second
            time.sleep(0.25)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            raise RuntimeError(f"{' '.join(map(str, args))} failed: {log.read().decode()[-2000:]}")
    return elapsed, {**json.loads(memory.read_text()), "tree": tree}


def _mib(value: int) -> str:
    return f"{value / 2**20:,.0f} MiB"


def _with_css(page: Path, site: Path) -> int:
    """Bytes of a page and of the stylesheets it links."""
    html = page.read_text(encoding="utf-8")
    sheets = re.findall(r'<link rel="stylesheet" href="/([^"]+)"', html)
    return len(html.encode()) + sum((site / sheet).stat().st_size for sheet in sheets)


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
        build = ["invoke", "build", "--content", str(tmp / "content"), "--output", str(tmp / "out")]

        bare_time, bare_mem = _run(["pelican", str(tmp / "bare"), "-o", str(tmp / "out-bare"), "-s", str(tmp / "bare.py"),
                                    "-q"], tmp / "bare.json")
        cold_time, cold_mem = _run(build, tmp / "cold.json", cache)
        edited = next((tmp / "content" / "berita").rglob("*.md"))
        edited.write_text(edited.read_text(encoding="utf-8").replace("Ringkasan rapat", "Ringkasan rapat yang diperbarui", 1),
                          encoding="utf-8")
        warm_time, warm_mem = _run(build, tmp / "warm.json", cache)

        out = tmp / "out"
        report_pages = sorted(_with_css(page, out) for page in (out / "berita").rglob("index.html"))
        agency_pages = sorted(p.stat().st_size for p in (out / "instansi").glob("*/index.html"))
        pagefind = out / "pagefind"
        rows = [
            ("bare Pelican, cold (baseline)", bare_time, "1.00", bare_mem),
            ("full build, cold, with search index", cold_time, f"{cold_time / bare_time:.2f}", cold_mem),
            ("full build, warm, one report edited", warm_time, f"{warm_time / cold_time:.2f} of cold", warm_mem),
        ]
        table = [
            f"Corpus: {reports:,} reports, 300 agencies, 60 regions, 5 programs (benchmarks/archive.py, seed 1).",
            "",
            "| build | time | ratio | peak memory: build process | largest child (Pagefind, workers) "
            "| all processes at once |",
            "|---|---:|---:|---:|---:|---:|",
            *(f"| {name} | {secs:.1f} s | {ratio} | {_mib(mem['self'])} | {_mib(mem['children'])} | {_mib(mem['tree'])} |"
              for name, secs, ratio, mem in rows),
            "",
            "| output | bytes |",
            "|---|---:|",
            f"| whole site | {_size(out):,} |",
            f"| bare Pelican site | {_size(tmp / 'out-bare'):,} |",
            f"| report page, HTML + CSS: median | {statistics.median_low(report_pages):,} |",
            f"| report page, HTML + CSS: largest | {report_pages[-1]:,} |",
            f"| agency page HTML: median / largest | {statistics.median_low(agency_pages):,} / {agency_pages[-1]:,} |",
            f"| search index (pagefind/) | {_size(pagefind) if pagefind.exists() else 0:,} |",
        ]
        shutil.rmtree(tmp / "cache", ignore_errors=True)
        return "\n".join(table)

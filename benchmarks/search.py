"""Search: index time and size for synthetic archives, and what a first query costs a browser.

Synthetic report pages are shaped like ours (header with the search form,
breadcrumbs, title, summary, event box, 300-800 words of Indonesian-like text
naming agencies, "Instansi terkait", footer) and go through the plugin's own
steps: mark a copy (prepare), index it with the Pagefind binary
(build_bundle), sort the filters (canonicalize) and write the bundle. The
vocabulary is real function words, then the domain's words, then a few
thousand pseudo-Indonesian words, with a Zipf frequency (the n-th most
frequent word is used 1/n as often as the first), so the word index grows the
way a real archive's does.

The browser figure: the real site is built, its bundle replaced by the
largest synthetic one, and Debian's Chromium (Playwright) opens
/cari/?q=... ; every response's size is added up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import gzip
import os
import http.server
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from html import escape
from pathlib import Path
from types import SimpleNamespace

from benchmarks.agency_links import FILLER, directory
from content_model.records import Program, Report
from search_index import DEFAULTS, prepare, write_bundle
from search_index.canonical import canonicalize
from search_index.documents import newest_first, report_entry
from search_index.pagefind_service import build_bundle

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BUDGET = 300_000  # bytes a browser may download for the first query
QUERIES = ["bantuan sosial", "sinkronisasi data penerima"]  # two frequent domain words; three, one rarer
# The most frequent words of Indonesian news text come first, then the domain's.
FUNCTION_WORDS = ("yang dan di dengan untuk dalam ini itu pada dari akan oleh juga para tersebut bahwa serta "
                  "agar ke sebagai telah kepada tidak lebih ada dapat harus masih sudah secara antara").split()
SYLLABLES = ["ba", "da", "ga", "ka", "la", "ma", "na", "pa", "ra", "sa", "ta", "ja", "be", "de", "ke", "le", "me",
             "ne", "pe", "re", "se", "te", "bi", "di", "ki", "li", "mi", "ni", "pi", "ri", "si", "ti", "bu", "du",
             "ku", "lu", "mu", "nu", "pu", "ru", "su", "tu", "ng", "an", "in", "un", "ah", "ih", "ut", "ak"]
AFFIXES = [("", ""), ("me", "kan"), ("ber", ""), ("di", "kan"), ("pe", "an"), ("ke", "an"), ("", "nya"), ("ter", "")]


def vocabulary(size: int = 4000, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    words = list(dict.fromkeys(FUNCTION_WORDS + FILLER))
    while len(words) < size:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        prefix, suffix = rng.choice(AFFIXES)
        words.append(prefix + stem + suffix)
    return list(dict.fromkeys(words))


def _page(title: str, body: str) -> str:
    """A report page with our template's shape: chrome around <main>, the article inside."""
    return (
        '<!doctype html>\n<html lang="id">\n<head><meta charset="utf-8"><title>' + escape(title) + "</title></head>\n"
        '<body>\n<header class="site-header"><a class="brand" href="/">Arsip</a>'
        '<form class="site-search" action="/cari/" method="get" role="search"><input name="q"></form>'
        '<nav class="site-nav"><ul><li><a href="/">Beranda</a></li><li><a href="/arsip/">Arsip Berita</a></li>'
        '<li><a href="/instansi/">Instansi</a></li></ul></nav></header>\n'
        '<main id="isi" class="wrap" tabindex="-1">\n' + body + "\n</main>\n"
        '<footer class="site-footer"><p>Arsip berita kegiatan pemerintah daerah.</p></footer>\n</body>\n</html>\n'
    )


def synthetic_reports(count: int, seed: int = 11):
    """(Report with a fake .content, page HTML) pairs; agencies, provinces and programs as in a directory."""
    rng = random.Random(seed)
    agencies, provinces = directory(200)
    programs = [Program(f"p{i}", f"Program Bantuan {name}", "x", short_name=f"PB{name[0]}", aliases=[f"Bantuan {name}"])
                for i, name in enumerate(["Pangan", "Tunai", "Pendidikan", "Kesehatan", "Listrik", "Rumah"])]
    words = vocabulary()
    weights = [1 / (rank + 1) for rank in range(len(words))]
    out = []
    for n in range(count):
        named = rng.sample(agencies, rng.randint(3, 10))
        organizer, participants = named[0], named[1:4]
        start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(11 * 365))
        text = rng.choices(words, weights, k=rng.randint(300, 800))
        for agency in named:
            text.insert(rng.randrange(len(text)), rng.choice([agency.title, agency.short_name, agency.aliases[0]]))
        paragraphs = "".join(f"<p>{' '.join(text[i:i + 60]).capitalize()}.</p>" for i in range(0, len(text), 60))
        title = f"Rapat {' '.join(rng.choices(words[:400], k=5))} {organizer.short_name} {start.year}"
        slug = f"laporan-{n}"
        url = f"berita/{start:%Y}/{start:%m}/{slug}/"
        report = Report(slug, title, "x", event_start=start, event_end=start, place=f"Aula {organizer.title}",
                        region=organizer.region, organizer=organizer, participants=participants,
                        programs=rng.sample(programs, rng.randint(0, 2)),
                        content=SimpleNamespace(url=url, save_as=url + "index.html", status="published"))
        report.mentioned = named[4:]
        agency_list = "".join(f'<li><a href="/instansi/{a.slug}/">{escape(a.title)}</a></li>' for a in named)
        body = (
            '<nav class="breadcrumbs" aria-label="Remah roti"><ol><li><a href="/">Beranda</a></li>'
            f'<li><a href="/arsip/">Arsip</a></li><li>{escape(title)}</li></ol></nav>\n'
            f'<article class="report"><header><h1>{escape(title)}</h1><div class="report__summary"><p>'
            f'{escape(" ".join(text[:30]))}</p></div></header>\n'
            '<section class="event-box" aria-labelledby="judul-kegiatan"><h2 id="judul-kegiatan">Ringkasan kegiatan</h2><dl>'
            f'<div><dt>Tanggal kegiatan</dt><dd>{start.isoformat()}</dd></div>'
            f'<div><dt>Tempat</dt><dd>{escape(report.place)}</dd></div>'
            f'<div><dt>Penyelenggara</dt><dd><a href="/instansi/{organizer.slug}/">{escape(organizer.title)}</a></dd></div>'
            '</dl></section>\n'
            f'<div class="prose">{paragraphs}</div>\n'
            '<section aria-labelledby="judul-instansi-terkait"><h2 id="judul-instansi-terkait">Instansi terkait</h2>'
            f'<ul class="related">{agency_list}</ul></section></article>'
        )
        out.append((report, _page(title, body)))
    return out


def index(pages, target: Path) -> dict:
    """Index synthetic pages as the plugin does; seconds per step and the bundle's size."""
    html_of = {report.content.save_as: html for report, html in pages}
    entries = newest_first([report_entry(report) for report, _ in pages])
    start = time.perf_counter()
    marked = list(prepare(entries, html_of.__getitem__, DEFAULTS))
    prepared = time.perf_counter()
    count, files = asyncio.run(build_bundle(marked, {"force_language": "id"}, DEFAULTS["SEARCH_INDEX_CHUNK_SIZE"]))
    indexed = time.perf_counter()
    write_bundle(canonicalize(files), target)
    written = time.perf_counter()
    data = [p for p in target.rglob("*") if p.is_file() and p.suffix in (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")]
    return {"count": count, "prepare": prepared - start, "pagefind": indexed - prepared, "write": written - indexed,
            "files": len(data), "bytes": sum(p.stat().st_size for p in data),
            "index": sum(p.stat().st_size for p in data if p.suffix == ".pf_index"),
            "runtime": sum(p.stat().st_size for p in target.glob("*") if p.name in ("pagefind.js", "wasm.id.pagefind"))}


# What GitHub Pages compresses on the fly: text types (HTML, CSS, JavaScript, JSON, SVG,
# XML, plain text), gzip at a middling level; anything else, such as Pagefind's own
# .pf_* and .pagefind files (already gzipped), goes as it is (docs/performance.md#search).
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml",
              "application/atom+xml")
GZIP_LEVEL = 6


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the site as GitHub Pages does: text types gzipped when the browser accepts it.

    Counts the body bytes it sends for each request in server.sent (path with query -> bytes).
    """

    def log_message(self, *args):
        pass

    def _count(self, size: int) -> None:
        sent = getattr(self.server, "sent", None)
        if sent is not None:
            sent[self.path] = sent.get(self.path, 0) + size

    def copyfile(self, source, outputfile):
        data = source.read()
        outputfile.write(data)
        self._count(len(data))

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        kind = self.guess_type(path)
        if (not os.path.isfile(path) or not kind.startswith(GZIP_TYPES)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        with open(path, "rb") as handle:
            body = gzip.compress(handle.read(), compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        self._count(len(body))


def site_with(bundle: Path, folder: Path) -> Path:
    """The real site built into folder, with this bundle in place of its own index."""
    site = folder / "site"
    built = subprocess.run([sys.executable, "-m", "invoke", "build", "--output", str(site)], cwd=ROOT,
                           capture_output=True, text=True,
                           env={**os.environ, "PORTAL_CACHE_PATH": str(folder / "cache")})  # a cache of its own
    if built.returncode:
        raise RuntimeError(built.stderr)
    shutil.rmtree(site / "pagefind")
    shutil.copytree(bundle, site / "pagefind")
    return site


def first_query(site: Path, query: str) -> tuple[dict[str, list[int]], int]:
    """Bytes a fresh Chromium downloads to open /cari/?q=query, by kind: [as sent, as files], and the results found.

    "As sent" is Chromium's encoded body size (`responseBodySize`) from a server that
    gzips text types as GitHub Pages does, or the bytes the server sent where Chromium
    reports less (it gives 0 for a web worker's script); "as files" is the size of the
    same files on disk.
    """
    from urllib.parse import unquote, urlsplit

    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    server.sent = {}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sizes: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("requestfinished", lambda r: sizes.__setitem__(r.url, r.sizes()["responseBodySize"]))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/cari/?q={query.replace(' ', '+')}")
            page.wait_for_selector('#cari[data-putaran="1"]', state="attached", timeout=120_000)
            page.wait_for_load_state("networkidle")
            results = int(page.inner_text("#cari-status").split()[0].replace(".", "") or 0)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    for url in list(sizes):
        parts = urlsplit(url)
        served = server.sent.pop(parts.path + (f"?{parts.query}" if parts.query else ""), 0)
        sizes[url] = max(sizes[url], served)
    sizes.update(server.sent)  # anything served that Chromium did not report
    kinds: dict[str, list[int]] = {}
    for url, size in sizes.items():
        path = unquote(urlsplit(url).path)
        file = site / path.lstrip("/")
        file = file / "index.html" if file.is_dir() else file
        kind = ("Pagefind runtime (pagefind.js, worker, WebAssembly)" if path.endswith((".js", ".pagefind")) and "/pagefind/" in path
                else "index: word chunks" if path.endswith(".pf_index")
                else "index: filters" if path.endswith(".pf_filter")
                else "index: metadata (.pf_meta, entry)" if path.endswith((".pf_meta", "pagefind-entry.json"))
                else "index: result fragments" if path.endswith(".pf_fragment")
                else "page: HTML, CSS, cari.js")
        figures = kinds.setdefault(kind, [0, 0])
        figures[0] += size
        figures[1] += file.stat().st_size if file.is_file() else size
    return kinds, results


def run(reports: int = 2000) -> str:
    sizes = sorted({min(2000, reports), reports})
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            figures = index(synthetic_reports(size), Path(tmp) / f"b{size}")
            rows.append((size, figures))
        biggest = Path(tmp) / f"b{sizes[-1]}"
        measured = {}
        if Path(CHROMIUM).is_file():
            site = site_with(biggest, Path(tmp))
            measured = {q: first_query(site, q) for q in QUERIES}
    words = sum(len(h.split()) for _, h in synthetic_reports(50)) / 50
    lines = [
        f"Synthetic reports shaped like ours (about {words:.0f} words of HTML each, 300-800 words of text from a "
        "4,000-word Zipf vocabulary, 200 agencies, 6 programs; filters on agency, region, program, year).",
        "",
        "| reports | mark copies (s) | Pagefind (s) | sort + write (s) | total (s) | per report (ms) "
        "| index files | index size (MB) | of which word index (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, f in rows:
        total = f["prepare"] + f["pagefind"] + f["write"]
        lines.append(f"| {size:,} | {f['prepare']:.1f} | {f['pagefind']:.1f} | {f['write']:.1f} | {total:.1f} "
                     f"| {total / size * 1000:.2f} | {f['files']:,} | {f['bytes'] / 1e6:.1f} | {f['index'] / 1e6:.1f} |")
    if measured:
        kinds = sorted({kind for figures, _ in measured.values() for kind in figures})

        def total(figures, column):
            return sum(f[column] for f in figures.values())

        lines += [
            "",
            f"First query in Chromium on the {sizes[-1]:,}-report index: bytes of every response for "
            "`/cari/?q=...` (page, Pagefind, index). **Sent**: what a browser downloads from GitHub Pages, "
            "which gzips HTML, CSS, JavaScript, JSON and SVG and sends Pagefind's own files (already "
            "gzipped by Pagefind) as they are; the benchmark's server does the same and Chromium reports "
            "the encoded size (Pagefind's web worker script, which Chromium reports as 0, is counted as the "
            "server sent it). **Files**: the same responses' files on disk, as a server without "
            "compression would send them. The budget is for what is sent.",
            "",
            "| what | " + " | ".join(f"`{q}` sent | files" for q in measured) + " |",
            "|---|" + "---:|---:|" * len(measured),
            *(f"| {kind} | " + " | ".join(f"{figures.get(kind, [0, 0])[0]:,} | {figures.get(kind, [0, 0])[1]:,}"
                                          for figures, _ in measured.values()) + " |"
              for kind in kinds),
            "| **total** | " + " | ".join(
                f"**{total(figures, 0):,}** ({'within' if total(figures, 0) <= BUDGET else 'over'} "
                f"{BUDGET // 1000} KB) | {total(figures, 1):,}" for figures, _ in measured.values()) + " |",
            "| results found | " + " | ".join(f"{count:,} | " for _, count in measured.values()) + " |",
        ]
    else:
        lines += ["", f"First query not measured: {CHROMIUM} is missing."]
    return "\n".join(lines)

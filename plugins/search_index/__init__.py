"""search_index: build the Pagefind search index with the site.

When the content model is ready, the Portal is kept. When Pelican has
written every page (`finalized`, into safe_build's staging folder, before
safe_build swaps it in), each published report, agency, program and region
page is read back, a marked copy is made for Pagefind (markup.py: indexed
element, ignored lists and breadcrumbs, weights, filters, metadata,
other names from the directory) and the copies are indexed with the Pagefind
Python API (pagefind_service.py). The bundle goes to <output>/pagefind/.
The served HTML is not changed.

A missing or failing Pagefind is logged as an error, so safe_build refuses
the build and the previous output stays. docs/search.md explains the rest.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import time
from pathlib import Path

from pelican import signals

from content_model import portal_ready

from .canonical import FormatChanged, canonicalize
from .documents import NameFinder, entries, other_names
from .marked_cache import MarkedCache, build_salt, page_key
from .markup import Rules, index_block, mark_page
from .pagefind_service import PagefindFailed, PagefindMissing, build_bundle

log = logging.getLogger(__name__)
NAME = "search_index"
FIX = "jalankan `.venv/bin/pip install -r requirements.txt` (paket pagefind[bin] memuat program pagefind)"

DEFAULTS = {
    # Folder of the bundle inside the output; the search page imports <SITEURL>/<this>/pagefind.js.
    "SEARCH_INDEX_OUTPUT": "pagefind",
    # Language of the whole index: Pagefind stems Indonesian words ("berkoordinasi" -> "koordinasi").
    "SEARCH_INDEX_LANGUAGE": "id",
    # The element whose text is indexed.
    "SEARCH_INDEX_BODY": "main",
    # Elements inside it that are navigation or lists of other pages, not this page's content.
    "SEARCH_INDEX_IGNORE": [
        "nav",  # breadcrumbs, previous/next
        "dt",  # labels such as "Tempat", "Penyelenggara": on every page, they would match every query
        "[aria-labelledby=judul-instansi-terkait]",  # report: "Instansi terkait"
        "[aria-labelledby=judul-diselenggarakan]", "[aria-labelledby=judul-diikuti]",
        "[aria-labelledby=judul-disebut]", "[aria-labelledby=judul-mitra]",  # agency: report lists, partners
        "[aria-labelledby=judul-unit]",  # agency: units under it
        "[aria-labelledby=judul-berita]",  # program, region: report lists
        "[aria-labelledby=judul-bagian]", "[aria-labelledby=judul-instansi]",  # region: children, agencies
        "[aria-labelledby=judul-linimasa]", ".timeline-year",  # timelines of other pages' events
        'a[href*="/berita/"]',  # "Sumber:" links to reports under facts: another page's title
        "figure",  # charts: their figures are in the table beside them
        ".report-list", ".feed-link", "caption",
        # Labels on every report ("Dari ... Diterbitkan ...", "Ringkasan kegiatan"): they
        # would show in excerpts; the organiser and dates are in the event box.
        ".page-meta", "#judul-kegiatan",
    ],
    # Weights against body text (1): the title, then agency names.
    "SEARCH_INDEX_WEIGHTS": {"h1": 10, 'a[href*="/instansi/"]': 3},
    # Weight of the other names of the agencies, programs and regions a page is about.
    "SEARCH_INDEX_NAMES_WEIGHT": 0.5,
    # Postings per word index chunk (Pagefind's default: 20,000). A search downloads the
    # chunks holding its words; smaller chunks bring fewer other words along, at the cost
    # of a longer chunk list in the metadata. 5,000 is the smallest first query at 10,000
    # reports (docs/performance.md#search).
    "SEARCH_INDEX_CHUNK_SIZE": 5000,
}


class _State:
    portal = None


_state = _State()


def options(settings) -> dict:
    return {key: settings.get(key, value) for key, value in DEFAULTS.items()}


def keep_portal(portal, generators) -> None:
    _state.portal = portal
    context = generators[0].context  # shared by every generator: templates see the settings
    for key, value in options(generators[0].settings).items():
        context.setdefault(key, value)


def rules_of(opts) -> Rules:
    return Rules.from_settings(opts["SEARCH_INDEX_BODY"], opts["SEARCH_INDEX_IGNORE"],
                               opts["SEARCH_INDEX_WEIGHTS"], opts["SEARCH_INDEX_LANGUAGE"])


def _mark(entry, read, opts, rules, finder):
    def block(text):
        related = [*entry.related, *(finder(text) if finder else [])]
        return index_block(entry.meta, entry.filters,
                           other_names(related, text), opts["SEARCH_INDEX_NAMES_WEIGHT"])

    marked = mark_page(read(entry.save_as), rules, block)
    if not marked.found_body:
        raise PagefindFailed(f"{entry.save_as} tidak punya elemen {opts['SEARCH_INDEX_BODY']!r} untuk diindeks")
    return entry.url, marked.html


def prepare(entries_, read, opts, finder=None):
    """(url, marked html) for each entry, in order; read(save_as) gives the built page."""
    rules = rules_of(opts)
    for entry in entries_:
        yield _mark(entry, read, opts, rules, finder)


_job: dict = {}  # the work of prepare_parallel, inherited by forked workers


def _mark_job(index):
    job = _job
    return _mark(job["entries"][index], job["read"], job["opts"], job["rules"], job["finder"])


def prepare_parallel(entries_, read, opts, finder=None):
    """prepare() on every core for a large archive (parsing each page is the
    slow part of indexing); the same pages in the same order."""
    entries_ = list(entries_)
    workers = min(os.cpu_count() or 1, 8)
    if len(entries_) < 200 or workers < 2:
        yield from prepare(entries_, read, opts, finder)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _job.update(entries=entries_, read=read, opts=opts, rules=rules_of(opts), finder=finder)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            yield from pool.map(_mark_job, range(len(entries_)), chunksize=32)
    finally:
        _job.clear()


def prepare_cached(entries_, read, opts, finder, cache: MarkedCache, salt: str):
    """prepare_parallel(), taking from the cache every page whose copy would
    come out the same; the same pages in the same order."""
    entries_ = list(entries_)
    keys = {entry.save_as: page_key(salt, entry, read(entry.save_as)) for entry in entries_}
    todo = [entry for entry in entries_ if not cache.has(entry.save_as, keys[entry.save_as])]
    fresh = prepare_parallel(todo, read, opts, finder)
    for entry in entries_:
        html = cache.get(entry.save_as, keys[entry.save_as])
        if html is None:
            _, html = next(fresh)
            cache.put(entry.save_as, keys[entry.save_as], html)
        yield entry.url, html


def write_bundle(files: dict[str, bytes], target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    for path, data in sorted(files.items()):
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)


def build_index(pelican) -> None:
    portal = _state.portal
    _state.portal = None
    if portal is None:
        return  # the model failed; content_model has said why
    opts = options(pelican.settings)
    try:
        rules_of(opts)
    except (ValueError, TypeError, AttributeError) as err:
        log.error("%s: pengaturan SEARCH_INDEX_BODY/IGNORE/WEIGHTS tidak valid: %s. Perbaikan: perbaiki "
                  "pengaturan itu di pelicanconf.py", NAME, err)
        return
    output = pelican.output_path  # safe_build's staging folder at this point
    target = os.path.join(output, opts["SEARCH_INDEX_OUTPUT"])
    started = time.perf_counter()

    def read(save_as):
        with open(os.path.join(output, save_as), encoding="utf-8") as handle:
            return handle.read()

    named = [*portal.programs.values(), *portal.regions.values()]
    finder = NameFinder(named)
    config = {"force_language": opts["SEARCH_INDEX_LANGUAGE"]}
    cache = MarkedCache(os.path.join(pelican.settings["CACHE_PATH"], NAME, "marked.pickle"))
    salt = build_salt(opts, named, Path(__file__).parent)
    try:
        pages = prepare_cached(entries(portal), read, opts, finder, cache, salt)
        count, files = asyncio.run(build_bundle(pages, config, opts["SEARCH_INDEX_CHUNK_SIZE"]))
        write_bundle(canonicalize(files), Path(target))  # same pages, same bytes (canonical.py)
        cache.save()
    except PagefindMissing as err:
        log.error("%s: Pagefind tidak terpasang: %s; indeks pencarian tidak dapat dibuat. Perbaikan: %s",
                  NAME, err, FIX)
        return
    except FormatChanged as err:
        log.error("%s: berkas indeks Pagefind tidak dapat disusun ulang agar sama di setiap build: %s. "
                  "Perbaikan: pakai versi pagefind[bin] yang dipatok di requirements.txt (%s)", NAME, err, FIX)
        return
    except (PagefindFailed, OSError) as err:
        log.error("%s: Pagefind gagal membuat indeks pencarian: %s. Perbaikan: periksa pesan di atas; "
                  "jika program pagefind rusak, %s", NAME, err, FIX)
        return
    log.info("%s: %d halaman diindeks ke %s dalam %.1f s (%d salinan bertanda dari cache)", NAME, count, target,
             time.perf_counter() - started, cache.hits)


def register():
    portal_ready.connect(keep_portal)
    signals.finalized.connect(build_index)

"""search_index: build the Pagefind search index with the site.

When the content model is ready, the Portal is kept. As Pelican writes each
published report, agency, program and region page (into safe_build's staging
folder), the page is read back, a marked copy is made for Pagefind (markup.py:
indexed element, ignored lists and breadcrumbs, weights, filters, metadata,
other names from the directory) and sent to the Pagefind binary through its
Python API (pagefind_service.py) from a process of its own (feed.py), so
Pagefind indexes while the rest of the site is written. On `finalized`, after
the other plugins have written their files, the bundle goes to
<output>/pagefind/, before safe_build swaps the site in.
The served HTML is not changed.

A missing or failing Pagefind is logged as an error, so safe_build refuses
the build and the previous output stays. docs/search.md explains the rest.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

from pelican import signals

from content_model import portal_ready
from content_model.item_cache import ItemCache

from .canonical import FormatChanged, canonicalize
from .documents import NameFinder, compared_names, entries, names_of, other_names, per_record
from .feed import Feed
from .marked_cache import build_salt, page_key
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
    feed: Feed | None = None  # from get_writer to finalized
    output = ""  # safe_build's staging folder, where Pelican writes
    started = 0.0


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


def _mark(entry, html, opts, rules, finder, names=compared_names):
    def block(text):
        related = [*entry.related, *(finder(text) if finder else [])]
        return index_block(entry.meta, entry.filters,
                           other_names(related, text, names), opts["SEARCH_INDEX_NAMES_WEIGHT"])

    marked = mark_page(html, rules, block)
    if not marked.found_body:
        raise PagefindFailed(f"{entry.save_as} tidak punya elemen {opts['SEARCH_INDEX_BODY']!r} untuk diindeks")
    return entry.url, marked.html


def prepare(entries_, read, opts, finder=None):
    """(url, marked html) for each entry, in order; read(save_as) gives the built page."""
    rules, names = rules_of(opts), per_record(compared_names)
    for entry in entries_:
        yield _mark(entry, read(entry.save_as), opts, rules, finder, names)


def cached_copies(read, opts, finder, cache: ItemCache, salt: str):
    """copy(entry) -> (url, marked html): from the cache when the page and what
    the index says about it are as in the last build, else marked now."""
    rules, names, names_in_key = rules_of(opts), per_record(compared_names), per_record(names_of)

    def copy(entry):
        html = read(entry.save_as)
        key = page_key(salt, entry, html, names_in_key)
        marked = cache.get(entry.save_as, key)
        if marked is None:
            _, marked = _mark(entry, html, opts, rules, finder, names)
            cache.put(entry.save_as, key, marked)
        return entry.url, marked

    return copy


def write_bundle(files: dict[str, bytes], target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    made = set()  # folders made: 10,000 fragments share one
    for path, data in sorted(files.items()):
        out = target / path
        if out.parent not in made:
            out.parent.mkdir(parents=True, exist_ok=True)
            made.add(out.parent)
        out.write_bytes(data)


def start_feed(pelican) -> None:
    """On get_writer (a build, not `invoke check`): pages go to Pagefind as they
    are written (feed.py)."""
    _state.feed = None
    portal = _state.portal
    opts = options(pelican.settings)
    try:
        rules_of(opts)
    except (ValueError, TypeError, AttributeError):
        return  # build_index says why
    if portal is None:
        return  # the model failed; content_model has said why
    output = _state.output = pelican.output_path  # safe_build's staging folder at this point

    def read(save_as):
        with open(os.path.join(output, save_as), encoding="utf-8") as handle:
            return handle.read()

    named = [*portal.programs.values(), *portal.regions.values()]
    cache = ItemCache(os.path.join(pelican.settings["CACHE_PATH"], NAME, "marked.pickle"))
    salt = build_salt(opts, named, Path(__file__).parent)
    target = os.path.join(output, opts["SEARCH_INDEX_OUTPUT"])

    def index(pages):
        return build_bundle(pages, {"force_language": opts["SEARCH_INDEX_LANGUAGE"]}, opts["SEARCH_INDEX_CHUNK_SIZE"])

    def done(files) -> int:
        write_bundle(canonicalize(files), Path(target))  # same pages, same bytes (canonical.py)
        cache.save()
        return cache.hits

    copy = cached_copies(read, opts, NameFinder(named), cache, salt)
    _state.started = time.perf_counter()
    _state.feed = Feed(entries(portal), copy, index, done)


def page_written(path, context=None) -> None:
    if _state.feed is not None:
        # Pelican's writer joins the output folder and the page's save_as: cut it off again.
        prefix = os.path.join(_state.output, "")
        _state.feed.offer(path[len(prefix):] if path.startswith(prefix) else os.path.relpath(path, _state.output))


def build_index(pelican) -> None:
    """On finalized: the rest of the pages to Pagefind, then the bundle into the staging folder."""
    feed = _state.feed
    _state.portal = _state.feed = None
    opts = options(pelican.settings)
    try:
        rules_of(opts)
    except (ValueError, TypeError, AttributeError) as err:
        log.error("%s: pengaturan SEARCH_INDEX_BODY/IGNORE/WEIGHTS tidak valid: %s. Perbaikan: perbaiki "
                  "pengaturan itu di pelicanconf.py", NAME, err)
        return
    if feed is None:
        return  # the model failed; content_model has said why
    try:
        count, from_cache = feed.finish()
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
    log.info("%s: %d halaman diindeks ke %s, %.1f s sejak penulisan dimulai (%d salinan bertanda dari cache)",
             NAME, count, os.path.join(pelican.output_path, opts["SEARCH_INDEX_OUTPUT"]),
             time.perf_counter() - _state.started, from_cache)


def register():
    portal_ready.connect(keep_portal)
    signals.get_writer.connect(start_feed)
    signals.content_written.connect(page_written)
    signals.finalized.connect(build_index)

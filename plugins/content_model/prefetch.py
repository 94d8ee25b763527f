"""Parse a large archive's files on every core before Pelican asks for them.

Pelican reads content files one at a time in one process, and for us most of
a cold build's reading is our own parsing (front matter, checks, Markdown).
When a generator is about to read many files that are not in the content
cache, worker processes parse them (FrontMatterReader.parse, which has no
side effects) in the order Pelican will ask for them, and the reader takes
each result as it comes. Problems and broken files are still recorded by the
build process, when the reader takes the result.
"""

from __future__ import annotations

import logging
import os

from pelican.generators import ArticlesGenerator, PagesGenerator

log = logging.getLogger(__name__)
MIN_FILES = 64  # below this, starting workers costs more than it saves
_PATHS = {ArticlesGenerator: ("ARTICLE_PATHS", "ARTICLE_EXCLUDES"), PagesGenerator: ("PAGE_PATHS", "PAGE_EXCLUDES")}


class _State:
    reader = None  # the reader the workers parse with (inherited by fork)
    started: set = set()  # generators whose files were handed out
    waiting: set = set()  # paths handed to the workers and not taken yet
    ready: dict = {}  # results that came before they were asked for
    results = None  # (path, Parsed) in the order handed out
    pool = None


_state = _State()


def _parse(path: str):
    try:
        return _state.reader.parse(path)
    except Exception:  # noqa: BLE001 - the build process parses it again and reports it against its file
        return None


def reset() -> None:
    close()
    _state.started = set()


def close() -> None:
    if _state.pool is not None:
        _state.pool.terminate()
        _state.pool.join()
    _state.pool = _state.results = None
    _state.waiting, _state.ready = set(), {}


def start(generator) -> None:
    """On article/page_generator_preread (sent before each file): on the first,
    hand every uncached file of this generator to the workers."""
    if generator in _state.started or type(generator) not in _PATHS:
        return
    _state.started.add(generator)
    close()
    reader = generator.readers.readers.get("md")
    workers = min(os.cpu_count() or 1, 8)
    if reader is None or workers < 2:
        return
    paths_key, excludes_key = _PATHS[type(generator)]
    todo = []
    for relative in generator.get_files(generator.settings[paths_key], exclude=generator.settings[excludes_key]):
        path = os.path.abspath(os.path.join(generator.path, relative))
        if os.path.splitext(path)[1].lstrip(".") in reader.file_extensions and \
                generator.readers.get_cached_data(path, None) is None:
            todo.append(path)
    if len(todo) < MIN_FILES:
        return
    import multiprocessing

    _state.reader = reader
    _state.pool = multiprocessing.get_context("fork").Pool(workers)
    _state.results = zip(todo, _state.pool.imap(_parse, todo, chunksize=8))
    _state.waiting = set(todo)
    log.info("content_model: %d berkas dibaca oleh %d proses", len(todo), workers)


def take(path: str):
    """The worker's result for this file, or None (not handed out, or it failed)."""
    path = os.path.abspath(path)
    if path not in _state.waiting:
        return None
    _state.waiting.discard(path)
    while path not in _state.ready:
        done, parsed = next(_state.results)
        _state.ready[done] = parsed
    parsed = _state.ready.pop(path)
    if not _state.waiting:
        close()
    return parsed

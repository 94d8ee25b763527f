"""Index pages while the site is still being written.

Pagefind has no incremental mode: every build indexes every page again, a
few milliseconds a page on one core (about half of a rebuild after one edit
at 10,000 reports). It used to start only once Pelican had written the whole
site. Now a Feed starts when Pelican starts writing: a process of its own
(forked, so it has the entries and the cache already) reads each page once
it is on disk, makes its marked copy (or takes it from the cache) and sends
it to Pagefind, while Pelican goes on writing in the build process.

A process, not a thread: a thread that waits on Pagefind's pipe gets the
interpreter lock back only after the writing thread's time slice, so
Pagefind waited on it and the writing slowed down (measured: a warm build of
2,000 reports gained 1 s instead of 5). The build process only sets one byte
per written page in shared memory, which never blocks it.

Pagefind numbers pages in the order they arrive and that number is the
"terbaru" order of the results (documents.newest_first, canonical.py). Pages
are therefore sent strictly in the index order: the feed waits for the next
page of that order even if later ones are already written. Pelican writes
reports newest first by date, close to the index order; the agency, program
and region pages come last in both. The bundle is the same as indexing the
finished site (tested).

The process is a daemon: if the build fails before `finish`, it is ended
when the build process exits, and Pagefind, its input closed, ends with it.
If the build process is killed (no exit handlers run), the feed sees its
parent change while it waits for a page and stops.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import os
import time

from .pagefind_service import PagefindFailed

POLL = 0.002  # seconds between looks at the next page's flag while it is not written yet


class Feed:
    def __init__(self, entries, copy, index, done):
        """entries: in index order. copy(entry) -> (url, marked html) of a written page;
        index(pages) -> (count, bundle files): Pagefind; done(files) writes the bundle
        and returns how many copies came from the cache. All three run in the feed's process."""
        self.entries = list(entries)
        self.position = {entry.save_as: i for i, entry in enumerate(self.entries)}
        self.copy, self.index, self.done = copy, index, done
        context = multiprocessing.get_context("fork")
        self.flags = context.RawArray("B", len(self.entries) + 1)  # 1 when written; the last: no more pages
        self.answer, answer_end = context.Pipe(duplex=False)
        self.process = context.Process(target=self._work, args=(answer_end,), name="search_index", daemon=True)
        gc.freeze()  # the child's collector would otherwise touch, and so copy, every object of the build
        try:
            self.process.start()
        finally:
            gc.unfreeze()
        answer_end.close()

    def offer(self, save_as: str) -> None:
        """A page is on disk."""
        i = self.position.get(save_as)
        if i is not None:  # else not a page of the index (a listing, a year page, a feed)
            self.flags[i] = 1

    def finish(self) -> tuple[int, int]:
        """Every page is written: the rest go to Pagefind (pages never announced are
        read as they are on disk); wait for the bundle. (pages indexed, copies from the cache)."""
        self.flags[len(self.entries)] = 1
        try:
            answer = self.answer.recv()
        except EOFError:  # the process ended without answering
            answer = None
        self.process.join()
        if answer is None:
            answer = PagefindFailed(f"proses pengindeks berhenti tanpa jawaban (kode keluar {self.process.exitcode})")
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def _pages(self):
        last, build = len(self.entries), os.getppid()
        for i, entry in enumerate(self.entries):
            while not (self.flags[i] or self.flags[last]):
                if os.getppid() != build:  # the build process was killed: nobody will write or ask
                    raise PagefindFailed("proses build berhenti")
                time.sleep(POLL)
            yield self.copy(entry)

    def _work(self, answer_end) -> None:
        try:
            count, files = asyncio.run(self.index(self._pages()))
            answer = (count, self.done(files))
        except BaseException as err:  # given to the build process by finish()
            answer = err
        try:
            answer_end.send(answer)
        except Exception as err:  # an error that cannot be pickled
            answer_end.send(PagefindFailed(f"{type(answer).__name__}: {answer} ({err})"))

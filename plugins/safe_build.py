"""safe_build: a build either finishes cleanly or leaves the last good site alone.

Pelican writes straight into OUTPUT_PATH and, when a file cannot be read,
logs an error and builds the site without it. Here the site is written to a
staging folder beside the output; it replaces the output only if the build
finished and nothing logged an error. Otherwise the staging folder is removed
and the build fails.
"""

from __future__ import annotations

import atexit
import glob
import logging
import os
import shutil
import sys

from blinker import signal
from pelican import signals

log = logging.getLogger(__name__)
NAME = "safe_build"


# Sent with the output folder once a finished site has been swapped into it.
swapped = signal("safe_build.swapped")


class BuildFailed(Exception):
    exitcode = 1


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


def staging_path(output_path: str, pid: int | None = None) -> str:
    """The staging folder of the build in process pid (this one by default)."""
    output_path = os.path.abspath(output_path)
    parent, name = os.path.split(output_path)
    return os.path.join(parent, f".{name}.staging-{pid or os.getpid()}")


def swap_in(staging: str, output_path: str) -> None:
    """Replace output_path by staging with two renames (same file system).
    The previous site is deleted by a detached process: a large archive's
    old output is tens of thousands of files, and nobody waits for that."""
    old = f"{staging}.old"
    if os.path.exists(output_path):
        os.rename(output_path, old)
    os.rename(staging, output_path)
    remove_later(old)


def remove_later(*paths: str) -> None:
    paths = [p for p in paths if os.path.exists(p)]
    if paths:
        # Its own session: it outlives the build and no terminal signal reaches it.
        os.posix_spawn(sys.executable, [sys.executable, "-c", "import shutil, sys\nfor p in sys.argv[1:]: shutil.rmtree(p, True)",
                                        *paths], os.environ, setsid=True,
                       file_actions=[(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)])


# The helper: os.walk the last site top-down, make each of its folders in the
# staging folder, and list the folders it made (even if it stops half-way).
_LAY_OUT = """import os, sys
last, staging, listing = sys.argv[1:4]
made = []
try:
    os.makedirs(staging, exist_ok=True)
    for root, folders, _ in os.walk(last):
        inside = os.path.join(staging, os.path.relpath(root, last))
        for name in folders:
            try:
                os.mkdir(os.path.join(inside, name))
            except OSError:  # made by the build meanwhile, or its parent was not
                continue
            made.append(os.path.join(inside, name))
finally:
    with open(listing + ".tmp", "w", encoding="utf-8") as handle:
        handle.write("\\n".join(made))
    os.replace(listing + ".tmp", listing)
"""


class _Folders:
    """The last site's folders, made in the staging folder by a helper process
    while Pelican reads: pretty URLs give every page a folder of its own
    (14,000 at 10,000 reports), and making them as the pages were written cost
    the build process 3 s of a rebuild (about 0.2 ms each here). Folders this
    build left empty (a report deleted or moved) are removed before the swap,
    so the site is the one a build from nothing makes."""

    pelican = None  # from initialized
    process: int | None = None
    listing = ""

    @classmethod
    def lay_out(cls, last: str, staging: str) -> None:
        cls.listing = f"{staging}.folders"
        cls.process = os.posix_spawn(
            sys.executable, [sys.executable, "-c", _LAY_OUT, last, staging, cls.listing], os.environ,
            file_actions=[(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1)])

    @classmethod
    def clear_empty(cls) -> None:
        """Wait for the helper; remove the folders it made that nothing was written into."""
        if cls.process is None:
            return
        os.waitpid(cls.process, 0)
        cls.process = None
        try:
            with open(cls.listing, encoding="utf-8") as handle:
                made = handle.read().split("\n")
            os.remove(cls.listing)
        except OSError as err:
            # Harmless (an empty folder serves nothing), so a warning and not a failed build.
            log.warning("%s: daftar folder dari build sebelumnya tidak terbaca (%s); folder kosong bisa tertinggal. "
                        "Perbaikan: jalankan build lagi", NAME, err)
            return
        made = [folder for folder in made if folder]
        removed = 0
        for folder in sorted(made, key=lambda f: f.count(os.sep), reverse=True):
            try:
                os.rmdir(folder)  # only if empty
                removed += 1
            except OSError:
                pass
        log.info("%s: %d folder situs sebelumnya disiapkan selagi konten dibaca; %d tetap kosong, dihapus",
                 NAME, len(made), removed)


def lay_out_folders(generator) -> None:
    """On article_generator_preread, once Pelican has emptied the staging folder
    (a check, which writes nothing, turns SAFE_BUILD_LAST_FOLDERS off)."""
    state = getattr(_Folders.pelican, "safe_build", None)
    if state is None or state.get("laid_out") or not generator.settings.get("SAFE_BUILD_LAST_FOLDERS", True):
        return
    state["laid_out"] = True
    if os.path.isdir(state["final"]):
        _Folders.lay_out(state["final"], state["staging"])


def start(pelican) -> None:
    final = os.path.abspath(pelican.output_path)
    staging = staging_path(final)
    shutil.rmtree(staging, ignore_errors=True)
    _Folders.pelican = pelican
    # Old sites whose removal was interrupted (the machine stopped, say).
    remove_later(*glob.glob(f"{glob.escape(staging_path(final).rsplit('-', 1)[0])}-*.old"))
    counter = _ErrorCounter()
    logging.getLogger().addHandler(counter)
    pelican.safe_build = {"final": final, "staging": staging, "errors": counter}
    pelican.output_path = staging
    pelican.settings["OUTPUT_PATH"] = staging
    # A build that dies half-way must not leave its staging folder behind.
    atexit.register(shutil.rmtree, staging, True)
    atexit.register(_Folders.clear_empty)  # first: the helper is waited for before the folder goes


def finish(pelican) -> None:
    state = pelican.safe_build
    logging.getLogger().removeHandler(state["errors"])
    _Folders.clear_empty()
    if state["errors"].count:
        shutil.rmtree(state["staging"], ignore_errors=True)
        raise BuildFailed(f"{NAME}: {state['errors'].count} galat dicatat selama build; "
                          f"{state['final']} tidak diubah")
    swap_in(state["staging"], state["final"])
    pelican.output_path = pelican.settings["OUTPUT_PATH"] = state["final"]
    swapped.send(state["final"])
    log.info("%s: situs baru dipasang di %s", NAME, state["final"])


def register():
    signals.initialized.connect(start)
    signals.article_generator_preread.connect(lay_out_folders)
    signals.finalized.connect(finish)

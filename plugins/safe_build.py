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


def staging_path(output_path: str) -> str:
    output_path = os.path.abspath(output_path)
    parent, name = os.path.split(output_path)
    return os.path.join(parent, f".{name}.staging-{os.getpid()}")


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


def start(pelican) -> None:
    final = os.path.abspath(pelican.output_path)
    staging = staging_path(final)
    shutil.rmtree(staging, ignore_errors=True)
    # Old sites whose removal was interrupted (the machine stopped, say).
    remove_later(*glob.glob(f"{glob.escape(staging_path(final).rsplit('-', 1)[0])}-*.old"))
    counter = _ErrorCounter()
    logging.getLogger().addHandler(counter)
    pelican.safe_build = {"final": final, "staging": staging, "errors": counter}
    pelican.output_path = staging
    pelican.settings["OUTPUT_PATH"] = staging
    # A build that dies half-way must not leave its staging folder behind.
    atexit.register(shutil.rmtree, staging, True)


def finish(pelican) -> None:
    state = pelican.safe_build
    logging.getLogger().removeHandler(state["errors"])
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
    signals.finalized.connect(finish)

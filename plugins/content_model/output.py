"""Putting files made earlier into the site being built.

Here, in content_model (the first plugin), because a plugin can import only
the plugins Pelican loaded before it.
"""

from __future__ import annotations

import os
import shutil


def publish_copy(source: str, target: str) -> None:
    """A file made earlier (a cached card or photo, a page of the last build)
    into the site being built: a hard link where both share a file system
    (thousands of files cost no bytes or copying time), else a copy. Nothing
    writes into either file afterwards: cached files and built pages are
    replaced, never changed."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)

"""reproducible: two builds of the same content give byte-identical output.

The sitemap plugin stamps listing pages (home, archives, tags) with the
current time; we give them the newest date in the content instead, so the
sitemap only changes when the content does.
"""

from __future__ import annotations

import logging

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

log = logging.getLogger(__name__)
NAME = "reproducible"


def newest_date(generators):
    dates = []
    for gen in generators:
        if isinstance(gen, ArticlesGenerator):
            items = gen.articles
        elif isinstance(gen, PagesGenerator):
            items = gen.pages
        else:
            continue
        for item in items:
            stamp = getattr(item, "modified", None) or getattr(item, "date", None)
            if stamp is not None:
                dates.append(stamp)
    return max(dates, default=None)


def pin_sitemap_time(generators) -> None:
    try:
        from pelican.plugins.sitemap import sitemap
    except ImportError:
        return
    stamp = newest_date(generators)
    if stamp is not None:
        sitemap.generator.now = stamp
        log.debug("%s: sitemap time pinned to %s", NAME, stamp.isoformat())


def register():
    signals.all_generators_finalized.connect(pin_sitemap_time)

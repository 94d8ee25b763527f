"""entity_feeds: an Atom feed for every agency and program that has reports.

Written next to Pelican's own feeds with Pelican's writer, so they share its
format and FEED_DOMAIN. Paths follow ENTITY_FEEDS_PATH.
"""

from __future__ import annotations

import logging

from pelican import signals

log = logging.getLogger(__name__)
NAME = "entity_feeds"
DEFAULTS = {"ENTITY_FEEDS_PATH": "feeds/{section}/{slug}.atom.xml"}


def feed_path(settings, section: str, slug: str) -> str:
    return settings.get("ENTITY_FEEDS_PATH", DEFAULTS["ENTITY_FEEDS_PATH"]).format(section=section, slug=slug)


def feed_key(articles) -> str:
    """Everything Pelican's writer puts in a feed about its articles (for
    unchanged_pages: a feed with the same key is taken from the last build)."""
    return repr([(a.url, a.title, a.date.isoformat(), a.modified.isoformat() if getattr(a, "modified", None) else "",
                  a.summary, a.content, str(getattr(a, "category", "")), [str(t) for t in getattr(a, "tags", [])],
                  str(getattr(a, "author", ""))) for a in articles])


def write_feeds(generator, writer) -> None:
    portal = generator.context.get("portal")
    if portal is None:
        return
    settings = generator.settings
    for section, records in (("instansi", portal.agencies.values()), ("program", portal.programs.values())):
        for record in records:
            reports = [*record.reports, *getattr(record, "mentioned_in", [])]
            if not reports:
                continue
            articles = sorted(dict.fromkeys(r.content for r in reports), key=lambda a: (a.date, a.slug), reverse=True)
            path = feed_path(settings, section, record.slug)
            # A rebuild after one edit changes a handful of the 300 feeds.
            reuse = ({"reuse_key": feed_key(articles[:settings["FEED_MAX_ITEMS"]])}
                     if getattr(writer, "TAKES_REUSE_KEY", False) else {})
            writer.write_feed(articles, generator.context, path, feed_title=f"{record.title} — {settings['SITENAME']}",
                              **reuse)
    log.debug("%s: feeds written", NAME)


def add_feed_url(generator) -> None:
    """Let templates find a record's feed: {{ entity_feed_path('instansi', slug) }}."""
    generator.env.globals["entity_feed_path"] = lambda section, slug: feed_path(generator.settings, section, slug)


def register():
    signals.generator_init.connect(add_feed_url)
    signals.article_writer_finalized.connect(write_feeds)

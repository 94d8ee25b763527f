"""timeline: group reports by the year and month their event started.

Used by /linimasa/ and by every agency, program and region page, as the Jinja
filter `linimasa`. Grouping is by event date, not publication date.

An agency, program or region page shows the TIMELINE_LATEST newest events
of each of its lists (filter `terbaru`); when it has more, the whole timeline
is on a page per year, /<section>/<slug>/<year>/, written here with the
template `linimasa_tahun` (a program at 10,000 reports has 2,000 events:
1.4 MB of HTML on one page before).
"""

from __future__ import annotations

import datetime as dt
import logging
import weakref
from dataclasses import dataclass, field
from itertools import groupby

from pelican import signals

log = logging.getLogger(__name__)
NAME = "timeline"
DEFAULTS = {"TIMELINE_LATEST": 10}  # events of each list an entity page shows


@dataclass
class Month:
    first_day: dt.date
    reports: list = field(default_factory=list)


@dataclass
class Year:
    year: int
    months: list[Month] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(m.reports) for m in self.months)


def event_order(report):
    """Newest event first; events starting the same day in a stable order."""
    return (report.event_start, report.event_end or report.event_start, report.title, report.slug)


def group_by_month(reports) -> list[Year]:
    """Years newest first, each with its months newest first, each with its
    reports newest first. A multi-day event sits in the month it starts."""
    ordered = sorted(reports, key=event_order, reverse=True)
    years = []
    for year, in_year in groupby(ordered, key=lambda r: r.event_start.year):
        months = [Month(dt.date(year, month, 1), list(items))
                  for month, items in groupby(in_year, key=lambda r: r.event_start.month)]
        years.append(Year(year, months))
    return years


def latest(reports, count: int) -> list:
    """The `count` newest events, newest first."""
    return sorted(reports, key=event_order, reverse=True)[:count]


def sections(record) -> list[tuple[str, str, list]]:
    """(key, heading, events) of each list of events an entity page shows."""
    if hasattr(record, "organised"):  # an agency
        return [("diselenggarakan", "Kegiatan yang diselenggarakan", record.organised),
                ("diikuti", "Kegiatan yang diikuti", record.participated),
                ("disebut", "Berita yang menyebut instansi ini", record.mentioned_in)]
    return [("linimasa", "Linimasa kegiatan", record.reports)]


# years() of each record, asked for by its page and by each of its year pages;
# kept while the record lives (one build), its lists no longer change by then.
_years_of: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def years(record) -> list[tuple[int, int]]:
    """(year, number of events) over all the record's lists, newest year first."""
    if record not in _years_of:
        _years_of[record] = _count_years(record)
    return _years_of[record]


def _count_years(record) -> list[tuple[int, int]]:
    counts: dict[int, set] = {}
    for _, _, events in sections(record):
        for report in events:
            counts.setdefault(report.event_start.year, set()).add(report.slug)
    return [(year, len(counts[year])) for year in sorted(counts, reverse=True)]


def has_year_pages(record, limit: int) -> bool:
    return any(len(events) > limit for _, _, events in sections(record))


def year_page(record, year: int) -> str:
    """The page of a record's events in one year (save_as, relative to the output)."""
    return f"{record.url}{year}/index.html"


def by_year(record) -> dict[int, list[tuple[str, str, list]]]:
    """The record's lists split by year: {year: [(key, heading, events)]},
    lists with no event that year left out."""
    out: dict[int, list] = {}
    for key, heading, events in sections(record):
        per_year: dict[int, list] = {}
        for report in events:
            per_year.setdefault(report.event_start.year, []).append(report)
        for year, in_year in per_year.items():
            out.setdefault(year, []).append((key, heading, in_year))
    return out


def year_page_key(record, year: int, shown) -> str:
    """Everything a year page shows besides the site itself (for unchanged_pages:
    a page whose key is the same is taken from the last build)."""
    events = [(key, heading, [(r.url, r.title, r.event_start, r.event_end, r.place, r.region.name if r.region else "",
                               r.organizer.title if r.organizer else "") for r in reports])
              for key, heading, reports in shown]
    return repr((record.url, record.title, getattr(record, "short_name", ""), year, years(record), events))


def write_year_pages(generator, writer) -> None:
    """On page_writer_finalized: the year pages of every record that has more
    events than its page shows."""
    portal = generator.context.get("portal")
    if portal is None:
        return
    limit = generator.settings.get("TIMELINE_LATEST", DEFAULTS["TIMELINE_LATEST"])
    template = generator.get_template("linimasa_tahun")
    written = 0
    for section, records in (("instansi", portal.agencies), ("program", portal.programs), ("wilayah", portal.regions)):
        for record in records.values():
            if record.content is None or not has_year_pages(record, limit):
                continue
            shown_by_year = by_year(record)
            for year, count in years(record):
                shown = shown_by_year[year]
                writer.write_file(year_page(record, year), template, generator.context, record=record, section=section,
                                  year=year, count=count, year_sections=shown,
                                  reuse_key=year_page_key(record, year, shown))
                written += 1
    log.info("%s: %d halaman linimasa per tahun", NAME, written)


def add_filter(generator) -> None:
    limit = generator.settings.get("TIMELINE_LATEST", DEFAULTS["TIMELINE_LATEST"])
    generator.env.filters["linimasa"] = group_by_month
    generator.env.filters["terbaru"] = lambda reports: latest(reports, limit)
    generator.env.globals.update(
        timeline_years=years, timeline_has_year_pages=lambda record: has_year_pages(record, limit), TIMELINE_LATEST=limit)


def register():
    signals.generator_init.connect(add_filter)
    signals.page_writer_finalized.connect(write_year_pages)

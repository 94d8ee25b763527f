"""timeline: group reports by the year and month their event started.

Used by /linimasa/ and by every agency, program and region page, as the Jinja
filter `linimasa`. Grouping is by event date, not publication date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from pelican import signals


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


def add_filter(generator) -> None:
    generator.env.filters["linimasa"] = group_by_month


def register():
    signals.generator_init.connect(add_filter)

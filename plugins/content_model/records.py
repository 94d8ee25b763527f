"""Typed records of the content model: what templates and plugins read.

Records refer to each other directly (report.organizer is an Agency), and
carry the Pelican object they came from as `.content` for URLs and HTML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class Document:
    slug: str
    title: str
    path: str  # source file, relative to the repository root
    content: Any = field(default=None, repr=False)  # the Pelican Article or Page

    @property
    def url(self) -> str:
        return self.content.url if self.content is not None else ""


@dataclass(eq=False)
class Region(Document):
    name: str = ""
    short_name: str = ""
    aliases: list[str] = field(default_factory=list)
    kind: str = ""  # provinsi, kabupaten, kota
    code: str = ""  # Kemendagri code, "64" or "64.04"
    parent: Region | None = None
    seat: str = ""
    summary: str = ""
    children: list[Region] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)  # events held here or about here
    facts: list[Fact] = field(default_factory=list)  # figures that hold for this region

    @property
    def root_agencies(self) -> list[Agency]:
        """Regional agencies based here whose parent is not (for a directory tree)."""
        return [a for a in self.agencies if a.level != "pusat" and (a.parent is None or a.parent.region is not self)]


@dataclass(eq=False)
class Change:
    """An agency was renamed, merged into another, or dissolved."""

    kind: str  # renamed, merged, dissolved
    date: dt.date
    successor: Agency | None = None
    note: str = ""


@dataclass(eq=False)
class Agency(Document):
    short_name: str = ""
    aliases: list[str] = field(default_factory=list)
    head_title: str = ""
    head_aliases: list[str] = field(default_factory=list)
    parent: Agency | None = None
    level: str = ""
    region: Region | None = None
    website: str = ""
    summary: str = ""
    change: Change | None = None
    predecessors: list[Agency] = field(default_factory=list)  # agencies whose successor this is
    children: list[Agency] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)  # organised, hosted or attended (front matter)
    mentioned_in: list[Report] = field(default_factory=list)  # named only in the text (agency_links)
    programs: list[Program] = field(default_factory=list)

    @property
    def organised(self) -> list[Report]:
        return [r for r in self.reports if self in (r.organizer, r.host)]

    @property
    def participated(self) -> list[Report]:
        return [r for r in self.reports if self not in (r.organizer, r.host)]

    @property
    def partners(self) -> list[tuple[Agency, int]]:
        """Agencies met at the same events (front matter), most frequent first."""
        counts: dict[Agency, int] = {}
        for report in self.reports:
            for other in report.agencies:
                if other is not self:
                    counts[other] = counts.get(other, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].title))

    @property
    def ancestors(self) -> list[Agency]:
        """Parent chain from the top body down to the direct parent."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]


@dataclass(eq=False)
class Metric:
    id: str
    label: str
    unit: str
    description: str = ""


@dataclass(eq=False)
class Program(Document):
    short_name: str = ""
    aliases: list[str] = field(default_factory=list)
    agency: Agency | None = None
    summary: str = ""
    metrics: dict[str, Metric] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


@dataclass(eq=False)
class Official:
    name: str
    position: str
    agency: Agency | None = None
    role: str = ""


@dataclass(eq=False)
class Fact:
    """One figure with its meaning; `key` says what it measures, for when and where."""

    metric: str
    label: str
    unit: str
    value: float
    period: str
    region: Region
    report: Report
    program: Program | None = None
    period_label: str = ""
    note: str = ""

    @property
    def key(self) -> tuple:
        return (self.program.slug if self.program else None, self.metric, self.region.slug, self.period)

    @property
    def period_start(self) -> dt.date:
        """First day of the period: 2022 -> 2022-01-01, 2022-04 -> 2022-04-01."""
        return dt.date.fromisoformat((self.period + "-01-01")[:10])


@dataclass(eq=False)
class Photo:
    """A report's lead photo as the editor wrote it; the images plugin makes it web-ready."""

    src: str  # as written: beside the report, or /images/... under content/
    alt: str  # what the photo shows, for readers who cannot see it
    caption: str = ""
    credit: str = ""
    line: int = 0  # line of `image.src` in the report, for messages


@dataclass(eq=False)
class Report(Document):
    date: dt.datetime | None = None
    summary: str = ""
    event_start: dt.date | None = None
    event_end: dt.date | None = None
    place: str = ""
    region: Region | None = None
    organizer: Agency | None = None
    host: Agency | None = None
    participants: list[Agency] = field(default_factory=list)
    other_participants: list[str] = field(default_factory=list)
    participant_count: int | None = None
    participant_count_approx: bool = False
    officials: list[Official] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    editor_note: str = ""
    image: Photo | None = None  # lead photo (front matter `image:`)
    mentioned: list[Agency] = field(default_factory=list)  # found in the text by agency_links

    @property
    def agencies(self) -> list[Agency]:
        """Every agency the report names in its front matter, each once."""
        seen = [self.organizer, self.host, *self.participants, *(o.agency for o in self.officials)]
        return list(dict.fromkeys(a for a in seen if a is not None))

    @property
    def related_agencies(self) -> list[tuple[Agency, str]]:
        """Every agency the report involves or names, with how: for "Instansi terkait"."""
        roles: dict[Agency, str] = {}
        for agency, role in [(self.organizer, "penyelenggara"), (self.host, "tuan rumah"),
                             *((a, "peserta") for a in self.participants),
                             *((o.agency, "pejabat hadir") for o in self.officials),
                             *((a, "disebut dalam berita") for a in self.mentioned)]:
            if agency is not None:
                roles.setdefault(agency, role)
        return list(roles.items())


@dataclass
class Portal:
    """The whole content model, as the template context's `portal`."""

    regions: dict[str, Region] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    programs: dict[str, Program] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)  # newest event first
    facts: list[Fact] = field(default_factory=list)

    @property
    def provinces(self) -> list[Region]:
        return [r for r in self.regions.values() if r.kind == "provinsi"]

    @property
    def top_agencies(self) -> list[Agency]:
        return [a for a in self.agencies.values() if a.parent is None]

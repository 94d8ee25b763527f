"""What the index says about each page, from the content model alone.

Pure functions of the records (content_model/records.py): the kind of page,
its filters, sort key, result-card metadata, and the other names of every
agency, program and region it is about. Every name comes from the directory
(content/instansi, program, wilayah): nothing is typed here. The card's photo
is not a record's: markup.py reads it from the built page, where the images
plugin wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS = {"report": "berita", "agency": "instansi", "program": "program", "region": "wilayah"}
NO_DATE = ""  # event date of pages without an event: last when newest first


@dataclass
class Entry:
    """One page to index."""

    url: str  # site-relative, "/berita/2022/04/rakor-pkh-kaltim-2022/": the JS adds the site's base
    save_as: str  # file in the output folder
    kind: str  # berita, instansi, program, wilayah
    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)
    date: str = NO_DATE  # first day of the event (ISO): the index lists pages newest first by it
    related: list = field(default_factory=list)  # records whose other names are added


def _unique(items):
    return list(dict.fromkeys(i for i in items if i))


def with_province(regions) -> list:
    """The regions and the province of each regency or city, each once."""
    out = []
    for region in regions:
        while region is not None:
            out.append(region)
            region = region.parent
    return _unique(out)


def acronym_of(label: str, unit: str) -> bool:
    """'KPM' is the acronym of 'Keluarga Penerima Manfaat'."""
    initials = "".join(word[0] for word in re.findall(r"\w+", label))
    return len(unit) >= 2 and unit.isupper() and initials.upper() == unit


def names_of(record) -> list[str]:
    """Every way the directory writes a record."""
    names = [record.title, getattr(record, "name", ""), record.short_name, *record.aliases,
             getattr(record, "head_title", ""), *getattr(record, "head_aliases", [])]
    for metric in getattr(record, "metrics", {}).values():
        if acronym_of(metric.label, metric.unit):  # KPM / Keluarga Penerima Manfaat
            names += [metric.label, metric.unit]
    return _unique(names)


def event_dates(report) -> str:
    # Imported when first needed: Pelican loads plugins in PLUGINS order, each into
    # sys.modules, and `indonesian` may come after this plugin.
    from indonesian import tanggal

    start, end = report.event_start, report.event_end
    if end and end != start:
        return f"{tanggal(start)} – {tanggal(end)}"
    return tanggal(start)


def place(report) -> str:
    """As the theme's ui.place: the venue, then the city unless the venue names it."""
    region = report.region
    if region and region.name not in report.place:
        return f"{report.place}, {region.name}"
    return report.place


def _titles(records) -> list[str]:
    return _unique(r.title for r in records)


def report_entry(report) -> Entry:
    regions = with_province([report.region, *report.regions])
    agencies = [a for a, _ in report.related_agencies]
    return Entry(
        url=f"/{report.url}", save_as=report.content.save_as, kind="berita",
        meta={"title": report.title, "jenis": "Berita", "tanggal": event_dates(report), "tempat": place(report),
              "penyelenggara": report.organizer.title if report.organizer else ""},
        filters={"jenis": ["berita"], "instansi": _titles(agencies), "wilayah": _titles(regions),
                 "program": _titles(report.programs),
                 "tahun": [str(report.event_start.year)] if report.event_start else []},
        date=report.event_start.isoformat() if report.event_start else NO_DATE,
        related=_unique([*agencies, *report.programs, *regions]),
    )


def agency_entry(agency) -> Entry:
    regions = with_province([agency.region])
    title = f"{agency.title} ({agency.short_name})" if agency.short_name else agency.title
    return Entry(
        url=f"/{agency.url}", save_as=agency.content.save_as, kind="instansi",
        meta={"title": title, "jenis": "Instansi"},
        filters={"jenis": ["instansi"], "instansi": [agency.title], "wilayah": _titles(regions),
                 "program": _titles(agency.programs)},
        related=_unique([agency, *regions, *agency.programs]),
    )


def program_entry(program) -> Entry:
    title = f"{program.title} ({program.short_name})" if program.short_name else program.title
    return Entry(
        url=f"/{program.url}", save_as=program.content.save_as, kind="program",
        meta={"title": title, "jenis": "Program"},
        filters={"jenis": ["program"], "instansi": _titles([program.agency] if program.agency else []),
                 "program": [program.title]},
        related=_unique([program, program.agency]),
    )


def region_entry(region) -> Entry:
    regions = with_province([region])
    return Entry(
        url=f"/{region.url}", save_as=region.content.save_as, kind="wilayah",
        meta={"title": region.title, "jenis": "Wilayah"},
        filters={"jenis": ["wilayah"], "wilayah": _titles(regions)},
        related=regions,
    )


def published(record) -> bool:
    content = record.content
    return content is not None and getattr(content, "status", "published") == "published"


def newest_first(made) -> list[Entry]:
    """Entries in the order Pagefind numbers its pages: reports by event date, newest
    first (ties by URL), then the pages without an event date by URL.

    The page number is the order "terbaru" shows: cari.js reads it from the name the
    bundle gives each page (canonical.py), so the index needs no sort list.
    """
    made = sorted(made, key=lambda e: e.url)
    return sorted(made, key=lambda e: e.date, reverse=True)  # stable: URL order within a date


def entries(portal) -> list[Entry]:
    """Every published report, agency, program and region page, newest first."""
    return newest_first([*(report_entry(r) for r in portal.reports.values() if published(r)),
                         *(agency_entry(a) for a in portal.agencies.values() if published(a)),
                         *(program_entry(p) for p in portal.programs.values() if published(p)),
                         *(region_entry(r) for r in portal.regions.values() if published(r))])


class NameFinder:
    """Finds programs and regions that a page's text names without its front matter saying so."""

    def __init__(self, records):
        variants: dict[str, object] = {}
        for record in records:
            for name in names_of(record):
                variants.setdefault(name, record)
        self.records = variants
        words = sorted(variants, key=len, reverse=True)
        # A name at a word start and end, longest first. The start is checked
        # apart from the pattern: a pattern opening with the alternation lets
        # the regex engine skip to the letters names begin with, where a
        # look-behind first made it try every name at every position (5 times
        # slower; the same matches, tested).
        self.pattern = re.compile(r"(?:" + "|".join(map(re.escape, words)) + r")(?!\w)") if words else None

    def names(self, text: str):
        """The names in the text, left to right: at a word start, longest first, up to a word end."""
        position = 0
        while self.pattern is not None:
            found = self.pattern.search(text, position)
            if found is None:
                return
            start = found.start()
            if start and _WORD.match(text, start - 1):  # inside a word: look again one letter on
                position = start + 1
                continue
            yield found.group(0)
            position = found.end()

    def __call__(self, text: str) -> list:
        return _unique(self.records[name] for name in self.names(text))


_WORD = re.compile(r"\w")


def compared_names(record) -> list[tuple[str, str]]:
    """names_of(record), each with the form other_names compares: lower case, single spaces."""
    return [(name, " ".join(name.lower().split())) for name in names_of(record)]


def per_record(function):
    """function(record), worked out once per record for as long as the returned function lives
    (records are kept by the portal meanwhile, so their ids are not reused)."""
    kept: dict[int, object] = {}

    def once(record):
        found = kept.get(id(record))
        if found is None:
            found = kept[id(record)] = function(record)
        return found

    return once


def other_names(related, text: str, names=compared_names) -> list[str]:
    """The names of the related records that the indexed text does not already contain.
    names: compared_names, or the same worked out once per record (per_record)."""
    have = " ".join(text.lower().split())
    out = []
    for record in related:
        for name, compared in names(record):
            if compared not in have and name not in out:
                out.append(name)
    return out

"""Build the Portal from checked documents and resolve every reference.

Pure: takes `Source`s (the clean fields of each file, as schema.py left
them) and returns the Portal plus the problems found between files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .problems import Problem, did_you_mean
from .records import Agency, Change, Fact, Metric, Official, Photo, Portal, Program, Region, Report
from .schema import FOLDER_OF_KIND

KIND_LABEL = {"agency": "instansi", "program": "program", "region": "wilayah", "report": "berita"}


@dataclass
class Source:
    kind: str
    slug: str
    path: str
    fields: dict
    lines: dict = field(default_factory=dict)
    content: Any = None


class _Resolver:
    def __init__(self, portal: Portal, broken: dict[str, set[str]]):
        self.tables = {"region": portal.regions, "agency": portal.agencies, "program": portal.programs}
        self.broken = broken
        self.problems: list[Problem] = []

    def __call__(self, kind: str, slug: str | None, src: Source, name: str):
        if slug is None:
            return None
        table = self.tables[kind]
        if slug in table:
            return table[slug]
        if slug not in self.broken.get(kind, ()):  # a broken file already has its own message
            folder = FOLDER_OF_KIND[kind]
            self.problems.append(Problem(
                src.path, src.lines.get(name, 0), name,
                f'{KIND_LABEL[kind]} "{slug}" tidak ditemukan di content/{folder}/',
                f"tulis slug yang ada (nama berkas tanpa .md) atau buat content/{folder}/{slug}.md."
                + did_you_mean(slug, table),
            ))
        return None

    def many(self, kind, slugs, src, name):
        found = (self(kind, s, src, f"{name}[{i}]") for i, s in enumerate(slugs or []))
        return [r for r in found if r is not None]

    def add(self, src: Source, name: str, message: str, fix: str):
        self.problems.append(Problem(src.path, src.lines.get(name, 1), name, message, fix))


def build_portal(sources: list[Source], broken: dict[str, set[str]] | None = None) -> tuple[Portal, list[Problem]]:
    portal = Portal()
    resolve = _Resolver(portal, broken or {})
    by_kind: dict[str, list[Source]] = defaultdict(list)
    seen: dict[tuple[str, str], Source] = {}
    for src in sorted(sources, key=lambda s: s.path):  # file-system order varies between machines
        first = seen.setdefault((src.kind, src.slug), src)
        if first is not src:
            resolve.problems.append(Problem(
                src.path, 0, "", f'slug "{src.slug}" sudah dipakai oleh {first.path}',
                "ganti nama salah satu berkas; slug harus unik untuk setiap jenis dokumen"))
            continue
        by_kind[src.kind].append(src)

    for src in by_kind["region"]:
        f = src.fields
        portal.regions[src.slug] = Region(
            src.slug, f["title"], src.path, src.content, name=f["name"], short_name=f.get("short_name", ""),
            aliases=f.get("aliases", []), kind=f["kind"], code=f["code"], seat=f.get("seat", ""),
            summary=f.get("summary", ""),
        )
    for src in by_kind["agency"]:
        f = src.fields
        portal.agencies[src.slug] = Agency(
            src.slug, f["title"], src.path, src.content, short_name=f.get("short_name", ""),
            aliases=f.get("aliases", []), head_title=f.get("head_title", ""),
            head_aliases=f.get("head_aliases", []), level=f["level"], website=f.get("website", ""),
            summary=f.get("summary", ""),
        )
    for src in by_kind["program"]:
        f = src.fields
        program = Program(
            src.slug, f["title"], src.path, src.content, short_name=f.get("short_name", ""),
            aliases=f.get("aliases", []), summary=f.get("summary", ""),
        )
        for i, m in enumerate(f.get("metrics", [])):
            if m["id"] in program.metrics:
                resolve.add(src, f"metrics[{i}].id", f'metrik "{m["id"]}" ditulis dua kali', "beri setiap metrik id yang berbeda")
            program.metrics[m["id"]] = Metric(m["id"], m["label"], m["unit"], m.get("description", ""))
        portal.programs[src.slug] = program

    _link_regions(portal, by_kind["region"], resolve)
    _link_agencies(portal, by_kind["agency"], resolve)
    for src in by_kind["program"]:
        program = portal.programs[src.slug]
        program.agency = resolve("agency", src.fields["agency"], src, "agency")
        if program.agency:
            program.agency.programs.append(program)

    reports = [_report(src, resolve) for src in by_kind["report"]]
    reports.sort(key=lambda r: (r.event_start, r.date, r.slug), reverse=True)
    for report in reports:
        portal.reports[report.slug] = report
        portal.facts.extend(report.facts)
        for agency in report.agencies:
            agency.reports.append(report)
        for program in report.programs:
            program.reports.append(report)
        # A province holds every event held in or about its regencies and cities too.
        places = [r for r in (report.region, *report.regions) if r]
        for region in dict.fromkeys([*places, *(r.parent for r in places if r.parent)]):
            region.reports.append(report)
        for fact in report.facts:
            fact.region.facts.append(fact)
            if fact.program:
                fact.program.facts.append(fact)
    resolve.problems += conflicting_facts(portal.facts)
    newest_first = lambda f: (f.period_start, f.report.date, f.report.slug)  # noqa: E731
    for owner in [*portal.programs.values(), *portal.regions.values()]:
        owner.facts.sort(key=newest_first, reverse=True)

    portal.regions = dict(sorted(portal.regions.items(), key=lambda kv: kv[1].code))
    portal.agencies = dict(sorted(portal.agencies.items(), key=lambda kv: kv[1].title))
    portal.programs = dict(sorted(portal.programs.items(), key=lambda kv: kv[1].title))
    return portal, resolve.problems


def conflicting_facts(facts: list[Fact]) -> list[Problem]:
    """A warning for each fact that gives another value than an earlier report
    for the same program, metric, region and period."""
    first: dict[tuple, Fact] = {}
    problems = []
    for fact in sorted(facts, key=lambda f: (f.report.date, f.report.path)):
        seen = first.setdefault(fact.key, fact)
        if seen is not fact and seen.value != fact.value:
            program = f'program "{fact.program.slug}", ' if fact.program else ""
            problems.append(Problem(
                fact.report.path, 0, "facts",
                f'{program}metrik "{fact.metric}", wilayah "{fact.region.slug}", periode {fact.period}: '
                f"nilai {fact.value} berbeda dengan {seen.value} di {seen.report.path}",
                "periksa kedua sumber; jika angka diperbarui, jelaskan di `editor_note` atau bedakan periodenya",
                severity="warning",
            ))
    return problems


def _link_regions(portal: Portal, sources: list[Source], resolve: _Resolver) -> None:
    for src in sources:
        region = portal.regions[src.slug]
        parent = resolve("region", src.fields.get("parent"), src, "parent")
        if parent is None:
            continue
        if parent.kind != "provinsi":
            resolve.add(src, "parent", f'induk "{parent.slug}" bukan provinsi', "tulis slug provinsinya sebagai `parent`")
            continue
        if not region.code.startswith(parent.code + "."):
            resolve.add(src, "code", f'kode "{region.code}" tidak diawali kode provinsi induknya "{parent.code}"',
                        f'periksa kode Kemendagri; wilayah di {parent.title} berkode "{parent.code}.NN"')
        region.parent = parent
        parent.children.append(region)
    for region in portal.regions.values():
        region.children.sort(key=lambda r: r.code)


def _link_agencies(portal: Portal, sources: list[Source], resolve: _Resolver) -> None:
    for src in sources:
        agency = portal.agencies[src.slug]
        agency.region = resolve("region", src.fields.get("region"), src, "region")
        agency.parent = resolve("agency", src.fields.get("parent"), src, "parent")
        if agency.region:
            agency.region.agencies.append(agency)
        change = src.fields.get("change")
        if change:
            successor = resolve("agency", change.get("successor"), src, "change.successor")
            if successor is agency:
                resolve.add(src, "change.successor", "instansi tidak bisa menjadi penggantinya sendiri",
                            "tulis slug instansi yang menggantikannya")
                successor = None
            agency.change = Change(change["kind"], change["date"], successor, change.get("note", ""))
            if successor:
                successor.predecessors.append(agency)
    for src in sources:  # a parent chain must end: no agency may be its own ancestor
        agency, node, steps = portal.agencies[src.slug], portal.agencies[src.slug].parent, 0
        while node is not None and node is not agency and steps <= len(portal.agencies):
            node, steps = node.parent, steps + 1
        if node is agency:
            resolve.add(src, "parent", f'instansi induk membentuk lingkaran (kembali ke "{agency.slug}")',
                        "perbaiki `parent` agar rantai induk berakhir di instansi teratas")
            agency.parent = None
    for agency in portal.agencies.values():
        if agency.parent:
            agency.parent.children.append(agency)
    for agency in portal.agencies.values():
        agency.children.sort(key=lambda a: a.title)
        agency.region and agency.region.agencies.sort(key=lambda a: a.title)


def _report(src: Source, resolve: _Resolver) -> Report:
    f = src.fields
    event = f["event"]
    report = Report(
        src.slug, f["title"], src.path, src.content, date=f["date"], summary=f["summary"],
        event_start=event["start"], event_end=event.get("end", event["start"]), place=event["place"],
        region=resolve("region", event["region"], src, "event.region"),
        organizer=resolve("agency", f["organizer"], src, "organizer"),
        host=resolve("agency", f.get("host"), src, "host"),
        participants=resolve.many("agency", f.get("participants"), src, "participants"),
        other_participants=f.get("other_participants", []),
        participant_count=f.get("participant_count"),
        participant_count_approx=f.get("participant_count_approx", False),
        programs=resolve.many("program", f.get("programs"), src, "programs"),
        regions=resolve.many("region", f.get("regions"), src, "regions"),
        editor_note=f.get("editor_note", ""),
    )
    if "image" in f:
        image = f["image"]
        report.image = Photo(image["src"], image["alt"], image.get("caption", ""), image.get("credit", ""),
                             src.lines.get("image.src", src.lines.get("image", 0)))
    for i, o in enumerate(f.get("officials", [])):
        agency = resolve("agency", o.get("agency"), src, f"officials[{i}].agency")
        report.officials.append(Official(o["name"], o["position"], agency, o.get("role", "")))
    for i, raw in enumerate(f.get("facts", [])):
        fact = _fact(raw, f"facts[{i}]", report, src, resolve)
        if fact:
            report.facts.append(fact)
    return report


def _fact(raw: dict, name: str, report: Report, src: Source, resolve: _Resolver) -> Fact | None:
    program = resolve("program", raw.get("program"), src, f"{name}.program")
    region = resolve("region", raw["region"], src, f"{name}.region")
    label, unit = raw.get("label", ""), raw.get("unit", "")
    if program is not None:
        metric = program.metrics.get(raw["metric"])
        if metric is None:
            known = ", ".join(program.metrics) or "belum ada"
            resolve.add(src, f"{name}.metric", f'metrik "{raw["metric"]}" tidak didefinisikan oleh program "{program.slug}"',
                        f"gunakan salah satu: {known}." + did_you_mean(raw["metric"], program.metrics))
            return None
        label, unit = raw.get("label", metric.label), raw.get("unit", metric.unit)
    elif "program" in raw:
        return None  # unknown program: already reported
    if region is None:
        return None
    return Fact(raw["metric"], label, unit, raw["value"], raw["period"], region, report, program,
                raw.get("period_label", ""), raw.get("note", ""))

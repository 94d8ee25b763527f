"""The Markdown reader for all content: YAML front matter checked field by field."""

from __future__ import annotations

import os
from typing import NamedTuple

from markupsafe import Markup
from pelican.readers import BaseReader
from pelican.urlwrappers import Category, Tag
from pelican.utils import SafeDatetime

from . import frontmatter, markdown_html, prefetch, safety, schema, weekdays
from .problems import Problem, collector

TEMPLATE_OF_KIND = {"agency": "instansi", "program": "program", "region": "wilayah", "page": "page"}


class Parsed(NamedTuple):
    """One source file as read: `html` is None when it has errors."""

    kind: str
    slug: str
    path: str  # as an editor would type it
    problems: list
    fields: dict | None = None
    lines: dict | None = None
    html: str | None = None
    body: tuple[str, int] | None = None  # the Markdown text and the line it starts on


class ContentFileError(Exception):
    """Raised so Pelican skips a file; the reasons are in `collector`."""


def display_path(path: str) -> str:
    """The path as an editor would type it: relative to the working directory."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def kind_of(source_path: str, content_root: str) -> str:
    folder = os.path.relpath(source_path, content_root).split(os.sep)[0]
    return schema.KIND_OF_FOLDER.get(folder, "page")


class FrontMatterReader(BaseReader):
    enabled = True
    file_extensions = ["md", "markdown"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._markdown = markdown_html.renderer()

    def parse(self, source_path) -> Parsed:
        """Everything read from one file, with no side effects: run on every
        core for a large archive (prefetch.py)."""
        path = display_path(source_path)
        kind = kind_of(source_path, self.settings["PATH"])
        slug = os.path.splitext(os.path.basename(source_path))[0]
        problems = []
        if not schema.SLUG_RE.match(slug):
            problems.append(Problem(
                path, 0, "", f'nama berkas "{slug}" tidak bisa dijadikan slug',
                "ganti nama berkas dengan huruf kecil, angka dan tanda '-', misalnya rakor-pkh-kaltim-2022.md",
            ))
        try:
            with open(source_path, "rb") as handle:
                parsed = frontmatter.split(frontmatter.decode(handle.read()))
        except frontmatter.FrontMatterError as err:
            return Parsed(kind, slug, path, [*problems, Problem(path, err.line, "", err.message, err.fix)])
        fields, field_problems = schema.check_fields(kind, parsed.data, parsed.lines, path)
        problems += field_problems
        problems += [
            Problem(path, m.line, "", f'teks menulis "{m.written}", padahal {_long_date(m.date)} jatuh pada hari {m.day_actual}, bukan {m.day_written}',
                    "periksa tanggal dan nama hari di teks sumber", severity="warning")
            for m in weekdays.find_mismatches(parsed.body, parsed.body_line)
        ]
        html = self._markdown.render(parsed.body)
        problems += [
            Problem(path, line, "", f"HTML tidak aman di naskah: {what} ({written[:60]})",
                    "hapus tag itu; naskah hanya boleh memuat Markdown dan HTML sederhana "
                    "(lihat docs/panduan-editor.md). Sematan video, skrip dan gaya tidak diizinkan")
            for line, what, written in safety.unsafe_html(html, parsed.body, parsed.body_line)
        ]
        if any(p.severity == "error" for p in problems):
            return Parsed(kind, slug, path, problems)
        for name in ("summary", "editor_note"):
            if name in fields:
                fields[name] = Markup(self._markdown.render(fields[name]))
        return Parsed(kind, slug, path, problems, fields, parsed.lines, html, (parsed.body, parsed.body_line))

    def read(self, source_path):
        parsed = prefetch.take(source_path) or self.parse(source_path)
        collector.add(parsed.problems)
        if parsed.html is None:
            collector.mark_broken(parsed.kind, parsed.slug, parsed.path)
            raise ContentFileError(f"{parsed.path}: {len(parsed.problems)} masalah")
        metadata = self._metadata(parsed.kind, parsed.slug, parsed.fields, parsed.lines)
        metadata["portal_body"] = parsed.body
        return parsed.html, metadata

    def _metadata(self, kind: str, slug: str, fields: dict, lines: dict) -> dict:
        # The slug is the file name (SLUGIFY_SOURCE), already checked against
        # schema.SLUG_RE, which Pelican's slugify leaves as it is: given here, it
        # is not worked out again for every file.
        meta = {"title": fields["title"], "slug": slug, "portal_kind": kind, "portal_lines": lines}
        for name in ("date", "modified"):
            if name in fields:
                # What Pelican's own date processing gives (a naive SafeDatetime; the
                # timezone comes later), without printing the date and parsing it back
                # with dateutil: 0.4 ms a report.
                meta[name] = SafeDatetime(*fields[name].timetuple()[:6])
        if "category" in fields:
            meta["category"] = Category(fields["category"], self.settings)
        if "tags" in fields:
            meta["tags"] = [Tag(t, self.settings) for t in fields["tags"]]
        for name in ("summary", "editor_note"):
            if name in fields:
                meta[name] = fields[name]
        if "status" in fields:
            meta["status"] = fields["status"]
        if kind in TEMPLATE_OF_KIND:
            meta["template"] = TEMPLATE_OF_KIND[kind]
        meta["portal_fields"] = fields
        return meta


def _long_date(date) -> str:
    return f"{date.day} {weekdays.MONTHS[date.month - 1].capitalize()} {date.year}"

"""content_model: read every document once, check it, and build the shared model.

Every report, agency, program and region is read by our front-matter reader,
checked field by field (schema.py), and linked into one `Portal` of typed
records (model.py) that templates and other plugins use. Any problem stops the
build with every message at once; nothing is skipped silently.
"""

from __future__ import annotations

import logging

from blinker import signal
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from . import prefetch
from .model import Source, build_portal
from .problems import ContentError, Problem, collector
from .reader import FrontMatterReader, display_path, kind_of

log = logging.getLogger(__name__)
NAME = "content_model"

# Sent once the model is complete and valid, with the Portal and Pelican's
# generators. Plugins that read the model connect here, so they never depend
# on the order of PLUGINS.
portal_ready = signal("content_model.portal_ready")


def start_build(pelican) -> None:
    collector.reset()
    prefetch.reset()


def add_reader(readers) -> None:
    for ext in FrontMatterReader.file_extensions:
        readers.reader_classes[ext] = FrontMatterReader


def _sources(generators) -> list[Source]:
    sources = []
    for gen in generators:
        if isinstance(gen, ArticlesGenerator):
            contents = [*gen.articles, *gen.drafts, *gen.hidden_articles]
        elif isinstance(gen, PagesGenerator):
            contents = [*gen.pages, *gen.hidden_pages, *gen.draft_pages]
        else:
            continue
        for content in contents:
            meta = content.metadata
            sources.append(Source(meta["portal_kind"], content.slug, display_path(content.source_path),
                                  meta["portal_fields"], meta["portal_lines"], content))
    return sources


def _unexplained_failures(generators) -> list[Problem]:
    """Files Pelican dropped for a reason our reader did not record."""
    context = generators[0].context
    root = context["PATH"]
    problems = []
    for rel, content in sorted(context.get("generated_content", {}).items()):
        path = display_path(f"{root}/{rel}")
        if content is None and path not in collector.failed_paths:
            problems.append(Problem(path, 0, "", "Pelican tidak dapat memproses berkas ini",
                                    "baca pesan Pelican di atas untuk berkas ini"))
            collector.mark_broken(kind_of(f"{root}/{rel}", root), rel.rsplit("/", 1)[-1].rsplit(".", 1)[0], path)
    return problems


def build_model(generators) -> None:
    prefetch.close()
    collector.add(_unexplained_failures(generators))
    sources = _sources(generators)
    for source in sources:
        # Pelican works a content's URL and file out of the settings (a copy of the
        # metadata, strftime, relpath: 0.2 ms) on every access: 21,000 times in a
        # rebuild of 2,000 reports (templates, feeds, sitemap, neighbours, our records,
        # the search index). Every generator has finished, so both are fixed: Pelican's
        # own override_url and override_save_as keep them. Two contents given one file
        # still stop the build (Pelican refuses to override a file twice), and slugs
        # are unique per kind anyway (model.py).
        source.content.override_url = source.content.url
        source.content.override_save_as = source.content.save_as
    portal, problems = build_portal(sources, collector.broken)
    collector.add(problems)
    for problem in sorted(collector.problems):
        # `extra` carries the Problem itself, for output formats such as GitHub annotations.
        (log.error if problem.severity == "error" else log.warning)("%s: %s", NAME, problem, extra={"problem": problem})
    if collector.errors:
        raise ContentError(
            f"{NAME}: {len(collector.errors)} masalah pada konten; situs tidak dibangun "
            "dan hasil build sebelumnya tidak diubah"
        )
    for record in [*portal.reports.values(), *portal.agencies.values(), *portal.programs.values(), *portal.regions.values()]:
        record.content.record = record
    generators[0].context["portal"] = portal
    portal_ready.send(portal, generators=generators)


def register():
    signals.initialized.connect(start_build)
    signals.readers_init.connect(add_reader)
    signals.article_generator_preread.connect(prefetch.start)
    signals.page_generator_preread.connect(prefetch.start)
    signals.all_generators_finalized.connect(build_model)

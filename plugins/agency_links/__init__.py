"""agency_links: link every agency a report names to its page, once.

Builds the variant table and the automaton once from the directory
(variants.py, matcher.py), then rewrites each report's HTML (linker.py) and
records which agencies each report mentions in the shared model. A report
whose HTML, context and directory are as in the last build gets the links
of the last build (content_model.item_cache). With
AGENCY_LINKS_HINTS on (as `invoke check` does) it also lists phrases that look
like agencies missing from the directory (hints.py).
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from content_model import portal_ready
from content_model.fingerprint import fingerprint, folders_fingerprint
from content_model.item_cache import ItemCache
from content_model.problems import Problem
from content_model.reader import display_path

from .hints import unknown_agencies
from .linker import Context, link_agencies
from .matcher import AgencyMatcher
from .variants import directory_variants

log = logging.getLogger(__name__)
NAME = "agency_links"
DEFAULTS = {"AGENCY_LINKS_HINTS": False}


def _province(region):
    while region is not None and region.parent is not None:
        region = region.parent
    return region.slug if region else None


def report_context(report, agency_region, agency_province) -> Context:
    regions = [r for r in (report.region, *report.regions) if r]
    return Context(
        front={a.slug for a in report.agencies},
        organizer=report.organizer.slug if report.organizer else None,
        region=report.region.slug if report.region else None,
        provinces={_province(r) for r in regions},
        agency_region=agency_region, agency_province=agency_province,
    )


def directory_salt(variants, agency_region, agency_province, url_of_agency) -> str:
    """What every report's links depend on besides the report: the name table, the
    agencies' regions and addresses, and this plugin's code."""
    table = sorted((v.text, v.agency, v.specific) for v in variants)  # built from sets: any order
    return fingerprint(folders_fingerprint(Path(__file__).parent), table, sorted(agency_region.items()), sorted(agency_province.items()),
                       sorted(url_of_agency.items()))


def link_reports(portal, generators) -> None:
    settings = generators[0].settings
    options = {key: settings.get(key, value) for key, value in DEFAULTS.items()}
    variants = directory_variants(portal.agencies.values())
    agency_region = {a.slug: a.region.slug if a.region else None for a in portal.agencies.values()}
    agency_province = {a.slug: _province(a.region) for a in portal.agencies.values()}
    url_of_agency = {a.slug: f"{settings['SITEURL']}/{a.url}" for a in portal.agencies.values()}
    # A rebuild gives almost every report the same HTML and context: its links are taken
    # from the last build (a tenth of a second per 100 reports otherwise).
    cache = ItemCache(os.path.join(settings["CACHE_PATH"], NAME, "links.pickle"))
    salt = directory_salt(variants, agency_region, agency_province, url_of_agency)
    matcher = functools.cache(lambda: AgencyMatcher(variants))  # built only when a report is not in the cache
    for report in portal.reports.values():
        article = report.content
        ctx = report_context(report, agency_region, agency_province)
        key = fingerprint(salt, article._content, sorted(ctx.front), ctx.organizer, ctx.region, sorted(ctx.provinces))
        result = cache.get(report.slug, key)
        if result is None:
            result = link_agencies(article._content, matcher(), ctx, url_of_agency.__getitem__)
            cache.put(report.slug, key, result)
        article._content = result.html
        report.mentioned = [portal.agencies[s] for s in result.mentioned]
        for agency in report.mentioned:
            if report not in agency.reports:
                agency.mentioned_in.append(report)
        if options["AGENCY_LINKS_HINTS"]:
            body, first_line = article.metadata["portal_body"]
            for hint in unknown_agencies(body, matcher(), first_line):
                problem = Problem(display_path(article.source_path), hint.line, "",
                                  f'"{hint.phrase}" tampak seperti nama instansi yang belum ada di direktori',
                                  "jika memang instansi, tambahkan ke content/instansi/ atau sebagai alias instansi yang ada",
                                  severity="hint")
                log.warning("%s: saran: %s", NAME, problem, extra={"problem": problem})
    cache.save()  # results are a function of their keys: kept even if the build fails later
    log.info("%s: tautan instansi di %d berita (%d dari build sebelumnya)", NAME, len(portal.reports), cache.hits)


def register():
    portal_ready.connect(link_reports)

"""agency_links: link every agency a report names to its page, once.

Builds the variant table and the automaton once from the directory
(variants.py, matcher.py), then rewrites each report's HTML (linker.py) and
records which agencies each report mentions in the shared model. With
AGENCY_LINKS_HINTS on (as `invoke check` does) it also lists phrases that look
like agencies missing from the directory (hints.py).
"""

from __future__ import annotations

import logging

from content_model import portal_ready
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


def link_reports(portal, generators) -> None:
    settings = generators[0].settings
    options = {key: settings.get(key, value) for key, value in DEFAULTS.items()}
    matcher = AgencyMatcher(directory_variants(portal.agencies.values()))
    agency_region = {a.slug: a.region.slug if a.region else None for a in portal.agencies.values()}
    agency_province = {a.slug: _province(a.region) for a in portal.agencies.values()}
    siteurl = settings["SITEURL"]
    for report in portal.reports.values():
        article = report.content
        ctx = report_context(report, agency_region, agency_province)
        result = link_agencies(article._content, matcher, ctx,
                               lambda slug: f"{siteurl}/{portal.agencies[slug].url}")
        article._content = result.html
        report.mentioned = [portal.agencies[s] for s in result.mentioned]
        for agency in report.mentioned:
            if report not in agency.reports:
                agency.mentioned_in.append(report)
        if options["AGENCY_LINKS_HINTS"]:
            body, first_line = article.metadata["portal_body"]
            for hint in unknown_agencies(body, matcher, first_line):
                problem = Problem(display_path(article.source_path), hint.line, "",
                                  f'"{hint.phrase}" tampak seperti nama instansi yang belum ada di direktori',
                                  "jika memang instansi, tambahkan ke content/instansi/ atau sebagai alias instansi yang ada",
                                  severity="hint")
                log.warning("%s: saran: %s", NAME, problem, extra={"problem": problem})


def register():
    portal_ready.connect(link_reports)

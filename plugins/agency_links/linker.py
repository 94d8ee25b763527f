"""Link the first mention of each agency in a report's HTML.

A streaming rewrite with the standard library's HTML parser: every tag,
entity and comment is written back exactly as it came; only text outside
links, headings and code gains <a> elements around agency names. What a
reader sees does not change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from content_model.passthrough import PassThroughParser

from .matcher import AgencyMatcher, Match

# Never link inside these: an existing link, a heading, code, or non-text.
SKIP_TAGS = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "script",
             "style", "textarea", "button", "select", "option", "svg", "math", "template", "title"}
# A name followed by these stands for many agencies, not one:
# "Dinas Sosial Kabupaten/Kota", "Dinas Sosial se-Kalimantan Barat", "Dinas Sosial/Dinas yang ...".
PLURAL_AFTER = re.compile(
    r"\s*(?:/|se\s*-|se\s|(?:kabupaten|kab\.?)\s*/\s*kota|kota\s*/\s*kabupaten|kab/kota|"
    r"kabupaten\s+dan\s+kota|provinsi\s+dan\s+kabupaten|kabupaten/kota)", re.IGNORECASE)


@dataclass
class Context:
    """What a report tells about which agency a regionless name means."""

    front: set[str] = field(default_factory=set)  # slugs in its front matter
    organizer: str | None = None
    region: str | None = None  # slug of the event's region
    provinces: set[str] = field(default_factory=set)  # province of the event and of regions it is about
    agency_region: dict[str, str | None] = field(default_factory=dict)  # slug -> region slug, whole directory
    agency_province: dict[str, str | None] = field(default_factory=dict)


def resolve(candidates: dict[str, bool], ctx: Context, named_before: list[str]) -> str | None:
    """The one agency a mention stands for, or None when the context cannot tell.

    Each rule narrows the candidates; the first rule that leaves exactly one
    decides, a rule that leaves none is skipped.
    """
    pool = list(candidates)
    if len(pool) == 1 and candidates[pool[0]]:
        return pool[0]
    rules = [
        lambda s: s in ctx.front,
        lambda s: candidates[s],
        lambda s: s == ctx.organizer,
        lambda s: s in named_before,
        lambda s: ctx.agency_region.get(s) == ctx.region,
        lambda s: ctx.agency_province.get(s) in ctx.provinces,
    ]
    for rule in rules:
        narrowed = [s for s in pool if rule(s)]
        if len(narrowed) == 1:
            return narrowed[0]
        if narrowed:
            pool = narrowed
    return None


class _Rewriter(PassThroughParser):
    """Writes the HTML back as it came, linking names only in text outside SKIP_TAGS."""

    def __init__(self, link_text):
        super().__init__()
        self.open_skips: list[str] = []
        self.link_text = link_text

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        if tag in SKIP_TAGS:
            self.open_skips.append(tag)

    def handle_endtag(self, tag):
        super().handle_endtag(tag)
        if tag in self.open_skips:
            while self.open_skips and self.open_skips.pop() != tag:
                pass

    def handle_data(self, data):
        self.out.append(data if self.open_skips else self.link_text(data))


@dataclass
class LinkResult:
    html: str
    linked: list[str]  # slugs linked, in order of first mention
    mentioned: list[str]  # every agency resolved in the text, in order


def link_agencies(html: str, matcher: AgencyMatcher, ctx: Context, url_of) -> LinkResult:
    """Wrap the first resolvable mention of each agency in a link to url_of(slug)."""
    linked: list[str] = []
    named: list[str] = []

    def link_text(text: str) -> str:
        pieces, pos = [], 0
        for match in matcher.find(text):
            slug = _slug_for(match, text, ctx, named)
            if slug is None:
                continue
            if slug not in named:
                named.append(slug)
            if slug in linked:
                continue
            linked.append(slug)
            pieces += [text[pos:match.start],
                       f'<a class="agency-link" href="{escape(url_of(slug))}">{text[match.start:match.end]}</a>']
            pos = match.end
        pieces.append(text[pos:])
        return "".join(pieces)

    return LinkResult(_Rewriter(link_text).result(html), linked, named)


def _slug_for(match: Match, text: str, ctx: Context, named: list[str]) -> str | None:
    specific_only = all(match.entry.candidates.values())
    # A regionless name in lower case ("dinas sosial kabupaten/kota") is a common
    # noun, and one followed by a plural marker stands for many agencies.
    if not specific_only and (text[match.start].islower() or PLURAL_AFTER.match(text, match.end)):
        return None
    return resolve(match.entry.candidates, ctx, named)

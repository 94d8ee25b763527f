"""unchanged_pages: a report page made from the same inputs is not rendered again.

A rebuild after one edit used to render every report page anew, and all but
a handful came out byte for byte as before. Each report page now gets a
fingerprint of everything it is made from:

- the site: our plugins' code, the theme's files, the settings, the versions
  of the packages that render, and every source file that is not a report
  (agencies, programs, regions, pages: names and links in every report);
- the report: its source file, its final HTML (agency links and photos
  already in), summary and address, and its previous and next reports'
  titles and addresses.

When the fingerprint equals the one recorded for the same file in the last
build that was swapped into the same output folder, and that file is still
there, it is hard-linked (or copied) into the new site instead of rendered.
Another plugin's page or feed can take part by passing `reuse_key` to the
writer's write_file or write_feed: a text that changes whenever anything on
the page does (the timeline's pages per year and the agency and program
feeds do; a writer that takes it has TAKES_REUSE_KEY).

Pelican's listings of reports (the paginated home page, topic and category
pages, the archives per year and month: LISTINGS) are rendered only when
what they show changed: a listing page's fingerprint is made of the site's,
the archive's outline (every published report's address, date, title,
category and topics, and how many reports, agencies, programs and regions
there are: the home page's counts, the archive's years and months, every
page number) and the fingerprints of the reports it lists. Its text then
comes from the last build (Pelican writes it as if rendered). A listing
template that shows more about reports it does not list must add that to
`outline`. Agency, program and region pages, the site's own feed and the
search index are always made anew: they gather many reports.

The record is read and deleted when a build starts writing and written again
only once safe_build has swapped the new site in, so a build that fails, or
stops half-way, leaves no record that could describe a site other than the
one in the output folder. `invoke check` writes nothing and leaves it alone.
The previous site must be in the output folder: a fresh CI checkout has none,
so there every page is rendered (the content, image and search caches still
serve it).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import re

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.writers import Writer

from content_model import portal_ready
from content_model.fingerprint import fingerprint, folders_fingerprint
from content_model.output import publish_copy

log = logging.getLogger(__name__)
NAME = "unchanged_pages"
PACKAGES = ("pelican", "jinja2", "markdown-it-py", "babel", "pillow", "pygments", "markupsafe")
LISTINGS = {"index", "tag", "category", "period_archives"}  # Pelican's templates that list reports


class _State:
    final = ""  # the output folder the site is swapped into
    record_path = ""
    previous: dict[str, str] = {}  # save_as -> fingerprint, of the site now in `final`
    current: dict[str, str] = {}
    site = ""  # fingerprint of everything every report page shares
    outline = ""  # fingerprint of what every listing page may show of the whole archive
    digests: dict[str, str] = {}  # report source path -> page_digest, once per build
    reused: dict[str, int] = {}  # pages taken from the last build: "berita" (reports), "daftar" (LISTINGS), "lain" (reuse_key)
    rendered: dict[str, int] = {}


_state = _State()


_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def settings_digest(settings) -> str:
    """The settings as JSON; object addresses dropped, and the paths of this
    particular build (staging folder, caches) left out."""
    stable = {k: v for k, v in settings.items() if k.isupper() and not k.endswith("PATH")}
    text = json.dumps(stable, sort_keys=True, default=lambda o: _ADDRESS.sub("", repr(o)))
    return fingerprint(text)


def site_digest(settings, generators) -> str:
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package}=={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} missing")
    sources = []
    for gen in generators:
        if isinstance(gen, PagesGenerator):
            for page in sorted([*gen.pages, *gen.hidden_pages, *gen.draft_pages], key=lambda p: p.source_path):
                with open(page.source_path, "rb") as handle:
                    sources += [page.source_path, handle.read()]
    return fingerprint(settings_digest(settings), folders_fingerprint(*settings.get("PLUGIN_PATHS", [])),
                   folders_fingerprint(settings["THEME"]), *versions, *sources)


def page_digest(site: str, article) -> str:
    with open(article.source_path, "rb") as handle:
        source = handle.read()
    around = []
    for other in (getattr(article, "prev_article", None), getattr(article, "next_article", None)):
        around += [other.url, other.title] if other is not None else ["", ""]
    return fingerprint(site, source, article.content, article.summary or "", article.url, article.save_as, *around)


def record_path(settings, final: str) -> str:
    return os.path.join(settings["CACHE_PATH"], NAME, hashlib.sha256(os.path.abspath(final).encode()).hexdigest()[:16] + ".json")


def start(pelican) -> None:
    """On initialized (before safe_build points Pelican at its staging folder)."""
    _state.final = os.path.abspath(pelican.output_path)
    _state.record_path = record_path(pelican.settings, _state.final)
    _state.current, _state.site, _state.outline, _state.previous, _state.digests = {}, "", "", {}, {}
    _state.reused = {"berita": 0, "daftar": 0, "lain": 0}
    _state.rendered = dict.fromkeys(_state.reused, 0)


def keep_site(portal, generators) -> None:
    _state.site = site_digest(generators[0].settings, generators)
    _state.outline = outline(portal, generators)


def outline(portal, generators) -> str:
    """What a listing page may show of reports it does not list."""
    rows = []
    for gen in generators:
        if isinstance(gen, ArticlesGenerator):
            for article in sorted(gen.articles, key=lambda a: a.source_path):
                rows.append([article.url, article.date.isoformat(), article.title, str(getattr(article, "category", "")),
                             sorted(str(tag) for tag in getattr(article, "tags", []))])
    counts = [len(portal.reports), len(portal.agencies), len(portal.programs), len(portal.regions)]
    return fingerprint(json.dumps(rows, ensure_ascii=False), *map(str, counts))


def _digest(article) -> str:
    """page_digest of a report, once per build (a report page and several listings ask)."""
    if article.source_path not in _state.digests:
        _state.digests[article.source_path] = page_digest(_state.site, article)
    return _state.digests[article.source_path]


class _Listing:
    """A listing template whose pages are taken from the last build when what they show is the same."""

    def __init__(self, writer: "ReusingWriter", template, template_name: str):
        self.writer, self.template, self.template_name = writer, template, template_name

    def render(self, context) -> str:
        name = context["output_file"]
        page = context.get("articles_page")
        listed = page.object_list if page is not None else context.get("dates") or context.get("articles") or []
        numbers = [page.number, page.paginator.num_pages] if page is not None else [0, 0]
        made_from = fingerprint(_state.site, _state.outline, self.template_name, name, *map(str, numbers),
                                *(_digest(article) for article in listed))
        text = self.writer._previous_text(name, made_from)
        return text if text is not None else self.template.render(context)


class ReusingWriter(Writer):
    TAKES_REUSE_KEY = True  # write_feed too: entity_feeds asks before passing one

    @staticmethod
    def _previous(name: str, made_from: str, kind: str) -> str | None:
        """The last build's file `name` if it was made from the same inputs, else None
        (to be made now); recorded and counted under `kind` either way."""
        _state.current[name] = made_from
        previous = os.path.join(_state.final, name)
        if _state.previous.get(name) != made_from or not os.path.isfile(previous):
            _state.rendered[kind] += 1
            return None
        _state.reused[kind] += 1
        return previous

    def _reused(self, name: str, made_from: str, kind: str) -> str | None:
        """Link the file from the last build if it was made from the same inputs;
        the path it was linked to, or None (to be made now)."""
        previous = self._previous(name, made_from, kind)
        if previous is None:
            return None
        path = os.path.join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        publish_copy(previous, path)
        return path

    def _previous_text(self, name: str, made_from: str) -> str | None:
        """The last build's text of a listing page made from the same inputs, or None (render it)."""
        previous = self._previous(name, made_from, "daftar")
        if previous is None:
            return None
        with open(previous, encoding="utf-8") as handle:
            return handle.read()

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", override_output=False,
                   feed_title=None, reuse_key=None):
        if reuse_key is not None and _state.site and path:
            made_from = fingerprint(_state.site, feed_type, url or "", feed_title or "", reuse_key)
            if self._reused(path, made_from, "lain"):
                return None
        return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        article, reuse_key = kwargs.get("article"), kwargs.get("reuse_key")
        if article is None and reuse_key is None and template_name in LISTINGS and _state.site and name:
            template = _Listing(self, template, template_name)
        if (article is None and reuse_key is None) or not _state.site or not name:
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)
        kind = "berita" if article is not None else "lain"
        made_from = _digest(article) if article is not None else fingerprint(_state.site, reuse_key)
        path = self._reused(name, made_from, kind)
        if path is None:
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)
        # As Pelican's writer does after writing: the sitemap and others listen.
        localcontext = context.copy()
        localcontext.update(localsiteurl=context.get("localsiteurl"), output_file=name, **kwargs)
        signals.content_written.send(path, context=localcontext)


def writer(pelican):
    """On get_writer: a build is about to write (`invoke check` never gets
    here, so it leaves the record alone). The record is taken out of the
    cache now; it comes back only with the next swapped-in site."""
    try:
        with open(_state.record_path, encoding="utf-8") as handle:
            _state.previous = json.load(handle)
        os.remove(_state.record_path)
    except (OSError, ValueError):
        _state.previous = {}
    return ReusingWriter


def save_record(final: str) -> None:
    """On safe_build's swapped: the new site is in place; record what made its pages."""
    if os.path.abspath(final) != _state.final or not _state.current:
        return
    os.makedirs(os.path.dirname(_state.record_path), exist_ok=True)
    tmp = f"{_state.record_path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(_state.current, handle, sort_keys=True)
    os.replace(tmp, _state.record_path)
    log.info("%s: %d halaman berita dipakai ulang, %d dibuat ulang; %d halaman daftar dipakai ulang, %d dibuat ulang; "
             "%d halaman lain dipakai ulang, %d dibuat ulang", NAME, _state.reused["berita"], _state.rendered["berita"],
             _state.reused["daftar"], _state.rendered["daftar"], _state.reused["lain"], _state.rendered["lain"])


def register():
    import safe_build  # loaded after this plugin: importable only once every plugin is

    signals.initialized.connect(start)
    portal_ready.connect(keep_site)
    signals.get_writer.connect(writer)
    safe_build.swapped.connect(save_record)

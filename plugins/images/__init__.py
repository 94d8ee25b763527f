"""images: photos that are light on a phone and safe to publish, and a social card for every page.

Every photo a document uses (a report's lead photo, `image:` in its front
matter, and every Markdown image in any body) is checked, turned upright by
its EXIF orientation, stripped of EXIF (GPS above all) and every other piece
of metadata, converted to sRGB and saved at a few widths as WebP with a JPEG
fallback (PNG when it has transparency). The HTML gets <picture> with
srcset, sizes, width and height. The original file is never published.

Every report, agency and program page, and the site as a whole, gets a
1200 x 630 card for link previews (og:image, twitter:image), drawn from its
title, date and organiser with a font installed from PyPI.

Derivatives and cards are cached under IMAGES_CACHE_PATH, keyed by a hash of
the photo's bytes (or the card's text) and of the options, and copied into
the output; a build with unchanged photos decodes nothing. How it works:
docs/images.md.
"""

from __future__ import annotations

import logging
import os
import re

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from unidecode import unidecode

from content_model import portal_ready
from content_model.problems import ContentError, Problem
from content_model.reader import display_path
from content_model.output import publish_copy
from content_model.records import Agency, Program, Report

from . import cards
from .markup import Placed, figure, picture, plain, rewrite_images, social_tags
from .photos import Options, PhotoError, make_photo_set

log = logging.getLogger(__name__)
NAME = "images"
DEFAULTS = {
    "IMAGES_WIDTHS": (480, 800, 1200),  # derivative widths in pixels; never wider than the original
    "IMAGES_WEBP_QUALITY": 75,
    "IMAGES_JPEG_QUALITY": 80,
    "IMAGES_MAX_PIXELS": 60_000_000,  # larger photos are refused as possible decompression bombs
    "IMAGES_FORMATS": ("JPEG", "PNG", "WEBP"),  # what editors may upload (Pillow format names)
    "IMAGES_CACHE_PATH": "cache/images",
    "IMAGES_OUTPUT_DIR": "foto",  # derivatives: /foto/<name>-<hash>-<width>.<ext>
    "IMAGES_CARD_DIR": "kartu",  # social cards: /kartu/<kind>/<slug>-<hash>.png
    # The width each photo takes on the page (theme/static/css/portal.css: .report, .prose, .wrap).
    "IMAGES_LEAD_SIZES": "(min-width: 50rem) 48rem, calc(100vw - 2rem)",
    "IMAGES_BODY_SIZES": "(min-width: 44rem) 42rem, calc(100vw - 2rem)",
    "IMAGES_CARD_FONT_PACKAGE": "font_source_sans_pro",  # a PyPI package shipping the .ttf files
    "IMAGES_CARD_FONTS": {"bold": "SourceSansPro-Bold.ttf", "regular": "SourceSansPro-Regular.ttf"},
    # Start drawing the missing cards as soon as the model is ready. `invoke check`, which
    # writes nothing, turns it off.
    "IMAGES_DRAW_CARDS": True,
}
SITE_CARD = ("situs", "")
_state: dict = {}  # the current build's photos and cards, from portal_ready until finalized
SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
LINK_MARKERS = ("{static}", "{attach}", "{filename}")


def setting(settings, key):
    return settings.get(key, DEFAULTS[key])


def options(settings) -> Options:
    return Options(
        widths=tuple(int(w) for w in setting(settings, "IMAGES_WIDTHS")),
        webp_quality=int(setting(settings, "IMAGES_WEBP_QUALITY")),
        jpeg_quality=int(setting(settings, "IMAGES_JPEG_QUALITY")),
        max_pixels=int(setting(settings, "IMAGES_MAX_PIXELS")),
        formats=tuple(setting(settings, "IMAGES_FORMATS")),
    )


def resolve_src(src: str, document_path: str, content_root: str) -> str:
    """The file a photo reference names: beside the document first, then from
    the content folder; `/images/x.jpg` is content/images/x.jpg. Raises PhotoError."""
    raw = src.strip()
    for marker in LINK_MARKERS:  # Pelican's link syntax, in case an editor knows it
        raw = raw.removeprefix(marker)
    if SCHEME.match(raw):
        raise PhotoError(f'foto "{src}" bukan berkas di repositori',
                         "simpan fotonya di content/images/ (atau di samping berkas berita) lalu tulis "
                         "alamat berkasnya, misalnya /images/rakor-pkh.jpg; foto dari situs lain tidak dipakai "
                         "agar pembaca tidak dilacak dan foto tidak hilang")
    rel = re.split(r"[?#]", raw, maxsplit=1)[0]
    root = os.path.realpath(content_root)
    if rel.startswith("/"):
        candidates = [os.path.join(root, rel.lstrip("/"))]
    else:
        candidates = [os.path.join(os.path.dirname(os.path.realpath(document_path)), rel), os.path.join(root, rel)]
    for candidate in candidates:
        candidate = os.path.realpath(candidate)
        if os.path.commonpath([candidate, root]) == root and os.path.isfile(candidate):
            return candidate
    tried = " atau ".join(dict.fromkeys(display_path(os.path.normpath(c)) for c in candidates))
    raise PhotoError(f'berkas foto "{src}" tidak ditemukan (dicari: {tried})',
                     "periksa nama berkas (huruf besar dan kecil dibedakan) dan letaknya: di samping berkas "
                     "berita, atau di content/images/ ditulis /images/nama-foto.jpg")


def _stem(path: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", unidecode(os.path.splitext(os.path.basename(path))[0]).lower()).strip("-")
    return stem[:60].strip("-") or "foto"


def _line_of(needle: str, body: str, first_line: int) -> int:
    index = body.find(needle) if needle else -1
    return first_line + body[:index].count("\n") if index >= 0 else first_line


class _Photos:
    """The photos of one build: processed once each, problems collected."""

    def __init__(self, settings):
        self.settings = settings
        self.options = options(settings)
        self.cache = os.path.abspath(setting(settings, "IMAGES_CACHE_PATH"))
        self.folder = setting(settings, "IMAGES_OUTPUT_DIR").strip("/")
        self.siteurl = settings["SITEURL"]
        self.content_root = settings["PATH"]
        self.placed: dict[str, Placed] = {}
        self.failed: dict[str, PhotoError] = {}
        self.files: dict[str, str] = {}  # output path -> cached file
        self.problems: list[Problem] = []
        self.made = 0

    def place(self, src: str, document_path: str) -> Placed:
        path = resolve_src(src, document_path, self.content_root)
        if path in self.failed:
            raise self.failed[path]
        if path not in self.placed:
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
                photos, made = make_photo_set(data, self.options, self.cache)
            except PhotoError as err:
                self.failed[path] = PhotoError(f"{display_path(path)}: {err.message}", err.fix)
                raise self.failed[path] from None
            except OSError as err:
                raise PhotoError(f"{display_path(path)} tidak bisa dibaca ({err.strerror})",
                                 "periksa izin berkas") from None
            self.made += made
            urls = {}
            for d in photos.derivatives:
                rel = f"{self.folder}/{_stem(path)}-{photos.key[:10]}-{d.width}.{d.ext}"
                self.files[rel] = os.path.join(photos.folder, d.file)
                urls[d] = f"{self.siteurl}/{rel}"
            self.placed[path] = Placed(photos, urls)
        return self.placed[path]

    def lead(self, report: Report) -> str:
        image = report.image
        try:
            placed = self.place(image.src, report.content.source_path)
        except PhotoError as err:
            self.problems.append(Problem(report.path, image.line, "image.src", err.message, err.fix))
            return ""
        return figure(placed, image.alt, setting(self.settings, "IMAGES_LEAD_SIZES"), image.caption, image.credit,
                      lead=True)

    def body(self, content) -> None:
        """Rewrite every <img> of one document's HTML."""
        body, first_line = content.metadata.get("portal_body", ("", 1))
        path = display_path(content.source_path)
        sizes = setting(self.settings, "IMAGES_BODY_SIZES")

        def render(attrs: dict[str, str], alone: bool) -> str:
            src, alt, title = attrs.get("src", ""), attrs.get("alt", "").strip(), attrs.get("title", "").strip()
            line = _line_of(src, body, first_line)
            if not alt:
                self.problems.append(Problem(
                    path, line, "", f'foto "{src}" tidak punya teks alt',
                    "tulis isi foto di antara kurung siku untuk pembaca yang tidak dapat melihatnya: "
                    f'![Peserta rapat di aula]({src} "Keterangan foto")'))
            try:
                placed = self.place(src, content.source_path)
            except PhotoError as err:
                self.problems.append(Problem(path, line, "", err.message, err.fix))
                return ""
            if alone:
                return figure(placed, alt, sizes, caption=title)
            return picture(placed, alt, sizes, title=title)

        content._content = rewrite_images(content._content, render)


def _documents(generators):
    for gen in generators:
        if isinstance(gen, ArticlesGenerator):
            yield from (*gen.articles, *gen.drafts, *gen.hidden_articles)
        elif isinstance(gen, PagesGenerator):
            yield from (*gen.pages, *gen.hidden_pages, *gen.draft_pages)


def _card_of(record, site: str) -> tuple[tuple[str, str], cards.Card] | None:
    # The `indonesian` plugin is loaded after this one (Pelican loads plugins in
    # order, each into sys.modules), so it is imported when first needed.
    from indonesian import rentang, tanggal

    if isinstance(record, Report):
        when = (tanggal(record.event_start, "full") if record.event_end in (None, record.event_start)
                else rentang(record.event_start, record.event_end))
        lines = (when, record.organizer.title if record.organizer else "")
        return ("berita", record.slug), cards.Card("Berita", record.title, lines, site)
    if isinstance(record, Agency):
        where = f"Instansi tingkat {record.level}" + (f" · {record.region.title}" if record.region else "")
        lines = (where, f"Bagian dari {record.parent.title}" if record.parent else "")
        return ("instansi", record.slug), cards.Card("Instansi", record.title, lines, site)
    if isinstance(record, Program):
        title = f"{record.title} ({record.short_name})" if record.short_name else record.title
        lines = (f"Penanggung jawab: {record.agency.title}" if record.agency else "",)
        return ("program", record.slug), cards.Card("Program", title, lines, site)
    return None


def process(portal, generators) -> None:
    """On portal_ready: every photo checked and made (or found in the cache),
    every <img> rewritten; any problem stops the build before anything is written."""
    settings = generators[0].settings
    photos = _Photos(settings)
    leads = {}
    for report in portal.reports.values():
        if report.image is not None:
            leads[report.slug] = photos.lead(report)
    for content in _documents(generators):
        photos.body(content)
    try:
        fonts = cards.find_fonts(setting(settings, "IMAGES_CARD_FONT_PACKAGE"), setting(settings, "IMAGES_CARD_FONTS"))
    except cards.FontMissing as err:
        photos.problems.append(Problem("requirements.txt", 0, "", f"{err}; kartu pratinjau tautan tidak bisa digambar",
                                       "pasang paket proyek: .venv/bin/pip install -r requirements.txt"))
    if photos.problems:
        for problem in sorted(set(photos.problems)):
            log.error("%s: %s", NAME, problem)
        raise ContentError(f"{NAME}: {len(set(photos.problems))} masalah pada foto; situs tidak dibangun "
                           "dan hasil build sebelumnya tidak diubah")
    log.info("%s: %d foto, %d diproses, %d dari cache", NAME, len(photos.placed), photos.made,
             len(photos.placed) - photos.made)

    site = settings["SITENAME"]
    folder = setting(settings, "IMAGES_CARD_DIR").strip("/")
    card_list = {SITE_CARD: cards.Card("", site, (settings.get("SITESUBTITLE", ""),), site)}
    for record in [*portal.reports.values(), *portal.agencies.values(), *portal.programs.values()]:
        found = _card_of(record, site)
        if found:
            card_list[found[0]] = found[1]
    card_files = {}
    for (kind, slug), card in card_list.items():
        key = card.key(fonts)
        rel = f"{folder}/{kind}-{key[:10]}.png" if not slug else f"{folder}/{kind}/{slug}-{key[:10]}.png"
        card_files[kind, slug] = (rel, card)
    _state.update(photos=photos, leads=leads, cards=card_files, fonts=fonts, settings=settings)
    if setting(settings, "IMAGES_DRAW_CARDS"):
        # Drawn from now on by workers, collected on finalized: the agency links and
        # the other plugins' work on the model that comes next keep only one core
        # busy (a tenth of a 10,000-report build), then Pelican writes the pages.
        _state["drawing"] = cards.Drawing([card for _, card in card_files.values()], fonts, photos.cache)


def write_files(pelican) -> None:
    """On finalized: collect the cards drawn since portal_ready and put every
    derivative and card into the output."""
    if "photos" not in _state:
        return
    state = dict(_state)
    _state.clear()
    output = pelican.output_path
    files = dict(state["photos"].files)
    drawn = 0
    drawing = state.get("drawing") or cards.Drawing([c for _, c in state["cards"].values()], state["fonts"],
                                                    state["photos"].cache)
    for (rel, _), (path, made) in zip(state["cards"].values(), drawing.results()):
        drawn += made
        files[rel] = path
    for rel, source in sorted(files.items()):
        target = os.path.join(output, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        publish_copy(source, target)
    log.info("%s: %d kartu, %d digambar, %d dari cache; %d berkas dipasang di %s", NAME, len(state["cards"]), drawn,
             len(state["cards"]) - drawn, len(files), output)


def _card_for(record):
    cards_ = _state.get("cards", {})
    key = None
    if isinstance(record, (Report, Agency, Program)):
        key = _card_of(record, "")[0]
    return cards_.get(key) or cards_.get(SITE_CARD)


@pass_context
def social_meta(context, record=None, title: str = "", description: str = "") -> Markup:
    """Open Graph and Twitter Card tags: for a report, agency or program from
    its record, for any other page from its title and description."""
    siteurl = context.get("SITEURL", "")
    site = context.get("SITENAME", "")
    kind = "website"
    if record is not None:
        url = f"{siteurl}/{record.url}"
        title = record.title
        description = getattr(record, "summary", "") or record.title
        if isinstance(record, Report):
            kind = "article"  # its dates are in the JSON-LD (structured_data)
    else:
        output_file = context.get("output_file", "") or ""
        url = f"{siteurl}/{output_file.removesuffix('index.html')}"
    found = _card_for(record)
    if not found:
        return Markup("")
    rel, _ = found
    title = plain(title, 300)
    return Markup(social_tags(
        title=title, description=plain(description) or title, url=url, kind=kind, image=f"{siteurl}/{rel}",
        image_alt=title, site_name=site, width=cards.WIDTH, height=cards.HEIGHT))


def lead_photo(report) -> Markup:
    """The report's lead photo as a <figure>, or nothing."""
    return Markup(_state.get("leads", {}).get(report.slug, "") if report is not None else "")


def add_globals(generator) -> None:
    generator.env.globals.update(social_meta=social_meta, lead_photo=lead_photo)


def start(pelican) -> None:
    _state.clear()


def register():
    signals.initialized.connect(start)
    portal_ready.connect(process)
    signals.generator_init.connect(add_globals)
    signals.finalized.connect(write_files)

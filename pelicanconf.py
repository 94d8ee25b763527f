"""Pelican settings for local work. publishconf.py overrides what production changes."""

import hashlib
import importlib.metadata
import logging
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "Arsip Informasi Publik Pemerintah Daerah"
SITESUBTITLE = "Laporan kegiatan, instansi, program, dan data pemerintah daerah"
SITEURL = ""  # root-relative links for `invoke build` and `invoke serve`
AUTHOR = "Redaksi Diskominfo"
DEFAULT_LANG = "id"
TIMEZONE = "Asia/Makassar"  # WITA: Kalimantan Timur, NTT; reports give local times

PATH = "content"
OUTPUT_PATH = "output"
THEME = str(ROOT / "theme")
# Pelican's Jinja options, plus auto_reload off: Jinja otherwise checks each
# template file's time on every page it renders (27,000 checks for 2,000
# reports), and every build (`invoke serve` too) starts with new templates.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "auto_reload": False}
PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = [
    "content_model",
    # Pelican's period archives, tag and category pages without its quadratic lookups.
    "linear_archives",
    # Jinja filters for Indonesian dates and numbers; other plugins import them.
    "indonesian",
    # Before agency_links: a bad photo stops the build first, and captions are text to link.
    "images",
    "agency_links",
    "entity_feeds",
    "timeline",
    "fact_charts",
    "open_data",
    "structured_data",
    "minify_css",
    # Report pages whose inputs did not change are taken from the last build.
    "unchanged_pages",
    "reproducible",
    "pelican.plugins.sitemap",
    "pelican.plugins.neighbors",
    # Pages go to Pagefind as they are written; its `finalized` waits for Pagefind and writes
    # the bundle, after the other plugins' `finalized` (cards, open data, sitemap), which run
    # meanwhile, and before safe_build swaps the site in.
    "search_index",
    # Last: its `finalized` handler swaps the finished site into OUTPUT_PATH and
    # must run after every other plugin has written (the sitemap writes then).
    "safe_build",
]

# Content layout: one folder per kind of document (docs/content-model.md).
ARTICLE_PATHS = ["berita"]
PAGE_PATHS = ["instansi", "program", "wilayah", "halaman"]
# Nothing under content/ is copied as it is: photos carry EXIF (GPS), so the
# images plugin publishes only the derivatives it makes (docs/images.md).
STATIC_PATHS = []
USE_FOLDER_AS_CATEGORY = False  # berita/<year>/ folders are not categories
SLUGIFY_SOURCE = "basename"  # the file name is the slug that documents refer to
# Folders under content/ become the `section` of a page and its URL prefix.
PATH_METADATA = r"(?P<section>instansi|program|wilayah|halaman)/.*"
FILENAME_METADATA = r"(?!)"  # never take a date from a file name

# URLs (DESIGN.md): pretty, Indonesian, stable.
ARTICLE_URL = "berita/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
DRAFT_URL = "draf/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
PAGE_URL = "{section}/{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
DRAFT_PAGE_URL = "draf/{section}/{slug}/"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL + "index.html"
CATEGORY_URL = "kategori/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "kategori/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tag/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_URL = "arsip/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "arsip/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "arsip/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"

# Listing pages built from the content model.
INDEX_URL = ""
DIRECT_TEMPLATES = [
    "index", "archives", "categories", "tags",
    "instansi_index", "program_index", "wilayah_index", "linimasa", "data",
    "cari",
]
CARI_SAVE_AS = "cari/index.html"  # search page (search_index plugin, docs/search.md)
INSTANSI_INDEX_SAVE_AS = "instansi/index.html"
PROGRAM_INDEX_SAVE_AS = "program/index.html"
WILAYAH_INDEX_SAVE_AS = "wilayah/index.html"
LINIMASA_SAVE_AS = "linimasa/index.html"
DATA_SAVE_AS = "data/index.html"
TEMPLATE_PAGES = {"robots.txt": "robots.txt", "404.html": "404.html"}

# Content-Security-Policy of every page (a meta tag: GitHub Pages sets no
# headers). The site's own files only; search (Pagefind) needs WebAssembly
# ('wasm-unsafe-eval') and fetches its index from the site. No inline script.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")

DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None}
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/hal/{number}/", "{base_name}/hal/{number}/index.html"),
]

# Feeds: one Atom feed of all reports for now; absolute links need FEED_DOMAIN.
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/semua.atom.xml"
FEED_MAX_ITEMS = 20  # the newest 20 reports per feed: a feed is news, the archive is the site
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

SITEMAP = {
    "format": "xml",
    "exclude": [r"^draf/", r"^404\.html$"],
}

# Markdown is rendered by content_model (markdown_html.py: CommonMark and
# GitHub tables with markdown-it-py), so Pelican's MARKDOWN setting is unused.

# Photos (docs/images.md): derivatives and social cards are cached here, keyed by
# content, and reused by every build; tests point it at a folder of their own.
IMAGES_CACHE_PATH = os.environ.get("PORTAL_IMAGES_CACHE") or str(ROOT / "cache" / "images")
IMAGES_WIDTHS = (480, 800, 1200)
IMAGES_MAX_PIXELS = 60_000_000

DELETE_OUTPUT_DIRECTORY = True
# Pelican's content cache: a file is read again only when its content changes
# (an md5 of the file, not its time, so a fresh CI checkout still hits the
# cache). The folder name carries a hash of the content model's code and of
# the Markdown renderer's version, so a change to the checks or the rendering
# never serves stale results. `invoke check` reads every
# file afresh so editors always see every warning.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "md5"
# Pelican gzips the cache at level 9 by default: 5 s per build for a
# 10,000-report archive, against under 1 s to write it plain (about 12 KB a
# report on disk; CI's actions/cache compresses the folder anyway).
GZIP_CACHE = False
CACHE_PATH = str(Path(os.environ.get("PORTAL_CACHE_PATH") or ROOT / "cache" / "pelican") / hashlib.md5(
    b"".join(p.read_bytes() for p in sorted((ROOT / "plugins" / "content_model").glob("*.py")))
    + importlib.metadata.version("markdown-it-py").encode()).hexdigest()[:12])

# Local builds have no absolute SITEURL by design; Pelican's warning about the
# feed is expected then (publishconf sets one). We write no reStructuredText,
# so docutils' lack of an Indonesian translation does not matter.
LOG_FILTER = [
    (logging.WARNING, "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid"),
    (logging.WARNING, "Docutils has no localization for '%s'. Using 'en' instead."),
]

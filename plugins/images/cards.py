"""Social cards: a 1200 x 630 picture for each page, for link previews.

What a card shows is a `Card` (a few lines of text); its file name holds a
hash of that text and of the drawing options, so a card is drawn once and
drawn again only when its text, the font or the design changes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
import json
import os
import sys
from dataclasses import asdict, dataclass

from PIL import Image, ImageDraw, ImageFont

DESIGN_VERSION = "6"  # bump when the drawing or encoding changes: cached cards are redrawn
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
COLORS = {"background": "#0b3d6b", "band": "#072a4a", "accent": "#f2b705", "text": "#ffffff", "soft": "#c9d8e8"}
# What a card draws on what: (ink, ground) for the site's name on the band,
# the label on its accent box, the title and the lines below it.
SITE, LABEL, TITLE, DETAIL = ("text", "band"), ("band", "accent"), ("text", "background"), ("soft", "background")
PAIRS = (SITE, LABEL, TITLE, DETAIL)
WORKER_NICENESS = 10  # added to the card workers' niceness (os.nice)
EDGE_STEPS = 15  # colours between ground and ink at the antialiased edge of a letter

class FontMissing(Exception):
    pass


@dataclass(frozen=True)
class Card:
    """The text of one card: a label (BERITA, INSTANSI ...), the title, and up
    to two lines below it (the date, the organiser)."""

    label: str
    title: str
    lines: tuple[str, ...] = ()
    site: str = ""

    def key(self, fonts: dict[str, str]) -> str:
        digest = hashlib.sha256(json.dumps([DESIGN_VERSION, asdict(self), COLORS], ensure_ascii=False).encode())
        for name in sorted(fonts):
            digest.update(_file_digest(fonts[name]).encode())
        return digest.hexdigest()


_digests: dict[str, str] = {}


def _file_digest(path: str) -> str:
    if path not in _digests:
        with open(path, "rb") as handle:
            _digests[path] = hashlib.sha256(handle.read()).hexdigest()
    return _digests[path]


def find_fonts(package: str, files: dict[str, str]) -> dict[str, str]:
    """Paths of the font files a Python package ships (no system font is used,
    so every machine draws the same card). Raises FontMissing."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FontMissing(f"paket fon {package} tidak terpasang")
    folder = os.path.join(list(spec.submodule_search_locations)[0], "files")
    paths = {name: os.path.join(folder, file) for name, file in files.items()}
    missing = [p for p in paths.values() if not os.path.isfile(p)]
    if missing:
        raise FontMissing(f"paket fon {package} tidak berisi {', '.join(os.path.basename(p) for p in missing)}")
    return paths


_faces: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}  # per process: loading a face costs more than a card


@dataclass
class _Fonts:
    paths: dict[str, str]

    def get(self, name: str, size: int) -> ImageFont.FreeTypeFont:
        key = (self.paths[name], size)
        if key not in _faces:
            # The basic layout: the same glyph placement whatever libraqm the machine has.
            _faces[key] = ImageFont.truetype(key[0], size, layout_engine=ImageFont.Layout.BASIC)
        return _faces[key]


_widths: dict[tuple[ImageFont.FreeTypeFont, str], float] = {}  # per process: (face, text) -> width in pixels
# Widths are added up word by word rather than measured for every longer
# line: Source Sans has no kerning across a space, so the sum is the width
# (checked against a measure on 2,000 titles). Within this many pixels of the
# limit the line is measured whole all the same.
WRAP_SLACK = 4


def _width(font: ImageFont.FreeTypeFont, text: str) -> float:
    key = (font, text)
    if key not in _widths:
        if len(_widths) > 200_000:  # an archive's title words at five sizes fit many times over
            _widths.clear()
        _widths[key] = font.getlength(text)
    return _widths[key]


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to `width` pixels; a word longer than a line is cut."""
    lines: list[str] = []
    current, current_width = "", 0.0
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        estimate = current_width + _width(font, f" {word}" if current else word)
        if estimate <= width - WRAP_SLACK or (estimate <= width + WRAP_SLACK and font.getlength(candidate) <= width):
            current, current_width = candidate, estimate
            continue
        if current:
            lines.append(current)
        while font.getlength(word) > width:  # a very long word: cut it where it overflows
            cut = max(1, next(i for i in range(len(word), 0, -1) if font.getlength(word[:i]) <= width))
            lines.append(word[:cut])
            word = word[cut:]
        current, current_width = word, _width(font, word)
    if current:
        lines.append(current)
    return lines


def _fit(text: str, fonts: _Fonts, width: int, height: int, sizes=(64, 58, 52, 46, 42)):
    """The largest title size at which the text fits the box (four lines at
    most); at the smallest size, the last line that fits ends with "…"."""
    for size in sizes:
        font = fonts.get("bold", size)
        line_height = round(size * 1.15)
        max_lines = max(1, min(4, height // line_height))
        lines = wrap(text, font, width)
        if len(lines) <= max_lines:
            return font, line_height, lines
    lines = lines[:max_lines]
    lines[-1] = _ellipsize(lines[-1], font, width, always=True)
    return font, line_height, lines


def _ellipsize(text: str, font, width: int, always: bool = False) -> str:
    """The text, cut to end with "…" if it is wider than `width` (or always)."""
    if not always and font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1].rstrip()
    return text + "…"


def ground(pair: tuple[str, str]) -> int:
    """Palette index of the pair's ground colour; its ink is EDGE_STEPS + 1 further."""
    return PAIRS.index(pair) * (EDGE_STEPS + 2)


def ink(pair: tuple[str, str]) -> int:
    return ground(pair) + EDGE_STEPS + 1


def draw(card: Card, font_paths: dict[str, str]) -> Image.Image:
    """The card as a palette image (mode P, palette()).

    Drawn on the palette straight away rather than in full colour and then
    mapped to it (which cost a third of a card's time): every (ink, ground)
    pair has its own run of palette entries, ground to ink, and the ground
    under a text is painted with its pair's ground entry. Pillow draws
    antialiased text on a palette image by blending the ground's index with
    the ink's, and so lands on the right step of that run."""
    fonts = _Fonts(font_paths)
    image, y = _header(card.site, card.label, fonts)
    image = image.copy()
    pen = ImageDraw.Draw(image)
    pen.fontmode = "L"  # Pillow's default for palette images is text without antialiasing
    inner = WIDTH - 2 * MARGIN

    detail_font = fonts.get("regular", 32)
    details = [_ellipsize(line, detail_font, inner) for line in card.lines if line][:2]
    details_top = HEIGHT - 16 - 48 - len(details) * 46
    title_font, line_height, title_lines = _fit(card.title, fonts, inner, details_top - 24 - y)
    for line in title_lines:
        _text(image, pen, (MARGIN, y), line, title_font, ink(TITLE))
        y += line_height
    if details:
        # The same colour as the background, on the entry of the details' own run.
        pen.rectangle((0, details_top - 12, WIDTH, HEIGHT - 17), fill=ground(DETAIL))
    for i, line in enumerate(details):
        _text(image, pen, (MARGIN, details_top + i * 46), line, detail_font, ink(DETAIL))
    return image


@functools.lru_cache(maxsize=4096)  # per process; about 8 kB a word at title size
def _word_mask(font: ImageFont.FreeTypeFont, word: str) -> tuple[Image.Image, int, int]:
    """The word's coverage as Pillow draws it, and where its box starts."""
    left, top, right, bottom = font.getbbox(word, anchor="la")
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), word, font=font, fill=255, anchor="la")
    return mask, left, top


def _text(image: Image.Image, pen: ImageDraw.ImageDraw, xy: tuple[int, int], line: str,
          font: ImageFont.FreeTypeFont, fill: int) -> None:
    """pen.text(xy, line, anchor="la"), word by word from masks drawn once a process.

    Rendering the glyphs was two thirds of a card's drawing, and titles of
    one archive share most of their words. A word's mask pasted with the ink
    blends exactly as Pillow's own text drawing does, and with the basic
    layout every advance is a whole pixel and there is no kerning across a
    space, so the card is the same pixel for pixel (tested on the titles of
    a synthetic and the real archive). Should an advance not be whole (another
    font), the rest of the line is drawn by Pillow."""
    x, y = xy
    words = line.split(" ")
    for i, word in enumerate(words):
        if x != int(x):
            pen.text((x, y), " ".join(words[i:]), font=font, fill=fill, anchor="la")
            return
        if word:
            mask, left, top = _word_mask(font, word)
            image.paste(fill, (int(x) + left, y + top), mask)
        x += _width(font, word) + _width(font, " ")


_headers: dict = {}  # per process: (fonts, site, label) -> (image, y below the label)


def _header(site: str, label: str, fonts: _Fonts) -> tuple[Image.Image, int]:
    """The card before its title and details: the band with the site's name, the
    accent rule, the label. The same for every report of a site, so drawn once a
    process (a tenth of a card's time)."""
    key = (tuple(sorted(fonts.paths.items())), site, label)
    if key in _headers:
        return _headers[key]
    image = Image.new("P", (WIDTH, HEIGHT), ground(TITLE))
    image.putpalette(_palette_bytes())
    pen = ImageDraw.Draw(image)
    pen.fontmode = "L"
    inner = WIDTH - 2 * MARGIN
    # Band at the top with the site's name, accent rule at the bottom: the portal's header.
    pen.rectangle((0, 0, WIDTH, 96), fill=ground(SITE))
    pen.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=ground(LABEL))
    site_font = fonts.get("bold", 30)
    pen.text((MARGIN, 48), _ellipsize(site, site_font, inner), font=site_font, fill=ink(SITE), anchor="lm")
    label_font = fonts.get("bold", 28)
    y = 140
    if label:
        label = label.upper()
        box = pen.textbbox((MARGIN, y), label, font=label_font, anchor="la")
        pen.rectangle((box[0] - 12, box[1] - 8, box[2] + 12, box[3] + 8), fill=ground(LABEL))
        pen.text((MARGIN, y), label, font=label_font, fill=ink(LABEL), anchor="la")
        y = box[3] + 36
    if len(_headers) > 64:  # a site has one name and a few labels; never grow without bound
        _headers.clear()
    _headers[key] = image, y
    return image, y


def _rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def palette() -> list[tuple[int, int, int]]:
    """The card's colours: for each pair of PAIRS, its ground, the steps of
    an antialiased edge, its ink."""
    colors = []
    for ink_name, ground_name in PAIRS:
        (r1, g1, b1), (r0, g0, b0) = _rgb(COLORS[ink_name]), _rgb(COLORS[ground_name])
        for step in range(EDGE_STEPS + 2):
            t = step / (EDGE_STEPS + 1)
            colors.append((round(r0 + (r1 - r0) * t), round(g0 + (g1 - g0) * t), round(b0 + (b1 - b0) * t)))
    return colors


@functools.cache
def _palette_bytes() -> bytes:
    return bytes(channel for color in palette() for channel in color)


PNG_LEVEL = 2  # zlib level of a card's PNG


def png_bytes(image: Image.Image) -> bytes:
    """A small PNG (about 26 kB): a card is a palette image. Encoding is most
    of a card's time, and zlib's fast levels (1 to 3) take half as long as 4
    and a third as long as Pillow's 6: level 2 encodes in 2.0 ms for 26 kB,
    4 in 4.3 ms for 22 kB, 6 in 5.9 ms for 19 kB (10,000 cards: 23 s of work
    less than level 4, for 48 MB more on a site GitHub Pages allows 1 GB)."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=PNG_LEVEL)
    return buffer.getvalue()


def render(card: Card, font_paths: dict[str, str], cache_root: str, path: str = "") -> tuple[str, bool]:
    """The card's file in the cache (path, if the caller has worked it out), drawn now
    if needed; returns (path, drawn)."""
    path = path or _cached(card, font_paths, cache_root)
    if os.path.isfile(path):
        return path, False
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as handle:
        handle.write(png_bytes(draw(card, font_paths)))
    os.replace(tmp, path)
    return path, True


def _render_job(job):
    return render(*job)


class Drawing:
    """render() for every card, started now and collected with results().

    A large archive's first build draws thousands of cards: they are drawn
    by worker processes on every core while Pelican goes on writing the
    pages, instead of after it. A handful is drawn in this process when
    the results are asked for."""

    def __init__(self, cards_: list[Card], font_paths: dict[str, str], cache_root: str):
        # Each card's key hashed once here, not again by the worker that draws it.
        self.jobs = [(card, font_paths, cache_root, _cached(card, font_paths, cache_root)) for card in cards_]
        missing = sum(1 for *_, path in self.jobs if not os.path.isfile(path))
        workers = min(os.cpu_count() or 1, 8)
        self.pool = self.pending = None
        if missing >= 32 and workers >= 2:
            import multiprocessing

            # multiprocessing's pool (not concurrent.futures'): if the build
            # fails before results(), it is terminated at exit, not waited for.
            # Workers run at a lower priority: the build process and the search
            # index are what the build waits for; cards fill the cores they leave.
            # Started fresh ("spawn"), not forked: they live while the whole site is
            # written, and a forked worker keeps its own copy of every page of the
            # build's memory that the build process changes meanwhile (measured).
            # Pelican imports plugins from PLUGIN_PATHS without leaving them on sys.path,
            # which is what a spawned worker gets to find this module.
            plugins = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
            if plugins not in sys.path:
                sys.path.append(plugins)
            self.pool = multiprocessing.get_context("spawn").Pool(workers, initializer=os.nice, initargs=(WORKER_NICENESS,))
            self.pending = self.pool.map_async(_render_job, self.jobs, chunksize=16)

    def results(self) -> list[tuple[str, bool]]:
        """(path, drawn now) of every card, in order."""
        if self.pool is None:
            return [_render_job(job) for job in self.jobs]
        try:
            return self.pending.get()
        finally:
            self.pool.close()
            self.pool.join()


def _cached(card: Card, font_paths: dict[str, str], cache_root: str) -> str:
    key = card.key(font_paths)
    return os.path.join(cache_root, "cards", key[:2], f"{key}.png")

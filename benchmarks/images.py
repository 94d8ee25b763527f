"""Images: what a phone downloads for a report's photo, and what making it costs.

The photos are camera-sized originals (4032 x 3024, 12.2 megapixels, JPEG
quality 92 with EXIF and GPS, as a phone writes them) made of real
photographs from scikit-image's bundled sample data laid side by side at
their own resolution, so they carry a photograph's detail; each is laid out
in another order. "Before" is the original as an editor uploads it, which a
site without this plugin would publish; "after" is the derivative a phone
375 CSS pixels wide at device pixel ratio 2 picks from the srcset (the lead
photo's slot is the screen less 2rem, 343 px, so 686 device pixels).

The baseline for the processing time is plain Pillow on the same file in
the same run: open, decode and save as JPEG quality 80 at full size. The
ratio says how much the whole pipeline (checks, EXIF orientation, sRGB,
three widths in WebP and JPEG) costs next to that one re-save.
"""

from __future__ import annotations

import importlib.util
import io
import random
import statistics
import tempfile
import time
from pathlib import Path

from PIL import ExifTags, Image

from images import cards
from images.photos import Options, make_photo_set

SIZE = (4032, 3024)
PHONE_CSS_WIDTH, PHONE_DPR, MARGINS = 375, 2, 32
SAMPLES = ["rocket.jpg", "astronaut.png", "coffee.png", "chelsea.png", "motorcycle_left.png",
           "hubble_deep_field.jpg", "retina.jpg", "ihc.png", "motorcycle_right.png"]


def _sample_folder() -> Path:
    spec = importlib.util.find_spec("skimage")
    if spec is None:
        raise SystemExit("GALAT: the images benchmark needs scikit-image's sample photos: "
                         ".venv/bin/pip install -r requirements-dev.txt")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def camera_photo(seed: int) -> bytes:
    folder = _sample_folder()
    tiles = []
    for name in SAMPLES:
        path = folder / name
        if path.is_file():
            with Image.open(path) as photo:
                tiles.append(photo.convert("RGB"))
    rng = random.Random(seed)
    canvas = Image.new("RGB", SIZE)
    x = y = row = 0
    while y < SIZE[1]:
        tile = rng.choice(tiles)
        canvas.paste(tile, (x, y))
        x, row = x + tile.width, max(row, tile.height)
        if x >= SIZE[0]:
            x, y, row = 0, y + row, 0
    exif = Image.Exif()
    exif[ExifTags.Base.Make], exif[ExifTags.Base.Model] = "Ponsel", "Uji 12MP"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "S", 2: (0.0, 30.0, 15.0), 3: "E", 4: (117.0, 9.0, 20.0)})
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=92, exif=exif.tobytes())
    return buffer.getvalue()


def _baseline(data: bytes) -> float:
    start = time.perf_counter()
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        image.save(io.BytesIO(), "JPEG", quality=80)
    return time.perf_counter() - start


def _phone_pick(photo_set, fmt: str):
    needed = (PHONE_CSS_WIDTH - MARGINS) * PHONE_DPR
    candidates = photo_set.of_format(fmt)
    return next((d for d in candidates if d.width >= needed), candidates[-1])


def run(reports: int = 2000) -> str:
    """`reports` sets the number of photos: one lead photo per 250 reports, 3 to 12."""
    count = max(3, min(12, reports // 250))
    originals = [camera_photo(seed) for seed in range(count)]
    megapixels = SIZE[0] * SIZE[1] / 1e6
    options = Options()
    with tempfile.TemporaryDirectory() as cache:
        base = [_baseline(data) for data in originals]
        made, sets = [], []
        for data in originals:
            start = time.perf_counter()
            photo_set, _ = make_photo_set(data, options, cache)
            made.append(time.perf_counter() - start)
            sets.append(photo_set)
        start = time.perf_counter()
        assert not any(make_photo_set(data, options, cache)[1] for data in originals)
        cached = (time.perf_counter() - start) / count
        webp = [Path(s.folder, _phone_pick(s, "webp").file).stat().st_size for s in sets]
        jpeg = [Path(s.folder, _phone_pick(s, "jpeg").file).stat().st_size for s in sets]
        pick = _phone_pick(sets[0], "webp")
        font_paths = cards.find_fonts("font_source_sans_pro", {"bold": "SourceSansPro-Bold.ttf",
                                                               "regular": "SourceSansPro-Regular.ttf"})
        card_times, card_bytes = [], []
        for i in range(count * 4):
            card = cards.Card("Berita", f"Rapat Koordinasi Penyaluran Bantuan Sosial Tahap {i} se-Kalimantan Timur",
                              ("Rabu, 22 Januari 2025", "Dinas Sosial Provinsi Kalimantan Timur"), "Arsip")
            start = time.perf_counter()
            path, _ = cards.render(card, font_paths, cache)
            card_times.append(time.perf_counter() - start)
            card_bytes.append(Path(path).stat().st_size)

    before = statistics.mean(len(d) for d in originals)
    after_webp, after_jpeg = statistics.mean(webp), statistics.mean(jpeg)
    per_mp, base_per_mp = statistics.mean(made) / megapixels, statistics.mean(base) / megapixels
    kb = lambda n: f"{n / 1000:,.0f} kB"  # noqa: E731
    lines = [
        f"{count} camera-size originals ({SIZE[0]} x {SIZE[1]}, {megapixels:.1f} MP, JPEG q92 with EXIF/GPS) "
        "built from scikit-image's sample photographs; a phone 375 px wide at DPR 2 picks the "
        f"{pick.width} px derivative.",
        "",
        "| photo bytes per report page (lead photo) | bytes | share of the original |",
        "|---|---:|---:|",
        f"| before: the original as uploaded | {kb(before)} | 100.0% |",
        f"| after: WebP {pick.width} px (what the phone downloads) | {kb(after_webp)} | {after_webp / before:.1%} |",
        f"| after: JPEG {pick.width} px (fallback, browsers without WebP) | {kb(after_jpeg)} | {after_jpeg / before:.1%} |",
        "",
        "| processing | per photo (ms) | per megapixel (ms) | ratio to baseline |",
        "|---|---:|---:|---:|",
        f"| baseline: Pillow open + decode + save JPEG q80, full size | {statistics.mean(base) * 1000:,.0f} | "
        f"{base_per_mp * 1000:.1f} | 1.00 |",
        f"| images plugin, first build: check, orient, sRGB, 3 widths x (WebP + JPEG) | {statistics.mean(made) * 1000:,.0f} | "
        f"{per_mp * 1000:.1f} | {per_mp / base_per_mp:.2f} |",
        f"| images plugin, cached rebuild (hash the bytes, read the manifest) | {cached * 1000:.1f} | "
        f"{cached / megapixels * 1000:.2f} | {cached / statistics.mean(base):.3f} |",
        "",
        f"Social cards: {len(card_times)} drawn, {statistics.mean(card_times) * 1000:.0f} ms and "
        f"{kb(statistics.mean(card_bytes))} each (1200 x 630 PNG, fixed palette of {len(cards.palette())} colours).",
    ]
    return "\n".join(lines)

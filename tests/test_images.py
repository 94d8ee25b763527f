"""Photos: derivatives, privacy (no EXIF), orientation, markup, errors, cache; social cards.

Real photographs come from scikit-image's bundled sample data (public domain
and CC0, installed by requirements-dev.txt; nothing is downloaded). Images
with EXIF, GPS, a rotated orientation or transparency are drawn here.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw

from conftest import html, invoke
from images import cards, markup, photos, resolve_src
from images.photos import Options, PhotoError

FIXTURES = Path(__file__).parent / "fixtures" / "images"
REPORT = "berita/2024/rapat-foto.md"
PAGE = "berita/2024/07/rapat-foto/index.html"
GPS = {ExifTags.GPS.GPSLatitudeRef: "S", ExifTags.GPS.GPSLatitude: (0.0, 30.0, 15.0),
       ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (117.0, 9.0, 20.0)}


def sample(name: str) -> Path:
    """A real photograph shipped inside scikit-image's wheel."""
    spec = importlib.util.find_spec("skimage")
    assert spec is not None, "scikit-image is missing: .venv/bin/pip install -r requirements-dev.txt"
    return Path(list(spec.submodule_search_locations)[0]) / "data" / name


def camera_original(size=(2400, 1600)) -> bytes:
    """A large JPEG made of real photographs side by side, like a camera's file."""
    canvas = Image.new("RGB", size)
    names = ["rocket.jpg", "astronaut.png", "coffee.png", "chelsea.png", "motorcycle_left.png", "hubble_deep_field.jpg"]
    x = y = row = 0
    for name in names * 4:
        with Image.open(sample(name)) as photo:
            photo = photo.convert("RGB")
            if x + photo.width > size[0]:
                x, y, row = 0, y + row, 0
            if y >= size[1]:
                break
            canvas.paste(photo, (x, y))
            x, row = x + photo.width, max(row, photo.height)
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def upright() -> Image.Image:
    """Portrait, red band at the top, blue block bottom-left: which way is up is plain to see."""
    image = Image.new("RGB", (600, 800), "white")
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 599, 199), fill=(255, 0, 0))
    pen.rectangle((0, 600, 299, 799), fill=(0, 0, 255))
    return image


def phone_photo() -> bytes:
    """What a phone writes for a photo taken upright: pixels stored sideways, EXIF
    Orientation 6, GPS position, camera make, an ICC profile and a comment."""
    stored = upright().transpose(Image.Transpose.ROTATE_90)  # 800 x 600, top of the scene on the left
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PonselUji"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=95, exif=exif.tobytes(), icc_profile=srgb, comment=b"rumah editor")
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the test input really carries what must go
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "S"
        assert check.getexif()[ExifTags.Base.Orientation] == 6
    return data


def transparent_logo() -> bytes:
    image = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, 290, 110), fill=(11, 61, 107, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def is_red(pixel) -> bool:
    return pixel[0] > 200 and pixel[1] < 60 and pixel[2] < 60


def is_blue(pixel) -> bool:
    return pixel[2] > 200 and pixel[0] < 60 and pixel[1] < 60


# -- derivatives, unit level -----------------------------------------------------------------------

def test_target_widths_never_upscale():
    assert photos.target_widths(4000, (480, 800, 1200)) == [480, 800, 1200]
    assert photos.target_widths(1000, (480, 800, 1200)) == [480, 800, 1000]
    assert photos.target_widths(451, (480, 800, 1200)) == [451]
    assert photos.target_widths(1200, (480, 800, 1200)) == [480, 800, 1200]


def test_camera_original_gets_webp_and_jpeg_at_every_width(tmp_path):
    data = camera_original()
    photo_set, made = photos.make_photo_set(data, Options(), str(tmp_path))
    assert made
    assert (photo_set.width, photo_set.height, photo_set.fallback) == (1200, 800, "jpeg")
    found = {}
    for d in photo_set.derivatives:
        with Image.open(os.path.join(photo_set.folder, d.file)) as image:
            found[d.format, d.width] = (image.format, image.size)
    assert found == {
        ("webp", 480): ("WEBP", (480, 320)), ("webp", 800): ("WEBP", (800, 533)), ("webp", 1200): ("WEBP", (1200, 800)),
        ("jpeg", 480): ("JPEG", (480, 320)), ("jpeg", 800): ("JPEG", (800, 533)), ("jpeg", 1200): ("JPEG", (1200, 800)),
    }
    phone_pick = next(d for d in photo_set.of_format("webp") if d.width == 800)  # a 375 px phone at DPR 2
    assert os.path.getsize(os.path.join(photo_set.folder, phone_pick.file)) < len(data) / 4


def test_small_real_photo_is_not_upscaled(tmp_path):
    photo_set, _ = photos.make_photo_set(sample("chelsea.png").read_bytes(), Options(), str(tmp_path))
    assert {(d.format, d.width, d.height) for d in photo_set.derivatives} == {("webp", 451, 300), ("jpeg", 451, 300)}


def test_phone_photo_loses_exif_gps_and_profile_and_stands_upright(tmp_path):
    photo_set, _ = photos.make_photo_set(phone_photo(), Options(widths=(300, 600)), str(tmp_path))
    assert (photo_set.width, photo_set.height) == (600, 800)  # portrait, as it was taken
    assert len(photo_set.derivatives) == 4
    for d in photo_set.derivatives:
        path = os.path.join(photo_set.folder, d.file)
        with Image.open(path) as image:
            assert not image.getexif(), f"{d.file} keeps EXIF"
            assert not {"exif", "icc_profile", "comment", "xmp"} & set(image.info), f"{d.file}: {image.info.keys()}"
            rgb = image.convert("RGB")
            w, h = rgb.size
            assert h > w
            assert is_red(rgb.getpixel((w // 2, h // 10))), "the red band must be at the top"
            assert is_blue(rgb.getpixel((w // 8, h - h // 10))), "the blue block must be bottom-left"
            assert not is_blue(rgb.getpixel((w - w // 8, h - h // 10)))
        raw = Path(path).read_bytes()
        assert b"PonselUji" not in raw and b"Exif" not in raw and b"rumah editor" not in raw


def test_embedded_profile_is_converted_and_not_carried(tmp_path):
    image = Image.new("RGB", (200, 100), (30, 160, 90))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    photo_set, _ = photos.make_photo_set(buffer.getvalue(), Options(), str(tmp_path))
    png_or_jpeg = photo_set.of_format("jpeg")[0]
    with Image.open(os.path.join(photo_set.folder, png_or_jpeg.file)) as out:
        assert "icc_profile" not in out.info and out.mode == "RGB"
        assert all(abs(a - b) <= 4 for a, b in zip(out.getpixel((100, 50)), (30, 160, 90)))


def test_transparency_falls_back_to_png(tmp_path):
    photo_set, _ = photos.make_photo_set(transparent_logo(), Options(), str(tmp_path))
    assert photo_set.fallback == "png"
    assert {d.format for d in photo_set.derivatives} == {"webp", "png"}
    with Image.open(os.path.join(photo_set.folder, photo_set.of_format("png")[0].file)) as out:
        assert out.mode == "RGBA" and out.getpixel((0, 0))[3] == 0


def test_cache_is_keyed_by_bytes_and_options_not_file_time(tmp_path):
    data = sample("coffee.png").read_bytes()
    first, made = photos.make_photo_set(data, Options(), str(tmp_path))
    again, made_again = photos.make_photo_set(bytes(data), Options(), str(tmp_path))
    assert made and not made_again and again == first
    other, made_other = photos.make_photo_set(data, Options(webp_quality=60), str(tmp_path))
    assert made_other and other.key != first.key
    os.remove(os.path.join(first.folder, first.derivatives[0].file))  # a damaged entry is made again
    assert photos.make_photo_set(data, Options(), str(tmp_path))[1]


def _png(size, mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"\xff\xd8\xff\xe0" + b"bukan jpeg" * 50, "rusak"),
    (sample("rocket.jpg").read_bytes()[:20_000], "rusak atau terpotong"),
    (b"hanya teks, bukan foto", "bukan foto yang bisa dibaca"),
    (lambda: _saved("GIF"), "format GIF tidak didukung"),
    (lambda: _saved("BMP"), "format BMP tidak didukung"),
    (lambda: _png((120, 100)), "lebih dari 0.01 megapiksel"),  # 12,000 px, over a 10,000 px limit: the warning
    (lambda: _png((300, 100)), "lebih dari 0.01 megapiksel"),  # over twice the limit: Pillow's error
])
def test_bad_originals_are_refused_with_a_reason(data, message):
    data = data() if callable(data) else data
    limit = 10_000 if "megapiksel" in message else Options().max_pixels
    with pytest.raises(PhotoError) as err:
        photos.open_checked(data, Options(max_pixels=limit))
    assert message in err.value.message and err.value.fix
    assert Image.MAX_IMAGE_PIXELS != 10_000  # the global limit is restored


def _saved(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(buffer, fmt)
    return buffer.getvalue()


def test_photo_references_resolve_beside_the_report_then_from_content(tmp_path):
    (tmp_path / "berita" / "2024").mkdir(parents=True)
    (tmp_path / "images").mkdir()
    report = tmp_path / "berita" / "2024" / "r.md"
    for rel in ("berita/2024/a.jpg", "images/b.jpg"):
        (tmp_path / rel).write_bytes(b"x")
    root = str(tmp_path)
    assert resolve_src("a.jpg", str(report), root) == str((tmp_path / "berita/2024/a.jpg").resolve())
    assert resolve_src("{static}/images/b.jpg", str(report), root) == str((tmp_path / "images/b.jpg").resolve())
    assert resolve_src("images/b.jpg", str(report), root) == str((tmp_path / "images/b.jpg").resolve())
    for bad, message in [("../../../etc/passwd", "tidak ditemukan"), ("c.jpg", "tidak ditemukan"),
                         ("https://contoh.go.id/x.jpg", "bukan berkas di repositori"),
                         ("data:image/png;base64,AAAA", "bukan berkas di repositori")]:
        with pytest.raises(PhotoError, match=message):
            resolve_src(bad, str(report), root)


# -- markup, unit level ----------------------------------------------------------------------------

def _placed(tmp_path) -> markup.Placed:
    photo_set, _ = photos.make_photo_set(camera_original((1600, 1000)), Options(), str(tmp_path))
    return markup.Placed(photo_set, {d: f"/foto/x-{d.width}.{d.ext}" for d in photo_set.derivatives})


def test_body_images_become_figures_only_when_alone_in_a_paragraph(tmp_path):
    placed = _placed(tmp_path)
    source = ('<p>Awal &amp; <em>isi</em>.</p>\n<p><img alt="A" src="a.jpg" title="Keterangan"></p>\n'
              '<p>Teks <img alt="B" src="b.jpg"> lanjut.</p>\n<ul><li><img alt="C" src="c.jpg"></li></ul><!-- c -->')
    seen = []

    def render(attrs, alone):
        seen.append((attrs["alt"], alone))
        return (markup.figure(placed, attrs["alt"], "100vw", caption=attrs.get("title", "")) if alone
                else markup.picture(placed, attrs["alt"], "100vw"))

    out = markup.rewrite_images(source, render)
    assert seen == [("A", True), ("B", False), ("C", False)]
    assert out.startswith("<p>Awal &amp; <em>isi</em>.</p>\n<figure ") and out.endswith("</li></ul><!-- c -->")
    assert "<p><figure" not in out and "<figcaption>" in out and "Keterangan" in out
    assert '<p>Teks <picture>' in out and "</picture> lanjut.</p>" in out
    assert "<img alt=" not in out


def test_picture_markup_has_srcset_sizes_dimensions_and_lazy_loading(tmp_path):
    placed = _placed(tmp_path)
    body = html_fragment(markup.picture(placed, "Alt", "(min-width: 44rem) 42rem, 100vw"))
    source, img = body.find("source"), body.find("img")
    assert source["type"] == "image/webp"
    assert source["srcset"] == "/foto/x-480.webp 480w, /foto/x-800.webp 800w, /foto/x-1200.webp 1200w"
    assert img["srcset"] == "/foto/x-480.jpg 480w, /foto/x-800.jpg 800w, /foto/x-1200.jpg 1200w"
    assert img["src"] == "/foto/x-800.jpg"
    assert source["sizes"] == img["sizes"] == "(min-width: 44rem) 42rem, 100vw"
    assert (img["width"], img["height"]) == ("1200", "750")
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    lead = html_fragment(markup.figure(placed, "Alt", "100vw", "Cap", "Humas", lead=True)).find("img")
    assert "loading" not in lead.attrs and lead["fetchpriority"] == "high"


def html_fragment(text: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def test_card_is_1200_by_630_and_keyed_by_its_text(tmp_path):
    fonts = cards.find_fonts("font_source_sans_pro", {"bold": "SourceSansPro-Bold.ttf",
                                                      "regular": "SourceSansPro-Regular.ttf"})
    card = cards.Card("Berita", "Rapat Koordinasi Penyaluran Bantuan Sosial " * 4, ("Rabu, 22 Januari 2025", "Dinsos"), "Situs")
    path, drawn = cards.render(card, fonts, str(tmp_path))
    assert drawn and not cards.render(card, fonts, str(tmp_path))[1]
    with Image.open(path) as image:
        assert image.size == (1200, 630) and image.format == "PNG"
    other = cards.Card("Berita", "Judul lain", card.lines, card.site)
    assert other.key(fonts) != card.key(fonts)


def test_card_text_is_antialiased_in_the_colours_of_its_own_ground():
    """Text is drawn straight on the palette (cards.draw): each text's pixels
    must stay in the run of its (ink, ground) pair, edges included. A text
    on the wrong ground would blend into other runs' colours."""
    fonts = cards.find_fonts("font_source_sans_pro", {"bold": "SourceSansPro-Bold.ttf",
                                                      "regular": "SourceSansPro-Regular.ttf"})
    card = cards.Card("Berita", "Rapat Koordinasi Penyaluran Bantuan Sosial Kabupaten Kutai Timur " * 2,
                      ("Rabu, 22 Januari 2025", "Dinas Sosial Provinsi Kalimantan Timur"), "Portal Informasi Publik")
    image = cards.draw(card, fonts)
    assert image.mode == "P"
    colours = cards.palette()
    regions = {cards.SITE: (0, 0, 1200, 90), cards.TITLE: (0, 200, 1200, 420), cards.DETAIL: (0, 480, 1200, 600)}
    for pair, box in regions.items():
        used = set(image.crop(box).get_flattened_data())
        run = range(cards.ground(pair), cards.ink(pair) + 1)
        assert used <= set(run), (pair, sorted(used - set(run)))
        # Ground, ink and edge steps between them: antialiased text.
        assert {run[0], run[-1]} <= used and len(used) > cards.EDGE_STEPS // 2, (pair, sorted(used))
        ink_name, ground_name = pair
        assert colours[run[0]] == tuple(int(cards.COLORS[ground_name][i:i + 2], 16) for i in (1, 3, 5))
        assert colours[run[-1]] == tuple(int(cards.COLORS[ink_name][i:i + 2], 16) for i in (1, 3, 5))


def test_card_header_drawn_once_is_the_cards_own():
    """The band, site name and label are drawn once a process (cards._header): a card
    drawn after cards of other sites and labels is the card drawn from nothing."""
    fonts = cards.find_fonts("font_source_sans_pro", {"bold": "SourceSansPro-Bold.ttf",
                                                      "regular": "SourceSansPro-Regular.ttf"})
    made = [cards.Card("Berita", "Rapat Koordinasi", ("Rabu, 22 Januari 2025",), "Portal Kaltim"),
            cards.Card("Instansi", "Rapat Koordinasi", ("Rabu, 22 Januari 2025",), "Portal Kaltim"),
            cards.Card("Berita", "Rapat Koordinasi", ("Rabu, 22 Januari 2025",), "Portal NTT")]
    in_turn = [cards.draw(card, fonts).tobytes() for card in made]
    for card, drawn in zip(made, in_turn):
        cards._headers.clear()
        assert cards.draw(card, fonts).tobytes() == drawn
    assert len(set(in_turn)) == 3  # another label, another site: another card


def test_card_title_wraps_greedily_to_the_measured_width():
    """wrap adds up the widths of words (cards._width) instead of measuring every
    longer line: each line must still fit when measured whole, and the next
    line's first word must not have fitted on it."""
    fonts = cards.find_fonts("font_source_sans_pro", {"bold": "SourceSansPro-Bold.ttf",
                                                      "regular": "SourceSansPro-Regular.ttf"})
    words = ("Rapat Koordinasi Penyaluran Bantuan Sosial PKH Tahap II Kabupaten Kutai Kartanegara, Dinas "
             "Sosial & BPS “Evaluasi” — W.I.T.A 2024 Supercalifragilistik").split()
    for size, width in ((64, 1040), (42, 1040), (30, 300)):
        font = cards._Fonts(fonts).get("bold", size)
        for n in range(1, len(words) + 1):
            text = " ".join(words[:n] * 2)
            lines = cards.wrap(text, font, width)
            assert " ".join(lines) == text  # no word is cut at these widths
            assert all(font.getlength(line) <= width for line in lines)
            for line, following in zip(lines, lines[1:]):
                assert font.getlength(f"{line} {following.split()[0]}") > width



def test_card_text_drawn_word_by_word_is_pillows_own(tmp_path):
    """cards._text pastes each word's mask, drawn once a process, instead of
    rendering every line: every line of the real archive's titles and of a
    synthetic archive's, at every title size and the details' size, must come
    out pixel for pixel as Pillow's own pen.text draws it."""
    from benchmarks.archive import generate

    fonts = cards._Fonts(cards.find_fonts("font_source_sans_pro", {"bold": "SourceSansPro-Bold.ttf",
                                                                   "regular": "SourceSansPro-Regular.ttf"}))
    generate(tmp_path / "content", reports=150, agencies=60)
    titles = set()
    for folder in (Path("content"), tmp_path / "content"):
        for path in folder.rglob("*.md"):
            found = re.search(r"^(?:title|name): *(.+)$", path.read_text(encoding="utf-8"), re.M)
            if found:
                titles.add(found.group(1).strip().strip("\"'"))
    titles |= {"Rapat  dua  spasi", " Awal spasi", "“Kutipan” — W.I.T.A… 2024 Supercalifragilistikekspialidosius" * 2}
    assert len(titles) > 200
    fonts_and_sizes = [("bold", size) for size in (64, 58, 52, 46, 42)] + [("regular", 32)]
    for name, size in fonts_and_sizes:
        font = fonts.get(name, size)
        for title in sorted(titles):
            for line in cards.wrap(title, font, 1040) + [title]:
                whole = Image.new("P", (1200, 90), cards.ground(cards.TITLE))
                pen = ImageDraw.Draw(whole)
                pen.fontmode = "L"
                pen.text((80, 10), line, font=font, fill=cards.ink(cards.TITLE), anchor="la")
                by_word = Image.new("P", (1200, 90), cards.ground(cards.TITLE))
                pen = ImageDraw.Draw(by_word)
                pen.fontmode = "L"
                cards._text(by_word, pen, (80, 10), line, font, cards.ink(cards.TITLE))
                assert by_word.tobytes() == whole.tobytes(), (name, size, line)


def test_missing_font_package_is_named():
    with pytest.raises(cards.FontMissing, match="paket fon tidak_ada_paket_fon tidak terpasang"):
        cards.find_fonts("tidak_ada_paket_fon", {"bold": "x.ttf"})


# -- the site, built as a user would ---------------------------------------------------------------

@pytest.fixture
def photo_site(site, tmp_path):
    """The fixture site plus a report with a lead photo and three body photos."""
    shutil.copy(FIXTURES / "rapat-foto.md", site / REPORT)
    (site / "berita" / "2024" / "foto-utama.jpg").write_bytes(camera_original())
    (site / "berita" / "2024" / "foto-ponsel.jpg").write_bytes(phone_photo())
    (site / "images").mkdir()
    shutil.copy(sample("coffee.png"), site / "images" / "kopi.png")
    (site / "images" / "logo.png").write_bytes(transparent_logo())
    agency = site / "instansi" / "dinsos-kaltim.md"
    agency.write_text(agency.read_text(encoding="utf-8") + "\n![Kantor dinas](/images/kopi.png)\n", encoding="utf-8")
    return site


def build(site, out, cache, *extra):
    return invoke("build", "--content", str(site), "--output", str(out), *extra,
                  env={"PORTAL_IMAGES_CACHE": str(cache)})


def work_done(stderr: str) -> tuple[int, int]:
    """(photos processed, cards drawn) from the --verbose log of a build."""
    photos_line = re.search(r"images: (\d+) foto, (\d+) diproses", stderr)
    cards_line = re.search(r"images: (\d+) kartu, (\d+) digambar", stderr)
    assert photos_line and cards_line, stderr
    return int(photos_line[2]), int(cards_line[2])


def test_report_with_photos(photo_site, tmp_path):
    out = tmp_path / "output"
    result = build(photo_site, out, tmp_path / "cache", "--verbose")
    assert result.returncode == 0, result.stderr
    assert work_done(result.stderr) == (4, 9)  # 4 photos; 9 cards: 3 reports, 4 agencies, 1 program, the site
    page = html(out / PAGE)

    lead = page.select_one("figure.photo--lead")
    img = lead.find("img")
    assert img["alt"] == "Peserta rapat uji duduk menghadap layar paparan"
    assert (img["width"], img["height"]) == ("1200", "800")
    assert "loading" not in img.attrs and img["fetchpriority"] == "high"
    assert img["sizes"] == lead.find("source")["sizes"] == "(min-width: 50rem) 48rem, calc(100vw - 2rem)"
    assert lead.figcaption.get_text(" ", strip=True) == "Suasana rapat uji di Aula Foto. Foto: Humas Dinas Sosial"
    assert [u.split()[1] for u in lead.find("source")["srcset"].split(", ")] == ["480w", "800w", "1200w"]

    body = page.select_one(".prose")
    figures = body.select("figure.photo")
    assert [f.img["alt"] for f in figures] == ["Foto dari ponsel yang diambil tegak", "Secangkir kopi untuk peserta"]
    phone, coffee = (f.img for f in figures)
    assert (phone["width"], phone["height"]) == ("600", "800")  # upright: EXIF orientation applied
    assert (coffee["width"], coffee["height"]) == ("600", "400")  # never upscaled
    assert figures[1].figcaption.get_text(strip=True) == "Kopi untuk peserta rapat"
    inline = body.select("p picture img")
    assert len(inline) == 1 and inline[0]["src"].endswith(".png")  # transparency keeps PNG
    for image in body.find_all("img"):
        assert image["loading"] == "lazy" and image["decoding"] == "async"
        assert image["sizes"] == "(min-width: 44rem) 42rem, calc(100vw - 2rem)"

    # Every srcset entry exists with the width it claims; nothing else was published.
    published = set()
    for tag in page.select("picture source, picture img"):
        for entry in tag["srcset"].split(", "):
            url, width = entry.split()
            with Image.open(out / url.lstrip("/")) as derivative:
                assert f"{derivative.width}w" == width
                assert not derivative.getexif() and "exif" not in derivative.info
            published.add(url)
    files = {p.name for p in (out / "foto").iterdir()}
    assert files == {u.rsplit("/", 1)[1] for u in published}
    originals = {p.read_bytes() for p in photo_site.rglob("*") if p.suffix in (".jpg", ".png")}
    assert not any(p.read_bytes() in originals for p in out.rglob("*") if p.is_file())

    # Link previews: the report's card, 1200 x 630, for og: and twitter:.
    og = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
    assert og["og:type"] == "article" and og["og:locale"] == "id_ID"
    assert og["og:title"] == "Rapat Uji dengan Foto di Balikpapan"
    assert og["og:url"] == "/berita/2024/07/rapat-foto/"
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert page.find("meta", attrs={"name": "twitter:image"})["content"] == og["og:image"]
    with Image.open(out / og["og:image"].lstrip("/")) as card:
        assert card.size == (1200, 630)
    for rel in ("instansi/dinsos-kaltim/index.html", "program/pkh/index.html", "index.html"):
        other = html(out / rel).find("meta", property="og:image")["content"]
        assert (out / other.lstrip("/")).is_file(), rel
    agency = html(out / "instansi/dinsos-kaltim/index.html")
    assert agency.find("meta", property="og:type")["content"] == "website"
    assert agency.select_one(".prose figure.photo img")["alt"] == "Kantor dinas"  # pages' photos too


def test_photo_and_card_addresses_follow_the_site_address(photo_site, tmp_path):
    out = tmp_path / "output"
    result = build(photo_site, out, tmp_path / "cache", "--siteurl", "https://contoh.go.id/portal")
    assert result.returncode == 0, result.stderr
    page = html(out / PAGE)
    card = page.find("meta", property="og:image")["content"]
    assert card.startswith("https://contoh.go.id/portal/kartu/berita/rapat-foto-")
    assert (out / card.removeprefix("https://contoh.go.id/portal/")).is_file()
    assert page.find("meta", property="og:url")["content"] == "https://contoh.go.id/portal/berita/2024/07/rapat-foto/"
    for tag in page.select("picture source, picture img"):
        for entry in tag["srcset"].split(", "):
            url = entry.split()[0]
            assert url.startswith("https://contoh.go.id/portal/foto/")
            assert (out / url.removeprefix("https://contoh.go.id/portal/")).is_file()


def test_report_without_photo_has_no_empty_frame(photo_site, tmp_path):
    out = tmp_path / "output"
    assert build(photo_site, out, tmp_path / "cache").returncode == 0
    page = html(out / "berita/2024/04/rapat-uji-pkh/index.html")
    assert not page.find("figure") and not page.find("picture") and not page.find("img")
    assert page.find("meta", property="og:image")


def test_second_build_and_fresh_checkout_do_no_image_work(photo_site, tmp_path):
    cache = tmp_path / "cache"
    first = build(photo_site, tmp_path / "one", cache, "--verbose")
    assert first.returncode == 0, first.stderr
    assert work_done(first.stderr) == (4, 9)
    again = build(photo_site, tmp_path / "two", cache, "--verbose")
    assert work_done(again.stderr) == (0, 0)
    # A fresh checkout: the same files under another path, every file time new.
    checkout = tmp_path / "checkout"
    shutil.copytree(photo_site, checkout, copy_function=shutil.copyfile)
    for path in checkout.rglob("*"):
        os.utime(path, (2_000_000_000, 2_000_000_000))
    fresh = build(checkout, tmp_path / "three", cache, "--verbose")
    assert work_done(fresh.stderr) == (0, 0)
    names = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.suffix in (".webp", ".jpg", ".png"))
    assert names == sorted(p.relative_to(tmp_path / "three") for p in (tmp_path / "three").rglob("*")
                           if p.suffix in (".webp", ".jpg", ".png"))
    assert all((tmp_path / "one" / n).read_bytes() == (tmp_path / "three" / n).read_bytes() for n in names)


def _replace(site, rel, old, new):
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _write(site, rel, data):
    (site / rel).write_bytes(data() if callable(data) else data)


BAD = {
    # name: (change to the site, fragments of the message)
    "lead photo without alt": (
        lambda s: _replace(s, REPORT, "  alt: Peserta rapat uji duduk menghadap layar paparan\n", ""),
        ["rapat-foto.md:12 [image.alt] kolom wajib belum diisi", "alt: "]),
    "body photo without alt": (
        lambda s: _replace(s, REPORT, "![Secangkir kopi untuk peserta]", "![]"),
        ["rapat-foto.md:22", 'foto "/images/kopi.png" tidak punya teks alt', "![Peserta rapat di aula](/images/kopi.png"]),
    "photo that does not exist": (
        lambda s: _replace(s, REPORT, "src: foto-utama.jpg", "src: foto-utma.jpg"),
        ["rapat-foto.md:13 [image.src]", 'berkas foto "foto-utma.jpg" tidak ditemukan', "berita/2024/foto-utma.jpg"]),
    "corrupt photo": (
        lambda s: _write(s, "images/kopi.png", sample("coffee.png").read_bytes()[:30_000]),
        ["rapat-foto.md:22", "images/kopi.png: berkas foto rusak atau terpotong", "unggah ulang"]),
    "unsupported format": (
        lambda s: _write(s, "images/kopi.png", lambda: _saved("GIF")),
        ["rapat-foto.md:22", "images/kopi.png: format GIF tidak didukung", "simpan ulang foto sebagai JPEG"]),
    "decompression bomb": (
        lambda s: _write(s, "images/kopi.png", lambda: _png((8000, 8000), "1")),
        ["rapat-foto.md:22", "images/kopi.png: foto terlalu besar", "lebih dari 60 megapiksel", "perkecil foto"]),
    "photo from another site": (
        lambda s: _replace(s, REPORT, "(/images/kopi.png", "(https://contoh.go.id/kopi.png"),
        ["rapat-foto.md:22", "bukan berkas di repositori"]),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_photo_stops_check_with_file_and_fix(photo_site, tmp_path, name):
    change, expected = BAD[name]
    change(photo_site)
    result = invoke("check", "--content", str(photo_site), env={"PORTAL_IMAGES_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 1, result.stderr
    for fragment in expected:
        assert fragment in result.stderr, f"{fragment!r} missing from:\n{result.stderr}"
    assert "Perbaikan:" in result.stderr and "Traceback" not in result.stderr


def test_bad_photo_fails_the_build_and_leaves_output_untouched(photo_site, tmp_path):
    out, cache = tmp_path / "output", tmp_path / "cache"
    assert build(photo_site, out, cache).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (photo_site / "berita" / "2024" / "foto-ponsel.jpg").write_bytes(b"\xff\xd8\xff rusak")
    result = build(photo_site, out, cache)
    assert result.returncode == 1
    assert re.search(r"GALAT: images: \S+rapat-foto\.md:20 \S+foto-ponsel\.jpg: ", result.stderr), result.stderr
    assert "1 masalah pada foto" in result.stderr and "hasil build sebelumnya tidak diubah" in result.stderr
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "output"]

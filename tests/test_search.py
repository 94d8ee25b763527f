"""Search: the Pagefind index built with the site, and /cari/ in a real browser.

Unit tests pin the marking of the copy given to Pagefind and the names taken
from the directory; build tests check the bundle and the failure messages;
browser tests (Playwright driving Debian's Chromium) search the real content
at a domain root and under a sub-path, as a reader would.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import shutil
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import FIXTURE_SITE, html, invoke
from content_model.records import Agency, Metric, Program, Region, Report
from search_index import DEFAULTS, prepare
from search_index.documents import acronym_of, names_of, other_names, with_province
from search_index.canonical import FormatChanged, canonicalize, packed, read
from search_index.markup import Rules, Selector, index_block, mark_page, smallest
from selectolax.lexbor import LexborHTMLParser

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")  # GitHub runners: google-chrome
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EVENT_START = {  # report slug: first day of the event, from content/berita/
    "rakor-pkh-kaltim-2022": "2022-04-18",
    "rakor-komunikasi-pimpinan-se-ntt": "2024-04-24",
    "rakor-kesejahteraan-sosial-se-kaltim-sangatta": "2024-05-15",
    "rakor-dinas-sosial-se-kalbar": "2024-08-01",
    "monev-kesra-non-pelayanan-dasar-kaltim": "2025-01-22",
}


def rules(**changes) -> Rules:
    opts = {**DEFAULTS, **changes}
    return Rules.from_settings(opts["SEARCH_INDEX_BODY"], opts["SEARCH_INDEX_IGNORE"],
                               opts["SEARCH_INDEX_WEIGHTS"], opts["SEARCH_INDEX_LANGUAGE"])


# --- Marking the copy --------------------------------------------------------------------------

PAGE = """<!doctype html>
<html>
<head><title>T</title></head>
<body>
<header><nav>Menu utama</nav></header>
<main id="isi" class="wrap">
<nav class="breadcrumbs"><a href="/">Beranda</a></nav>
<h1>Rakor PKH</h1>
<p>Dibuka oleh <a class="agency-link" href="/instansi/dinsos-kaltim/">Dinas Sosial</a> &amp; mitra.</p>
<p class="tags"><a href="/tag/a/">PMKS</a><a href="/tag/b/">IKN</a></p>
<section aria-labelledby="judul-instansi-terkait"><h2 id="judul-instansi-terkait">Instansi terkait</h2>
<ul><li><a href="/instansi/bps/">Badan Pusat Statistik</a></li></ul></section>
</main>
<footer>Kaki</footer>
</body>
</html>
"""


def test_selectors_cover_tag_class_id_and_attribute_tests():
    page = LexborHTMLParser('<main id="isi"><nav class="breadcrumbs x" id="n1"></nav><div class="breadcrumbs" id="d1">'
                            '</div><a href="/portal/instansi/bps/" id="a1"></a><a href="/berita/2024/" id="a2"></a>'
                            '<section aria-labelledby="judul-linimasa" id="s1"></section>'
                            '<section aria-labelledby="judul-linimasa-2" id="s2"></section></main>')

    def selected(selector):
        return [node.attrs.get("id") for node in page.css(Selector.parse(selector).css)]

    assert selected("nav.breadcrumbs") == ["n1"]
    assert selected('a[href*="/instansi/"]') == ["a1"]
    assert selected("[aria-labelledby=judul-linimasa]") == ["s1"]
    assert selected("#isi") == ["isi"]
    assert selected("[href^=/berita/]") == ["a2"]  # not CSS as written: quoted for lexbor
    with pytest.raises(ValueError, match="selector tidak didukung"):
        Selector.parse(".table-scroll caption")


def _main_of(html: str):
    return LexborHTMLParser(html).css_first("main")


def test_the_copy_is_the_indexed_element_without_ignored_parts_with_marks_and_the_index_block():
    marked = mark_page(PAGE, rules(), lambda text: "<p>EXTRA</p>")
    assert marked.found_body
    assert marked.html.startswith('<!doctype html><html lang="id"><head><meta charset="utf-8"></head><body><main ')
    assert marked.html.endswith("<p>EXTRA</p></main></body></html>")
    for outside in ("Menu utama", "Kaki", "<title>"):  # header, footer, head: Pagefind reads none of them
        assert outside not in marked.html
    main = _main_of(marked.html)
    marks = {(node.tag, node.text(strip=True)[:20]): {k: v for k, v in node.attrs.items() if k.startswith("data-pagefind")}
             for node in main.traverse() if any(k.startswith("data-pagefind") for k in node.attrs.keys())}
    assert marks == {
        ("main", main.text(strip=True)[:20]): {"data-pagefind-body": ""},
        ("h1", "Rakor PKH"): {"data-pagefind-weight": "10"},
        ("a", "Dinas Sosial"): {"data-pagefind-weight": "3"},
    }
    # Ignored parts are left out; side-by-side links are separate words; nothing else changes.
    for ignored in ("Beranda", "Instansi terkait", "Badan Pusat Statistik", "data-pagefind-ignore"):
        assert ignored not in marked.html
    assert '>PMKS</a> <a href="/tag/b/">IKN</a>' in marked.html
    for node in main.traverse():
        for name in [k for k in node.attrs.keys() if k.startswith("data-pagefind")]:
            del node.attrs[name]
    copy = main.html.replace("<p>EXTRA</p>", "").replace("</a> <a", "</a><a")
    page = _main_of(PAGE)
    for ignored in (page.css_first("nav"), page.css_first("section")):
        ignored.decompose()
    assert copy == page.html


def test_rules_are_tried_in_their_order():
    """An element that two weight rules match takes the first rule's weight."""
    marked = _main_of(mark_page(PAGE, rules(SEARCH_INDEX_WEIGHTS={"[id]": 2, "h1": 10, ".wrap": 1, "p.tags": 4,
                                                                  "h2": 10},
                                            SEARCH_INDEX_IGNORE=["[href^=/tag/a]"])).html)
    assert marked.css_first("h1").attrs["data-pagefind-weight"] == "10"
    assert marked.css_first("p.tags").attrs["data-pagefind-weight"] == "4"
    assert marked.css_first('a[href="/tag/a/"]') is None  # ignored: left out, not weighted
    assert marked.css_first("h2").attrs["data-pagefind-weight"] == "2"
    assert "data-pagefind-weight" not in marked.attrs  # the indexed element itself is never weighted


def test_the_indexed_text_leaves_out_ignored_parts_and_the_page_outside_main():
    text = mark_page(PAGE, rules()).text
    assert text.startswith("Rakor PKH Dibuka oleh Dinas Sosial & mitra.")
    for noise in ("Beranda", "Menu utama", "Kaki", "Instansi terkait", "Badan Pusat Statistik"):
        assert noise not in text


def test_a_page_without_the_body_element_is_reported():
    assert not mark_page("<html><body><p>x</p></body></html>", rules()).found_body


def test_index_block_escapes_values_and_keeps_commas_in_content_attributes():
    block = index_block({"title": 'Rakor "PKH", Kaltim & NTT'}, {"instansi": ["Dinas A, B"]}, ["Dinsos <Kaltim>"], 0.5)
    assert '<meta data-pagefind-meta="title[content]" content="Rakor &quot;PKH&quot;, Kaltim &amp; NTT">' in block
    assert '<meta data-pagefind-filter="instansi[content]" content="Dinas A, B">' in block
    assert "data-pagefind-sort" not in block  # the order is the pages' order in the index
    assert '<p data-pagefind-weight="0.5">Dinsos &lt;Kaltim&gt;</p>' in block


# The lead photo and a photo in the text, as the images plugin writes them.
LEAD = ('<figure class="photo photo--lead"><picture><source type="image/webp" '
        'srcset="/foto/a-1200.webp 1200w, /foto/a-480.webp 480w, /foto/a-800.webp 800w" sizes="48rem">'
        '<img src="/foto/a-800.jpg" srcset="/foto/a-480.jpg 480w, /foto/a-800.jpg 800w" width="1200" height="800" '
        'alt="Peserta rapat &amp; narasumber" fetchpriority="high"></picture></figure>')
BODY_PHOTO = ('<figure class="photo"><picture><source type="image/webp" srcset="/foto/b-480.webp 480w">'
              '<img src="/foto/b-480.jpg" alt="Logo acara" loading="lazy"></picture></figure>')


def _with(html_, before="<p>Dibuka oleh"):
    return PAGE.replace(before, html_ + before, 1)


def test_the_lead_photo_smallest_derivative_is_the_result_card_image():
    marked = mark_page(_with(LEAD + BODY_PHOTO), rules())
    assert (marked.photo.src, marked.photo.alt) == ("/foto/a-480.webp", "Peserta rapat & narasumber")
    assert ('<meta data-pagefind-meta="image[content]" content="/foto/a-480.webp">\n'
            '<meta data-pagefind-meta="image_alt[content]" content="Peserta rapat &amp; narasumber">\n</main>') in marked.html
    assert "Peserta rapat" not in marked.text  # the figure stays out of the indexed text
    # Without a WebP source, the smallest fallback.
    assert mark_page(_with(re.sub(r"<source[^>]*>", "", LEAD)), rules()).photo.src == "/foto/a-480.jpg"
    assert smallest("x.webp 800w, y.webp 480w") == "y.webp" and smallest("") == ""


def test_a_page_without_a_lead_photo_gets_no_card_image():
    # A photo in the text is not the page's picture: Pagefind would take it (at 800 px) unless told.
    marked = mark_page(_with(BODY_PHOTO), rules())
    assert marked.photo is None
    assert '<meta data-pagefind-meta="image[content]" content="">\n</main>' in marked.html
    assert "image_alt" not in marked.html
    # With no image at all there is nothing for Pagefind to take, and nothing is added.
    assert "image[content]" not in mark_page(PAGE, rules()).html


# --- Names from the directory ------------------------------------------------------------------

def _records():
    kaltim = Region("kalimantan-timur", "Provinsi Kalimantan Timur", "x", name="Kalimantan Timur",
                    short_name="Kaltim", aliases=["Prov. Kaltim"], kind="provinsi", code="64")
    bpp = Region("kota-balikpapan", "Kota Balikpapan", "x", name="Balikpapan", kind="kota", code="64.71", parent=kaltim)
    dinsos = Agency("dinsos-kaltim", "Dinas Sosial Provinsi Kalimantan Timur", "x", short_name="Dinsos Kaltim",
                    head_title="Kepala Dinas Sosial Provinsi Kalimantan Timur", head_aliases=["Kadinsos Kaltim"],
                    level="provinsi", region=kaltim)
    pkh = Program("pkh", "Program Keluarga Harapan", "x", short_name="PKH", aliases=["Program PKH"], metrics={
        "kpm": Metric("kpm", "Keluarga Penerima Manfaat", "KPM"), "sdm": Metric("sdm", "SDM PKH", "orang")})
    return kaltim, bpp, dinsos, pkh


def test_names_come_from_every_directory_field_and_acronym_metrics():
    kaltim, bpp, dinsos, pkh = _records()
    assert names_of(dinsos) == ["Dinas Sosial Provinsi Kalimantan Timur", "Dinsos Kaltim",
                                "Kepala Dinas Sosial Provinsi Kalimantan Timur", "Kadinsos Kaltim"]
    assert names_of(kaltim) == ["Provinsi Kalimantan Timur", "Kalimantan Timur", "Kaltim", "Prov. Kaltim"]
    assert names_of(pkh) == ["Program Keluarga Harapan", "PKH", "Program PKH", "Keluarga Penerima Manfaat", "KPM"]
    assert acronym_of("Keluarga Penerima Manfaat", "KPM") and not acronym_of("SDM PKH", "orang")
    assert with_province([bpp]) == [bpp, kaltim]


def test_other_names_adds_only_what_the_text_lacks():
    kaltim, bpp, dinsos, pkh = _records()
    text = "Rapat Dinas Sosial Provinsi Kalimantan Timur tentang PKH di Balikpapan, Kaltim."
    added = other_names([dinsos, pkh, bpp, kaltim], text)
    assert "Dinsos Kaltim" in added and "Keluarga Penerima Manfaat" in added and "KPM" in added
    assert "Dinas Sosial Provinsi Kalimantan Timur" not in added and "PKH" not in added and "Kaltim" not in added


def test_name_finder_finds_what_a_look_behind_pattern_finds():
    """NameFinder checks the word start apart from its pattern (faster): the names it
    finds, in order, must be those of the pattern with a look-behind for a word letter first."""
    from search_index.documents import NameFinder

    kaltim, bpp, dinsos, pkh = _records()
    finder = NameFinder([kaltim, bpp, pkh])
    names = sorted(finder.records, key=len, reverse=True)
    reference = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    texts = ["PKH di Kaltim, Provinsi Kalimantan Timur; KPM.", "XPKH PKHx PKH_ PKH", "Program PKH Program Keluarga Harapan",
             "Kalimantan Timur Kaltim", "aKaltim Kaltim", "KaltimPKH KPM-KPM (PKH)", "", "Prov. Kaltim.", "Keluarga Penerima Manfaat"]
    for text in texts:
        assert list(finder.names(text)) == reference.findall(text), text
    assert finder("XPKH dan Kaltim") == [kaltim] and finder("tanpa nama") == []


def test_prepare_gives_pagefind_filters_metadata_and_other_names():
    kaltim, bpp, dinsos, pkh = _records()
    import datetime as dt
    report = Report("rakor", "Rakor PKH", "x", event_start=dt.date(2024, 5, 15), event_end=dt.date(2024, 5, 17),
                    place="Aula Dinas Sosial", region=bpp, organizer=dinsos, programs=[pkh],
                    content=SimpleNamespace(url="berita/2024/05/rakor/", save_as="berita/2024/05/rakor/index.html",
                                            status="published"))
    from search_index.documents import report_entry
    entry = report_entry(report)
    [(url, copy)] = prepare([entry], lambda save_as: PAGE, DEFAULTS)
    assert url == "/berita/2024/05/rakor/"
    assert 'data-pagefind-meta="tanggal[content]" content="Rabu, 15 Mei 2024 – Jumat, 17 Mei 2024"' in copy
    assert 'data-pagefind-meta="tempat[content]" content="Aula Dinas Sosial, Balikpapan"' in copy
    assert 'data-pagefind-filter="wilayah[content]" content="Provinsi Kalimantan Timur"' in copy  # province added
    assert 'data-pagefind-filter="tahun[content]" content="2024"' in copy
    assert "data-pagefind-sort" not in copy and entry.date == "2024-05-15"
    names = re.search(r'<p data-pagefind-weight="0.5">(.*?)</p>', copy).group(1)
    assert "Dinsos Kaltim" in names and "Keluarga Penerima Manfaat" in names and "Kaltim" in names


CHUNKS = [["01", "bant", "id_c1"], ["banu", "sok", "id_c2"], ["sos", "zona", "id_c3"]]  # as Pagefind shortens them


def _bundle(values, pages=(("id_0000000", 10), ("id_1111111", 12), ("id_2222222", 9))):
    """A minimal Pagefind bundle: pages with fragments, word chunk ranges, one filter with its values in the given order."""
    filter_hash, filter_file = packed(["wilayah", values], "id_", 7)
    meta_hash, meta = packed(["1.5.2", [list(p) for p in pages], CHUNKS, [["wilayah", filter_hash]], [], ["title"]],
                             "id_", 10)
    entry = json.dumps({"version": "1.5.2", "languages": {"id": {"hash": meta_hash, "wasm": "id", "page_count": 1}}},
                       separators=(",", ":"))
    return {"pagefind-entry.json": entry.encode(), f"pagefind.{meta_hash}.pf_meta": meta,
            f"filter/{filter_hash}.pf_filter": filter_file,
            **{f"fragment/{name}.pf_fragment": gzip.compress(f'{{"url":"/{name}/"}}'.encode(), mtime=0)
               for name, _ in pages},
            **{f"index/{name}.pf_index": gzip.compress(name.encode(), mtime=0) for _, _, name in CHUNKS}}


def _meta(files):
    meta_hash = json.loads(files["pagefind-entry.json"])["languages"]["id"]["hash"]
    return read("meta", files[f"pagefind.{meta_hash}.pf_meta"])


def test_page_n_and_chunk_n_are_named_bundle_slash_n_and_keep_their_files():
    files = canonicalize(_bundle([["Kota A", [0]]]))
    pages, chunks = _meta(files)[1:3]
    bundle = pages[0][0].split("/")[0]
    assert pages == [[f"{bundle}/0", 10], [f"{bundle}/1", 12], [f"{bundle}/2", 9]] and len(bundle) == 6
    assert [name for _, _, name in chunks] == [f"{bundle}/0", f"{bundle}/1", f"{bundle}/2"]
    for n, old in enumerate(["id_0000000", "id_1111111", "id_2222222"]):
        assert gzip.decompress(files[f"fragment/{bundle}/{n}.pf_fragment"]) == f'{{"url":"/{old}/"}}'.encode()
    for n, old in enumerate(["id_c1", "id_c2", "id_c3"]):
        assert gzip.decompress(files[f"index/{bundle}/{n}.pf_index"]) == old.encode()
    assert not [p for p in files if "id_0000000" in p or "id_c1" in p]
    # Any change to a page or a chunk changes every address: a cached file is never read for another.
    for path in ("fragment/id_2222222.pf_fragment", "index/id_c3.pf_index"):
        changed = _bundle([["Kota A", [0]]])
        changed[path] = gzip.compress(b"lain", mtime=0)
        assert _meta(canonicalize(changed))[1][0][0].split("/")[0] != bundle


def test_word_chunks_have_no_gaps_so_a_word_is_looked_up_in_one_chunk():
    chunks = _meta(canonicalize(_bundle([["Kota A", [0]]])))[2]
    assert [[start, end] for start, end, _ in chunks] == [["", "banu"], ["banu", "sos"], ["sos", "\U0010ffff"]]
    holding = [name for start, end, name in chunks if start <= "bantuan" <= end]
    assert holding == [chunks[0][2]]  # Pagefind's own ranges leave "bantuan" in no chunk, so it loaded several


def test_the_bundle_does_not_depend_on_the_order_pagefind_wrote_filters_in():
    first = canonicalize(_bundle([["Kota B", [1, 0]], ["Kota A", [2]]]))
    second = canonicalize(_bundle([["Kota A", [2]], ["Kota B", [0, 1]]]))
    assert first == second
    [path] = [p for p in first if p.startswith("filter/")]
    assert read(path, first[path]) == ["wilayah", [["Kota A", [2]], ["Kota B", [0, 1]]]]
    assert _meta(first)[3] == [["wilayah", path.removeprefix("filter/").removesuffix(".pf_filter")]]
    with pytest.raises(FormatChanged):
        canonicalize({"pagefind-entry.json": b"{}"})
    with pytest.raises(FormatChanged, match="tidak dapat dibaca ulang"):
        broken = _bundle([["Kota A", [0]]])
        name = next(p for p in broken if p.endswith(".pf_meta"))
        broken[name] = gzip.compress(b"pagefind_dcd" + bytes([0x18, 0x05]))  # 5 written in two bytes
        canonicalize(broken)


# --- Feeding Pagefind while the site is written (feed.py) ---------------------------------------

def _feed_site(folder: Path, count: int):
    """count small pages on disk and their entries, in index order."""
    entries_ = []
    for n in range(count):
        save_as = f"p{n}/index.html"
        (folder / f"p{n}").mkdir(parents=True)
        words = " ".join(f"kata{(n * 7 + k) % 50}" for k in range(40))
        (folder / save_as).write_text(f'<html lang="id"><body><main><h1 data-pagefind-meta="title">Laporan {n}</h1>'
                                      f"<p>{words} bantuan sosial</p></main></body></html>", encoding="utf-8")
        entries_.append(SimpleNamespace(save_as=save_as, url=f"/p{n}/"))
    return entries_


def _feed(folder, entries_, copy=None):
    from search_index.feed import Feed
    from search_index.pagefind_service import build_bundle

    def copy_page(entry):
        (folder / f"{entry.url.strip('/')}.dibaca").touch()  # in the feed's process: this page was read
        return entry.url, (folder / entry.save_as).read_text(encoding="utf-8")

    return Feed(entries_, copy or copy_page, lambda pages: build_bundle(pages, {"force_language": "id"}),
                canonicalize)


def test_pages_written_in_any_order_reach_pagefind_in_index_order_while_writing_goes_on(tmp_path):
    import asyncio
    import random
    from search_index.pagefind_service import build_bundle

    entries_ = _feed_site(tmp_path, 40)
    in_order = [(e.url, (tmp_path / e.save_as).read_text(encoding="utf-8")) for e in entries_]
    expected = canonicalize(asyncio.run(build_bundle(in_order, {"force_language": "id"}))[1])

    feed = _feed(tmp_path, entries_)
    feed.offer(entries_[1].save_as)
    feed.offer(entries_[0].save_as)
    # The first two pages go to Pagefind while the rest are still to be written.
    waited = 0.0
    while not (tmp_path / "p1.dibaca").exists() and waited < 60:
        time.sleep(0.05)
        waited += 0.05
    assert (tmp_path / "p1.dibaca").exists() and not (tmp_path / "p2.dibaca").exists()
    written = entries_[2:-3]  # the last three are never announced: read from disk at the end
    random.Random(4).shuffle(written)
    for entry in [*written, SimpleNamespace(save_as="arsip/index.html")]:  # a listing: not in the index
        feed.offer(entry.save_as)
    count, files = feed.finish()
    assert count == 40 and files == expected


def test_a_page_the_feed_cannot_mark_stops_it_with_the_reason(tmp_path):
    from search_index.pagefind_service import PagefindFailed

    def copy(entry):
        raise PagefindFailed(f"{entry.save_as} tidak punya elemen 'main' untuk diindeks")

    feed = _feed(tmp_path, _feed_site(tmp_path, 3), copy)
    feed.offer("p0/index.html")
    with pytest.raises(PagefindFailed, match="p0/index.html tidak punya elemen 'main'"):
        feed.finish()


def test_a_feed_process_that_dies_is_reported_not_waited_for(tmp_path):
    from search_index.pagefind_service import PagefindFailed

    feed = _feed(tmp_path, _feed_site(tmp_path, 3), lambda entry: os._exit(3))
    with pytest.raises(PagefindFailed, match=r"berhenti tanpa jawaban \(kode keluar 3\)"):
        feed.finish()


# --- The build ---------------------------------------------------------------------------------

def test_the_bundle_is_built_in_indonesian_and_served_pages_are_unchanged(built):
    entry = json.loads((built / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["id"]
    indexed = entry["languages"]["id"]["page_count"]
    pages = [p for kind in ("instansi", "program", "wilayah") for p in (built / kind).glob("*/index.html")]
    reports = list((built / "berita").glob("*/*/*/index.html"))
    assert indexed == len(pages) + len(reports) and len(reports) == 5
    assert (built / "pagefind" / "wasm.id.pagefind").is_file()
    assert not (built / "pagefind" / "playground").exists()
    for page in built.rglob("*.html"):
        assert "data-pagefind" not in page.read_text(encoding="utf-8"), page


def test_the_index_lists_reports_newest_first_then_pages_without_a_date(built):
    entry = json.loads((built / "pagefind" / "pagefind-entry.json").read_text())
    meta = read("meta", (built / "pagefind" / f"pagefind.{entry['languages']['id']['hash']}.pf_meta").read_bytes())
    assert meta[4] == []  # no sort list: page n's place is its order by event date
    fragments = [gzip.decompress((built / "pagefind" / "fragment" / f"{name}.pf_fragment").read_bytes())
                 for name, _ in meta[1]]
    urls = [json.loads(f.removeprefix(b"pagefind_dcd"))["url"] for f in fragments]
    assert [name.rsplit("/", 1)[1] for name, _ in meta[1]] == [str(n) for n in range(len(urls))]
    reports = [u.rstrip("/").rsplit("/", 1)[1] for u in urls[:len(EVENT_START)]]
    assert reports == sorted(EVENT_START, key=EVENT_START.get, reverse=True)
    assert not [u for u in urls[len(EVENT_START):] if u.startswith("/berita/")]


def test_every_page_has_a_plain_get_search_form_and_only_cari_has_a_script(built):
    for page_path in built.rglob("*.html"):
        page = html(page_path)
        if page_path == built / "cari" / "index.html":
            [script] = page.select("script[src]")
            assert script["src"] == "/theme/js/cari.js" and script["type"] == "module"
            assert page.select_one("#cari")["data-indeks"] == "/pagefind/pagefind.js"
            form = page.select_one("main form[role=search]")
        else:
            form = page.select_one("header form[role=search]")
        assert form["action"] == "/cari/" and form["method"] == "get", page_path
        field = form.select_one("input[name=q]")
        assert page.select_one(f"label[for={field['id']}]").get_text(strip=True), page_path
    assert (built / "theme" / "js" / "cari.js").is_file()


def _fixture_build(site, tmp_path, binary):
    out = tmp_path / "out"
    out.mkdir()
    (out / "lama.html").write_text("situs lama")
    result = invoke("build", "--content", str(site), "--output", str(out), env={"PAGEFIND_BINARY_PATH": binary})
    return result, out


def test_a_missing_pagefind_stops_the_build_and_says_how_to_install_it(site, tmp_path):
    result, out = _fixture_build(site, tmp_path, str(tmp_path / "tidak-ada" / "pagefind"))
    assert result.returncode == 1
    assert "GALAT: search_index: Pagefind tidak terpasang" in result.stderr
    assert "pip install -r requirements.txt" in result.stderr
    assert [p.name for p in out.iterdir()] == ["lama.html"]


def test_a_failing_pagefind_stops_the_build(site, tmp_path):
    result, out = _fixture_build(site, tmp_path, shutil.which("false"))
    assert result.returncode == 1
    assert "GALAT: search_index: Pagefind gagal membuat indeks pencarian: program pagefind berhenti" in result.stderr
    assert [p.name for p in out.iterdir()] == ["lama.html"]


# --- In a real browser -------------------------------------------------------------------------

def _need_browser():
    reason = None
    if not Path(CHROMIUM).is_file():
        reason = f"{CHROMIUM} tidak ada: pasang dengan `apt-get install chromium`"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "paket playwright tidak terpasang: pip install -r requirements-dev.txt"
    if reason and os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    if reason:
        pytest.skip(reason)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def serve():
    """serve(folder) -> base URL of a local HTTP server for that folder (closed after the module)."""
    servers = []

    def start(folder: Path) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def root_site(built, serve):
    return serve(built)


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory, serve):
    """The site built for http://127.0.0.1:PORT/portal and served from the folder above it."""
    parent = tmp_path_factory.mktemp("subpath")
    base = serve(parent)  # first the server, for its port; it serves what is in the folder when asked
    result = invoke("build", "--output", str(parent / "portal"), "--siteurl", f"{base}/portal")
    assert result.returncode == 0, result.stderr
    return f"{base}/portal"


class Reader:
    """A browser tab on the search page, with what a reader sees."""

    def __init__(self, page, base):
        self.page, self.base = page, base
        self.errors = []
        self.requests = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"{m.text} {m.location.get('url')}"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def rounds(self) -> int:
        return int(self.page.get_attribute("#cari", "data-putaran") or 0)

    def after(self, action, rounds=1):
        """Do action (a callable) and wait until the page has finished that many more searches."""
        done = self.rounds() + rounds
        action()
        self.page.wait_for_selector(f'#cari[data-putaran="{done}"]', state="attached")
        return self

    def open(self, query=""):
        self.page.goto(f"{self.base}/cari/{query}")
        self.page.wait_for_selector('#cari[data-putaran="1"]', state="attached")
        return self

    def open_group(self, key):
        """Open "Saring hasil" (closed on a phone) and then one filter group."""
        if not self.page.get_attribute(".cari-saring__semua", "open") == "":
            self.page.click(".cari-saring__semua > summary")
        self.page.click(f"details[data-key={key}] summary")

    def search(self, words):
        self.page.fill("#cari-q", words)
        return self.after(lambda: self.page.press("#cari-q", "Enter"))

    @property
    def status(self):
        return self.page.inner_text("#cari-status")

    @property
    def urls(self):
        return self.page.eval_on_selector_all(".cari-item__title a", "links => links.map(a => a.getAttribute('href'))")

    @property
    def slugs(self):
        return [u.rstrip("/").rsplit("/", 1)[-1] for u in self.urls]

    @property
    def query(self):
        return parse_qs(urlparse(self.page.url).query)

    def real_errors(self):
        # The theme has no favicon (base.html); the browser's request for one is not the search page's doing.
        return [e for e in self.errors if "favicon.ico" not in e]


@pytest.fixture
def reader(browser, root_site):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    tab = Reader(context.new_page(), root_site)
    yield tab
    assert tab.real_errors() == []
    context.close()


def test_a_query_finds_the_expected_report_first_with_its_card(reader):
    reader.open("?q=PKH+Balikpapan")
    assert reader.slugs[0] == "rakor-pkh-kaltim-2022"
    first = reader.page.locator(".cari-item").first
    assert "Senin, 18 April 2022" in first.locator(".cari-item__meta").inner_text()
    assert "Dinas Sosial Provinsi Kalimantan Timur" in first.locator(".cari-item__meta").inner_text()
    assert first.locator(".cari-item__kutipan mark").count() >= 1
    assert re.match(r"^\d+ hasil untuk “PKH Balikpapan”", reader.status)
    assert reader.page.get_attribute("#cari-status", "role") == "status"
    assert not [u for u in reader.requests if u.endswith(".pf_filter")]  # no filter data before a group is opened
    # On a phone (375 x 800) the count and the first result are on the first screen.
    for selector in ("#cari-status", ".cari-item__title >> nth=0"):
        box = reader.page.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= 800, selector


def test_the_filter_groups_are_shown_at_once_on_a_wide_screen(browser, root_site):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = Reader(context.new_page(), root_site).open("?q=PKH")
    assert tab.page.is_visible("details[data-key=jenis] summary")
    assert tab.real_errors() == []
    context.close()


def test_a_prefix_finds_the_longer_word(reader):
    reader.open("?q=Sinkron")  # the Sangatta report writes only "Sinkronisasi"
    assert "rakor-kesejahteraan-sosial-se-kaltim-sangatta" in reader.slugs


def test_a_stemmed_form_finds_a_page_that_only_has_the_derived_word(reader, built):
    # The BPJS Kesehatan Kaltim page says "berkoordinasi" and never "koordinasi" on its own.
    text = html(built / "instansi" / "bpjs-kesehatan-kaltim" / "index.html").select_one("main").get_text(" ")
    assert "berkoordinasi" in text and not re.search(r"(?<!\w)koordinasi(?!\w)", text, re.I)
    reader.open("?q=koordinasi")
    assert "/instansi/bpjs-kesehatan-kaltim/" in reader.urls
    mark = reader.page.locator(".cari-item", has=reader.page.locator("a[href='/instansi/bpjs-kesehatan-kaltim/']"))
    assert "berkoordinasi" in mark.locator("mark").first.inner_text()


@pytest.mark.parametrize("query, slug, absent", [
    # Each report never writes the searched form in the text that is indexed; its directory entry does.
    ("Dinsos", "rakor-dinas-sosial-se-kalbar", "Dinsos"),  # writes "Dinas Sosial"
    ("Kemensos", "rakor-kesejahteraan-sosial-se-kaltim-sangatta", "Kemensos"),  # "Kementerian Sosial"
    ("Diskominfo", "rakor-pkh-kaltim-2022", "Kominfo"),  # "Dinas Komunikasi dan Informatika"
    ("Kominfo", "rakor-pkh-kaltim-2022", "Kominfo"),
    ("Badan Perencanaan Pembangunan Daerah", "rakor-pkh-kaltim-2022", "Badan Perencanaan"),  # "Bappeda"
    ("TTS", "rakor-komunikasi-pimpinan-se-ntt", "TTS"),  # "Timor Tengah Selatan"
])
def test_abbreviations_and_full_names_find_each_other(reader, built, query, slug, absent):
    [page] = built.glob(f"berita/*/*/{slug}/index.html")
    indexed = mark_page(page.read_text(encoding="utf-8"), rules()).text
    assert not re.search(rf"(?<!\w){absent}(?!\w)", indexed, re.I)
    reader.open(f"?q={query.replace(' ', '+')}")
    assert slug in reader.slugs, (query, reader.slugs)


def test_filters_narrow_the_results_and_go_into_the_url(reader):
    reader.open("?q=PKH")
    everything = reader.urls
    assert any(not u.startswith("/berita/") for u in everything)
    # A first search loads no filter data; opening a group does.
    assert not [u for u in reader.requests if u.endswith(".pf_filter")]
    assert not reader.page.is_visible("details[data-key=jenis]")  # on a phone the groups are folded into one
    reader.open_group("jenis")
    reader.page.wait_for_selector("input[name=jenis][value=berita]")
    assert [u for u in reader.requests if u.endswith(".pf_filter")]
    reader.after(lambda: reader.page.check("input[name=jenis][value=berita]"))
    reports = reader.urls
    assert reports and len(reports) < len(everything) and all(u.startswith("/berita/") for u in reports)
    assert reader.query == {"q": ["PKH"], "jenis": ["berita"]}
    assert "disaring: Berita" in reader.status
    label = reader.page.inner_text("label[for]:has-text('Berita')")
    assert f"({len(reports)})" in label
    reader.open_group("tahun")
    reader.after(lambda: reader.page.check("input[name=tahun][value='2024']"))
    assert set(reader.slugs) <= {s for s, d in EVENT_START.items() if d.startswith("2024")}
    assert reader.query["tahun"] == ["2024"]
    # A shared link restores the same filtered search.
    reader.open("?q=PKH&jenis=berita&tahun=2024")
    assert reader.page.is_checked("input[name=tahun][value='2024']")
    assert reader.page.inner_text(".cari-saring__semua > summary") == "Saring hasil (2 dipilih)"
    assert set(reader.slugs) <= {s for s, d in EVENT_START.items() if d.startswith("2024")}


def test_the_province_filter_includes_its_regencies_events(reader):
    reader.open("?jenis=berita&wilayah=Provinsi+Kalimantan+Timur")
    assert set(reader.slugs) == {"rakor-pkh-kaltim-2022", "rakor-kesejahteraan-sosial-se-kaltim-sangatta",
                                 "monev-kesra-non-pelayanan-dasar-kaltim"}


def test_newest_first_sorts_by_event_date(reader):
    reader.open("?q=PKH&jenis=berita")
    relevance = reader.slugs
    reader.after(lambda: reader.page.select_option("#cari-urut", "terbaru"))
    assert reader.query["urut"] == ["terbaru"]
    newest = reader.slugs
    assert len(newest) >= 2 and sorted(newest) == sorted(relevance) and newest != relevance
    assert [EVENT_START[s] for s in newest] == sorted((EVENT_START[s] for s in newest), reverse=True)
    assert "terbaru lebih dulu" in reader.status
    # Without the filter, pages without an event date (agencies, programs, regions) come after the reports.
    reader.open("?q=sosial&urut=terbaru")
    kinds = [u.split("/")[1] for u in reader.urls]
    assert kinds[0] == "berita" and kinds == sorted(kinds, key=lambda k: k != "berita")


def test_the_query_is_in_the_url_and_the_back_button_returns_to_it(reader):
    reader.open()
    assert reader.status == "" and not reader.urls
    reader.search("PKH")
    assert reader.query == {"q": ["PKH"]}
    pkh = reader.urls
    reader.search("Dinsos")
    assert reader.query == {"q": ["Dinsos"]}
    assert reader.urls != pkh
    reader.after(reader.page.go_back)
    assert reader.query == {"q": ["PKH"]}
    assert reader.page.input_value("#cari-q") == "PKH"
    assert reader.urls == pkh and "“PKH”" in reader.status
    assert reader.page.title().startswith("PKH — Cari")


def test_the_header_form_works_from_any_page_without_a_script(reader):
    reader.page.goto(f"{reader.base}/instansi/dinsos-kaltim/")
    assert reader.page.locator("script:not([type='application/ld+json'])").count() == 0
    reader.page.fill("header input[name=q]", "PKH Balikpapan")
    reader.page.press("header input[name=q]", "Enter")
    reader.page.wait_for_url("**/cari/?q=PKH+Balikpapan")
    reader.page.wait_for_selector('#cari[data-putaran="1"]', state="attached")
    assert reader.slugs[0] == "rakor-pkh-kaltim-2022"


def test_more_results_load_on_request_and_focus_moves_to_them(reader):
    reader.open("?q=Kalimantan")
    total = int(re.match(r"(\d+) hasil", reader.status).group(1))
    assert total > 10 and len(reader.urls) == 10
    reader.page.focus("#cari-lagi")
    reader.page.keyboard.press("Enter")
    reader.page.wait_for_selector(".cari-item:nth-child(11)")
    focused = reader.page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == reader.urls[10]
    assert len(reader.urls) == min(total, 20)


def test_the_search_is_usable_with_the_keyboard_alone(reader):
    reader.open()
    reader.page.focus("#cari-q")
    reader.page.keyboard.type("Kutim")
    reader.after(lambda: reader.page.keyboard.press("Enter"))
    assert reader.urls
    reader.page.keyboard.press("Tab")  # to the search button
    reader.page.keyboard.press("Tab")  # to the order
    assert reader.page.evaluate("document.activeElement.id") == "cari-urut"
    reader.page.keyboard.press("Tab")
    assert reader.page.evaluate("document.activeElement.textContent") == "Saring hasil "
    reader.page.keyboard.press("Enter")  # shows the groups
    reader.page.keyboard.press("Tab")
    assert reader.page.evaluate("document.activeElement.tagName") == "SUMMARY"
    reader.page.keyboard.press("Enter")  # opens the group; its choices load then
    reader.page.wait_for_selector("details[data-key=jenis] input")
    reader.page.keyboard.press("Tab")
    assert reader.page.evaluate("document.activeElement.type") == "checkbox"
    reader.after(lambda: reader.page.keyboard.press("Space"))
    assert "jenis" in reader.query
    for box in reader.page.query_selector_all("#cari-saring input"):
        assert reader.page.text_content(f"label[for={box.get_attribute('id')}]").strip()


def test_search_works_under_a_sub_path(browser, subpath_site):
    context = browser.new_context()
    tab = Reader(context.new_page(), subpath_site)
    tab.page.goto(f"{subpath_site}/program/pkh/")
    assert tab.page.get_attribute("header form[role=search]", "action") == f"{subpath_site}/cari/"
    tab.page.fill("header input[name=q]", "PKH Balikpapan")
    tab.page.press("header input[name=q]", "Enter")
    tab.page.wait_for_url("**/portal/cari/?q=PKH+Balikpapan")
    tab.page.wait_for_selector('#cari[data-putaran="1"]', state="attached")
    assert tab.urls[0] == "/portal/berita/2022/04/rakor-pkh-kaltim-2022/"
    tab.page.click(".cari-item__title a >> nth=0")
    tab.page.wait_for_url("**/portal/berita/2022/04/rakor-pkh-kaltim-2022/")
    assert "Rakor PKH Kaltim 2022" in tab.page.inner_text("h1")
    assert tab.real_errors() == []
    context.close()


# --- The result card's photo, on a site with photos ------------------------------------------------

PHOTO_REPORTS = {
    # file: (front matter lines of the event and photo, text). Both name "dokumentasi", for one query.
    "berita/2024/rapat-uji-berfoto.md": ("""title: Rapat Uji Berfoto di Balikpapan
date: 2024-07-02 10:00
summary: Rapat uji dengan dokumentasi foto utama.
category: Rapat Koordinasi
event:
  start: 2024-07-01
  place: Aula Foto, Balikpapan
  region: kota-balikpapan
organizer: dinsos-kaltim
image:
  src: foto-rapat.jpg
  alt: Peserta rapat uji duduk menghadap layar""", "Rapat uji berfoto membahas dokumentasi kegiatan."),
    "berita/2024/rapat-uji-foto-naskah.md": ("""title: Rapat Uji dengan Foto di Naskah Saja
date: 2024-08-02 10:00
summary: Rapat uji tanpa foto utama.
category: Rapat Koordinasi
event:
  start: 2024-08-01
  place: Aula Uji, Balikpapan
  region: kota-balikpapan
organizer: dinsos-kaltim""", "Rapat uji ini memuat dokumentasi hanya di naskah.\n\n"
                             '![Papan nama kegiatan](papan.jpg "Papan nama di depan aula")'),
}


def _photo(size, colour) -> bytes:
    """A JPEG drawn with Pillow: a gradient sky, a floor and a few shapes, like a small photograph."""
    import io

    from PIL import Image, ImageDraw

    image = Image.linear_gradient("L").resize(size).convert("RGB")
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, size[1] * 2 // 3, size[0], size[1]), fill=colour)
    for n in range(6):
        x = size[0] * n // 6
        pen.ellipse((x + 10, size[1] // 3, x + size[0] // 8, size[1] // 2), fill=(40 * n, 90, 160))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory, serve):
    """The fixture site plus a report with a lead photo and one with a photo in its text only,
    built for http://127.0.0.1:PORT/portal (photo addresses then carry the site's address)."""
    work = tmp_path_factory.mktemp("foto")
    content = work / "content"
    shutil.copytree(FIXTURE_SITE, content)
    for rel, (front, text) in PHOTO_REPORTS.items():
        (content / rel).write_text(f"---\n{front}\n---\n{text}\n", encoding="utf-8")
    (content / "berita" / "2024" / "foto-rapat.jpg").write_bytes(_photo((1000, 667), (120, 80, 40)))
    (content / "berita" / "2024" / "papan.jpg").write_bytes(_photo((900, 600), (30, 120, 60)))
    parent = work / "served"
    base = serve(parent)
    out = parent / "portal"
    result = invoke("build", "--content", str(content), "--output", str(out), "--siteurl", f"{base}/portal",
                    env={"PORTAL_IMAGES_CACHE": str(work / "cache")})
    assert result.returncode == 0, result.stderr
    return SimpleNamespace(base=f"{base}/portal", out=out)


def test_a_report_with_a_lead_photo_shows_it_as_a_thumbnail(browser, photo_site):
    page = html(photo_site.out / "berita/2024/07/rapat-uji-berfoto/index.html")
    srcset = page.select_one("figure.photo--lead source[type='image/webp']")["srcset"]
    smallest_webp = min((int(w[:-1]), u) for u, w in (c.split() for c in srcset.split(", ")))[1]
    assert smallest_webp.startswith(f"{photo_site.base}/foto/") and smallest_webp.endswith("-480.webp")
    assert (photo_site.out / smallest_webp.removeprefix(f"{photo_site.base}/")).is_file()

    context = browser.new_context(viewport={"width": 375, "height": 800})
    tab = Reader(context.new_page(), photo_site.base)
    tab.open("?q=dokumentasi")
    assert set(tab.slugs) == {"rapat-uji-berfoto", "rapat-uji-foto-naskah"}
    cards = {tab.page.locator(".cari-item", has=tab.page.locator(f"a[href$='/{slug}/']")).first: slug
             for slug in tab.slugs}
    for item, slug in cards.items():
        if slug != "rapat-uji-berfoto":
            assert item.locator("img").count() == 0, slug  # its photo in the text is not taken
            continue
        img = item.locator("img")
        assert img.count() == 1
        assert img.get_attribute("src") == smallest_webp
        assert img.get_attribute("alt") == ""  # decorative: the title beside it is the link
        assert (img.get_attribute("width"), img.get_attribute("height")) == ("96", "64")
        assert img.get_attribute("loading") == "lazy"
        img.evaluate("i => i.decode()")  # it loads: the address is right under the sub-path
        box = img.bounding_box()
        assert (round(box["width"]), round(box["height"])) == (96, 64)
        card_box = item.bounding_box()
        assert box["x"] + box["width"] <= card_box["x"] + card_box["width"] + 0.5  # inside the card, at the right
        assert box["y"] + box["height"] <= card_box["y"] + card_box["height"]
    assert tab.page.locator(".cari-item img").count() == 1
    # Reports without any photo have none in their card either.
    tab.open("?q=rapat+uji")
    assert len(tab.slugs) >= 4 and tab.page.locator(".cari-item img").count() == 1
    assert tab.real_errors() == []
    context.close()

"""agency_links: the matcher and linker on hard text, and properties for any input."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from agency_links import report_context
from agency_links.hints import unknown_agencies
from agency_links.linker import link_agencies
from agency_links.matcher import AgencyMatcher
from agency_links.variants import directory_variants
from content_model.records import Agency, Region, Report


def _directory():
    kaltim = Region("kalimantan-timur", "Provinsi Kalimantan Timur", "x", name="Kalimantan Timur", short_name="Kaltim", kind="provinsi", code="64")
    kutim = Region("kab-kutai-timur", "Kabupaten Kutai Timur", "x", name="Kutai Timur", short_name="Kutim", kind="kabupaten", code="64.04", parent=kaltim)
    ntt = Region("nusa-tenggara-timur", "Provinsi Nusa Tenggara Timur", "x", name="Nusa Tenggara Timur", short_name="NTT", kind="provinsi", code="53")
    a = {}

    def agency(slug, title, level, region, **kw):
        a[slug] = Agency(slug, title, "x", level=level, region=region, **kw)

    agency("pemprov-kaltim", "Pemerintah Provinsi Kalimantan Timur", "provinsi", kaltim, short_name="Pemprov Kaltim",
           head_title="Gubernur Kalimantan Timur")
    agency("setda-kaltim", "Sekretariat Daerah Provinsi Kalimantan Timur", "provinsi", kaltim, aliases=["Setda Provinsi Kaltim"])
    agency("biro-kesra-kaltim", "Biro Kesejahteraan Rakyat Setda Provinsi Kalimantan Timur", "provinsi", kaltim,
           aliases=["Biro Kesra Setda Provinsi Kaltim", "Biro Kesra"])
    agency("dinsos-kaltim", "Dinas Sosial Provinsi Kalimantan Timur", "provinsi", kaltim, short_name="Dinsos Kaltim",
           head_title="Kepala Dinas Sosial Provinsi Kalimantan Timur", head_aliases=["Kadinsos Kaltim"])
    agency("dinsos-kutim", "Dinas Sosial Kabupaten Kutai Timur", "kabupaten", kutim, short_name="Dinsos Kutim")
    agency("dinsos-ntt", "Dinas Sosial Provinsi Nusa Tenggara Timur", "provinsi", ntt)
    agency("bps", "Badan Pusat Statistik", "pusat", None, short_name="BPS")
    agency("kemensos", "Kementerian Sosial", "pusat", None, short_name="Kemensos")
    return a, {"kaltim": kaltim, "kutim": kutim, "ntt": ntt}


AGENCIES, REGIONS = _directory()
MATCHER = AgencyMatcher(directory_variants(AGENCIES.values()))


def context(organizer=None, region="kaltim", front=()):
    region_rec = REGIONS[region]
    report = Report("r", "R", "x", organizer=AGENCIES.get(organizer), region=region_rec,
                    participants=[AGENCIES[s] for s in front])
    return report_context(
        report,
        {s: (ag.region.slug if ag.region else None) for s, ag in AGENCIES.items()},
        {s: (ag.region.parent or ag.region).slug if ag.region else None for s, ag in AGENCIES.items()},
    )


def link(html, **ctx):
    result = link_agencies(html, MATCHER, context(**ctx), lambda slug: f"/instansi/{slug}/")
    return result, BeautifulSoup(result.html, "html.parser")


def linked(html, **ctx):
    _, soup = link(html, **ctx)
    return [(a.get_text(), a["href"].split("/")[-2]) for a in soup.select("a.agency-link")]


def test_full_name_variants_with_provinsi_prov_and_short_province():
    assert linked("<p>Dinas Sosial Prov. Kaltim hadir.</p>") == [("Dinas Sosial Prov. Kaltim", "dinsos-kaltim")]
    assert linked("<p>Oleh Dinas Sosial Kaltim.</p>") == [("Dinas Sosial Kaltim", "dinsos-kaltim")]
    assert linked("<p>Dinas Sosial Provinsi Kalimantan Timur, lalu</p>") == [("Dinas Sosial Provinsi Kalimantan Timur", "dinsos-kaltim")]


def test_province_and_regency_offices_are_told_apart():
    html = "<p>Dinas Sosial Provinsi Kalimantan Timur dan Dinas Sosial Kabupaten Kutai Timur.</p>"
    assert linked(html) == [("Dinas Sosial Provinsi Kalimantan Timur", "dinsos-kaltim"),
                            ("Dinas Sosial Kabupaten Kutai Timur", "dinsos-kutim")]


def test_longest_match_wins():
    assert linked("<p>Biro Kesra Setda Provinsi Kaltim menggelar rapat.</p>") == [
        ("Biro Kesra Setda Provinsi Kaltim", "biro-kesra-kaltim")]


def test_abbreviation_inside_a_longer_word_or_in_lower_case_is_not_a_mention():
    assert linked("<p>Dinsosnaker, BPSX, xBPS dan www.bps.go.id bukan instansi.</p>") == []
    assert linked("<p>Data BPS terbaru.</p>") == [("BPS", "bps")]


def test_case_and_punctuation_around_a_name():
    assert linked("<p>(DINAS SOSIAL PROVINSI KALIMANTAN TIMUR).</p>") == [("DINAS SOSIAL PROVINSI KALIMANTAN TIMUR", "dinsos-kaltim")]
    assert linked("<p>kata “Dinsos Kaltim”, katanya</p>") == [("Dinsos Kaltim", "dinsos-kaltim")]
    assert linked("<p>Dinas Sosial\n  Provinsi Kaltim</p>") == [("Dinas Sosial\n  Provinsi Kaltim", "dinsos-kaltim")]


def test_head_title_links_to_the_agency():
    assert linked("<p>Kadinsos Kaltim membuka acara.</p>") == [("Kadinsos Kaltim", "dinsos-kaltim")]
    assert linked("<p>Kepala Dinas Sosial Provinsi Kalimantan Timur hadir.</p>") == [
        ("Kepala Dinas Sosial Provinsi Kalimantan Timur", "dinsos-kaltim")]


def test_never_inside_links_headings_code_or_attributes():
    html = ('<h2>Dinsos Kaltim</h2><p><a href="/x/">Dinsos Kaltim</a> <code>Dinsos Kaltim</code> '
            '<img alt="Dinsos Kaltim" src="a.jpg"> <span title="Dinsos Kaltim">teks</span></p>')
    result, soup = link(html)
    assert result.linked == [] and result.html == html


def test_only_the_first_mention_is_linked():
    result, soup = link("<p>Dinsos Kaltim dan BPS.</p><p>Lagi Dinas Sosial Prov. Kaltim dan BPS.</p>")
    assert [a.get_text() for a in soup.select("a")] == ["Dinsos Kaltim", "BPS"]
    assert result.mentioned == ["dinsos-kaltim", "bps"]


@pytest.mark.parametrize("text", [
    "Dinas Sosial Kabupaten/Kota se-Kaltim hadir.",
    "Dinas Sosial se-Kalimantan Timur hadir.",
    "Dinas Sosial/Dinas yang membidangi urusan sosial hadir.",
    "peran dinas sosial di daerah",
])
def test_generic_or_plural_mentions_stay_unlinked(text):
    assert linked(f"<p>{text}</p>", organizer="dinsos-kaltim") == []


def test_regionless_mention_resolved_from_context():
    html = "<p>Rapat Dinas Sosial tahun ini.</p>"
    assert linked(html, organizer="dinsos-kaltim") == [("Dinas Sosial", "dinsos-kaltim")]
    assert linked(html, region="kutim") == [("Dinas Sosial", "dinsos-kutim")]  # the event's own regency first
    assert linked(html, region="ntt") == [("Dinas Sosial", "dinsos-ntt")]  # the one office in the province
    assert linked("<p>Biro Kesra bertugas.</p>", region="ntt") == []  # Kaltim's bureau in an NTT report: unknown
    assert linked("<p>Biro Kesra bertugas.</p>", region="kaltim") == [("Biro Kesra", "biro-kesra-kaltim")]


def test_regionless_mention_resolved_from_an_earlier_full_name():
    html = "<p>Dinas Sosial Kabupaten Kutai Timur dan Dinas Sosial Provinsi NTT.</p><p>Dinas Sosial itu</p>"
    result, _ = link(html, region="kaltim")
    # Both offices were named; "Dinas Sosial" is ambiguous between them: unlinked, not guessed.
    assert result.linked == ["dinsos-kutim", "dinsos-ntt"]


def test_hints_for_agency_like_names_not_in_the_directory():
    text = "Rapat dengan Dinas Pariwisata Provinsi Kaltim.\nHadir juga Dinas Sosial Provinsi Kaltim dan Badan Pusat Statistik."
    hints = unknown_agencies(text, MATCHER, first_line=10)
    assert [(h.line, h.phrase) for h in hints] == [(10, "Dinas Pariwisata Provinsi Kaltim")]


# --- properties: for any input, the reader sees the same text and the HTML stays well-formed.

NAMES = ["Dinsos Kaltim", "Dinas Sosial", "BPS", "Biro Kesra Setda Provinsi Kaltim", "Kadinsos Kaltim",
         "Dinas Sosial Kabupaten/Kota", "Kementerian Sosial", "Dinas Sosial Kabupaten Kutai Timur"]
words = st.one_of(st.sampled_from(NAMES), st.text(alphabet="abcDEF xyz.,()/-&<>\"'\n", max_size=12))
text = st.lists(words, max_size=6).map(" ".join)


def escaped(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fragment(depth=2):
    leaf = text.map(escaped)
    if depth == 0:
        return leaf
    child = st.deferred(lambda: fragment(depth - 1))
    def element(tag, children):
        attrs = ' href="/x/"' if tag == "a" else ""
        return f"<{tag}{attrs}>{''.join(children)}</{tag}>"

    elements = st.builds(element, st.sampled_from(["p", "em", "strong", "h2", "code", "li", "a"]), st.lists(child, max_size=3))
    return st.lists(st.one_of(leaf, elements), max_size=4).map("".join)


@settings(max_examples=300, deadline=None)
@given(fragment(), st.sampled_from([None, "dinsos-kaltim"]), st.sampled_from(["kaltim", "kutim", "ntt"]))
def test_linking_keeps_visible_text_and_well_formed_html(html, organizer, region):
    result = link_agencies(html, MATCHER, context(organizer=organizer, region=region), lambda s: f"/instansi/{s}/")
    before = ET.fromstring(f"<div>{html}</div>")
    after = ET.fromstring(f"<div>{result.html}</div>")  # raises if not well-formed
    assert "".join(after.itertext()) == "".join(before.itertext())
    assert not after.findall(".//a//a[@class='agency-link']")  # never a link inside a link
    assert all(not h.findall(".//a[@class='agency-link']") for tag in ("h2", "code") for h in after.iter(tag))
    assert len(result.linked) == len(set(result.linked))


# --- the real build

from conftest import html as read_html  # noqa: E402
from conftest import invoke  # noqa: E402

EXPECTED_LINKS = {  # report -> agencies its text must link (a subset: the ones a reader would look for)
    "berita/2022/04/rakor-pkh-kaltim-2022": {"dinsos-kaltim", "pemprov-kaltim", "biro-kesra-kaltim", "bappeda-kaltim",
                                             "bps-kaltim", "blk-samarinda", "diskominfo-kaltim", "satpol-pp-kaltim"},
    "berita/2024/08/rakor-dinas-sosial-se-kalbar": {"setda-kalbar", "dinsos-kalbar", "kemensos", "bulog", "kemenko-pmk"},
    "berita/2024/04/rakor-komunikasi-pimpinan-se-ntt": {"biro-adpim-ntt", "biro-ortala-kemendagri", "setda-ntt",
                                                        "biro-organisasi-ntt", "kemendagri"},
    "berita/2024/05/rakor-kesejahteraan-sosial-se-kaltim-sangatta": {"dinsos-kaltim", "dinsos-kutai-timur",
                                                                     "pemkab-kutai-timur", "biro-perencanaan-kemensos"},
    "berita/2025/01/monev-kesra-non-pelayanan-dasar-kaltim": {"biro-kesra-kaltim", "dishub-kaltim", "diskominfo-kaltim"},
}


@pytest.mark.parametrize("report", EXPECTED_LINKS)
def test_reports_link_the_agencies_they_name_once(built, report):
    page = read_html(built / report / "index.html")
    links = [a["href"].split("/")[-2] for a in page.select(".prose a.agency-link")]
    assert EXPECTED_LINKS[report] <= set(links), set(links)
    assert len(links) == len(set(links))  # first mention only
    assert not page.select(".prose h1 a.agency-link, .prose h2 a.agency-link, .prose h3 a.agency-link")
    for slug in links:
        assert (built / "instansi" / slug / "index.html").exists()
    related = [a["href"].split("/")[-2] for a in page.select("#judul-instansi-terkait + ul a")]
    assert set(links) <= set(related)


def test_agency_page_sorts_reports_by_role(built):
    page = read_html(built / "instansi" / "dinsos-kaltim" / "index.html")
    organised = [a["href"].split("/")[-2] for a in page.select("section[aria-labelledby=judul-diselenggarakan] .timeline a")][:2]
    assert organised == ["rakor-kesejahteraan-sosial-se-kaltim-sangatta", "rakor-pkh-kaltim-2022"]  # newest event first
    partners = {a["href"].split("/")[-2]: int(a.find_next("span").get_text().split()[0])
                for a in page.select("#judul-mitra ~ ol li a")}
    assert 0 < len(partners) <= 10 and set(partners.values()) == {1}  # its two events share no one
    assert all((built / "instansi" / slug / "index.html").exists() for slug in partners)
    assert page.select_one("link[type='application/atom+xml'][href$='/feeds/instansi/dinsos-kaltim.atom.xml']")
    feed = (built / "feeds" / "instansi" / "dinsos-kaltim.atom.xml").read_text()
    assert feed.count("<entry>") == 2 + len(page.select("section[aria-labelledby=judul-disebut] .timeline > li"))
    kemensos = read_html(built / "instansi" / "kemensos" / "index.html")
    mentioned = [a["href"] for a in kemensos.select("section[aria-labelledby=judul-disebut] .timeline a")]
    assert any("rakor-dinas-sosial-se-kalbar" in h for h in mentioned)


def test_directory_groups_by_level_and_region_with_counts(built):
    page = read_html(built / "instansi" / "index.html")
    sections = [h.get_text(strip=True) for h in page.select("main h2")]
    assert sections[0] == "Pemerintah pusat" and "Provinsi Kalimantan Timur" in sections
    kutim = page.find("h3", string="Kabupaten Kutai Timur")
    assert kutim and "Dinas Sosial Kabupaten Kutai Timur" in kutim.find_next("ul").get_text()
    entry = page.select_one("a[href$='/instansi/dinsos-kaltim/']").parent
    assert "berita" in entry.select_one(".count").get_text()


def test_renamed_agency_says_so_and_its_successor_links_back(site, tmp_path):
    out = tmp_path / "out"
    result = invoke("build", "--content", str(site), "--output", str(out))
    assert result.returncode == 0, result.stderr
    old = read_html(out / "instansi" / "dinas-kesejahteraan-sosial-kaltim" / "index.html")
    notice = old.select_one(".notice").get_text(" ", strip=True)
    assert "berganti nama menjadi Dinas Sosial Provinsi Kalimantan Timur sejak 31 Desember 2016" in notice
    assert old.select_one(".notice a")["href"] == "/instansi/dinsos-kaltim/"
    new = read_html(out / "instansi" / "dinsos-kaltim" / "index.html")
    assert "Dinas Kesejahteraan Sosial Provinsi Kalimantan Timur" in new.select_one(".facts-list").get_text()


def test_renamed_or_merged_agency_needs_a_successor(site):
    path = site / "instansi" / "dinas-kesejahteraan-sosial-kaltim.md"
    path.write_text(path.read_text().replace("  successor: dinsos-kaltim\n", ""))
    result = invoke("check", "--content", str(site))
    assert result.returncode == 1
    assert "dinas-kesejahteraan-sosial-kaltim.md:6 [change.successor] instansi yang berganti nama wajib menyebut penggantinya" in result.stderr


def test_check_hints_at_agency_names_missing_from_the_directory(site):
    report = site / "berita" / "2024" / "rapat-uji-pkh.md"
    report.write_text(report.read_text() + "\nHadir pula Dinas Pariwisata Provinsi Kaltim.\n")
    result = invoke("check", "--content", str(site))
    assert result.returncode == 0, result.stderr
    assert 'saran: ' in result.stderr and 'rapat-uji-pkh.md:30 "Dinas Pariwisata Provinsi Kaltim" tampak seperti nama instansi' in result.stderr
    assert "Konten valid" in result.stdout


def test_benchmark_runs_on_a_small_corpus():
    import sys

    from conftest import ROOT
    sys.path.insert(0, str(ROOT))
    from benchmarks import agency_links as bench

    table = bench.run(reports=20, sizes=(10, 40))
    rows = [line for line in table.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert [row.split("|")[1].strip() for row in rows] == ["10", "40"]

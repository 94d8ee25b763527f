"""The real content/ built by `invoke build`: what a reader sees."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path
from urllib.parse import urlparse

from conftest import ROOT, html, invoke

REPORTS = {  # slug: (URL path, event date as shown, organiser)
    "monev-kesra-non-pelayanan-dasar-kaltim": ("berita/2025/01/", "Rabu, 22 Januari 2025", "Biro Kesejahteraan Rakyat"),
    "rakor-dinas-sosial-se-kalbar": ("berita/2024/08/", "Kamis, 1 Agustus 2024", "Dinas Sosial Provinsi Kalimantan Barat"),
    "rakor-kesejahteraan-sosial-se-kaltim-sangatta": ("berita/2024/05/", "Rabu, 15 Mei 2024 – Jumat, 17 Mei 2024", "Dinas Sosial Provinsi Kalimantan Timur"),
    "rakor-komunikasi-pimpinan-se-ntt": ("berita/2024/04/", "Rabu, 24 April 2024 – Kamis, 25 April 2024", "Biro Administrasi Pimpinan"),
    "rakor-pkh-kaltim-2022": ("berita/2022/04/", "Senin, 18 April 2022 – Rabu, 20 April 2022", "Dinas Sosial Provinsi Kalimantan Timur"),
}


def report_page(built: Path, slug: str):
    return html(built / REPORTS[slug][0] / slug / "index.html")


def box(page) -> dict[str, str]:
    """The event box as a reader reads it: label -> text."""
    return {div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True)
            for div in page.select(".event-box dl > div")}


def test_every_report_shows_its_event_in_indonesian(built):
    for slug, (_, dates, organiser) in REPORTS.items():
        page = report_page(built, slug)
        assert page.html["lang"] == "id"
        event = box(page)
        assert event["Tanggal kegiatan"] == dates, slug
        assert organiser in event["Penyelenggara"], slug
        assert page.select_one("main h1").get_text(strip=True)


def test_pkh_report_shows_count_officials_and_facts_with_indonesian_numbers(built):
    page = report_page(built, "rakor-pkh-kaltim-2022")
    event = box(page)
    assert event["Jumlah peserta"] == "40 orang"
    assert "Isran Noor" in event["Pejabat"] and "Gubernur" in event["Pejabat"]
    assert "Program Keluarga Harapan" in event["Program"]
    rows = {tr.th.contents[0].strip(): tr.select("td")[0].get_text(strip=True)
            for tr in page.select("table.facts tbody tr")}
    assert rows["Keluarga Penerima Manfaat"] == "65.387 KPM"
    assert rows["Graduasi alamiah"] == "2.494 KPM"
    # The organiser links to its agency page, which exists.
    link = page.select_one(".event-box a[href$='/instansi/dinsos-kaltim/']")
    assert link is not None and (built / "instansi" / "dinsos-kaltim" / "index.html").exists()


def test_sangatta_report_uses_may_and_explains_the_conflict(built):
    page = report_page(built, "rakor-kesejahteraan-sosial-se-kaltim-sangatta")
    assert box(page)["Jumlah peserta"] == "sekitar 150 orang"
    note = page.select_one("aside.note").get_text(" ", strip=True)
    assert "16 April 2024" in note and "Mei 2024" in note
    assert "Tuan rumah" in box(page)["Penyelenggara"]


def test_archive_lists_all_five_reports_newest_first(built):
    page = html(built / "arsip" / "index.html")
    links = [a["href"] for a in page.select(".archive-list a")]
    slugs = [h.rstrip("/").rsplit("/", 1)[-1] for h in links]
    assert sorted(slugs) == sorted(REPORTS)
    dates = [t["datetime"] for t in page.select(".archive-list time")]
    assert dates == sorted(dates, reverse=True) and len(dates) == 5
    for year in ("2025", "2024", "2022"):
        assert (built / "arsip" / year / "index.html").exists()
    assert (built / "arsip" / "2024" / "08" / "index.html").exists()


def test_agency_page_shows_parent_chain_and_its_reports(built):
    page = html(built / "instansi" / "biro-kesra-kaltim" / "index.html")
    chain = [a.get_text(strip=True) for a in page.select("ol.chain a")]
    assert chain == ["Pemerintah Provinsi Kalimantan Timur", "Sekretariat Daerah Provinsi Kalimantan Timur"]
    reports = [a["href"] for a in page.select(".timeline a")]
    assert any("monev-kesra-non-pelayanan-dasar-kaltim" in h for h in reports)


def test_region_page_has_kemendagri_code_and_children(built):
    page = html(built / "wilayah" / "kalimantan-timur" / "index.html")
    text = page.get_text(" ", strip=True)
    assert "64" in text
    children = [a.get_text(strip=True) for a in page.select("#judul-bagian + ul a")]
    assert "Kabupaten Kutai Timur" in children and "Kota Balikpapan" in children


def test_site_files_feed_sitemap_robots_404(built):
    for rel in ("index.html", "404.html", "robots.txt", "sitemap.xml", "feeds/semua.atom.xml",
                "instansi/index.html", "program/index.html", "wilayah/index.html", "linimasa/index.html",
                "halaman/tentang/index.html", "kategori/index.html", "tag/index.html"):
        assert (built / rel).is_file(), rel
    sitemap = (built / "sitemap.xml").read_text()
    assert "<loc>/berita/2022/04/rakor-pkh-kaltim-2022/</loc>" in sitemap
    assert "<loc>/arsip/</loc>" in sitemap and "staging" not in sitemap
    assert "Sitemap:" in (built / "robots.txt").read_text()


def test_no_javascript_and_every_page_has_one_h1(built):
    for page_path in built.rglob("*.html"):
        page = html(page_path)
        # JSON-LD is data for machines, not a script that runs. The search page is
        # the only one with a script: Pagefind searches in the browser.
        scripts = page.find_all("script", type=lambda t: t != "application/ld+json")
        if page_path == built / "cari" / "index.html":
            assert [s.get("src") for s in scripts] == ["/theme/js/cari.js"]
        else:
            assert not scripts, page_path
        assert len(page.find_all("h1")) == 1, page_path
        assert page.html["lang"] == "id"


def _internal_links(page, siteurl_path):
    for tag in page.find_all(["a", "link"], href=True):
        href = tag["href"]
        parsed = urlparse(href)
        if parsed.scheme in ("http", "https") and parsed.netloc != "example.go.id":
            continue
        if href.startswith("#") or parsed.scheme == "mailto":
            continue
        yield parsed.path


def test_links_resolve_under_a_sub_path(tmp_path):
    out = tmp_path / "portal"
    result = invoke("build", "--output", str(out), "--siteurl", "https://example.go.id/portal")
    assert result.returncode == 0, result.stderr
    checked = 0
    for page_path in out.rglob("*.html"):
        for path in _internal_links(html(page_path), "/portal"):
            assert path.startswith("/portal/"), f"{page_path}: {path} escapes the sub-path"
            target = out / path.removeprefix("/portal/")
            assert target.is_file() or (target / "index.html").is_file(), f"{page_path}: broken link {path}"
            checked += 1
    assert checked > 500
    assert "<link>https://example.go.id/portal/berita/" in (out / "feeds" / "semua.atom.xml").read_text().replace('<link href="', "<link>")
    assert "https://example.go.id/portal/sitemap.xml" in (out / "robots.txt").read_text()


def test_links_resolve_at_the_domain_root(built):
    for page_path in built.rglob("*.html"):
        for path in _internal_links(html(page_path), ""):
            assert path.startswith("/"), f"{page_path}: {path}"
            target = built / path.lstrip("/")
            assert target.is_file() or (target / "index.html").is_file(), f"{page_path}: broken link {path}"


def test_two_builds_are_byte_identical(built, tmp_path):
    again = tmp_path / "again"
    assert invoke("build", "--output", str(again)).returncode == 0
    comparison = filecmp.dircmp(built, again)

    def differences(cmp):
        yield from (f"{cmp.left}/{name}" for name in cmp.diff_files + cmp.left_only + cmp.right_only)
        for sub in cmp.subdirs.values():
            yield from differences(sub)

    # dircmp compares shallowly by stat; compare contents of every file too.
    files = [p.relative_to(built) for p in built.rglob("*") if p.is_file()]
    assert list(differences(comparison)) == []
    assert all((built / f).read_bytes() == (again / f).read_bytes() for f in files)


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```(?:sh|bash)?\n(.+?)\n```", readme, re.S)[:2]
    assert "invoke build" in commands[0] and "requirements.txt" in commands[0]
    assert "invoke test" in commands[1] and "requirements-dev.txt" in commands[1]


def test_stylesheet_is_served_minified_with_every_rule(built):
    import rcssmin

    source = (ROOT / "theme" / "static" / "css" / "portal.css").read_text(encoding="utf-8")
    served = (built / "theme" / "css" / "portal.css").read_text(encoding="utf-8")
    assert "/*" in source and "/*" not in served and "\n  " not in served
    assert len(served) < 0.9 * len(source)
    assert served == rcssmin.cssmin(source)
    assert ".report" in served and "@media" in served


def _selectors(css: str) -> list[str]:
    """The selectors of a stylesheet's rules (inside @media too), pseudo-classes dropped."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for head in re.findall(r"([^{}]+)\{[^{}]*\}", css):
        for selector in head.split(","):
            selector = re.sub(r"::?[a-z-]+(\([^)]*\))?", "", selector).strip()
            if selector and not selector.startswith("@"):
                found.append(selector)
    return found


def test_report_pages_load_only_the_stylesheet_they_use(built):
    """Reports (most visits, often from a shared link on a phone) skip jelajah.css;
    none of its rules would style anything on them."""
    browse_rules = _selectors((ROOT / "theme" / "static" / "css" / "jelajah.css").read_text(encoding="utf-8"))
    assert len(browse_rules) > 40
    for slug in REPORTS:
        page = report_page(built, slug)
        assert [link["href"] for link in page.select("link[rel=stylesheet]")] == ["/theme/css/portal.css"], slug
        styled = [rule for rule in browse_rules if page.select_one(rule)]
        assert styled == [], (slug, styled)
    agency = html(built / "instansi" / "dinsos-kalbar" / "index.html")
    assert [link["href"] for link in agency.select("link[rel=stylesheet]")] == [
        "/theme/css/portal.css", "/theme/css/jelajah.css"]
    assert agency.select_one(".timeline, .report-list")

"""Each quality gate catches what it is for (invoke check-site)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, invoke

import sys
sys.path.insert(0, str(ROOT))
from site_checks import Site, a11y, budgets, links, markup  # noqa: E402
from site_checks.reproducible import differences  # noqa: E402

REPORT = "berita/2024/04/rapat-uji-pkh/index.html"


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("gates") / "output"
    result = invoke("build", "--content", str(ROOT / "tests" / "fixtures" / "site"), "--output", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def built_copy(fixture_build, tmp_path):
    target = tmp_path / "output"
    shutil.copytree(fixture_build, target)
    return target


def inject(root: Path, rel: str, html: str, before: str = "</main>"):
    page = root / rel
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(before, html + before, 1), encoding="utf-8")


def messages(problems):
    return [str(p) for p in problems]


def test_a_clean_build_passes_the_static_gates(fixture_build):
    site = Site(fixture_build)
    assert messages(markup.check(site)) == []
    assert messages(links.check(site)) == []
    assert messages(budgets.check(site)) == []


def test_broken_link_and_fragment(built_copy):
    inject(built_copy, REPORT, '<p><a href="/instansi/tidak-ada/">x</a> <a href="/instansi/dinsos-kaltim/#tidak-ada">y</a> <a href="#hilang">z</a></p>')
    found = messages(links.check(Site(built_copy)))
    assert any('rapat-uji-pkh/index.html' in m and 'tautan rusak "/instansi/tidak-ada/"' in m and "Perbaikan:" in m for m in found), found
    assert any('bagian "#tidak-ada" tidak ada di halaman tujuan' in m for m in found), found
    assert any('tautan "#hilang" tidak menuju id mana pun' in m for m in found), found


def test_links_must_stay_under_the_sub_path(tmp_path):
    out = tmp_path / "portal"
    assert invoke("build", "--content", str(ROOT / "tests" / "fixtures" / "site"), "--output", str(out),
                  "--siteurl", "https://example.go.id/portal").returncode == 0
    site = Site(out, "https://example.go.id/portal")
    assert messages(links.check(site)) == []
    inject(out, "index.html", '<a href="/berita/">keluar</a>')
    site = Site(out, "https://example.go.id/portal")  # a Site reads each page once
    assert any('"/berita/" keluar dari alamat situs' in m for m in messages(links.check(site)))


def test_image_without_alt_inline_script_duplicate_id_and_two_h1(built_copy):
    inject(built_copy, REPORT, '<img src="/theme/css/portal.css"><script>alert(1)</script><p id="isi"></p><h1>Dua</h1>')
    found = messages(markup.check(Site(built_copy)))
    assert any("tanpa teks alternatif (alt)" in m for m in found), found
    assert any("skrip sebaris (inline) tidak diizinkan" in m for m in found), found
    assert any('id "isi" dipakai dua kali' in m for m in found), found
    assert any("halaman punya 2 <h1>" in m for m in found), found
    assert all("rapat-uji-pkh/index.html" in m for m in found)


def test_malformed_html(built_copy):
    inject(built_copy, REPORT, "<div><p>tidak ditutup</div>")
    found = messages(markup.check(Site(built_copy)))
    assert any("</div> tidak cocok dengan elemen yang terbuka (<p>" in m for m in found), found


def test_over_budget_page(built_copy):
    inject(built_copy, REPORT, "<p>" + "kata " * 9000 + "</p>")
    found = messages(budgets.check(Site(built_copy)))
    assert len(found) == 1 and "rapat-uji-pkh/index.html [anggaran] HTML" in found[0]
    assert "melebihi anggaran halaman berita (28.000 bita)" in found[0]


def test_byte_differences_are_found(built_copy, fixture_build):
    assert differences(fixture_build, built_copy) == []
    page = built_copy / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</html>", b"</html>\n"))
    (built_copy / "baru.txt").write_text("x")
    assert differences(fixture_build, built_copy) == ["baru.txt", "index.html"]


def test_check_site_exits_non_zero_with_a_line_per_problem(built_copy):
    inject(built_copy, REPORT, '<a href="/tidak-ada/">x</a>')
    result = invoke("check-site", "--output", str(built_copy), "--skip", "a11y,reproducible")
    assert result.returncode == 1
    assert "gerbang links: 1 masalah" in result.stdout
    assert 'GALAT: gerbang links: ' in result.stderr and 'tautan rusak "/tidak-ada/"' in result.stderr


chromium = pytest.mark.skipif(
    not Path(a11y.CHROMIUM).exists() and not os.environ.get("CI"),
    reason=f"Chromium tidak ada di {a11y.CHROMIUM}: apt-get install chromium (di CI uji ini wajib jalan)",
)


@chromium
def test_accessibility_gate_finds_violations_and_passes_the_real_site(built_copy, built):
    inject(built_copy, REPORT, '<img src="/theme/css/portal.css"><a href="/"></a>')
    found = messages(a11y.check(Site(built_copy)))
    assert any("[berita] image-alt" in m for m in found), found
    assert any("[berita] link-name" in m for m in found), found
    real = a11y.check(Site(built))
    assert messages(real) == []
    assert set(a11y.sample_pages(Site(built))) >= {"beranda", "berita", "instansi", "program", "wilayah",
                                                   "linimasa", "arsip", "data", "404"}

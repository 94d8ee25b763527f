"""The invoke tasks other than build and check: new, publish, --list."""

from __future__ import annotations

import datetime as dt

from conftest import ROOT, html, invoke


def test_new_writes_a_report_that_passes_check_and_refuses_to_overwrite(site):
    args = ["new", "--title", "Rapat Evaluasi: Bantuan Sosial 2026", "--organizer", "dinsos-kaltim",
            "--start", "2026-03-10", "--end", "2026-03-11", "--place", "Aula Dinas Sosial #2",
            "--region", "kota-balikpapan", "--content", str(site)]
    first = invoke(*args)
    assert first.returncode == 0, first.stderr
    path = site / "berita" / "2026" / "rapat-evaluasi-bantuan-sosial-2026.md"
    text = path.read_text(encoding="utf-8")
    assert "organizer: dinsos-kaltim" in text and "start: 2026-03-10" in text
    # The only thing left for the editor is the summary, and check says so on its line.
    check = invoke("check", "--content", str(site))
    assert check.returncode == 1
    assert "rapat-evaluasi-bantuan-sosial-2026.md:4 [summary] kolom wajib belum diisi" in check.stderr, check.stderr
    assert check.stderr.count("GALAT: content_model: ") == 2  # that problem and the summary line
    path.write_text(text.replace("summary:  #", "summary: Evaluasi bantuan sosial.  #"), encoding="utf-8")
    check = invoke("check", "--content", str(site))
    assert check.returncode == 0, check.stderr
    text = path.read_text(encoding="utf-8")
    again = invoke(*args)
    assert again.returncode == 1 and "sudah ada" in again.stderr
    assert path.read_text(encoding="utf-8") == text


def test_new_rejects_a_broken_date(site):
    result = invoke("new", "--title", "X", "--organizer", "dinsos-kaltim", "--start", "10-03-2026",
                    "--place", "Aula", "--region", "kota-balikpapan", "--content", str(site))
    assert result.returncode == 1 and "bukan tanggal" in result.stderr


def test_publish_needs_an_absolute_siteurl(tmp_path):
    result = invoke("publish", "--output", str(tmp_path / "out"), env={"PORTAL_SITEURL": ""})
    assert result.returncode != 0
    assert "PORTAL_SITEURL" in result.stderr + result.stdout
    assert not (tmp_path / "out").exists()


def test_publish_builds_absolute_links_for_the_given_address(tmp_path):
    out = tmp_path / "out"
    result = invoke("publish", "--output", str(out), env={"PORTAL_SITEURL": "https://diskominfo.example.go.id/arsip/"})
    assert result.returncode == 0, result.stderr
    page = html(out / "index.html")
    assert page.select_one("link[rel=stylesheet]")["href"] == "https://diskominfo.example.go.id/arsip/theme/css/portal.css"
    assert "https://diskominfo.example.go.id/arsip/berita/" in (out / "feeds" / "semua.atom.xml").read_text()


def test_listings_paginate_with_working_links(site, tmp_path):
    template = (site / "berita" / "2024" / "rapat-uji-pkh.md").read_text(encoding="utf-8")
    for i in range(12):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=i)
        text = template.replace("date: 2024-04-20 15:00", f"date: {day} 10:00")
        (site / "berita" / "2024" / f"rapat-tambahan-{i}.md").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert invoke("build", "--content", str(site), "--output", str(out)).returncode == 0
    first = html(out / "index.html")
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert next_link == "/hal/2/"
    second = html(out / "hal" / "2" / "index.html")
    total = len(list(site.glob("berita/**/*.md")))
    assert len(second.select(".report-list > li")) == total - 10
    assert second.select_one(".pagination a[rel=prev]")["href"] == "/"
    assert (out / "kategori" / "rapat-koordinasi" / "hal" / "2" / "index.html").exists()


def test_every_task_is_listed_with_a_description():
    listing = invoke("--list").stdout
    for name in ("build", "check", "clean", "new", "publish", "serve", "test"):
        line = next(l for l in listing.splitlines() if l.strip().startswith(name + " "))
        assert len(line.split(None, 1)[1]) > 20, line


def test_a_plugin_that_cannot_be_loaded_stops_the_build(site, tmp_path):
    """Pelican logs such a plugin and builds without it (a site without search, say); we refuse."""
    settings = tmp_path / "settings.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
                        "PLUGINS = [*PLUGINS[:-1], 'plugin_salah_ketik', PLUGINS[-1]]\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", "--content", str(site), "--output", str(out), "--settings-file", str(settings))
    assert result.returncode == 1
    assert "GALAT: plugin plugin_salah_ketik tidak dapat dimuat" in result.stderr
    assert "pip install -r requirements.txt" in result.stderr
    assert not out.exists()

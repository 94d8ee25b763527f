"""The synthetic archive of `invoke bench`, and what a large archive's build does differently.

A large archive is read on every core (content_model/prefetch.py) and its
cards are drawn while the pages are written (images.cards.Drawing): the
results, and the messages about bad files, must be the same as in one process.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.archive import generate
from content_model.reader import display_path
from conftest import ROOT, html, invoke
from site_checks import Site, a11y

REPORTS = 80  # above content_model.prefetch.MIN_FILES: read by worker processes
PARALLEL = (os.cpu_count() or 1) >= 2


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("archive") / "content"
    counts = generate(target, REPORTS)
    assert counts["reports"] == REPORTS
    return target


def test_generator_is_deterministic_for_a_seed(archive, tmp_path):
    generate(tmp_path / "same", REPORTS)
    generate(tmp_path / "other", REPORTS, seed=2)
    assert files(tmp_path / "same") == files(archive)
    assert files(tmp_path / "other") != files(archive)
    reports = list((archive / "berita").rglob("*.md"))
    assert len(reports) == REPORTS
    words = [len(p.read_text(encoding="utf-8").split("---\n", 2)[2].split()) for p in reports]
    assert 300 <= min(words) and max(words) <= 800 + 2 * 16 + 8  # the text, agency names and one date inserted


def test_generated_archive_passes_check_which_draws_no_card(archive, tmp_path):
    result = invoke("check", "--content", str(archive), env={"PORTAL_IMAGES_CACHE": str(tmp_path / "img")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Konten valid" in result.stdout
    assert not list(tmp_path.rglob("*.png"))


def test_large_archive_builds_on_every_core_with_the_same_pages(archive, tmp_path):
    out = tmp_path / "out"
    result = invoke("build", "--content", str(archive), "--output", str(out), "--verbose",
                    env={"PORTAL_CACHE_PATH": str(tmp_path / "cache"), "PORTAL_IMAGES_CACHE": str(tmp_path / "img")})
    assert result.returncode == 0, result.stderr
    if PARALLEL:
        assert re.search(rf"content_model: {REPORTS} berkas dibaca oleh \d+ proses", result.stderr), result.stderr
    pages = sorted((out / "berita").rglob("index.html"))
    assert len(pages) == REPORTS
    page = html(pages[0])
    assert page.select_one("h1").get_text(strip=True).startswith("Rapat ")
    assert page.select(".prose p") and page.select(".event-box dd")
    # Every report's card was drawn (by the workers) and published.
    cards = list((out / "kartu" / "berita").glob("*.png"))
    assert len(cards) == REPORTS
    assert re.search(rf"images: \d+ kartu, {REPORTS + 300 + 5 + 1} digambar", result.stderr), result.stderr


@pytest.mark.skipif(not Path(a11y.CHROMIUM).exists() and not os.environ.get("CI"),
                    reason=f"Chromium tidak ada di {a11y.CHROMIUM}: apt-get install chromium (di CI uji ini wajib jalan)")
def test_a_large_archive_passes_the_accessibility_gate_with_its_pages_per_year(archive, tmp_path):
    """The real content has too few events for pages per year; this archive has them."""
    out = tmp_path / "out"
    result = invoke("build", "--content", str(archive), "--output", str(out),
                    env={"PORTAL_CACHE_PATH": str(tmp_path / "cache"), "PORTAL_IMAGES_CACHE": str(tmp_path / "img")})
    assert result.returncode == 0, result.stderr
    site = Site(out)
    year_page = a11y.sample_pages(site).get("linimasa-tahun")
    assert year_page and html(out / year_page / "index.html").select_one("nav.year-pages [aria-current=page]")
    assert [str(p) for p in a11y.check(site)] == []


def test_bad_file_in_a_large_archive_is_named_with_its_field(archive, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(archive, content)
    broken = sorted((content / "berita").rglob("*.md"))[40]
    text = broken.read_text(encoding="utf-8")
    organizer = re.search(r"^organizer: (\S+)$", text, re.M)[1]
    broken.write_text(text.replace(f"organizer: {organizer}", f"organizer: {organizer}x"), encoding="utf-8")
    dated = sorted((content / "berita").rglob("*.md"))[41]
    dated.write_text(dated.read_text(encoding="utf-8").replace("date: ", "date: 2024-13-45 ", 1), encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", "--content", str(content), "--output", str(out),
                    env={"PORTAL_CACHE_PATH": str(tmp_path / "cache"), "PORTAL_IMAGES_CACHE": str(tmp_path / "img")})
    assert result.returncode == 1
    assert re.search(rf"{re.escape(display_path(str(broken)))}:\d+ \[organizer\] instansi \"{organizer}x\" tidak ditemukan", result.stderr), result.stderr
    assert f"{display_path(str(dated))}:3 [date]" in result.stderr and "[date]" in result.stderr
    assert not out.exists()


def build(content: Path, out: Path, cache: Path) -> str:
    """Build with --verbose; the log."""
    result = invoke("build", "--content", str(content), "--output", str(out), "--verbose",
                    env={"PORTAL_CACHE_PATH": str(cache / "pelican"), "PORTAL_IMAGES_CACHE": str(cache / "img")})
    assert result.returncode == 0, result.stderr
    return result.stderr


def reuse(log: str) -> tuple[int, int]:
    found = re.search(r"unchanged_pages: (\d+) halaman berita dipakai ulang, (\d+) dibuat ulang", log)
    assert found, log
    return int(found[1]), int(found[2])


def linked(log: str) -> tuple[int, int]:
    found = re.search(r"agency_links: tautan instansi di (\d+) berita \((\d+) dari build sebelumnya\)", log)
    assert found, log
    return int(found[1]), int(found[2])


@pytest.fixture
def own_archive(archive, tmp_path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(archive, content)
    return content


def test_rebuild_after_one_edit_renders_that_report_and_its_neighbours_only(own_archive, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert reuse(build(own_archive, out, cache)) == (0, REPORTS)
    entity_feeds = {p: p.stat().st_ino for p in (out / "feeds").glob("*/*.atom.xml")}
    edited = sorted((own_archive / "berita").rglob("*.md"))[10]
    text = edited.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.M)[1]
    edited.write_text(text.replace(f"title: {title}", f"title: {title} Revisi"), encoding="utf-8")
    log = build(own_archive, out, cache)
    assert reuse(log) == (REPORTS - 3, 3)
    assert listings(log)[0] == 0  # a new title: every listing is made again (the archive's outline changed)
    # The timeline's pages per year: only the year page listing the edited report is made again;
    # the agency and program feeds: those that carry the edited report. Every other is the last
    # build's file (the same inode: hard-linked).
    other_reused, other_made = map(int, re.search(r"(\d+) halaman lain dipakai ulang, (\d+) dibuat ulang", log).groups())
    feeds_made = {p for p in entity_feeds if f"{title} Revisi" in p.read_text(encoding="utf-8")}
    assert feeds_made and len(feeds_made) < len(entity_feeds) - 100
    assert other_made == 1 + len(feeds_made) and other_reused > 20 + len(entity_feeds) - len(feeds_made)
    assert all(p.stat().st_ino == inode for p, inode in entity_feeds.items() if p not in feeds_made)
    # The search index is made again, from the marked copies of the pages that did not change.
    indexed, from_cache = map(int, re.search(r"search_index: (\d+) halaman diindeks .* \((\d+) salinan bertanda", log).groups())
    assert indexed == REPORTS + 300 + 5 + 60 and indexed - 3 - 30 <= from_cache < indexed - 3
    # Agency links: the edit left every report's HTML as it was, so all come from the last build.
    assert linked(log) == (REPORTS, REPORTS)
    mentions = [p for p in (out / "berita").rglob("index.html") if f"{title} Revisi" in p.read_text(encoding="utf-8")]
    assert len(mentions) == 3  # the report, and the previous and next reports' links to it
    # The same site as a build from nothing.
    fresh = tmp_path / "fresh"
    build(own_archive, fresh, tmp_path / "cache-fresh")
    assert files(out) == files(fresh)


def listings(log: str) -> tuple[int, int]:
    found = re.search(r"(\d+) halaman daftar dipakai ulang, (\d+) dibuat ulang", log)
    assert found, log
    return int(found[1]), int(found[2])


def test_a_summary_edit_renders_only_the_listings_that_show_it(own_archive, tmp_path):
    """Home page, topic, category and archive pages are taken from the last build unless
    they list the edited report; the site is still the one a build from nothing makes."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    log = build(own_archive, out, cache)
    reused, made = listings(log)
    assert reused == 0 and made > 20
    edited = sorted((own_archive / "berita").rglob("*.md"))[30]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(re.sub(r"^summary: (.+)$", r"summary: \1 Diperbarui.", text, count=1, flags=re.M), encoding="utf-8")
    log = build(own_archive, out, cache)
    assert reuse(log) == (REPORTS - 1, 1)  # the neighbours show titles, not summaries
    showing = [p for p in out.rglob("index.html") if "Diperbarui." in p.read_text(encoding="utf-8")
               and "/berita/" not in p.as_posix()[len(out.as_posix()):]]
    listing_pages = {p for p in showing if re.match(r"/(arsip|kategori|tag|hal)/|/index\.html$",
                                                    p.as_posix()[len(out.as_posix()):])}
    assert listings(log) == (made - len(listing_pages), len(listing_pages)) and len(listing_pages) >= 3
    fresh = tmp_path / "fresh"
    build(own_archive, fresh, tmp_path / "cache-fresh")
    assert files(out) == files(fresh)


def test_a_directory_edit_renders_every_report_page_again(own_archive, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(own_archive, out, cache)
    report = sorted((own_archive / "berita").rglob("*.md"))[0]
    organizer = re.search(r"^organizer: (\S+)$", report.read_text(encoding="utf-8"), re.M)[1]
    agency = own_archive / "instansi" / f"{organizer}.md"
    agency.write_text(re.sub(r"^title: (.+)$", r"title: \1 Baru", agency.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")
    log = build(own_archive, out, cache)
    assert reuse(log) == (0, REPORTS)
    assert linked(log) == (REPORTS, 0)  # a directory edit: every report's agency links are worked out again
    page = html(next((out / "berita").rglob(f"{report.stem}/index.html")))
    assert page.select_one(".event-box").get_text(" ").count(" Baru") >= 1


def test_a_failed_build_leaves_the_record_in_step_with_the_site(own_archive, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    env = {"PORTAL_CACHE_PATH": str(cache / "pelican"), "PORTAL_IMAGES_CACHE": str(cache / "img")}
    build(own_archive, out, cache)
    # A content error stops the build before anything is written: the site and its record stay.
    report = sorted((own_archive / "berita").rglob("*.md"))[5]
    good = report.read_text(encoding="utf-8")
    report.write_text(good.replace("organizer: ", "organizer: x", 1), encoding="utf-8")
    assert invoke("build", "--content", str(own_archive), "--output", str(out), env=env).returncode == 1
    report.write_text(good, encoding="utf-8")
    assert reuse(build(own_archive, out, cache)) == (REPORTS, 0)
    # A build that fails after writing (here Pagefind) took the record out: the next renders every page.
    failed = invoke("build", "--content", str(own_archive), "--output", str(out),
                    env={**env, "PAGEFIND_BINARY_PATH": shutil.which("false")})
    assert failed.returncode == 1 and "Pagefind gagal" in failed.stderr
    assert reuse(build(own_archive, out, cache)) == (0, REPORTS)


def folders(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_dir())


def test_a_rebuild_starts_from_the_last_sites_folders_and_drops_the_empty_ones(own_archive, tmp_path):
    """safe_build makes the last site's folders in the staging folder while Pelican reads;
    the folder of a deleted report must not stay behind, empty, in the new site."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert "folder situs sebelumnya" not in build(own_archive, out, cache)  # no last site: nothing to lay out
    deleted = sorted((own_archive / "berita").rglob("*.md"))[7]
    deleted.unlink()
    log = build(own_archive, out, cache)
    made, removed = map(int, re.search(r"safe_build: (\d+) folder situs sebelumnya disiapkan selagi konten dibaca; "
                                       r"(\d+) tetap kosong, dihapus", log).groups())
    assert made > REPORTS and removed >= 1
    assert not [p for p in out.rglob(deleted.stem) if p.is_dir()]
    # Neither the staging folder nor the helper's list stays (the last site, *.old, is being removed).
    assert not [p for p in tmp_path.glob(".out.staging-*") if p.suffix != ".old"]
    fresh = tmp_path / "fresh"
    build(own_archive, fresh, tmp_path / "cache-fresh")
    assert folders(out) == folders(fresh) and files(out) == files(fresh)


def _processes_naming(text: str) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        try:
            if name.isdigit() and text in Path(f"/proc/{name}/cmdline").read_bytes().decode(errors="replace"):
                found.append(int(name))
        except OSError:
            continue
    return found


def test_a_build_killed_by_a_signal_says_so_and_leaves_nothing_behind(archive, tmp_path):
    """invoke build runs Pelican in a forked process (tasks._run_apart). Killed outright
    (the out-of-memory killer), it can neither explain nor clean up: the invoke process
    says what happened and removes its staging folder, and the search feed, whose parent
    is gone, stops with Pagefind."""
    out = tmp_path / "out"
    env = {**os.environ, "PORTAL_CACHE_PATH": str(tmp_path / "cache"), "PORTAL_IMAGES_CACHE": str(tmp_path / "img")}
    proc = subprocess.Popen([sys.executable, "-m", "invoke", "build", "--content", str(archive), "--output", str(out)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.staging-*/berita")) and time.monotonic() < deadline:
        time.sleep(0.05)  # until pages are being written, with the feed and Pagefind running
    [build] = [pid for pid in _processes_naming(str(out))
               if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1] == str(proc.pid)]
    os.kill(build, signal.SIGKILL)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1 and "GALAT: proses build dihentikan oleh sinyal SIGKILL; situs tidak diubah" in stderr
    assert "pipe closed" not in stderr  # the feed sends nothing more once it stops
    while (_processes_naming(str(tmp_path)) or [p for p in tmp_path.glob(".out.staging-*")]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_naming(str(tmp_path)) == [] and list(tmp_path.glob(".out.staging-*")) == [] and not out.exists()


def test_invoke_check_between_two_builds_keeps_the_pages_reusable(own_archive, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(own_archive, out, cache)
    checked = invoke("check", "--content", str(own_archive),
                     env={"PORTAL_CACHE_PATH": str(cache / "pelican"), "PORTAL_IMAGES_CACHE": str(cache / "img")})
    assert checked.returncode == 0, checked.stderr
    assert reuse(build(own_archive, out, cache)) == (REPORTS, 0)


def test_entity_pages_show_the_newest_events_and_link_a_page_per_year(archive, tmp_path):
    out = tmp_path / "out"
    build(archive, out, tmp_path / "cache")
    program = out / "program" / "pkh" / "index.html"
    page = html(program)
    shown = page.select("#judul-linimasa ~ * ol.timeline > li time") or page.select("ol.timeline > li time")
    dates = [t["datetime"] for t in shown]
    assert len(dates) == 10 and dates == sorted(dates, reverse=True)  # TIMELINE_LATEST, newest first
    pkh_reports = [p for p in (archive / "berita").rglob("*.md") if "programs: [pkh]" in p.read_text(encoding="utf-8")]
    years = {a.get_text(" ", strip=True).split()[0]: a["href"] for a in page.select(".year-pages a")}
    counts = [int(re.search(r"\((\d+)\)", a.get_text())[1]) for a in page.select(".year-pages a")]
    assert sum(counts) == len(pkh_reports) > 10
    assert dates[0].startswith(max(years))
    listed = set()
    for year, href in years.items():
        year_page = html(out / href.strip("/") / "index.html")
        assert year_page.select_one("h1").get_text(" ", strip=True).startswith(f"Program Keluarga Harapan: kegiatan {year}")
        assert year_page.select_one(".year-pages a[aria-current=page]").get_text(" ", strip=True).startswith(year)
        for link in year_page.select("ol.timeline a"):
            assert (out / link["href"].strip("/") / "index.html").is_file()
            listed.add(link["href"])
        assert all(t["datetime"].startswith(year) for t in year_page.select("ol.timeline time"))
    assert len(listed) == len(pkh_reports)
    # An agency with fewer events than a page shows has no pages per year.
    quiet = next(p for p in (out / "instansi").glob("*/index.html") if 0 < len(html(p).select("ol.timeline > li")) <= 3)
    assert not html(quiet).select(".year-pages") and not [d for d in quiet.parent.iterdir() if d.is_dir()]

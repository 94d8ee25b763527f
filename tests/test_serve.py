"""invoke serve: rebuilds on every edit, and keeps serving the last good site
when an edit breaks the content."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def test_serve_rebuilds_on_edit_and_keeps_the_last_good_site(site, tmp_path):
    port = _free_port()
    out = tmp_path / "out"
    log = open(tmp_path / "serve.log", "w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", str(port), "--content", str(site), "--output", str(out)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    page = f"http://127.0.0.1:{port}/halaman/tentang/"
    report = site / "berita" / "2024" / "rapat-uji-pkh.md"
    try:
        assert _wait_for(lambda: "<h1>Tentang</h1>" in _get(page)), (tmp_path / "serve.log").read_text()
        assert "livereload" in _get(page)  # the browser is told to reload after each build

        about = site / "halaman" / "tentang.md"
        about.write_text(about.read_text().replace("title: Tentang", "title: Tentang Kami"))
        assert _wait_for(lambda: "<h1>Tentang Kami</h1>" in _get(page))

        # A report three folders deep: a broken edit there is reported and the site stays.
        report.write_text(report.read_text().replace("organizer: dinsos-kaltim", "organizer: dinsos-kaltm"))
        assert _wait_for(lambda: 'instansi "dinsos-kaltm" tidak ditemukan' in (tmp_path / "serve.log").read_text())
        assert "<h1>Tentang Kami</h1>" in _get(page)
        assert "Rapat Uji" in _get(f"http://127.0.0.1:{port}/berita/2024/04/rapat-uji-pkh/")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
        log.close()

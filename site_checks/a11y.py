"""Gate: axe-core in Chromium finds no WCAG 2.1 AA violation on one page of
every kind. axe-core comes from PyPI (axe-playwright-python); the browser is
Debian's Chromium (/usr/bin/chromium), driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

NAME = "aksesibilitas"
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def sample_pages(site) -> dict[str, str]:
    """One page of every kind, as a path under the site."""
    def first(pattern):
        found = sorted(site.root.glob(pattern))
        return site.rel(found[0]).removesuffix("index.html") if found else None

    pages = {
        "beranda": "", "berita": first("berita/*/*/*/index.html"), "instansi": first("instansi/*/index.html"),
        "program": first("program/*/index.html"), "wilayah": first("wilayah/*/index.html"),
        # An agency's, program's or region's events in one year: only an archive with
        # more events than its page shows has them.
        "linimasa-tahun": next(filter(None, (first(f"{section}/*/[0-9][0-9][0-9][0-9]/index.html")
                                             for section in ("instansi", "program", "wilayah"))), None),
        "linimasa": "linimasa/", "arsip": "arsip/", "data": "data/", "404": "404.html",
    }
    if (site.root / "cari" / "index.html").exists():
        pages["cari"] = "cari/?q=rapat"
    return {kind: path for kind, path in pages.items() if path is not None}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root: Path, prefix: str):
    """Serve `root` under `prefix` on a free local port; returns (server, base URL)."""
    mount = root.parent / f".a11y-{os.getpid()}"
    shutil.rmtree(mount, ignore_errors=True)
    target = mount / prefix.strip("/") if prefix else mount
    target.parent.mkdir(parents=True, exist_ok=True)
    if prefix:
        os.symlink(root.resolve(), target)
    else:
        mount.symlink_to(root.resolve())
    handler = functools.partial(_Quiet, directory=str(mount))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.mount = mount
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}/"


def check(site) -> list:
    try:
        from axe_playwright_python.sync_playwright import Axe
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [site.problem(site.root / "index.html", NAME, "Playwright atau axe-core tidak terpasang",
                             "pasang perkakas uji: pip install -r requirements-dev.txt")]
    if not Path(CHROMIUM).exists():
        return [site.problem(site.root / "index.html", NAME, f"Chromium tidak ada di {CHROMIUM}",
                             "pasang Chromium Debian: apt-get install chromium")]
    # Links are absolute under SITEURL's path; serve the site there on localhost.
    server, base = serve(site.root, site.prefix)
    problems = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            axe = Axe()
            for kind, path in sample_pages(site).items():
                page.goto(base + path, wait_until="networkidle")
                results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
                file = site.root / (path.split("?")[0] or "index.html")
                file = file / "index.html" if file.is_dir() else file
                for violation in results.response["violations"]:
                    nodes = ", ".join(n["target"][0] for n in violation["nodes"][:3])
                    problems.append(site.problem(
                        file, NAME, f"[{kind}] {violation['id']}: {violation['help']} ({nodes})",
                        f"lihat {violation['helpUrl']}"))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(server.mount, ignore_errors=True)
    return problems

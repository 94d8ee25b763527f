"""Gate: each kind of page stays within its weight budget.

The budgets, in bytes as served (before compression), are all here. CSS and
JavaScript count every stylesheet and script file a page links to; the
search page's index is loaded on demand and is measured by `invoke bench
--part search` instead.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

NAME = "anggaran"
KB = 1000
# kind: (HTML, CSS, JavaScript). Reports must stay light on a phone: a typical
# report with the stylesheet is under 30 KB (invoke bench --part scale); the
# budget leaves room for one with many participants and officials. Listings
# grow with the archive, so they paginate.
BUDGETS = {
    "berita": (28 * KB, 14 * KB, 0),
    "entitas": (60 * KB, 14 * KB, 0),
    "daftar": (80 * KB, 14 * KB, 0),
    "cari": (20 * KB, 14 * KB, 20 * KB),
    "halaman": (60 * KB, 14 * KB, 0),
}
KINDS = [
    ("cari", re.compile(r"^cari/index\.html$")),
    ("berita", re.compile(r"^berita/\d{4}/\d{2}/[^/]+/index\.html$")),
    ("entitas", re.compile(r"^(instansi|program|wilayah)/[^/]+/index\.html$")),
    ("halaman", re.compile(r"^(halaman/.*|data/index\.html|404\.html)$")),
    ("daftar", re.compile(r".*")),
]


def kind_of(rel: str) -> str:
    return next(kind for kind, pattern in KINDS if pattern.match(rel))


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.css, self.js = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "") and attrs.get("href"):
            self.css.append(attrs["href"])
        if tag == "script" and attrs.get("src"):
            self.js.append(attrs["src"])


def weights(site, page) -> tuple[int, int, int]:
    assets = _Assets()
    assets.feed(site.text(page))

    def size(urls):
        total = 0
        for url in urls:
            target = site.target(url)
            if hasattr(target, "is_file") and target.is_file():
                total += target.stat().st_size
        return total

    return page.stat().st_size, size(assets.css), size(assets.js)


def check(site) -> list:
    problems = []
    for page in site.pages:
        kind = kind_of(site.rel(page))
        for label, used, budget in zip(("HTML", "CSS", "JavaScript"), weights(site, page), BUDGETS[kind]):
            if used > budget:
                problems.append(site.problem(
                    page, NAME, f"{label} {used:,} bita melebihi anggaran halaman {kind} ({budget:,} bita)".replace(",", "."),
                    "perkecil halaman (kurangi isi daftar, pecah jadi beberapa halaman) atau ubah anggaran di "
                    "site_checks/budgets.py bila memang perlu"))
    return problems

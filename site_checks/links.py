"""Gate: every internal link and fragment resolves (pages, feeds, images,
data files, the search bundle)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag

NAME = "tautan"
URL_ATTRS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"), ("form", "action")}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if name in ("id", "name") and value and (name == "id" or tag == "a"):
                self.ids.add(value)
            if (tag, name) in URL_ATTRS and value:
                self.urls.append((line, value))
            if name == "srcset" and value:
                self.urls += [(line, part.strip().split()[0]) for part in value.split(",") if part.strip()]

    handle_startendtag = handle_starttag


def _parse(site, page):
    collector = _Collector()
    collector.feed(site.text(page))
    collector.close()
    return collector


def check(site) -> list:
    parsed = {page: _parse(site, page) for page in site.pages}
    problems = []
    for page, info in parsed.items():
        for line, url in info.urls:
            address, fragment = urldefrag(url)
            if not address:
                if fragment and fragment not in info.ids:
                    problems.append(site.problem(page, NAME, f'tautan "#{fragment}" tidak menuju id mana pun di halaman ini',
                                                 "perbaiki tautan atau beri elemen tujuan id itu", line))
                continue
            target = site.target(address)
            if target is None:
                continue
            if target in ("escapes", "relative"):
                why = "keluar dari alamat situs" if target == "escapes" else "relatif, bergantung pada letak halaman"
                problems.append(site.problem(page, NAME, f'tautan "{url}" {why}',
                                             "bangun tautan dengan {{ SITEURL }}/...", line))
                continue
            if not target.is_file():
                problems.append(site.problem(page, NAME, f'tautan rusak "{url}": {site.rel(target) if target.is_relative_to(site.root) else target} tidak ada',
                                             "perbaiki alamatnya atau buat halaman/berkas tujuannya", line))
                continue
            if fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(site, target).ids
                if fragment not in ids:
                    problems.append(site.problem(page, NAME, f'tautan "{url}": bagian "#{fragment}" tidak ada di halaman tujuan',
                                                 "perbaiki fragmen atau id di halaman tujuan", line))
    search_page = site.root / "cari" / "index.html"
    if search_page.is_file() and not (site.root / "pagefind" / "pagefind.js").is_file():
        problems.append(site.problem(search_page, NAME, "indeks pencarian pagefind/pagefind.js tidak ada",
                                     "bangun ulang situs; plugin search_index membuat indeks itu"))
    return problems

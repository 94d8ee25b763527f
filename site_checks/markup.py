"""Gate: every page is well-formed HTML in Indonesian with one <h1>, unique
ids, images with alt text, the Content-Security-Policy, and no inline script."""

from __future__ import annotations

from html.parser import HTMLParser

NAME = "markup"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int]] = []
        self.errors: list[tuple[int, str, str]] = []
        self.ids: dict[str, int] = {}
        self.h1 = 0
        self.lang = None
        self.csp = False
        self.in_script = None

    def error(self, message, fix):
        self.errors.append((self.getpos()[0], message, fix))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        line = self.getpos()[0]
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "h1":
            self.h1 += 1
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self.error(f'id "{attrs["id"]}" dipakai dua kali (juga di baris {self.ids[attrs["id"]]})',
                           "beri setiap elemen id yang unik")
            self.ids.setdefault(attrs["id"], line)
        if tag == "img" and "alt" not in attrs:
            self.error(f'gambar "{attrs.get("src", "")}" tanpa teks alternatif (alt)',
                       'tulis alt yang menjelaskan isi gambar, atau alt="" untuk hiasan')
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = True
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/ld+json":
            self.error("skrip sebaris (inline) tidak diizinkan oleh Content-Security-Policy",
                       "pindahkan skrip ke berkas .js di theme/static/js/")
        if tag not in VOID:
            self.stack.append((tag, line))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            opened = f"<{self.stack[-1][0]}> dari baris {self.stack[-1][1]}" if self.stack else "tidak ada"
            self.error(f"</{tag}> tidak cocok dengan elemen yang terbuka ({opened})",
                       "perbaiki templat atau HTML di naskah agar setiap tag ditutup berurutan")
            if any(t == tag for t, _ in self.stack):
                while self.stack and self.stack.pop()[0] != tag:
                    pass
            return
        self.stack.pop()


def check(site) -> list:
    problems = []
    for page in site.pages:
        checker = _Checker()
        checker.feed(site.text(page))
        checker.close()
        for line, message, fix in checker.errors:
            problems.append(site.problem(page, NAME, message, fix, line))
        if checker.stack:
            tag, line = checker.stack[-1]
            problems.append(site.problem(page, NAME, f"<{tag}> tidak pernah ditutup", "tutup elemen itu", line))
        if checker.h1 != 1:
            problems.append(site.problem(page, NAME, f"halaman punya {checker.h1} <h1>, seharusnya tepat satu",
                                         "satu judul utama per halaman; judul bagian memakai <h2>"))
        if checker.lang != "id":
            problems.append(site.problem(page, NAME, f'<html lang="{checker.lang}">, seharusnya "id"',
                                         'halaman diturunkan dari base.html yang memakai lang="id"'))
        if not checker.csp:
            problems.append(site.problem(page, NAME, "tidak ada meta Content-Security-Policy",
                                         "turunkan templat dari base.html"))
    return problems

"""Mark a copy of a built page for Pagefind; the served page is never changed.

`mark_page` reads a page with the standard library's HTML parser and makes
a copy of its indexed element (`<main>`), in a minimal document, into which
it only inserts text: `data-pagefind-*` attributes in start tags that match
simple selectors, and a block of metadata, filters and extra names just
before the element's end. Every other byte of the element is kept as it was.

Selectors are deliberately small: a tag, `.class`, `#id` and attribute tests
`[name]`, `[name=value]`, `[name*=value]`, `[name^=value]`, combined without
spaces (`nav.breadcrumbs`, `a[href*="/instansi/"]`). No descendant
combinators: every rule names the element itself.

The result card's photo is read here too, from the page as built: the
smallest derivative of the page's lead photo (the `figure.photo--lead` that
the images plugin writes) becomes Pagefind's `image` metadata, and a page
without one gets an empty `image`, so Pagefind does not take the first body
photo, logo or chart on its own (docs/search.md, "Result card metadata").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SELECTOR = re.compile(r"^(?P<tag>[a-z][a-z0-9-]*)?(?P<rest>(?:[.#][\w-]+|\[[^\]]+\])*)$")
# The lead photo as plugins/images/markup.py writes it: <figure class="photo photo--lead"><picture>
# <source type="image/webp" srcset="..."><img srcset="..." alt="..."></picture></figure>.
LEAD_PHOTO = "figure.photo--lead"
_PART = re.compile(r"([.#])([\w-]+)|\[\s*([\w:-]+)\s*(?:([*^]?=)\s*(\"[^\"]*\"|'[^']*'|[^\]]*?)\s*)?\]")


@dataclass(frozen=True)
class Selector:
    text: str
    tag: str | None
    tests: tuple  # (attribute, operator, value); operator "" tests presence

    @classmethod
    def parse(cls, text: str) -> Selector:
        match = _SELECTOR.match(text.strip())
        if not match:
            raise ValueError(f"selector tidak didukung: {text!r} (tag, .kelas, #id, [atribut=nilai] tanpa spasi)")
        tests = []
        for dot, name, attr, op, value in _PART.findall(match["rest"]):
            if dot == ".":
                tests.append(("class", "~=", name))
            elif dot == "#":
                tests.append(("id", "=", name))
            else:
                tests.append((attr.lower(), op, value.strip("\"'")))
        return cls(text, match["tag"], tuple(tests))

    def matches(self, tag: str, attrs: dict[str, str]) -> bool:
        if self.tag and self.tag != tag:
            return False
        for name, op, value in self.tests:
            have = attrs.get(name)
            if have is None:
                return False
            if (op == "~=" and value not in have.split()) or (op == "=" and have != value) \
                    or (op == "*=" and value not in have) or (op == "^=" and not have.startswith(value)):
                return False
        return True


@dataclass
class Rules:
    """What to mark: the indexed element, ignored elements, weighted elements."""

    body: Selector
    ignore: list[Selector] = field(default_factory=list)
    weights: list[tuple[Selector, float]] = field(default_factory=list)
    language: str = "id"
    photo: Selector = field(default_factory=lambda: Selector.parse(LEAD_PHOTO))  # the result card's photo

    def __post_init__(self):
        # Rules indexed by what an element must have for them to match: its tag,
        # or for a rule without one (".timeline-year", "[aria-labelledby=...]") the
        # attribute it tests. A page has about 200 start tags, most with no
        # attribute, and a rule is only tried on the elements it could match.
        self._ignore_by_key = _by_key(enumerate(self.ignore))
        self._weights_by_key = _by_key(enumerate(self.weights))

    def candidates(self, tag: str, attrs: dict[str, str]) -> tuple[list[Selector], list[tuple[Selector, float]]]:
        """The ignore and weight rules that could match this element, in their order."""
        return _pick(self._ignore_by_key, tag, attrs), _pick(self._weights_by_key, tag, attrs)

    @classmethod
    def from_settings(cls, body: str, ignore, weights: dict, language: str) -> Rules:
        return cls(Selector.parse(body), [Selector.parse(s) for s in ignore],
                   [(Selector.parse(s), float(w)) for s, w in weights.items()], language)


def _by_key(numbered) -> dict:
    out: dict = {}
    for i, rule in numbered:
        selector = rule[0] if isinstance(rule, tuple) else rule
        key = selector.tag if selector.tag or not selector.tests else ("@", selector.tests[0][0])
        out.setdefault(key, []).append((i, rule))
    return out


def _pick(by_key: dict, tag: str, attrs: dict) -> list:
    found = [*by_key.get(tag, ()), *by_key.get(None, ())]
    for name in attrs:
        found += by_key.get(("@", name), ())
    if len(found) > 1:
        found.sort(key=lambda numbered: numbered[0])
    return [rule for _, rule in found]


@dataclass
class Photo:
    """The page's lead photo: its smallest derivative and its alt text."""

    src: str
    alt: str


def smallest(srcset: str) -> str:
    """The URL of the narrowest candidate of a srcset ("a.webp 480w, b.webp 800w" -> "a.webp")."""
    candidates = []
    for part in srcset.split(","):
        words = part.split()
        if words:
            width = words[1] if len(words) > 1 and words[1].endswith("w") and words[1][:-1].isdigit() else ""
            candidates.append((int(width[:-1]) if width else 1 << 30, words[0]))
    return min(candidates)[1] if candidates else ""


@dataclass
class Marked:
    html: str  # the copy to give Pagefind
    text: str  # the text Pagefind will index (body minus ignored parts), whitespace collapsed
    found_body: bool
    photo: Photo | None = None  # the lead photo, given to Pagefind as the result card's image


class _Marker(HTMLParser):
    def __init__(self, source: str, rules: Rules):
        super().__init__(convert_charrefs=True)
        self.rules = rules
        self.source = source
        self.line_starts = [0]
        for m in re.finditer("\n", source):
            self.line_starts.append(m.end())
        self.edits: list[tuple[int, str]] = []  # (offset, text to insert there)
        self.stack: list[tuple[str, str]] = []  # open elements: (tag, role) role in body/ignore/""
        self.open: dict[str, int] = {}  # how many of each tag are on the stack
        self.body_start: int | None = None  # offset of the indexed element's start tag
        self.body_end: int | None = None  # offset of its end tag
        self.found_body = False
        self.in_body = 0
        self.in_ignored = 0
        self.text: list[str] = []
        self.photo_level = 0  # depth of the open lead photo figure, 0 outside it
        self.photo_seen = False  # a lead photo was read (the first one counts)
        self.photo_srcsets: list[tuple[str, str]] = []  # (type or "img", srcset) inside it
        self.photo_alt = ""
        self.any_img = False  # an <img> in the body: Pagefind would take the first as the image

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _insert_attrs(self, tag: str, attr_map: dict[str, str]) -> str:
        added, role = [], ""
        if not self.found_body and self.rules.body.matches(tag, attr_map):
            added.append("data-pagefind-body")
            self.found_body, role = True, "body"
            self.body_start = self._offset()
        elif self.in_body and not self.in_ignored:
            ignore, weights = self.rules.candidates(tag, attr_map)
            if any(s.matches(tag, attr_map) for s in ignore):
                added.append("data-pagefind-ignore")
                role = "ignore"
            else:
                weight = next((w for s, w in weights if s.matches(tag, attr_map)), None)
                if weight is not None and "data-pagefind-weight" not in attr_map:
                    added.append(f'data-pagefind-weight="{weight:g}"')
        if added:
            self.edits.append((self._offset() + 1 + len(tag), " " + " ".join(added)))
        return role

    def _see_photo(self, tag: str, attr_map: dict[str, str]) -> None:
        if not self.in_body:
            return
        if tag == "img":
            self.any_img = True
        if self.photo_level:
            if tag == "source" and attr_map.get("srcset"):
                self.photo_srcsets.append((attr_map.get("type", ""), attr_map["srcset"]))
            elif tag == "img":
                self.photo_srcsets.append(("img", attr_map.get("srcset") or attr_map.get("src", "")))
                self.photo_alt = self.photo_alt or attr_map.get("alt", "")

    def handle_starttag(self, tag, attrs):
        attr_map = {k: v or "" for k, v in attrs}
        role = self._insert_attrs(tag, attr_map)
        self._see_photo(tag, attr_map)
        if tag in VOID:
            return
        self.stack.append((tag, role))
        self.open[tag] = self.open.get(tag, 0) + 1
        if self.in_body and not self.photo_seen and self.rules.photo.matches(tag, attr_map):
            self.photo_level, self.photo_seen = len(self.stack), True
        if role == "body":
            self.in_body += 1
        elif role == "ignore":
            self.in_ignored += 1

    def handle_startendtag(self, tag, attrs):
        attr_map = {k: v or "" for k, v in attrs}
        self._insert_attrs(tag, attr_map)
        self._see_photo(tag, attr_map)

    def handle_endtag(self, tag):
        if tag == "a" and self.in_body:
            # Links written side by side ("<a>PMKS</a><a>IKN</a>", tag lists) are separate
            # words to a reader; Pagefind would join them into one.
            end = self.source.find(">", self._offset()) + 1
            if self.source.startswith("<", end) and not self.source.startswith("</", end):
                self.edits.append((end, " "))
        if tag in VOID or not self.open.get(tag):
            return  # a stray end tag: the browser ignores it, so do we
        while self.stack:
            open_tag, role = self.stack.pop()
            self.open[open_tag] -= 1
            if role == "body":
                self.in_body -= 1
                self.body_end = self._offset()
            elif role == "ignore":
                self.in_ignored -= 1
            if len(self.stack) < self.photo_level:
                self.photo_level = 0
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.in_body and not self.in_ignored:
            self.text.append(data)

    def photo(self) -> Photo | None:
        """The lead photo's smallest WebP derivative (every browser that runs Pagefind shows
        WebP), else the smallest of its fallback, with the alt text."""
        webp = [s for kind, s in self.photo_srcsets if kind == "image/webp"]
        others = [s for kind, s in self.photo_srcsets if kind != "image/webp"]
        src = smallest((webp or others or [""])[0])
        return Photo(src, self.photo_alt) if src else None


def mark_page(source: str, rules: Rules, extra=None) -> Marked:
    """A marked copy of `source`; extra(text) gives HTML to add at the end of the indexed element.

    The copy holds only the indexed element, in a minimal document: Pagefind reads
    nothing else (every metadata value is in the block), and parsing the header,
    footer and head of every page made it a tenth slower."""
    if rules.body.tag:
        # Parsing starts at the first tag that could be the indexed element: the
        # head and header before it (a quarter of a report page) hold nothing to mark.
        first = re.search(f"<{re.escape(rules.body.tag)}[\\s/>]", source, re.IGNORECASE)
        source = source[first.start():] if first else source
    parser = _Marker(source, rules)
    parser.feed(source)
    parser.close()
    text = " ".join("".join(parser.text).split())
    edits = list(parser.edits)
    photo = parser.photo()
    start, end = 0, len(source)
    if parser.body_end is not None:
        start, end = parser.body_start, source.find(">", parser.body_end) + 1
        if extra is not None:
            edits.append((parser.body_end, extra(text)))
        if photo or parser.any_img:
            edits.append((parser.body_end, image_block(photo)))
    out, last = [], start
    for offset, inserted in sorted(e for e in edits if start <= e[0] < end):
        out += [source[last:offset], inserted]
        last = offset
    out.append(source[last:end])
    html = "".join(out)
    if parser.body_end is not None:
        html = (f'<!doctype html><html lang="{escape(rules.language)}"><head><meta charset="utf-8"></head>'
                f"<body>{html}</body></html>")
    return Marked(html, text, parser.found_body, photo)


def image_block(photo: Photo | None) -> str:
    """The result card's photo for Pagefind: `image` and `image_alt` of the lead photo.

    Without a lead photo `image` is written empty: Pagefind would otherwise take the
    first <img> after the title (a photo in the text, an inline logo) at the size the
    page shows it. An explicit `image` also stops Pagefind taking `image_alt` itself.
    """
    if photo is None:
        return '<meta data-pagefind-meta="image[content]" content="">\n'
    return (f'<meta data-pagefind-meta="image[content]" content="{escape(photo.src)}">\n'
            f'<meta data-pagefind-meta="image_alt[content]" content="{escape(photo.alt)}">\n')


def index_block(meta: dict[str, str], filters: dict[str, list[str]], names: list[str], names_weight: float) -> str:
    """Metadata and filters as Pagefind reads them, plus extra names at low weight.

    No sort key: the order by event date is the order of the pages in the index
    (documents.newest_first), which costs the index nothing, where Pagefind's sort
    list is a number per page in the metadata every search downloads.

    Values go in `content` attributes (`key[content]`), so commas, colons and
    quotes in names need no escaping beyond HTML's.
    """
    parts = []
    for key, value in meta.items():
        if value:
            parts.append(f'<meta data-pagefind-meta="{key}[content]" content="{escape(value)}">')
    for key, values in filters.items():
        for value in values:
            parts.append(f'<meta data-pagefind-filter="{key}[content]" content="{escape(value)}">')
    if names:
        parts.append(f'<p data-pagefind-weight="{names_weight:g}">{escape("; ".join(names))}</p>')
    return "\n" + "\n".join(parts) + "\n"

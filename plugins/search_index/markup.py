"""Mark a copy of a built page for Pagefind; the served page is never changed.

`mark_page` parses a page's indexed element (`<main>`) with lexbor, a
spec-following HTML5 parser in C (through selectolax), and gives Pagefind a
copy of it in a minimal document: without the elements that the ignore
selectors match, with `data-pagefind-weight` on those the weight selectors
match, and a block of metadata, filters and extra names just before the
element's end. Parsing, matching and writing
the copy take 0.5 ms a report page against 1.8 ms with the standard
library's parser before; that was most of the indexing process's own work
in a first build. The copy is lexbor's serialisation of the element: the
same elements, attributes and text as the page (tested), not its bytes.

Selectors are deliberately small: a tag, `.class`, `#id` and attribute tests
`[name]`, `[name=value]`, `[name*=value]`, `[name^=value]`, combined without
spaces (`nav.breadcrumbs`, `a[href*="/instansi/"]`). No descendant
combinators: every rule names the element itself. They are checked here
(with a message in Indonesian for a wrong setting) and handed to lexbor in
standard CSS.

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

from selectolax.lexbor import LexborHTMLParser

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

    @property
    def css(self) -> str:
        """The selector in standard CSS, values quoted (`[href^=/berita/]` is not CSS)."""
        out = self.tag or ""
        for name, op, value in self.tests:
            if op == "~=" and name == "class":
                out += "." + value
            elif op == "=" and name == "id":
                out += "#" + value
            else:
                quoted = value.replace("\\", "\\\\").replace('"', '\\"')
                out += f'[{name}{op}"{quoted}"]' if op else f"[{name}]"
        return out or "*"


@dataclass
class Rules:
    """What to mark: the indexed element, ignored elements, weighted elements."""

    body: Selector
    ignore: list[Selector] = field(default_factory=list)
    weights: list[tuple[Selector, float]] = field(default_factory=list)
    language: str = "id"
    photo: Selector = field(default_factory=lambda: Selector.parse(LEAD_PHOTO))  # the result card's photo

    @property
    def ignore_css(self) -> str:
        return ", ".join(selector.css for selector in self.ignore)

    @classmethod
    def from_settings(cls, body: str, ignore, weights: dict, language: str) -> Rules:
        return cls(Selector.parse(body), [Selector.parse(s) for s in ignore],
                   [(Selector.parse(s), float(w)) for s, w in weights.items()], language)


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


def mark_page(source: str, rules: Rules, extra=None) -> Marked:
    """A marked copy of `source`; extra(text) gives HTML to add at the end of the indexed element.

    The copy holds only the indexed element, in a minimal document: Pagefind reads
    nothing else (every metadata value is in the block), and parsing the header,
    footer and head of every page made it a tenth slower."""
    if rules.body.tag:
        # Only from the first tag that could be the indexed element to the last end tag
        # of its kind: the head, header and footer (a third of a report page) hold nothing to mark.
        first = re.search(f"<{re.escape(rules.body.tag)}[\\s/>]", source, re.IGNORECASE)
        last = source.lower().rfind(f"</{rules.body.tag}>")
        if first:
            source = source[first.start():last + len(rules.body.tag) + 3 if last > first.start() else len(source)]
    body = LexborHTMLParser(source).css_first(rules.body.css)
    if body is None:
        return Marked("", "", False)
    body.attrs["data-pagefind-body"] = ""
    ignored = body.css(rules.ignore_css) if rules.ignore else []  # one walk for all of them
    ignored = [node for node in ignored if "data-pagefind-body" not in node.attrs]  # lexbor's include the body
    for node in ignored:
        node.attrs["data-pagefind-ignore"] = ""
    for link in body.css("a"):
        # Links written side by side ("<a>PMKS</a><a>IKN</a>", tag lists) are separate
        # words to a reader; Pagefind would join them into one.
        after = link.next
        if after is not None and after.tag != "-text":
            link.insert_after(" ")
    photo = _lead_photo(body, rules.photo)  # the lead photo's figure is itself ignored
    any_img = body.css_first("img") is not None  # Pagefind would take the first as the image
    # Ignored parts are left out of the copy rather than marked: Pagefind reads
    # half as much (a report page's copy 10.1 to 5.7 kB, Pagefind a tenth faster)
    # and makes the same bundle, byte for byte (2,000-report synthetic site, real site).
    for node in [node for node in ignored if not _inside_ignored(node)]:
        node.decompose()
    for selector, weight in rules.weights:  # the first rule that matches an element gives its weight
        for node in body.css(selector.css):
            if "data-pagefind-weight" not in node.attrs and "data-pagefind-body" not in node.attrs:
                node.attrs["data-pagefind-weight"] = f"{weight:g}"
    html = body.html
    text = " ".join(body.text(deep=True, separator="", strip=False).split())
    block = (extra(text) if extra is not None else "") + (image_block(photo) if photo or any_img else "")
    end = html.rindex("</")
    html = (f'<!doctype html><html lang="{escape(rules.language)}"><head><meta charset="utf-8"></head>'
            f"<body>{html[:end]}{block}{html[end:]}</body></html>")
    return Marked(html, text, True, photo)


def _inside_ignored(node) -> bool:
    parent = node.parent
    while "data-pagefind-body" not in parent.attrs:  # every ignored element is inside the body
        if "data-pagefind-ignore" in parent.attrs:
            return True
        parent = parent.parent
    return False


def _lead_photo(body, selector: Selector) -> Photo | None:
    """The first lead photo's smallest WebP derivative (every browser that runs Pagefind
    shows WebP), else the smallest of its fallback, with the alt text."""
    figure = body.css_first(selector.css)
    if figure is None:
        return None
    webp, others, alt = [], [], ""
    for node in figure.css("source, img"):
        if node.tag == "source" and node.attrs.get("srcset"):
            (webp if node.attrs.get("type") == "image/webp" else others).append(node.attrs["srcset"])
        elif node.tag == "img":
            others.append(node.attrs.get("srcset") or node.attrs.get("src") or "")
            alt = alt or node.attrs.get("alt") or ""
    src = smallest((webp or others or [""])[0])
    return Photo(src, alt) if src else None


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

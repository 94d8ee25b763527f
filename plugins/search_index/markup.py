"""Mark a copy of a built page for Pagefind; the served page is never changed.

`mark_page` reads a page with the standard library's HTML parser and only
inserts text into a copy of it: `data-pagefind-*` attributes in start tags
that match simple selectors, and a block of metadata, filters and
extra names just before the end of the indexed element. Every other byte is
kept as it was.

Selectors are deliberately small: a tag, `.class`, `#id` and attribute tests
`[name]`, `[name=value]`, `[name*=value]`, `[name^=value]`, combined without
spaces (`nav.breadcrumbs`, `a[href*="/instansi/"]`). No descendant
combinators: every rule names the element itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SELECTOR = re.compile(r"^(?P<tag>[a-z][a-z0-9-]*)?(?P<rest>(?:[.#][\w-]+|\[[^\]]+\])*)$")
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

    @classmethod
    def from_settings(cls, body: str, ignore, weights: dict, language: str) -> Rules:
        return cls(Selector.parse(body), [Selector.parse(s) for s in ignore],
                   [(Selector.parse(s), float(w)) for s, w in weights.items()], language)


@dataclass
class Marked:
    html: str  # the copy to give Pagefind
    text: str  # the text Pagefind will index (body minus ignored parts), whitespace collapsed
    found_body: bool


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
        self.body_end: int | None = None
        self.found_body = False
        self.in_body = 0
        self.in_ignored = 0
        self.text: list[str] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _insert_attrs(self, tag: str, attrs: list) -> str:
        attr_map = {k: v or "" for k, v in attrs}
        added, role = [], ""
        if tag == "html" and "lang" not in attr_map:
            added.append(f'lang="{self.rules.language}"')
        if not self.found_body and self.rules.body.matches(tag, attr_map):
            added.append("data-pagefind-body")
            self.found_body, role = True, "body"
        elif self.in_body and not self.in_ignored:
            if any(s.matches(tag, attr_map) for s in self.rules.ignore):
                added.append("data-pagefind-ignore")
                role = "ignore"
            else:
                weight = next((w for s, w in self.rules.weights if s.matches(tag, attr_map)), None)
                if weight is not None and "data-pagefind-weight" not in attr_map:
                    added.append(f'data-pagefind-weight="{weight:g}"')
        if added:
            self.edits.append((self._offset() + 1 + len(tag), " " + " ".join(added)))
        return role

    def handle_starttag(self, tag, attrs):
        role = self._insert_attrs(tag, attrs)
        if tag in VOID:
            return
        self.stack.append((tag, role))
        if role == "body":
            self.in_body += 1
        elif role == "ignore":
            self.in_ignored += 1

    def handle_startendtag(self, tag, attrs):
        self._insert_attrs(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "a" and self.in_body:
            # Links written side by side ("<a>PMKS</a><a>IKN</a>", tag lists) are separate
            # words to a reader; Pagefind would join them into one.
            end = self.source.find(">", self._offset()) + 1
            if self.source.startswith("<", end) and not self.source.startswith("</", end):
                self.edits.append((end, " "))
        if tag in VOID or not any(t == tag for t, _ in self.stack):
            return  # a stray end tag: the browser ignores it, so do we
        while self.stack:
            open_tag, role = self.stack.pop()
            if role == "body":
                self.in_body -= 1
                self.body_end = self._offset()
            elif role == "ignore":
                self.in_ignored -= 1
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.in_body and not self.in_ignored:
            self.text.append(data)


def mark_page(source: str, rules: Rules, extra=None) -> Marked:
    """A marked copy of `source`; extra(text) gives HTML to add at the end of the indexed element."""
    parser = _Marker(source, rules)
    parser.feed(source)
    parser.close()
    text = " ".join("".join(parser.text).split())
    edits = list(parser.edits)
    if parser.body_end is not None and extra is not None:
        edits.append((parser.body_end, extra(text)))
    out, last = [], 0
    for offset, inserted in sorted(edits, key=lambda e: e[0]):
        out += [source[last:offset], inserted]
        last = offset
    out.append(source[last:])
    return Marked("".join(out), text, parser.found_body)


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

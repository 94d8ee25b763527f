"""Raw HTML in Markdown: only an allowlist of harmless tags and attributes.

Markdown lets editors write HTML; a pasted embed or a script would run on
every reader's phone. The rendered HTML of each document is checked here, and
anything outside the allowlist stops the build with the file and line.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# What Markdown itself produces, plus a few harmless extras editors may type.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "time", "tr", "u", "ul", "picture", "source",
}
ALLOWED_ATTRIBUTES = {
    "href", "title", "src", "alt", "width", "height", "id", "class", "colspan", "rowspan", "scope",
    "datetime", "cite", "lang", "start", "reversed", "srcset", "sizes", "type", "media", "align",
    "loading", "decoding", "rel",
}
URL_ATTRIBUTES = {"href", "src", "cite"}
SAFE_SCHEMES = re.compile(r"^\s*(?:https?:|mailto:|tel:|#|/|\.|[^:/?#\s]+(?:[/?#]|$))", re.IGNORECASE)


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (what, the tag as written, text to find it by)

    def handle_starttag(self, tag, attrs):
        written = self.get_starttag_text() or f"<{tag}>"
        if tag not in ALLOWED_TAGS:
            self.found.append((f"tag <{tag}> tidak diizinkan", written, f"<{tag}"))
            return
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((f"atribut {name} (skrip) tidak diizinkan", written, name))
            elif name not in ALLOWED_ATTRIBUTES:
                self.found.append((f"atribut {name} tidak diizinkan", written, name))
            elif name in URL_ATTRIBUTES and value and not SAFE_SCHEMES.match(value):
                self.found.append((f"alamat '{value[:40]}' tidak diizinkan", written, value))

    handle_startendtag = handle_starttag


def unsafe_html(html: str, source: str, first_line: int = 1) -> list[tuple[int, str, str]]:
    """(line, what, as written) for each tag or attribute outside the allowlist.
    The line is where the tag appears in the Markdown source."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    out = []
    for what, written, needle in finder.found:
        at = source.lower().find(needle.lower())
        line = first_line + source.count("\n", 0, at) if at >= 0 else first_line
        out.append((line, what, written))
    return out

"""A streaming HTML parser that writes back everything it reads, as it came.

Plugins that rewrite rendered HTML (agency links, images) subclass it and
change only what they must; tags, entities, comments and declarations pass
through untouched, so what a reader sees never changes by accident.
"""

from __future__ import annotations

from html.parser import HTMLParser


class PassThroughParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)  # entities come back as written
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")

    def result(self, html: str) -> str:
        self.feed(html)
        self.close()
        return "".join(self.out)

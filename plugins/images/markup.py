"""HTML for photos and link previews.

`picture()` writes one photo as <picture> with a WebP srcset and a JPEG/PNG
fallback, `width`/`height` so the page does not jump while it loads, and lazy
loading for every photo but the lead. `rewrite_images()` replaces each <img>
of a document's HTML with that markup, streaming with the standard library's
parser like agency_links/linker.py: everything else is written back exactly
as it came. `social_tags()` writes the Open Graph and Twitter meta tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Callable

from content_model.passthrough import PassThroughParser

from .photos import Derivative, PhotoSet


@dataclass(frozen=True)
class Placed:
    """A photo set and the URL of each derivative in the site."""

    photos: PhotoSet
    urls: dict[Derivative, str]

    def srcset(self, fmt: str) -> str:
        return ", ".join(f"{self.urls[d]} {d.width}w" for d in self.photos.of_format(fmt))

    def fallback_src(self, preferred: int = 800) -> str:
        """For browsers without srcset: the largest fallback no wider than `preferred`."""
        fallbacks = self.photos.of_format(self.photos.fallback)
        fitting = [d for d in fallbacks if d.width <= preferred] or fallbacks[:1]
        return self.urls[fitting[-1]]


def _attr(value: str) -> str:
    return escape(value, quote=True)


def picture(placed: Placed, alt: str, sizes: str, lead: bool = False, title: str = "") -> str:
    photos = placed.photos
    loading = 'fetchpriority="high"' if lead else 'loading="lazy" decoding="async"'
    title_attr = f' title="{_attr(title)}"' if title else ""
    return (
        "<picture>"
        f'<source type="image/webp" srcset="{_attr(placed.srcset("webp"))}" sizes="{_attr(sizes)}">'
        f'<img src="{_attr(placed.fallback_src())}" srcset="{_attr(placed.srcset(photos.fallback))}" '
        f'sizes="{_attr(sizes)}" width="{photos.width}" height="{photos.height}" alt="{_attr(alt)}"{title_attr} {loading}>'
        "</picture>"
    )


def credit_text(credit: str) -> str:
    """'Foto: Humas Diskominfo' (the editor may write the 'Foto:' or not)."""
    credit = credit.strip()
    return credit if re.match(r"^(foto|dok\.?|dokumentasi|sumber)\b", credit, re.I) else f"Foto: {credit}"


def figure(placed: Placed, alt: str, sizes: str, caption: str = "", credit: str = "", lead: bool = False) -> str:
    parts = []
    if caption:
        parts.append(f'<span class="photo__caption">{escape(caption)}</span>')
    if credit:
        parts.append(f'<span class="photo__credit">{escape(credit_text(credit))}</span>')
    figcaption = f"<figcaption>{' '.join(parts)}</figcaption>" if parts else ""
    css = "photo photo--lead" if lead else "photo"
    return f'<figure class="{css}">{picture(placed, alt, sizes, lead)}{figcaption}</figure>'


# -- rewriting the <img> elements of a document ---------------------------------------------------

class _Img:
    """An <img> waiting to learn whether it stands alone in its paragraph."""

    def __init__(self, attrs: dict[str, str], original: str):
        self.attrs, self.original = attrs, original


class _Rewriter(PassThroughParser):
    """Writes the HTML back as it came, with every <img> rendered anew."""

    def __init__(self, render: Callable[[dict[str, str], bool], str]):
        super().__init__()
        self.render = render  # (attributes, alone in its paragraph) -> HTML
        self.paragraph: int | None = None  # index in out where the open <p> starts
        self.paragraph_has_more = False  # text or other elements beside the images

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self._img(attrs)
            return
        if tag == "p":
            self._close_paragraph()
            self.paragraph, self.paragraph_has_more = len(self.out), False
        elif self.paragraph is not None:
            self.paragraph_has_more = True
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        if tag == "img":
            self._img(attrs)
            return
        if self.paragraph is not None:
            self.paragraph_has_more = True
        self.out.append(self.get_starttag_text())

    def _img(self, attrs):
        img = _Img({k: v or "" for k, v in attrs}, self.get_starttag_text())
        if self.paragraph is None:
            self.out.append(self.render(img.attrs, False))
        else:
            self.out.append(img)

    def handle_endtag(self, tag):
        if tag == "p" and self.paragraph is not None:
            self._close_paragraph(ended=True)
            return
        if self.paragraph is not None:
            self.paragraph_has_more = True
        self.out.append(f"</{tag}>")

    def _close_paragraph(self, ended: bool = False):
        if self.paragraph is None:
            return
        start, self.paragraph = self.paragraph, None
        tokens = self.out[start:]
        images = [t for t in tokens if isinstance(t, _Img)]
        if ended and len(images) == 1 and not self.paragraph_has_more:
            # A paragraph that is only a photo becomes a figure (a figure may not sit inside a <p>).
            self.out[start:] = [self.render(images[0].attrs, True)]
            return
        self.out[start:] = [self.render(t.attrs, False) if isinstance(t, _Img) else t for t in tokens]
        if ended:
            self.out.append("</p>")

    def handle_data(self, data):
        if self.paragraph is not None and data.strip():
            self.paragraph_has_more = True
        self.out.append(data)

    def handle_entityref(self, name):
        self.paragraph_has_more = self.paragraph is not None
        super().handle_entityref(name)

    def handle_charref(self, name):
        self.paragraph_has_more = self.paragraph is not None
        super().handle_charref(name)


def rewrite_images(html: str, render: Callable[[dict[str, str], bool], str]) -> str:
    """Replace every <img> by render(attributes, alone); a paragraph holding
    nothing but one image is replaced as a whole (alone=True)."""
    if "<img" not in html:
        return html
    rewriter = _Rewriter(render)
    rewriter.result(html)
    rewriter._close_paragraph()
    return "".join(rewriter.out)


# -- link previews ---------------------------------------------------------------------------------

def plain(text: str, limit: int = 200) -> str:
    """Text without tags or runs of white space, cut at a word near `limit`."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(text or ""))).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def social_tags(*, title: str, description: str, url: str, kind: str, image: str, image_alt: str,
                site_name: str, width: int, height: int) -> str:
    """Open Graph and Twitter Card meta tags for one page."""
    props = [
        ("og:type", kind), ("og:title", title), ("og:description", description), ("og:url", url),
        ("og:site_name", site_name), ("og:locale", "id_ID"),
        ("og:image", image), ("og:image:width", str(width)), ("og:image:height", str(height)),
        ("og:image:alt", image_alt),
    ]
    # Twitter/X reads og:title and og:description itself; only the card type and image are its own.
    names = [("twitter:card", "summary_large_image"), ("twitter:image", image)]
    lines = [f'<meta property="{p}" content="{_attr(v)}">' for p, v in props if v]
    lines += [f'<meta name="{n}" content="{_attr(v)}">' for n, v in names if v]
    return "\n  ".join(lines)

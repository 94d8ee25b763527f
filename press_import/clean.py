"""Strip the page debris that comes along when a press release is copied
from a website: related-article boxes, image placeholders, share and comment
widgets, view counters, and the reporter's initials at the end."""

from __future__ import annotations

import re

DEBRIS_LINES = [
    r"^\s*BACA\s+JUGA\b.*$",                      # "BACA JUGA :  Pergantian Kapolda ..."
    r"^\s*(?:spot_img)+\s*$",                      # image placeholders of the site's theme
    r"^.*\b\d+(?:[.,]\d+)?\s*[kK]?\s+(?:Pengikut|Dilihat|kali dibaca|Views?)\b.*$",  # counters
    r"^\s*oleh\s*-?\s*\d+\s*Dilihat\s*$",
    r"^\s*Mengikuti\s*$",
    r"^\s*\d+\s+(?:replies|balasan|komentar)\s*$",
    r"^\s*(?:Leave a Reply|Tinggalkan Balasan|Want to join the discussion\?|Feel free to contribute!)\s*$",
    r"^.*Your email address will not be published.*$",
    r"^.*Required fields are marked.*$",
    r"^\s*(?:Share|Bagikan|Tweet|WhatsApp|Facebook|Telegram)(?:\s*[:|]\s*\S*)*\s*$",
    r"^\s*\*{3}\s*$",
]
_DEBRIS = re.compile("|".join(DEBRIS_LINES), re.IGNORECASE | re.MULTILINE)
# Reporter or editor initials closing the text: "(rey/pt)", "(irf/Sri)", "(Rkt)", "(mc)", "***".
INITIALS = re.compile(r"\s*(?:\((?:[A-Za-z]{1,5})(?:/[A-Za-z]{1,5})*\)|\*{3})\s*$")
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean(text: str) -> list[str]:
    """The paragraphs of the release, without debris, initials or repeated lines."""
    text = text.replace("\r\n", "\n")
    text = _DEBRIS.sub("", text)
    paragraphs, seen = [], set()
    for block in re.split(r"\n\s*\n|\n", text):
        para = _SPACES.sub(" ", block).strip()
        if not para or para in seen:
            continue
        seen.add(para)
        paragraphs.append(para)
    # A bare date line after the text ("01 Agustus 2024") is the site's stamp, not content.
    if paragraphs and re.fullmatch(r"\d{1,2} \w+ \d{4}", paragraphs[-1]):
        paragraphs.pop()
    while paragraphs:
        stripped = INITIALS.sub("", paragraphs[-1]).strip()
        if stripped == paragraphs[-1]:
            break
        if stripped:
            paragraphs[-1] = stripped
            break
        paragraphs.pop()
    return paragraphs

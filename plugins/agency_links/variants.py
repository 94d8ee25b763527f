"""Every way a report may write an agency's name, from the directory alone.

Pure: takes agency and region records, returns `Variant`s. Rules (see
docs/agency-links.md):

- Each name an agency lists (title, short_name, aliases, head_title,
  head_aliases) is a variant. Head titles link to the agency too.
- When a name ends with its region ("... Provinsi Kalimantan Timur"), the
  region part is swapped for every form of the region: "Provinsi Kaltim",
  "Prov. Kaltim", "Prov Kaltim", "Kaltim", "Kalimantan Timur", and for a
  regency "Kabupaten/Kab. <name or short name>". These variants are
  *specific*: they name one agency.
- What is left without the region ("Dinas Sosial", "Dinsos", "Biro Kesra",
  after dropping a trailing "Setda"/"Setdaprov") is a *generic* variant, which
  many agencies share and which only the report's context can resolve. A
  generic variant must be two words or more, or one word that is not a
  common word of government ("Pemerintah", "Gubernur", "Setda", ...), and
  not the name of a kind of body ("Sekretariat Daerah").
- A name without a region part is specific for a national (pusat) agency
  and generic for any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REGION_PREFIXES = {
    "provinsi": ["Provinsi", "Prov.", "Prov", ""],
    "kabupaten": ["Kabupaten", "Kab.", "Kab", ""],
    "kota": ["Kota", ""],
}
# Words that may sit between an agency's own name and its region, and are
# dropped from the generic variant: "Biro Kesra Setda Provinsi Kaltim".
CONNECTORS = ("Sekretariat Daerah", "Setdaprov", "Setdakab", "Setdakot", "Setda")
# One-word stems too common to stand for an agency on their own.
STOPWORDS = {
    "pemerintah", "pemprov", "pemkab", "pemkot", "gubernur", "bupati", "walikota", "wali",
    "sekda", "setda", "sekretariat", "sekretaris", "kepala", "kadis", "dinas", "badan", "biro",
    "kantor", "bagian", "balai", "kementerian", "kementrian", "wakil", "staf", "asisten",
}
# Longer stems that name a kind of body, not one body: "penguatan peran
# Sekretariat Daerah" is about every regional secretariat.
GENERIC_PHRASES = {"sekretariat daerah", "pemerintah daerah", "perangkat daerah", "pemerintah provinsi",
                   "pemerintah kabupaten", "pemerintah kota", "sekretaris daerah"}


@dataclass(frozen=True)
class Variant:
    text: str
    agency: str  # slug
    specific: bool


def region_forms(region) -> list[str]:
    """All ways to write a region after an agency's name, longest first."""
    names = [n for n in dict.fromkeys([region.name, region.short_name, *region.aliases]) if n]
    forms = {f"{prefix} {name}".strip() for prefix in REGION_PREFIXES[region.kind] for name in names}
    forms.add(region.title)
    return sorted(forms, key=len, reverse=True)


def _ends_with(name: str, form: str) -> int:
    """Index where `form` starts if `name` ends with it as whole words, else -1."""
    if len(form) >= len(name) or not name.lower().endswith(form.lower()):
        return -1
    start = len(name) - len(form)
    return start if not name[start - 1].isalnum() else -1


def generic_stem(prefix: str) -> str | None:
    stem = prefix.strip(" ,")
    for connector in CONNECTORS:
        if stem.lower().endswith(" " + connector.lower()):
            stem = stem[: -len(connector)].strip(" ,")
            break
    words = stem.split()
    if not words or (len(words) == 1 and words[0].lower().rstrip(".") in STOPWORDS):
        return None
    if " ".join(words).lower() in GENERIC_PHRASES:
        return None
    return stem


def agency_variants(agency, forms_of_region) -> list[Variant]:
    """Variants of one agency. `forms_of_region(region)` gives region_forms, cached by the caller."""
    names = [agency.title, agency.short_name, *agency.aliases, agency.head_title, *agency.head_aliases]
    out: dict[str, Variant] = {}

    def add(text: str, specific: bool):
        text = re.sub(r"\s+", " ", text).strip()
        if text and (text not in out or specific):
            out[text] = Variant(text, agency.slug, specific)

    forms = forms_of_region(agency.region) if agency.region else []
    for name in filter(None, names):
        start = next((i for i in (_ends_with(name, f) for f in forms) if i > 0), -1)
        if start < 0:
            add(name, agency.level == "pusat" or agency.region is None)
            continue
        prefix = name[:start].rstrip()
        for form in forms:
            add(f"{prefix} {form}", True)
        stem = generic_stem(prefix)
        if stem:
            add(stem, False)
    return list(out.values())


def directory_variants(agencies) -> list[Variant]:
    cache: dict[str, list[str]] = {}

    def forms_of(region):
        if region.slug not in cache:
            cache[region.slug] = region_forms(region)
        return cache[region.slug]

    return [v for agency in agencies for v in agency_variants(agency, forms_of)]

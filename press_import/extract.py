"""Find what a report's front matter needs in the text of a press release,
using the directory (agencies, programs, regions) of the content model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agency_links.matcher import AgencyMatcher
from agency_links.variants import Variant, directory_variants

from .dates import DAYS, MONTHS, event_dates

DATELINE = re.compile(r"^(?:[\w.-]+\.(?:com|id|co\.id|go\.id)\s*,\s*)?([A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)\s*[–—-]\s*")
ORGANIZER_VERBS = r"(?:menggelar|melaksanakan|menyelenggarakan|mengadakan|gelar)"
COUNT = re.compile(r"(?:(sekitar|kurang lebih|lebih dari)\s+)?(\d{1,3}(?:\.\d{3})*|\d+)\s*(?:\([a-z\s]+\)\s*)?(?:orang\s+)?peserta"
                   r"|(?:diikuti|dihadiri)\s+(?:oleh\s+)?(?:sebanyak\s+)?(sekitar\s+)?(\d+)\s+(?:orang|peserta)"
                   r"|jumlahnya\s+(sekitar\s+)?(\d+)\s+orang", re.I)
POSITION_WORDS = (r"(?:Penjabat|Pj\.?|Plt\.?|Kepala|Sekretaris|Gubernur|Wakil Gubernur|Bupati|Wali\s?[Kk]ota|Staf Ahli|"
                  r"Analis Kebijakan|Asisten|Kabag|Kadis|Kadinsos|Sekda|Ketua Panitia|Ketua|Direktur|Koordinator)")
VENUE_WORDS = r"(?:ruang|aula|hotel|gedung|kantor|balai|pendopo|wisma|graha|swiss-belhotel|convention|auditorium)"
VENUE = re.compile(rf"\b(?:bertempat\s+)?di\s+({VENUE_WORDS}[^.]*?)(?=,?\s*(?:pada\s+)?(?:(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu)\b|\d{{1,2}}\s*[-/ ]|dari tanggal|tanggal|yang|dengan|\.|$))",
                   re.IGNORECASE)
ROLES = [("membuka", r"membuka|dibuka oleh"), ("narasumber", r"narasumber|materi"), ("moderator", r"moderator|dimoderatori"),
         ("ketua panitia", r"ketua panitia"), ("melapor", r"laporan|melaporkan"), ("mewakili", r"mewakili|diwakili")]


@dataclass
class Guess:
    """One value for the draft, and whether the editor must confirm it."""

    value: object
    sure: bool = False
    note: str = ""


@dataclass
class Draft:
    title: Guess | None = None
    dateline: Guess | None = None
    region: Guess | None = None
    place: Guess | None = None
    event_start: Guess | None = None
    event_end: Guess | None = None
    organizer: Guess | None = None
    participants: list = field(default_factory=list)
    officials: list = field(default_factory=list)  # dicts: name, position, agency, role
    programs: list = field(default_factory=list)
    participant_count: Guess | None = None
    facts: list = field(default_factory=list)  # dicts for the facts field
    category: Guess | None = None
    summary: Guess | None = None
    body: list = field(default_factory=list)
    notes: list = field(default_factory=list)


class Directory:
    """The parts of the content model the importer reads, with its matchers built once."""

    def __init__(self, portal):
        self.portal = portal
        self.agencies = AgencyMatcher(directory_variants(portal.agencies.values()))
        self.programs = AgencyMatcher([Variant(n, p.slug, True) for p in portal.programs.values()
                                       for n in [p.title, p.short_name, *p.aliases] if n])
        self.places = {}
        # A city's own name wins over a province whose seat it is ("Samarinda").
        for fields in (lambda r: [r.name, r.short_name, *r.aliases], lambda r: [r.seat]):
            for region in portal.regions.values():
                for name in fields(region):
                    if name:
                        self.places.setdefault(name.lower(), region)


def _agencies_in(directory, text, region_slug=None):
    """Agencies named in the text, in order, each once (full names only, or
    regionless names resolved to the release's region). A short abbreviation
    in brackets inside a name ("Biro Kesejahteraan Rakyat (Kesra) Setda ...")
    is ignored."""
    text = re.sub(r"\s*\([A-Za-z]{2,12}\)", "", text)
    found = []
    for match in directory.agencies.find(text):
        cands = match.entry.candidates
        specific = [s for s, sure in cands.items() if sure]
        if len(specific) == 1:
            slug = specific[0]
        else:
            local = [s for s in cands if (a := directory.portal.agencies[s]).region is not None and region_slug
                     and (a.region.slug == region_slug or (a.region.parent and a.region.parent.slug == region_slug)
                          or (directory.portal.regions[region_slug].parent
                              and a.region.slug == directory.portal.regions[region_slug].parent.slug))]
            if len(local) != 1:
                continue
            slug = local[0]
        if slug not in [s for s, _ in found]:
            found.append((slug, match.start))
    return found


def extract(paragraphs: list[str], directory: Directory) -> Draft:
    draft = Draft()
    text = "\n\n".join(paragraphs)
    first = 0
    if paragraphs and not DATELINE.match(paragraphs[0]) and len(paragraphs[0]) < 200 and not paragraphs[0].endswith("."):
        title = paragraphs[0]
        draft.title = Guess(title.title() if title.isupper() else title, False, "judul dari naskah sumber")
        first = 1
    draft.body = paragraphs[first:]
    lead = draft.body[0] if draft.body else ""
    m = DATELINE.match(lead)
    if m:
        city = m[1].strip()
        draft.dateline = Guess(city.title(), True)
        region = directory.places.get(city.lower())
        if region:
            draft.region = Guess(region.slug, False, f"dari dateline {city.title()}")
        draft.body[0] = lead[m.end():]
    venue = next((v for v in VENUE.finditer(" ".join(draft.body[:3]))), None)
    if venue:
        place = venue[1].strip(" ,")
        draft.place = Guess(place[0].upper() + place[1:], False, "tempat dari naskah")
        # The venue's own city or regency beats the dateline, which may be the news desk's city.
        local = [r for word, r in directory.places.items() if r.kind != "provinsi"
                 and re.search(rf"\b{re.escape(word)}\b", place, re.IGNORECASE)]
        if local and (not draft.region or local[0].slug != draft.region.value):
            draft.region = Guess(local[0].slug, False, f"dari tempat kegiatan ({place})")
    chosen, notes = event_dates(text)
    draft.notes += notes
    if chosen:
        sure = chosen.weekday_ok and not any("tanggal lain" in n for n in notes)
        draft.event_start = Guess(chosen.start, sure)
        draft.event_end = Guess(chosen.end, sure)
    region_slug = draft.region.value if draft.region else None
    agencies = _agencies_in(directory, text, region_slug)
    organizer = None
    for pattern in (rf"melalui\s+(?P<a>.{{5,160}}?)\s*,?\s+{ORGANIZER_VERBS}", rf"(?P<a>.{{5,160}}?)\s+{ORGANIZER_VERBS}\b"):
        om = re.search(pattern, " ".join(draft.body[:2]))
        if om:
            named = _agencies_in(directory, om["a"], region_slug)
            if named:
                organizer = named[-1][0]
                break
    draft.officials = _officials(text, directory, region_slug)
    # Whoever gives the committee's report ("laporan", "ketua panitia") speaks for the organiser.
    reporter = next((o["agency"] for o in draft.officials if o["agency"] and o["role"] in ("melapor", "ketua panitia")), None)
    if organizer:
        draft.organizer = Guess(organizer, False, "penyelenggara ditebak dari kalimat pembuka")
    elif reporter:
        draft.organizer = Guess(reporter, False, "instansi pejabat yang menyampaikan laporan panitia")
    elif agencies:
        draft.organizer = Guess(agencies[0][0], False, "instansi pertama yang disebut; periksa")
    draft.participants = [s for s, _ in agencies if s != (draft.organizer.value if draft.organizer else None)]
    seen_programs = []
    for pm in directory.programs.find(text):
        slug = next(iter(pm.entry.candidates))
        if slug not in seen_programs:
            seen_programs.append(slug)
    draft.programs = seen_programs
    cm = COUNT.search(text)
    if cm:
        groups = [g for g in cm.groups()]
        number = next(int(g.replace(".", "")) for g in groups if g and g[0].isdigit())
        approx = any(g and g.lower().startswith(("sekitar", "kurang", "lebih")) for g in groups)
        draft.participant_count = Guess(number, False, "sekitar" if approx else "")
    draft.facts = _facts(text, directory, draft.programs, region_slug)
    draft.category = Guess("Rapat Koordinasi" if re.search(r"\b(?:rapat koordinasi|rakor)\b", text, re.I) else "Kegiatan")
    sentences = re.split(r"(?<=[.!?])\s+", draft.body[0]) if draft.body else [""]
    draft.summary = Guess(sentences[0][:300], False, "kalimat pertama naskah; tulis ringkasan sendiri")
    return draft


HONORIFIC = re.compile(r"^(?:H|Hj|HM|Drs|Dra|Dr|Ir|Prof|K\.?H)\.?$")
SPEECH = r"(?:membuka|menjelaskan|mengatakan|menyampaikan|melaporkan|mengungkapkan|menegaskan|menambahkan|dalam|yang|saat|mewakili|dengan|didampingi|selaku)"
POSITION = re.compile(rf"\b{POSITION_WORDS}\b")


def _name_words(tokens, stop):
    """The trailing run of tokens that can be a person's name."""
    name = []
    for token in reversed(tokens):
        bare = token.strip(",.")
        if HONORIFIC.match(token) and name:
            name.insert(0, token)  # "H. Isran Noor": an honorific opens the name
            break
        initials = re.fullmatch(r"[A-Z](?:\.[A-Z])*\.?", token) is not None  # "Q.", "M.L"
        if (not bare or not bare[0].isupper() or "/" in bare or bare.lower() in stop
                or (bare.isupper() and len(bare) > 1 and not HONORIFIC.match(bare) and not initials)):
            break
        name.insert(0, token)
        if len(name) >= 4:
            break
    while name and HONORIFIC.match(name[0]) is None and name[0].lower() in stop:
        name.pop(0)
    return name


def _stopwords(directory):
    words = {"provinsi", "prov", "prov.", "kabupaten", "kab", "kota", "setda", "setdaprov", "daerah", "dinas", "biro",
             "badan", "kantor", "sekretariat", "pemerintah", "republik", "indonesia", "ri", "kesra", "sosial", "bidang",
             "bagian", "non", "pelayanan", "dasar", "materi", "pada", "dari", "dan", "umum", "administrasi", "pimpinan",
             "kementerian", "kementrian", "organisasi", "perencanaan", "kepegawaian", "gubernur", "bupati", "muda", "madya",
             "ahli", "staf", "analis", "kebijakan", "asisten", "wilayah", "koordinator", "panitia", "pelaksana",
             "dalam", "negeri", "pembangunan", "perekonomian", "pemerintahan", "kesejahteraan", "hukum", "keuangan",
             "informatika", "komunikasi", "statistik", "kesehatan", "pendidikan", "kebudayaan", "perhubungan",
             "reformasi", "birokrasi", "protokol", "pemberdayaan", "masyarakat", "rakyat", "sekjen", "setjen", "tata",
             "laksana", "jenderal", "pusat", "negara", "ibu", "bapak", "rakor", "rapat", "koordinasi", "tahun", "tema",
             *DAYS, *MONTHS}
    for region in directory.portal.regions.values():
        for name in [region.name, region.short_name, region.seat, *region.aliases]:
            words.update(w.lower() for w in (name or "").split())
    return words


def _officials(text, directory, region_slug):
    stop = _stopwords(directory)
    found: list[dict] = []
    for m in POSITION.finditer(text):
        # The position and name run to a sentence end, a quote or a verb; a dot
        # after a lone capital is an initial ("Prisila Q. Parera"), not an end.
        segment = re.split(rf"(?<![\s.][A-Z])(?<!Drs)(?<!Dra)(?<!Prof)(?<!Dr)(?<!Ir)(?<!HM)(?<!Hj)\.(?:\s|$)|[;:()“”\"]|\s(?:{SPEECH}|di)\b",
                           text[m.start(): m.start() + 220])[0]
        parts = [p.strip() for p in segment.split(",")]
        position_part, after = parts[0], parts[1:]
        tokens = position_part.split()
        name = _name_words(tokens[1:], stop)
        position = " ".join(tokens[: len(tokens) - len(name)])
        if not name and after:  # "Kepala Bagian ..., Lora Sari, menjelaskan"
            candidate = after[0].split()
            if 1 <= len(candidate) <= 5 and len(_name_words(candidate, stop)) == len(candidate):
                name = candidate
        name_text = " ".join(name).strip(",")
        if len(name_text) < 4 or len([w for w in name if not HONORIFIC.match(w)]) == 0:
            continue
        key = re.sub(r"\b(?:H|Hj|HM|Drs|Dr|Ir|Prof)\.?\s+|\.", "", name_text).strip()
        duplicate = next((o for o in found if key in o["_key"] or o["_key"] in key), None)
        if duplicate:
            if len(name_text) > len(duplicate["name"]):
                duplicate.update(name=name_text, _key=key)
            continue
        agencies = _agencies_in(directory, position, region_slug)
        around = text[max(0, m.start() - 80): m.end() + 120].lower()
        role = next((r for r, pattern in ROLES if re.search(pattern, around)), "")
        found.append({"name": name_text, "position": position, "agency": agencies[-1][0] if agencies else None,
                      "role": role, "_key": key})
    for official in found:
        official.pop("_key")
    return found


def _facts(text, directory, programs, region_slug):
    facts = []
    province = None
    if region_slug:
        region = directory.portal.regions[region_slug]
        province = (region.parent or region).slug
    for slug in programs:
        program = directory.portal.programs[slug]
        for metric in program.metrics.values():
            label = r"\s+".join(map(re.escape, metric.label.split()))
            pattern = rf"{label}[^.]{{0,80}}?\b(\d{{1,3}}(?:\.\d{{3}})+|\d+)\s*{re.escape(metric.unit)}\b"
            fm = re.search(pattern, text, re.I)
            if not fm and metric.unit.isupper() and len(metric.unit) > 1:
                # A unit that is an acronym ("65.387 KPM") names its metric by itself.
                fm = re.search(rf"(\d{{1,3}}(?:\.\d{{3}})+|\d+)\s*{re.escape(metric.unit)}\b", text)
            if fm:
                year = re.search(r"\b(20\d\d)\b", text[fm.start(): fm.end() + 40]) or re.search(r"\b(20\d\d)\b", text)
                facts.append({"program": slug, "metric": metric.id, "value": int(fm[1].replace(".", "")),
                              "period": year[1] if year else "", "region": province})
    return facts

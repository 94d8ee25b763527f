"""A deterministic synthetic archive for benchmarks (`invoke bench --part scale`).

Regions, a directory of a few hundred agencies with abbreviations, programs
with metrics, and reports of 300-800 words of Indonesian-like text naming
3-15 agencies, with facts, over ten years. The same seed gives the same
files, byte for byte. `flavour="bare"` writes the same reports in Pelican's
own Markdown metadata format, for a build of Pelican without our plugins.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

SYLLABLES = ["ka", "ma", "ta", "sa", "ra", "la", "na", "ba", "da", "pa", "ku", "tu", "lu", "ri", "si", "ni",
             "wa", "ya", "ga", "jo", "be", "te", "ro", "mu", "an", "ang", "ung", "ing"]
TOPICS = [("Sosial", "Dinsos"), ("Kesehatan", "Dinkes"), ("Pendidikan", "Disdik"), ("Perhubungan", "Dishub"),
          ("Pariwisata", "Dispar"), ("Pertanian", "Distan"), ("Perikanan", "Diskan"), ("Komunikasi dan Informatika", "Diskominfo"),
          ("Tenaga Kerja", "Disnaker"), ("Lingkungan Hidup", "DLH"), ("Pekerjaan Umum", "DPU"), ("Perdagangan", "Disdag"),
          ("Kependudukan dan Pencatatan Sipil", "Disdukcapil"), ("Pangan", "Dispangan"), ("Kebudayaan", "Disbud")]
WORDS = ("rapat koordinasi membahas program kegiatan anggaran data penerima bantuan sosial daerah kabupaten kota "
         "provinsi pemerintah pusat pelayanan masyarakat evaluasi laporan pelaksanaan sinergi sinkronisasi tahun "
         "kerja peserta narasumber kebijakan sasaran percepatan penanganan kemiskinan keluarga pendampingan "
         "verifikasi validasi realisasi capaian target indikator strategi perencanaan pembangunan berkelanjutan").split()
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def _name(rng, parts=2) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(parts))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(target: Path, reports: int, agencies: int = 300, seed: int = 1, flavour: str = "portal") -> dict:
    """Write the archive under target (a content folder); returns counts."""
    rng = random.Random(seed)
    provinces, regencies = [], []
    for p in range(10):
        name = _name(rng)
        provinces.append({"slug": f"prov-{p}", "name": name, "short": name.split()[0][:4] + name.split()[1][:3],
                          "code": f"{11 + p:02d}"})
        for k in range(5):
            kind = "kota" if k == 4 else "kabupaten"
            regencies.append({"slug": f"{'kota' if kind == 'kota' else 'kab'}-{p}-{k}", "name": _name(rng), "kind": kind,
                              "code": f"{11 + p:02d}.{71 if kind == 'kota' else k + 1:02d}", "parent": provinces[-1]})
    directory = []
    for p, prov in enumerate(provinces):
        directory.append({"slug": f"pemprov-{p}", "title": f"Pemerintah Provinsi {prov['name']}", "short": f"Pemprov {prov['short']}",
                          "level": "provinsi", "region": prov["slug"], "parent": None})
    while len(directory) < agencies:
        i = len(directory)
        topic, abbr = TOPICS[i % len(TOPICS)]
        if (i // len(TOPICS)) % 3 == 0:
            prov = provinces[i % len(provinces)]
            title, short, level, region, parent = (f"Dinas {topic} Provinsi {prov['name']}", f"{abbr} {prov['short']}",
                                                   "provinsi", prov["slug"], f"pemprov-{provinces.index(prov)}")
        else:
            reg = regencies[i % len(regencies)]
            word = "Kabupaten" if reg["kind"] == "kabupaten" else "Kota"
            title, short, level, region, parent = (f"Dinas {topic} {word} {reg['name']}", f"{abbr} {reg['name']}",
                                                   reg["kind"], reg["slug"], None)
        slug = f"a{i}"
        if any(d["title"] == title for d in directory):
            title, short = f"{title} {i}", f"{short} {i}"
        directory.append({"slug": slug, "title": title, "short": short, "level": level, "region": region, "parent": parent})
    programs = [("pkh", "Program Keluarga Harapan", "PKH"), ("bpnt", "Bantuan Pangan Non Tunai", "BPNT"),
                ("blt", "Bantuan Langsung Tunai", "BLT"), ("kis", "Kartu Indonesia Sehat", "KIS"),
                ("pip", "Program Indonesia Pintar", "PIP")]
    if flavour == "portal":
        for prov in provinces:
            _write(target / "wilayah" / f"{prov['slug']}.md",
                   f"---\ntitle: Provinsi {prov['name']}\nname: {prov['name']}\nshort_name: {prov['short']}\nkind: provinsi\n"
                   f"code: \"{prov['code']}\"\n---\nProvinsi sintetis.\n")
        for reg in regencies:
            word = "Kabupaten" if reg["kind"] == "kabupaten" else "Kota"
            _write(target / "wilayah" / f"{reg['slug']}.md",
                   f"---\ntitle: {word} {reg['name']}\nname: {reg['name']}\nkind: {reg['kind']}\ncode: \"{reg['code']}\"\n"
                   f"parent: {reg['parent']['slug']}\n---\nWilayah sintetis.\n")
        for a in directory:
            parent = f"parent: {a['parent']}\n" if a["parent"] else ""
            _write(target / "instansi" / f"{a['slug']}.md",
                   f"---\ntitle: {a['title']}\nshort_name: {a['short']}\n{parent}level: {a['level']}\nregion: {a['region']}\n---\n"
                   f"Instansi sintetis.\n")
        for slug, title, short in programs:
            _write(target / "program" / f"{slug}.md",
                   f"---\ntitle: {title}\nshort_name: {short}\nagency: pemprov-0\nsummary: Program sintetis.\n"
                   "metrics:\n  - id: penerima\n    label: Penerima manfaat\n    unit: orang\n---\nProgram sintetis.\n")
        _write(target / "halaman" / "tentang.md", "---\ntitle: Tentang\n---\nArsip sintetis.\n")
    all_regions = provinces + regencies
    start_day = dt.date(2016, 1, 1)
    for n in range(reports):
        day = start_day + dt.timedelta(days=rng.randrange(3650))
        length = rng.randint(0, 2)
        region = rng.choice(regencies)
        province = region["parent"]
        local = [a for a in directory if a["region"] in (region["slug"], province["slug"])] or directory
        organizer = rng.choice(local)
        named = list({a["slug"]: a for a in rng.sample(directory, rng.randint(3, 15))}.values())
        participants = [a["slug"] for a in named if a["slug"] != organizer["slug"]][:8]
        program = rng.choice(programs)
        title = f"Rapat {rng.choice(['Koordinasi', 'Evaluasi', 'Sinkronisasi'])} {program[2]} {_name(rng, 1)} {n}"
        words = [rng.choice(WORDS) for _ in range(rng.randint(300, 800))]
        for agency in [organizer, *named]:
            words.insert(rng.randrange(len(words)), rng.choice([agency["title"], agency["short"]]))
        words.insert(5, f"{DAYS[day.weekday()]} ({day.day}/{day.month}/{day.year})")
        paragraphs = [" ".join(words[i:i + 70]).capitalize() + "." for i in range(0, len(words), 70)]
        body = "\n\n".join(paragraphs) + "\n"
        slug = f"rapat-{n:05d}"
        published = day + dt.timedelta(days=length)
        if flavour == "bare":
            _write(target / "berita" / str(day.year) / f"{slug}.md",
                   f"Title: {title}\nDate: {published} 12:00\nCategory: Rapat Koordinasi\nTags: {program[2]}\n"
                   f"Slug: {slug}\nSummary: Ringkasan rapat sintetis {n}.\n\n{body}")
            continue
        def figure(year):  # one value per program, province and year, as real figures would be
            return random.Random(f"{program[0]}-{province['slug']}-{year}").randint(100, 90000)

        facts = "".join(
            f"  - program: {program[0]}\n    metric: penerima\n    value: {figure(day.year - k)}\n"
            f"    period: \"{day.year - k}\"\n    region: {province['slug']}\n" for k in range(rng.randint(0, 2)))
        _write(target / "berita" / str(day.year) / f"{slug}.md",
               f"---\ntitle: {title}\ndate: {published} 12:00\nsummary: Ringkasan rapat sintetis {n}.\n"
               f"category: Rapat Koordinasi\ntags: [{program[2]}]\nevent:\n  start: {day}\n  end: {published}\n"
               f"  place: Aula {_name(rng, 1)}\n  region: {region['slug']}\norganizer: {organizer['slug']}\n"
               f"participants: [{', '.join(participants)}]\nparticipant_count: {rng.randint(10, 300)}\n"
               f"officials:\n  - name: {_name(rng)}\n    position: Kepala {organizer['title']}\n    agency: {organizer['slug']}\n"
               f"    role: membuka\nprograms: [{program[0]}]\n" + (f"facts:\n{facts}" if facts else "") + f"---\n{body}")
    return {"reports": reports, "agencies": len(directory), "regions": len(all_regions), "programs": len(programs)}

"""Agency linking: time per report against directories of growing size.

A deterministic synthetic directory (provinces, regencies, agencies with
abbreviations and head titles) and corpus (reports of 300-800 words naming
3-15 agencies, in full, abbreviated and regionless forms). The baseline is the
same HTML through the same streaming parser with an empty directory, measured
in the same run, so the figures compare like with like on any machine.
"""

from __future__ import annotations

import random
import statistics
import time

from agency_links import report_context
from agency_links.linker import link_agencies
from agency_links.matcher import AgencyMatcher
from agency_links.variants import directory_variants
from content_model.records import Agency, Region, Report

TOPICS = ["Sosial", "Kesehatan", "Pendidikan", "Perhubungan", "Pariwisata", "Pertanian", "Perikanan",
          "Kehutanan", "Perindustrian", "Perdagangan", "Koperasi", "Tenaga Kerja", "Lingkungan Hidup",
          "Pekerjaan Umum", "Perumahan", "Kependudukan", "Komunikasi dan Informatika", "Kebudayaan",
          "Kepemudaan", "Olahraga", "Pangan", "Energi", "Pemberdayaan Masyarakat", "Perpustakaan", "Arsip"]
FILLER = ("rapat koordinasi membahas program kegiatan anggaran data penerima bantuan sosial daerah "
          "kabupaten kota provinsi pemerintah pusat pelayanan masyarakat evaluasi laporan pelaksanaan "
          "sinergi sinkronisasi tahun kerja peserta narasumber kebijakan sasaran").split()


def directory(size: int, seed: int = 7):
    rng = random.Random(seed)
    provinces = [Region(f"prov-{i}", f"Provinsi Wilayah {chr(65 + i)}", "x", name=f"Wilayah {chr(65 + i)}",
                        short_name=f"Wil{chr(65 + i)}", kind="provinsi", code=f"{10 + i}") for i in range(20)]
    agencies = []
    for n in range(size):
        region = provinces[n % len(provinces)]
        topic = TOPICS[(n // len(provinces)) % len(TOPICS)]
        suffix = "" if n < len(provinces) * len(TOPICS) else f" {n}"
        title = f"Dinas {topic}{suffix} Provinsi {region.name}"
        short = "Dis" + topic.split()[0][:4].lower() + suffix.replace(" ", "")
        agencies.append(Agency(
            f"a{n}", title, "x", level="provinsi", region=region, short_name=f"{short} {region.short_name}",
            aliases=[f"Dinas {topic}{suffix} Prov. {region.short_name}"],
            head_title=f"Kepala Dinas {topic}{suffix} Provinsi {region.name}", head_aliases=[f"Ka{short} {region.short_name}"]))
    rng.shuffle(agencies)
    return agencies, provinces


def corpus(agencies, count: int, seed: int = 11):
    rng = random.Random(seed)
    reports = []
    for _ in range(count):
        named = rng.sample(agencies, rng.randint(3, min(15, len(agencies))))
        words = [rng.choice(FILLER) for _ in range(rng.randint(300, 800))]
        for agency in named:
            form = rng.choice([agency.title, agency.short_name, agency.aliases[0], agency.head_title,
                               agency.title.split(" Provinsi")[0]])
            words.insert(rng.randrange(len(words)), form)
        paragraphs = [" ".join(words[i:i + 60]) for i in range(0, len(words), 60)]
        html = "".join(f"<p>{p.capitalize()}.</p>" for p in paragraphs)
        reports.append((html, Report("r", "R", "x", organizer=named[0], region=named[0].region, participants=named[1:3])))
    return reports


def _time_linking(matcher, reports, agencies) -> float:
    region_of = {a.slug: a.region.slug for a in agencies}
    start = time.perf_counter()
    for html, report in reports:
        link_agencies(html, matcher, report_context(report, region_of, region_of), lambda s: f"/instansi/{s}/")
    return time.perf_counter() - start


def run(reports: int = 2000, sizes=(50, 100, 200, 500)) -> str:
    rows = []
    biggest, _ = directory(max(sizes))
    docs = corpus(biggest, reports)
    words = statistics.mean(len(html.split()) for html, _ in docs)
    baseline = _time_linking(AgencyMatcher([]), docs, biggest)
    for size in sizes:
        agencies, _ = directory(size)
        start = time.perf_counter()
        matcher = AgencyMatcher(directory_variants(agencies))
        build = time.perf_counter() - start
        # The corpus names agencies of the largest directory; with a smaller one
        # the same text is scanned, only fewer names are known.
        elapsed = _time_linking(matcher, docs, biggest)
        rows.append((size, len(matcher.entries), build * 1000, elapsed / reports * 1000, elapsed / baseline))
    lines = [
        f"Corpus: {reports:,} synthetic reports, {words:.0f} words on average; baseline = the same HTML "
        f"through the same parser with an empty directory ({baseline / reports * 1000:.3f} ms per report).",
        "",
        "| agencies | name variants | automaton build (ms) | linking per report (ms) | ratio to baseline |",
        "|---:|---:|---:|---:|---:|",
        *(f"| {s} | {v:,} | {b:.1f} | {p:.3f} | {r:.2f} |" for s, v, b, p, r in rows),
    ]
    return "\n".join(lines)

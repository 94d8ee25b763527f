"""Timelines, facts and their charts, open data and JSON-LD."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import jsonschema
import pytest

import indonesian
from content_model.model import conflicting_facts
from content_model.records import Fact, Program, Region, Report
from conftest import html, invoke
from fact_charts import charts_for, line_chart, nice_ceiling
from timeline import group_by_month

D = dt.date


def report(slug, start, end=None, title=None):
    return Report(slug, title or slug, f"content/berita/{slug}.md", event_start=start, event_end=end or start,
                  date=dt.datetime.combine(end or start, dt.time(12)))


def test_timeline_groups_by_event_start_newest_first_across_months_and_years():
    reports = [
        report("akhir-tahun", D(2024, 12, 30), D(2025, 1, 2)),  # spans two years: sits in December 2024
        report("sehari", D(2025, 1, 22)),
        report("dua-bulan", D(2024, 4, 30), D(2024, 5, 2)),
        report("b-pagi", D(2024, 5, 16), title="Sama hari B"),
        report("a-pagi", D(2024, 5, 16), title="Sama hari A"),
    ]
    years = group_by_month(reports)
    assert [y.year for y in years] == [2025, 2024]
    assert [(m.first_day, [r.slug for r in m.reports]) for m in years[1].months] == [
        (D(2024, 12, 1), ["akhir-tahun"]),
        (D(2024, 5, 1), ["b-pagi", "a-pagi"]),  # same day: a stable order by title
        (D(2024, 4, 1), ["dua-bulan"]),
    ]
    assert years[1].count == 4
    assert group_by_month(list(reversed(reports))) == years  # input order does not matter


@pytest.mark.parametrize("start, end, text", [
    (D(2025, 1, 22), None, "22 Januari 2025"),
    (D(2025, 1, 22), D(2025, 1, 22), "22 Januari 2025"),
    (D(2024, 5, 15), D(2024, 5, 17), "15–17 Mei 2024"),
    (D(2024, 4, 30), D(2024, 5, 2), "30 April – 2 Mei 2024"),
    (D(2024, 12, 30), D(2025, 1, 2), "30 Desember 2024 – 2 Januari 2025"),
])
def test_date_ranges_in_indonesian(start, end, text):
    assert indonesian.rentang(start, end) == text


def _fact(value, period, slug, when, program=None, region=None):
    region = region or Region("kalimantan-timur", "Provinsi Kalimantan Timur", "x", name="Kalimantan Timur", code="64")
    src = report(slug, D(2024, 1, 1))
    src.date = when
    return Fact("kpm", "Keluarga Penerima Manfaat", "KPM", value, period, region, src, program)


def test_conflicting_values_for_the_same_key_warn_naming_both_files():
    pkh = Program("pkh", "PKH", "x")
    facts = [_fact(65387, "2022", "lama", dt.datetime(2022, 4, 20), pkh),
             _fact(65387, "2022", "sama", dt.datetime(2022, 5, 1), pkh),
             _fact(66000, "2022", "baru", dt.datetime(2022, 6, 1), pkh),
             _fact(70000, "2023", "lain-periode", dt.datetime(2023, 6, 1), pkh)]
    problems = conflicting_facts(facts)
    assert len(problems) == 1
    p = problems[0]
    assert p.severity == "warning" and p.path == "content/berita/baru.md"
    assert "nilai 66000 berbeda dengan 65387 di content/berita/lama.md" in p.message


def test_chart_points_match_the_data():
    points = [(D(2023, 1, 1), "2023", 70000), (D(2021, 1, 1), "2021", 50000), (D(2022, 1, 1), "2022", 65387)]
    chart = line_chart("grafik-kpm", "Keluarga Penerima Manfaat, Kaltim", "KPM", points)
    circles = re.findall(r'<circle class="point" cx="([\d.]+)" cy="([\d.]+)" r="4" data-period="(\d+)" data-value="(\d+)"', str(chart.svg))
    assert [(c[2], int(c[3])) for c in circles] == [("2021", 50000), ("2022", 65387), ("2023", 70000)]
    xs, ys = [float(c[0]) for c in circles], [float(c[1]) for c in circles]
    assert xs == sorted(xs) and ys == sorted(ys, reverse=True)  # later is right, larger is higher
    top, bottom = 16, 220 - 34
    for y, (_, _, value) in zip(ys, sorted(points)):
        assert y == pytest.approx(bottom - value / nice_ceiling(70000) * (bottom - top), abs=0.1)
    assert "2021: 50.000; 2022: 65.387; 2023: 70.000" in chart.description
    assert '<title id="grafik-kpm-judul">' in str(chart.svg) and 'role="img"' in str(chart.svg)


def test_only_metrics_with_two_periods_get_a_chart():
    pkh = Program("pkh", "PKH", "x")
    one = [_fact(65387, "2022", "a", dt.datetime(2022, 4, 20), pkh)]
    assert charts_for(one) == []
    two = one + [_fact(70000, "2023", "b", dt.datetime(2023, 4, 20), pkh)]
    assert [c.points for c in charts_for(two)] == [[("2022", 65387), ("2023", 70000)]]


# --- the real build


def test_linimasa_lists_the_five_events_by_event_date(built):
    page = html(built / "linimasa" / "index.html")
    entries = page.select("ol.timeline > li")
    starts = [li.time["datetime"] for li in entries]
    assert starts == ["2025-01-22", "2024-08-01", "2024-05-15", "2024-04-24", "2022-04-18"]
    texts = [li.get_text(" ", strip=True) for li in entries]
    assert texts[2].startswith("15–17 Mei 2024") and "Ruang Meranti" in texts[2] and "Dinas Sosial Provinsi Kalimantan Timur" in texts[2]
    assert [a.get_text() for a in page.select(".year-jump a")][0].startswith("2025")
    assert [h.get_text() for h in page.select("h3.timeline__month")][:2] == ["Januari 2025", "Agustus 2024"]


def test_pkh_page_shows_its_facts_newest_first_with_sources(built):
    page = html(built / "program" / "pkh" / "index.html")
    rows = page.select("table.facts tbody tr")
    assert len(rows) == 4
    values = {r.th.contents[0].strip(): r.select("td")[0].get_text(strip=True) for r in rows}
    assert values == {"Keluarga Penerima Manfaat": "65.387 KPM", "SDM PKH": "345 orang",
                      "Graduasi alamiah": "2.494 KPM", "Graduasi mandiri": "1.420 KPM"}
    assert all(r.select("a")[-1]["href"] == "/berita/2022/04/rakor-pkh-kaltim-2022/" for r in rows)
    assert not page.select("svg.chart")  # one point in time per metric: a table, no chart


def test_program_chart_appears_with_two_periods(site, tmp_path):
    out = tmp_path / "out"
    assert invoke("build", "--content", str(site), "--output", str(out)).returncode == 0
    page = html(out / "program" / "pkh" / "index.html")
    circles = page.select("svg.chart circle.point")
    assert [(c["data-period"], c["data-value"]) for c in circles] == [("2022", "65387"), ("2023", "70000")]
    assert page.select_one("svg.chart title").get_text() == "Keluarga Penerima Manfaat, Provinsi Kalimantan Timur"
    periods = [r.select("td")[1].get_text() for r in page.select("table.facts tbody tr")]
    assert periods == ["2023", "2022"]  # newest first


def test_conflicting_facts_warn_in_check(site):
    path = site / "berita" / "2024" / "rapat-uji-pkh-lanjutan.md"
    path.write_text(path.read_text().replace('period: "2023"', 'period: "2022"'))
    result = invoke("check", "--content", str(site))
    assert result.returncode == 0, result.stderr
    assert re.search(r'PERINGATAN: content_model: \S+rapat-uji-pkh-lanjutan\.md \[facts\] program "pkh", metrik "kpm", '
                     r'wilayah "kalimantan-timur", periode 2022: nilai 70000 berbeda dengan 65387 di \S+rapat-uji-pkh\.md',
                     result.stderr), result.stderr


def test_region_page_shows_its_facts_children_and_timeline(built):
    page = html(built / "wilayah" / "kalimantan-timur" / "index.html")
    facts = [r.th.get_text(" ", strip=True) for r in page.select("table.facts tbody tr")]
    assert any(f.startswith("Keluarga Penerima Manfaat") for f in facts)
    assert any(f.startswith("Penurunan penduduk miskin") for f in facts)
    timeline = [a["href"] for a in page.select(".timeline a")]
    assert "/berita/2024/05/rakor-kesejahteraan-sosial-se-kaltim-sangatta/" in timeline


DATA_FILES = ["berita", "instansi", "program", "wilayah", "fakta"]


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_json_file_validates_against_its_schema(built, name):
    data = json.loads((built / "data" / f"{name}.json").read_text(encoding="utf-8"))
    schema = json.loads((built / "data" / "skema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data, name


def test_open_data_references_resolve_and_counts_match(built):
    load = lambda n: json.loads((built / "data" / f"{n}.json").read_text(encoding="utf-8"))  # noqa: E731
    berita, instansi, wilayah = load("berita"), {a["slug"] for a in load("instansi")}, {w["slug"]: w for w in load("wilayah")}
    assert len(berita) == 5
    for b in berita:
        assert b["penyelenggara"] in instansi and b["wilayah"] in wilayah
        assert set(b["instansi_peserta"]) <= instansi and set(b["instansi_disebut"]) <= instansi
        assert (built / b["url"].lstrip("/") / "index.html").exists()
    assert wilayah["kab-kutai-timur"]["kode"] == "64.04" and wilayah["kab-kutai-timur"]["kode_induk"] == "64"


def test_fakta_csv_and_json_carry_the_same_facts(built):
    as_json = json.loads((built / "data" / "fakta.json").read_text(encoding="utf-8"))
    with open(built / "data" / "fakta.csv", encoding="utf-8", newline="") as handle:
        as_csv = list(csv.DictReader(handle))
    assert len(as_csv) == len(as_json) == 8
    for row, record in zip(as_csv, as_json):
        assert row.keys() == record.keys()
        assert {k: ("" if v is None else str(v)) for k, v in record.items()} == row
    kpm = next(r for r in as_csv if r["metrik"] == "kpm")
    assert kpm["nilai"] == "65387" and kpm["url_berita"] == "/berita/2022/04/rakor-pkh-kaltim-2022/"


def test_datapackage_describes_every_file(built):
    package = json.loads((built / "data" / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    assert paths == {f"{n}.json" for n in DATA_FILES} | {"fakta.csv"}
    for resource in package["resources"]:
        assert (built / "data" / resource["path"]).is_file()
        if "jsonSchema" in resource:
            assert (built / "data" / resource["jsonSchema"]).is_file()
    csv_fields = next(r for r in package["resources"] if r["path"] == "fakta.csv")["schema"]["fields"]
    header = (built / "data" / "fakta.csv").read_text(encoding="utf-8").splitlines()[0]
    assert [f["name"] for f in csv_fields] == next(csv.reader([header]))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    page = html(built / "data" / "index.html")
    assert "CC BY 4.0" in page.get_text() and page.select_one("a[href='/data/fakta.csv']")


def test_json_ld_on_report_and_agency_pages(built):
    def graph(path):
        tag = html(path).find("script", type="application/ld+json")
        return json.loads(tag.string)["@graph"]

    news = graph(built / "berita" / "2022" / "04" / "rakor-pkh-kaltim-2022" / "index.html")[0]
    assert news["@type"] == "NewsArticle" and news["about"]["@type"] == "Event"
    assert news["about"]["startDate"] == "2022-04-18" and news["about"]["endDate"] == "2022-04-20"
    assert news["about"]["organizer"]["name"] == "Dinas Sosial Provinsi Kalimantan Timur"
    assert news["about"]["location"]["address"]["addressLocality"] == "Balikpapan"
    org = graph(built / "instansi" / "biro-kesra-kaltim" / "index.html")[0]
    assert org["@type"] == "GovernmentOrganization"
    assert org["parentOrganization"]["name"] == "Sekretariat Daerah Provinsi Kalimantan Timur"
    assert org["areaServed"]["identifier"] == "64"

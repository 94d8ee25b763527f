"""Pure functions of the plugins, tested without a build."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import indonesian
from content_model import frontmatter, markdown_html, schema, weekdays
from content_model.problems import did_you_mean


def test_front_matter_keeps_the_line_of_every_nested_value():
    text = "---\ntitle: Uji\nevent:\n  start: 2024-05-16\nofficials:\n  - name: A\n    agency: x\n---\nIsi\n"
    parsed = frontmatter.split(text)
    assert parsed.data["event"]["start"] == "2024-05-16"  # dates stay text: we check them ourselves
    assert parsed.lines["title"] == 2
    assert parsed.lines["event.start"] == 4
    assert parsed.lines["officials[0].agency"] == 7
    assert parsed.body == "Isi\n" and parsed.body_line == 9


@pytest.mark.parametrize("text, line, message", [
    ("title: x\n", 1, "tidak diawali front matter"),
    ("---\ntitle: x\n", 1, "tidak ditutup"),
    ("---\ntitle: x\ntitle: y\n---\n", 3, "ditulis dua kali"),
    ("---\ntitle: [x\n---\n", 3, "YAML tidak bisa dibaca"),
    ("---\n- a\n- b\n---\n", 2, "harus berupa daftar kolom"),
])
def test_front_matter_errors_point_at_the_line(text, line, message):
    with pytest.raises(frontmatter.FrontMatterError) as err:
        frontmatter.split(text)
    assert err.value.line == line and message in err.value.message


@pytest.mark.parametrize("markdown, html", [
    # GitHub's table syntax, as GitHub's preview shows it.
    ("| Kabupaten | KPM |\n|---|--:|\n| Kutai Timur | 1.200 |\n",
     '<table>\n<thead>\n<tr>\n<th>Kabupaten</th>\n<th style="text-align:right">KPM</th>\n</tr>\n</thead>\n'
     '<tbody>\n<tr>\n<td>Kutai Timur</td>\n<td style="text-align:right">1.200</td>\n</tr>\n</tbody>\n</table>\n'),
    # A list right under a paragraph is a list (CommonMark), not part of the paragraph.
    ("Agenda:\n- pembukaan\n- diskusi\n", "<p>Agenda:</p>\n<ul>\n<li>pembukaan</li>\n<li>diskusi</li>\n</ul>\n"),
    ('Tema "Sinergi" dan \'IKN\'', "<p>Tema “Sinergi” dan ‘IKN’</p>\n"),
    ("2020 -- 2024, jeda --- lalu ...", "<p>2020 – 2024, jeda — lalu …</p>\n"),
    ("huruf (a), (b), (c) dan (r)", "<p>huruf (a), (b), (c) dan (r)</p>\n"),  # not © and ®
    ("~~lama~~ baru", "<p><s>lama</s> baru</p>\n"),
    ("baris satu  \nbaris dua", "<p>baris satu<br>\nbaris dua</p>\n"),  # HTML5, no "/>"
    # Raw HTML passes through, for safety.py to check.
    ("<script>alert(1)</script>\n", "<script>alert(1)</script>\n"),
    ("`\"kode\" -- tetap`", '<p><code>&quot;kode&quot; -- tetap</code></p>\n'),  # code untouched
])
def test_markdown_is_commonmark_with_tables_and_indonesian_typography(markdown, html):
    assert markdown_html.renderer().render(markdown) == html


def test_decode_reports_the_line_of_a_bad_byte():
    with pytest.raises(frontmatter.FrontMatterError) as err:
        frontmatter.decode("a\nb\nc\xe9".encode("latin-1"))
    assert err.value.line == 3 and "UTF-8" in err.value.message


def test_schema_cleans_values_and_explains_each_problem():
    data = {"title": "Dinas", "level": "pusat", "website": "kemensos", "alias": ["x"]}
    clean, problems = schema.check_fields("agency", data, {"website": 4, "alias": 5}, "x.md")
    assert clean == {"title": "Dinas", "level": "pusat"}
    assert [(p.line, p.field) for p in problems] == [(4, "website"), (5, "alias")]
    assert 'Maksud Anda "aliases"?' in problems[1].fix


def test_report_dates_become_dates_and_ranges_are_ordered():
    event = {"start": "2024-05-17", "end": "2024-05-15", "place": "Sangatta", "region": "kab-kutai-timur"}
    data = {"title": "t", "date": "2024-05-17 15:00", "summary": "s", "category": "c", "organizer": "a", "event": event}
    clean, problems = schema.check_fields("report", data, {"event.end": 9}, "r.md")
    assert clean["date"] == dt.datetime(2024, 5, 17, 15, 0)
    assert clean["event"]["start"] == dt.date(2024, 5, 17)
    assert [(p.field, p.line) for p in problems] == [("event.end", 9)]


def test_fact_without_program_needs_label_and_unit():
    event = {"start": "2024-05-15", "place": "p", "region": "r"}
    data = {"title": "t", "date": "2024-05-17", "summary": "s", "category": "c", "organizer": "a", "event": event,
            "facts": [{"metric": "kemiskinan", "value": 6.11, "period": "2024", "region": "kalimantan-timur"}]}
    _, problems = schema.check_fields("report", data, {}, "r.md")
    assert sorted(p.field for p in problems) == ["facts[0].label", "facts[0].unit"]


@pytest.mark.parametrize("text, expected", [
    ("dibuka Kamis (16/4/2024) pagi", [("Kamis", dt.date(2024, 4, 16), "Selasa")]),
    ("dibuka Kamis (16/5/2024) pagi", []),
    ("pada Kamis, 1 Agustus 2024 di Pontianak", []),
    ("pada Jumat, 1 Agustus 2024", [("Jumat", dt.date(2024, 8, 1), "Kamis")]),
    ("pada Rabu/Kamis 24-25 April 2024", []),
    ("pada Rabu/Jumat 24-25 April 2024", [("Jumat", dt.date(2024, 4, 25), "Kamis")]),
    ("tanggal 31/2/2024 tanpa hari", []),
])
def test_weekday_mismatches(text, expected):
    found = weekdays.find_mismatches(text)
    assert [(m.day_written, m.date, m.day_actual) for m in found] == expected


def test_weekday_mismatch_line_counts_from_the_body_start():
    found = weekdays.find_mismatches("baris satu\nKamis (16/4/2024)\n", first_line=10)
    assert found[0].line == 11


def test_indonesian_dates_and_numbers():
    assert indonesian.tanggal(dt.date(2025, 1, 22)) == "Rabu, 22 Januari 2025"
    assert indonesian.tanggal(dt.datetime(2024, 8, 1, 9, 0)) == "Kamis, 1 Agustus 2024"
    assert indonesian.tanggal(dt.date(2024, 8, 1), "long") == "1 Agustus 2024"
    assert indonesian.bulan_tahun(dt.date(2022, 4, 18)) == "April 2022"
    assert indonesian.angka(65387) == "65.387"
    assert indonesian.angka(6.11) == "6,11"


def test_did_you_mean():
    assert did_you_mean("dinsos-kaltm", ["dinsos-kaltim", "dinsos-kalbar"]) == ' Maksud Anda "dinsos-kaltim"?'
    assert did_you_mean("zzz", ["dinsos-kaltim"]) == ""


def test_item_cache_gives_a_result_only_for_the_same_key_and_keeps_only_this_builds(tmp_path):
    from content_model.item_cache import ItemCache

    path = str(tmp_path / "c" / "links.pickle")
    first = ItemCache(path)
    assert first.get("rakor", "k1") is None
    first.put("rakor", "k1", ("<p>isi</p>", ["dinsos"]))
    first.put("lama", "k9", "dihapus nanti")
    first.save()
    second = ItemCache(path)
    assert second.get("rakor", "k2") is None  # another key: made from other inputs
    assert second.get("rakor", "k1") == ("<p>isi</p>", ["dinsos"]) and second.hits == 1
    second.save()  # "lama" was not asked for in this build: not kept
    third = ItemCache(path)
    assert third.get("lama", "k9") is None and third.get("rakor", "k1") is not None
    Path(path).write_bytes(b"bukan pickle")
    assert ItemCache(path).get("rakor", "k1") is None  # an unreadable file counts as empty


# --- linear_archives: Pelican's archives without its quadratic lookups ------------------------------

def test_period_archives_are_pelicans_own():
    """The same archives as Pelican's ArticlesGenerator._build_period_archives builds,
    article for article (by identity), for years, months and days."""
    import random
    from types import SimpleNamespace

    from pelican.generators import ArticlesGenerator

    import linear_archives

    rng = random.Random(4)
    articles = [SimpleNamespace(date=dt.datetime(2016, 1, 1) + dt.timedelta(days=rng.randrange(3650)), n=i)
                for i in range(400)]
    dates = sorted(articles, key=lambda a: a.date, reverse=True)
    settings = {"YEAR_ARCHIVE_SAVE_AS": "arsip/{date:%Y}/index.html", "YEAR_ARCHIVE_URL": "arsip/{date:%Y}/",
                "MONTH_ARCHIVE_SAVE_AS": "arsip/{date:%Y}/{date:%m}/index.html",
                "MONTH_ARCHIVE_URL": "arsip/{date:%Y}/{date:%m}/",
                "DAY_ARCHIVE_SAVE_AS": "arsip/{date:%Y}/{date:%m}/{date:%d}/", "DAY_ARCHIVE_URL": "d/"}
    theirs = ArticlesGenerator._build_period_archives(None, dates, articles, settings)
    formats = {g: (settings[save_as], settings[url]) for g, (save_as, url, _) in linear_archives.GRANULARITIES.items()}
    ours = linear_archives.period_archives(dates, articles, formats)

    def ids(archives):
        return {g: [{k: [id(a) for a in v] if k in ("dates", "articles") else v for k, v in archive.items()}
                    for archive in found] for g, found in archives.items()}

    assert ids(ours) == ids(theirs)
    assert [len(ours[g]) for g in ("year", "month", "day")] == [
        len({a.date.year for a in articles}), len({(a.date.year, a.date.month) for a in articles}),
        len({a.date for a in articles})]
    formats["day"] = ("", "")  # an empty SAVE_AS leaves the granularity out, as in Pelican
    assert "day" not in linear_archives.period_archives(dates, articles, formats)


def test_members_finds_by_identity_in_constant_time():
    import linear_archives

    one, other = object(), object()
    members = linear_archives.Members([one])
    assert one in members and other not in members and list(members) == [one]

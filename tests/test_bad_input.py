"""Every kind of bad input stops the build with a message naming file, field and fix."""

from __future__ import annotations

import re

import pytest

from conftest import invoke

REPORT = "berita/2024/rapat-uji-pkh.md"


def edit(site, rel, old, new):
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = {
    # name: (file, old text, new text, expected fragments of the message)
    "missing required field": (
        REPORT, "organizer: dinsos-kaltim\n", "",
        ["rapat-uji-pkh.md:1", "[organizer]", "kolom wajib belum diisi", "tambahkan `organizer: ...`"],
    ),
    "malformed date": (
        REPORT, "start: 2024-04-18", "start: 2024-04-31",
        ["rapat-uji-pkh.md:8", "[event.start]", "tanggal '2024-04-31' tidak valid", "TTTT-BB-HH"],
    ),
    "end before start": (
        REPORT, "end: 2024-04-20", "end: 2024-04-17",
        ["rapat-uji-pkh.md:9", "[event.end]", "sebelum tanggal mulai", "Perbaikan:"],
    ),
    "unknown agency": (
        REPORT, "organizer: dinsos-kaltim", "organizer: dinsos-kaltm",
        ["rapat-uji-pkh.md:12", "[organizer]", 'instansi "dinsos-kaltm" tidak ditemukan', 'Maksud Anda "dinsos-kaltim"?'],
    ),
    "unknown program": (
        REPORT, "programs: [pkh]", "programs: [pkhh]",
        ["rapat-uji-pkh.md:20", "[programs[0]]", 'program "pkhh" tidak ditemukan', 'Maksud Anda "pkh"?'],
    ),
    "unknown region": (
        REPORT, "region: kota-balikpapan", "region: kota-balikpapn",
        ["rapat-uji-pkh.md:11", "[event.region]", 'wilayah "kota-balikpapn" tidak ditemukan', 'Maksud Anda "kota-balikpapan"?'],
    ),
    "unknown metric": (
        REPORT, "metric: kpm", "metric: kmp",
        ["[facts[0].metric]", 'metrik "kmp" tidak didefinisikan oleh program "pkh"', 'Maksud Anda "kpm"?'],
    ),
    "unknown field": (
        REPORT, "organizer:", "organiser:",
        ["[organiser]", "kolom tidak dikenal", 'Maksud Anda "organizer"?'],
    ),
    "malformed front matter": (
        REPORT, "summary: Rapat uji membahas data penerima PKH.", "summary: [Rapat uji membahas",
        ["rapat-uji-pkh.md:", "front matter YAML tidak bisa dibaca", "Perbaikan: periksa titik dua"],
    ),
    "no front matter": (
        "halaman/tentang.md", "---\ntitle: Tentang\n---\n", "",
        ["tentang.md:1", "berkas tidak diawali front matter", "mulai berkas dengan baris '---'"],
    ),
    "unquoted region code": (
        "wilayah/kota-balikpapan.md", 'code: "64.71"', "code: 64.10",
        ["kota-balikpapan.md:5", "[code]", "kode wilayah '64.1' tidak sesuai", "tanda kutip"],
    ),
    "region code outside its province": (
        "wilayah/kota-balikpapan.md", 'code: "64.71"', 'code: "63.71"',
        ["kota-balikpapan.md:5", "[code]", 'tidak diawali kode provinsi induknya "64"'],
    ),
    "agency parent cycle": (
        "instansi/pemprov-kaltim.md", "level: provinsi", "parent: dinsos-kaltim\nlevel: provinsi",
        ["[parent]", "instansi induk membentuk lingkaran"],
    ),
    "script tag in Markdown": (
        REPORT, "Sabtu, 20 April 2024.", "Sabtu, 20 April 2024.\n\n<script>alert('x')</script>",
        ["rapat-uji-pkh.md:30", "HTML tidak aman di naskah: tag <script> tidak diizinkan", "Perbaikan: hapus tag itu"],
    ),
    "embedded iframe": (
        REPORT, "Sabtu, 20 April 2024.", 'Sabtu, 20 April 2024.\n\n<iframe src="https://video.example/x"></iframe>',
        ["rapat-uji-pkh.md:30", "tag <iframe> tidak diizinkan"],
    ),
    "event handler attribute": (
        REPORT, "Sabtu, 20 April 2024.", 'Sabtu, 20 April 2024.\n\n<p onmouseover="x()">teks</p>',
        ["rapat-uji-pkh.md:30", "atribut onmouseover (skrip) tidak diizinkan"],
    ),
    "style element": (
        REPORT, "Sabtu, 20 April 2024.", "Sabtu, 20 April 2024.\n\n<style>body{display:none}</style>",
        ["rapat-uji-pkh.md:30", "tag <style> tidak diizinkan"],
    ),
    "javascript URL": (
        REPORT, "Sabtu, 20 April 2024.", "Sabtu, 20 April 2024.\n\n[klik](javascript:alert(1))",
        ["rapat-uji-pkh.md:30", "alamat 'javascript:alert(1)' tidak diizinkan"],
    ),
    "count is not a number": (
        REPORT, "participant_count: 1250", "participant_count: 1.250",
        ["rapat-uji-pkh.md:14", "[participant_count]", "'1.25' bukan bilangan bulat", "tanpa titik ribuan"],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_reported_with_file_field_and_fix(site, name):
    rel, old, new, expected = CASES[name]
    edit(site, rel, old, new)
    result = invoke("check", "--content", str(site))
    assert result.returncode == 1, result.stdout + result.stderr
    for fragment in expected:
        assert fragment in result.stderr, f"{fragment!r} missing from:\n{result.stderr}"
    assert "Traceback" not in result.stderr
    assert "Konten valid" not in result.stdout


def test_duplicate_slug_names_both_files(site):
    (site / "berita" / "2025").mkdir()
    (site / "berita" / "2025" / "rapat-uji-pkh.md").write_text(
        (site / REPORT).read_text(encoding="utf-8"), encoding="utf-8")
    result = invoke("check", "--content", str(site))
    assert result.returncode == 1
    assert re.search(r'2025/rapat-uji-pkh\.md .*slug "rapat-uji-pkh" sudah dipakai oleh .*2024/rapat-uji-pkh\.md', result.stderr), result.stderr


def test_file_that_is_not_utf8_names_its_line(site):
    path = site / "instansi" / "kemensos.md"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Instansi uji.", "Kantor Pus\xe1t").encode("latin-1"))
    result = invoke("check", "--content", str(site))
    assert result.returncode == 1
    assert "kemensos.md:6 berkas bukan teks UTF-8" in result.stderr, result.stderr
    assert "UTF-8" in result.stderr.split("Perbaikan:")[1]
    # The broken agency file is reported once; the program referring to it is not blamed.
    assert "pkh.md" not in result.stderr


def test_every_problem_is_reported_at_once(site):
    edit(site, REPORT, "organizer: dinsos-kaltim", "organizer: tidak-ada")
    edit(site, REPORT, "programs: [pkh]", "programs: [tidak-ada-juga]")
    edit(site, "instansi/dinsos-kaltim.md", "level: provinsi", "level: propinsi")
    result = invoke("check", "--content", str(site))
    assert result.returncode == 1
    assert len(re.findall(r"GALAT: content_model: \S+\.md:\d+ ", result.stderr)) == 3, result.stderr
    assert "3 masalah pada konten" in result.stderr
    assert 'Maksud Anda "provinsi"?' in result.stderr


def test_weekday_that_contradicts_its_date_is_a_warning_not_an_error(site):
    edit(site, REPORT, "Kamis (18/4/2024)", "Kamis (16/4/2024)")
    result = invoke("check", "--content", str(site))
    assert result.returncode == 0, result.stderr
    assert re.search(r"PERINGATAN: content_model: .*rapat-uji-pkh\.md:\d+ teks menulis \"Kamis \(16/4/2024\)\", "
                     r"padahal 16 April 2024 jatuh pada hari Selasa, bukan Kamis", result.stderr), result.stderr


def test_failed_build_leaves_previous_output_untouched(site, tmp_path):
    out = tmp_path / "output"
    first = invoke("build", "--content", str(site), "--output", str(out))
    assert first.returncode == 0, first.stderr
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert any(str(p).startswith("berita/2024/04/rapat-uji-pkh") for p in before)

    edit(site, REPORT, "organizer: dinsos-kaltim", "organizer: dinsos-kaltm")
    second = invoke("build", "--content", str(site), "--output", str(out))
    assert second.returncode == 1
    assert "rapat-uji-pkh.md:12 [organizer]" in second.stderr
    assert "hasil build sebelumnya tidak diubah" in second.stderr
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "output"]  # no staging left


def test_fact_value_with_a_thousands_separator_is_a_warning(site):
    edit(site, REPORT, "value: 65387", "value: 65.387")
    result = invoke("check", "--content", str(site))
    assert result.returncode == 0, result.stderr
    assert re.search(r"PERINGATAN: content_model: \S+rapat-uji-pkh\.md:\d+ \[facts\[0\]\.value\] nilai 65\.387 tampak ditulis "
                     r"dengan titik ribuan", result.stderr), result.stderr


def test_github_format_puts_problems_on_their_lines(site):
    edit(site, REPORT, "organizer: dinsos-kaltim", "organizer: dinsos-kaltm")
    result = invoke("check", "--content", str(site), "--format", "github")
    assert result.returncode == 1
    line = next(l for l in result.stdout.splitlines() if l.startswith("::error "))
    assert re.fullmatch(r"::error file=\S+rapat-uji-pkh\.md,line=12,title=organizer::instansi \"dinsos-kaltm\" "
                        r"tidak ditemukan di content/instansi/\. Perbaikan: .*Maksud Anda \"dinsos-kaltim\"\?", line), line

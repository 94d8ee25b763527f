"""The fields of every kind of document, and the checks one file can pass alone.

docs/content-model.md documents these tables; keep the two in step.
References to other documents are only checked for their form here; whether
they resolve is decided in model.py, once every file has been read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .problems import Problem, did_you_mean

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$")
PERIOD_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
LEVELS = ("pusat", "provinsi", "kabupaten", "kota")
REGION_KINDS = ("provinsi", "kabupaten", "kota")
STATUSES = ("published", "draft", "hidden")


class Invalid(ValueError):
    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message, self.fix = message, fix


@dataclass(frozen=True)
class Field:
    kind: str  # text, texts, date, datetime, whole, number, bool, url, slug, slugs, choice, period, record, records
    required: bool = False
    ref: str = ""  # for slug(s): the kind of document referred to
    choices: tuple = ()
    fields: dict | None = None  # for record(s)
    fix: str = ""  # how to fill this field in when it is required and missing


def _text(value, name):
    if isinstance(value, (dict, list)) or value is None or value == "":
        raise Invalid("harus berisi teks", f"tulis teks biasa, misalnya `{name}: ...`")
    return str(value).strip()


def _texts(value, name):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise Invalid("harus berupa daftar teks", f"tulis `{name}: [teks satu, teks dua]`")
    return [_text(v, name) for v in value]


def _date(value, name):
    text = str(value).strip()
    try:
        if not DATE_RE.match(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid(
            f"tanggal '{text}' tidak valid", "tulis tanggal sebagai TTTT-BB-HH, misalnya 2024-05-16"
        ) from None


def _datetime(value, name):
    text = str(value).strip()
    match = DATETIME_RE.match(text)
    try:
        if not match:
            raise ValueError
        day = dt.date.fromisoformat(match[1])
        hour, minute, second = (int(g) if g else 0 for g in match.groups()[1:])
        return dt.datetime(day.year, day.month, day.day, hour, minute, second)
    except ValueError:
        raise Invalid(
            f"tanggal '{text}' tidak valid",
            "tulis TTTT-BB-HH atau TTTT-BB-HH JJ:MM, misalnya 2024-05-17 15:00",
        ) from None


def _whole(value, name):
    if isinstance(value, float):
        raise Invalid(f"'{value}' bukan bilangan bulat", "tulis angka tanpa titik ribuan, misalnya 1500 (bukan 1.500)")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(f"'{value}' bukan bilangan bulat positif", "tulis angka tanpa titik atau spasi, misalnya 150")
    return value


def _number(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(
            f"'{value}' bukan angka",
            "tulis angka tanpa pemisah ribuan dan dengan titik desimal, misalnya 65387 atau 6.11",
        )
    return value


def _bool(value, name):
    if not isinstance(value, bool):
        raise Invalid(f"'{value}' bukan true atau false", f"tulis `{name}: true` atau `{name}: false`")
    return value


def _url(value, name):
    text = _text(value, name)
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", text):
        raise Invalid(f"'{text}' bukan alamat web", "tulis alamat lengkap, misalnya https://kaltimprov.go.id")
    return text


def _slug(value, name):
    text = str(value).strip()
    if not SLUG_RE.match(text):
        raise Invalid(
            f"'{text}' bukan slug",
            "tulis slug dokumen yang dirujuk: huruf kecil, angka dan tanda '-', misalnya dinsos-kaltim",
        )
    return text


def _period(value, name):
    text = str(value).strip()
    try:
        if not PERIOD_RE.match(text):
            raise ValueError
        dt.date.fromisoformat((text + "-01-01")[:10])
    except ValueError:
        raise Invalid(
            f"periode '{text}' tidak valid", "tulis tahun (2022), bulan (2022-04) atau tanggal (2022-04-18)"
        ) from None
    return text


CHECKS = {
    "text": _text, "texts": _texts, "date": _date, "datetime": _datetime,
    "whole": _whole, "number": _number, "bool": _bool, "url": _url,
    "slug": _slug, "period": _period,
}

NAMES = {"title": Field("text", True), "short_name": Field("text"), "aliases": Field("texts")}
COMMON = {"summary": Field("text"), "status": Field("choice", choices=STATUSES)}

OFFICIAL = {
    "name": Field("text", True), "position": Field("text", True),
    "agency": Field("slug", ref="agency"), "role": Field("text"),
}
FACT = {
    "metric": Field("slug", True), "value": Field("number", True),
    "program": Field("slug", ref="program"), "label": Field("text"), "unit": Field("text"),
    "period": Field("period", True), "period_label": Field("text"),
    "region": Field("slug", True, ref="region"), "note": Field("text"),
}
EVENT = {
    "start": Field("date", True), "end": Field("date"),
    "place": Field("text", True), "region": Field("slug", True, ref="region"),
}
CHANGE_KINDS = ("renamed", "merged", "dissolved")
CHANGE = {
    "kind": Field("choice", True, choices=CHANGE_KINDS), "date": Field("date", True),
    "successor": Field("slug", ref="agency"), "note": Field("text"),
}
IMAGE = {  # a report's lead photo; the images plugin checks and processes the file
    "src": Field("text", True, fix="tulis letak berkas foto, misalnya `src: rakor-pkh.jpg` (di samping berkas berita) "
                 "atau `src: /images/rakor-pkh.jpg` (di content/images/)"),
    "alt": Field("text", True, fix="tambahkan `alt: ...` di bawah `image:`: satu kalimat yang menggambarkan isi foto "
                 "bagi pembaca yang tidak dapat melihatnya, misalnya `alt: Peserta rapat mendengarkan paparan di aula`"),
    "caption": Field("text"), "credit": Field("text"),
}
METRIC = {
    "id": Field("slug", True), "label": Field("text", True),
    "unit": Field("text", True), "description": Field("text"),
}

SCHEMAS: dict[str, dict[str, Field]] = {
    "report": {
        "title": Field("text", True), "date": Field("datetime", True), "modified": Field("datetime"),
        "summary": Field("text", True), "category": Field("text", True), "tags": Field("texts"),
        "status": COMMON["status"],
        "event": Field("record", True, fields=EVENT),
        "organizer": Field("slug", True, ref="agency"), "host": Field("slug", ref="agency"),
        "participants": Field("slugs", ref="agency"), "other_participants": Field("texts"),
        "participant_count": Field("whole"), "participant_count_approx": Field("bool"),
        "officials": Field("records", fields=OFFICIAL),
        "programs": Field("slugs", ref="program"), "regions": Field("slugs", ref="region"),
        "facts": Field("records", fields=FACT), "editor_note": Field("text"),
        "image": Field("record", fields=IMAGE),
    },
    "agency": {
        **NAMES, **COMMON,
        "head_title": Field("text"), "head_aliases": Field("texts"),
        "parent": Field("slug", ref="agency"), "level": Field("choice", True, choices=LEVELS),
        "region": Field("slug", ref="region"), "website": Field("url"),
        "change": Field("record", fields=CHANGE),
    },
    "program": {
        **NAMES, **COMMON, "summary": Field("text", True),
        "agency": Field("slug", True, ref="agency"), "metrics": Field("records", fields=METRIC),
    },
    "region": {
        **NAMES, **COMMON, "name": Field("text", True),
        "kind": Field("choice", True, choices=REGION_KINDS), "code": Field("text", True),
        "parent": Field("slug", ref="region"), "seat": Field("text"),
    },
    "page": {"title": Field("text", True), **COMMON},
}

# Folder under content/ -> kind of document.
KIND_OF_FOLDER = {"berita": "report", "instansi": "agency", "program": "program", "wilayah": "region", "halaman": "page"}
FOLDER_OF_KIND = {kind: folder for folder, kind in KIND_OF_FOLDER.items()}


def check_fields(kind: str, data: dict, lines: dict, path: str) -> tuple[dict, list[Problem]]:
    """Check one document's front matter alone; return clean values and problems."""
    problems: list[Problem] = []
    clean = _check_record(SCHEMAS[kind], data, "", lines, path, problems)
    problems += _check_rules(kind, clean, lines, path)
    return clean, problems


def _check_record(schema, data, prefix, lines, path, problems) -> dict:
    clean = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        spec = schema.get(key)
        if spec is None:
            problems.append(Problem(
                path, lines.get(name, 0), name, "kolom tidak dikenal",
                "hapus kolom ini atau perbaiki namanya." + did_you_mean(key, schema)
                + " Daftar kolom: docs/content-model.md",
            ))
            continue
        if value is None or value == [] or value == "":
            continue  # an empty optional field is the same as an absent one
        try:
            clean[key] = _check_value(spec, value, name, lines, path, problems)
        except Invalid as err:
            problems.append(Problem(path, lines.get(name, 0), name, err.message, err.fix))
    for key, spec in schema.items():
        if spec.required and key not in clean and not any(p.field == f"{prefix}{key}" for p in problems):
            where = lines.get(f"{prefix}{key}") or (lines.get(prefix.rstrip("."), 1) if prefix else 1)
            problems.append(Problem(
                path, where, f"{prefix}{key}", "kolom wajib belum diisi",
                spec.fix or f"tambahkan `{key}: ...` (lihat docs/content-model.md)",
            ))
    return clean


def _check_value(spec: Field, value, name, lines, path, problems):
    if spec.kind == "choice":
        if value not in spec.choices:
            raise Invalid(
                f"nilai '{value}' tidak dikenal",
                "pilih salah satu: " + ", ".join(spec.choices) + "." + did_you_mean(value, spec.choices),
            )
        return value
    if spec.kind == "slugs":
        values = value if isinstance(value, list) else [value]
        return [_slug(v, name) for v in values]
    if spec.kind in ("record", "records"):
        items = value if spec.kind == "records" else [value]
        if spec.kind == "records" and not isinstance(value, list):
            raise Invalid("harus berupa daftar", f"tulis setiap butir `{name}` di baris baru diawali '- '")
        out = []
        for i, item in enumerate(items):
            item_name = f"{name}[{i}]" if spec.kind == "records" else name
            if not isinstance(item, dict):
                raise Invalid("harus berupa kumpulan kolom 'nama: nilai'", "lihat contoh di docs/content-model.md")
            out.append(_check_record(spec.fields, item, item_name + ".", lines, path, problems))
        return out if spec.kind == "records" else out[0]
    return CHECKS[spec.kind](value, name)


def _check_rules(kind: str, clean: dict, lines: dict, path: str) -> list[Problem]:
    """Rules that tie fields of one document together."""
    problems = []

    def add(field, message, fix):
        line = lines.get(field) or lines.get(field.rsplit(".", 1)[0], 1)  # a missing field: its parent's line
        problems.append(Problem(path, line, field, message, fix))

    if kind == "report":
        event = clean.get("event") or {}
        if event.get("end") and event.get("start") and event["end"] < event["start"]:
            add("event.end", f"tanggal selesai {event['end']} sebelum tanggal mulai {event['start']}",
                "tukar atau perbaiki tanggal mulai dan selesai")
        if clean.get("modified") and clean.get("date") and clean["modified"] < clean["date"]:
            add("modified", "tanggal perubahan sebelum tanggal terbit", "perbaiki `modified` atau hapus kolom itu")
        for i, fact in enumerate(clean.get("facts") or []):
            value = fact.get("value")
            if isinstance(value, float) and len(repr(value).split(".")[1]) == 3:
                problems.append(Problem(
                    path, lines.get(f"facts[{i}].value", 1), f"facts[{i}].value",
                    f"nilai {value} tampak ditulis dengan titik ribuan", "tulis 65387, bukan 65.387; "
                    "titik hanya untuk desimal. Abaikan jika memang pecahan desimal", severity="warning"))
            if "program" not in fact:
                for needed in ("label", "unit"):
                    if needed not in fact:
                        add(f"facts[{i}].{needed}", "angka tanpa program wajib punya label dan satuan",
                            f"tambahkan `{needed}: ...` atau `program: <slug program>`")
    elif kind == "agency":
        change = clean.get("change") or {}
        if change.get("kind") in ("renamed", "merged") and "successor" not in change:
            add("change.successor", f"instansi yang {'berganti nama' if change['kind'] == 'renamed' else 'digabung'} "
                "wajib menyebut penggantinya", "tambahkan `successor: <slug instansi pengganti>` di bawah `change:`")
        if clean.get("level") and clean["level"] != "pusat" and "region" not in clean:
            add("region", f"instansi tingkat {clean['level']} wajib punya wilayah",
                "tambahkan `region: <slug wilayah>`, misalnya region: kalimantan-timur")
    elif kind == "region":
        rkind, code = clean.get("kind"), clean.get("code")
        if rkind == "provinsi" and "parent" in clean:
            add("parent", "provinsi tidak punya induk wilayah", "hapus kolom `parent`")
        if rkind in ("kabupaten", "kota") and "parent" not in clean:
            add("parent", f"{rkind} wajib punya provinsi induk", "tambahkan `parent: <slug provinsi>`")
        pattern = r"^\d{2}$" if rkind == "provinsi" else r"^\d{2}\.\d{2}$"
        if code is not None and rkind and not re.match(pattern, code):
            add("code", f"kode wilayah '{code}' tidak sesuai format Kemendagri untuk {rkind}",
                'tulis dalam tanda kutip: "64" untuk provinsi, "64.04" untuk kabupaten/kota')
    return problems

"""What each open data file holds: one table of fields, from which come the
JSON Schemas, the CSV's Table Schema, datapackage.json and the /data/ page."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string, integer, number, boolean, date, datetime, url, list, object-list
    description: str
    required: bool = True
    nullable: bool = False
    items: tuple = ()  # for object-list: the fields of each object


def f(name, type_, description, required=True, nullable=False, items=()):
    return Field(name, type_, description, required, nullable, tuple(items))


REF = "string"  # a slug that names a record in another file

OFFICIAL = [
    f("nama", "string", "Nama pejabat seperti ditulis dalam berita"),
    f("jabatan", "string", "Jabatan"),
    f("instansi", REF, "Slug instansi jabatan itu (instansi.json)", nullable=True),
    f("peran", "string", "Peran dalam kegiatan: membuka, narasumber, moderator ...", nullable=True),
]

FILES = {
    "berita": ("Berita kegiatan", "Satu baris per berita: kegiatan, tempat, penyelenggara, peserta dan pejabat.", [
        f("slug", "string", "Pengenal tetap berita"),
        f("judul", "string", "Judul berita"),
        f("url", "url", "Alamat halaman berita"),
        f("ringkasan", "string", "Ringkasan satu atau dua kalimat"),
        f("kategori", "string", "Kategori berita"),
        f("topik", "list", "Topik (tag) berita"),
        f("tanggal_terbit", "datetime", "Waktu terbit, ISO 8601 dengan zona waktu"),
        f("tanggal_mulai", "date", "Hari pertama kegiatan"),
        f("tanggal_selesai", "date", "Hari terakhir kegiatan"),
        f("tempat", "string", "Tempat kegiatan"),
        f("wilayah", REF, "Slug wilayah tempat kegiatan (wilayah.json)"),
        f("kode_wilayah", "string", "Kode wilayah Kemendagri tempat kegiatan"),
        f("penyelenggara", REF, "Slug instansi penyelenggara (instansi.json)"),
        f("tuan_rumah", REF, "Slug instansi tuan rumah", nullable=True),
        f("instansi_peserta", "list", "Slug instansi peserta"),
        f("peserta_lain", "list", "Peserta yang bukan satu instansi, seperti ditulis"),
        f("jumlah_peserta", "integer", "Jumlah peserta", nullable=True),
        f("jumlah_peserta_perkiraan", "boolean", "Benar bila jumlah peserta adalah perkiraan"),
        f("pejabat", "object-list", "Pejabat yang hadir atau berbicara", items=OFFICIAL),
        f("program", "list", "Slug program yang dibahas (program.json)"),
        f("instansi_disebut", "list", "Slug instansi yang disebut dalam naskah berita"),
    ]),
    "instansi": ("Instansi", "Satu baris per instansi pemerintah, dengan induk, tingkat dan wilayahnya.", [
        f("slug", "string", "Pengenal tetap instansi"),
        f("nama", "string", "Nama resmi"),
        f("singkatan", "string", "Singkatan utama", nullable=True),
        f("nama_lain", "list", "Cara lain berita menulis nama instansi"),
        f("jabatan_pimpinan", "string", "Sebutan jabatan pimpinannya", nullable=True),
        f("induk", REF, "Slug instansi induk", nullable=True),
        f("tingkat", "string", "pusat, provinsi, kabupaten atau kota"),
        f("wilayah", REF, "Slug wilayah kedudukan", nullable=True),
        f("kode_wilayah", "string", "Kode wilayah Kemendagri kedudukan", nullable=True),
        f("situs", "url", "Situs resmi", nullable=True),
        f("perubahan", "string", "renamed (berganti nama), merged (digabung) atau dissolved (dibubarkan)", nullable=True),
        f("tanggal_perubahan", "date", "Tanggal perubahan", nullable=True),
        f("pengganti", REF, "Slug instansi pengganti", nullable=True),
        f("url", "url", "Alamat halaman instansi"),
        f("jumlah_berita", "integer", "Jumlah berita yang melibatkan atau menyebut instansi ini"),
    ]),
    "program": ("Program", "Satu baris per program pemerintah, dengan metrik yang dipakai fakta-faktanya.", [
        f("slug", "string", "Pengenal tetap program"),
        f("nama", "string", "Nama program"),
        f("singkatan", "string", "Singkatan", nullable=True),
        f("nama_lain", "list", "Cara lain menulis nama program"),
        f("instansi", REF, "Slug instansi penanggung jawab"),
        f("ringkasan", "string", "Ringkasan program"),
        f("metrik", "object-list", "Metrik program", items=[
            f("id", "string", "Pengenal metrik, dipakai di fakta.json"),
            f("label", "string", "Apa yang diukur"),
            f("satuan", "string", "Satuan"),
        ]),
        f("url", "url", "Alamat halaman program"),
    ]),
    "wilayah": ("Wilayah", "Satu baris per provinsi, kabupaten atau kota, dengan kode Kemendagri.", [
        f("slug", "string", "Pengenal tetap wilayah"),
        f("kode", "string", "Kode wilayah Kemendagri (NN atau NN.NN), untuk digabung dengan data Satu Data Indonesia"),
        f("nama", "string", "Nama tanpa jenis wilayah"),
        f("nama_lengkap", "string", "Nama lengkap dengan jenisnya"),
        f("jenis", "string", "provinsi, kabupaten atau kota"),
        f("singkatan", "string", "Sebutan singkat di media", nullable=True),
        f("induk", REF, "Slug provinsi induk", nullable=True),
        f("kode_induk", "string", "Kode Kemendagri provinsi induk", nullable=True),
        f("pusat_pemerintahan", "string", "Pusat pemerintahan", nullable=True),
        f("url", "url", "Alamat halaman wilayah"),
    ]),
    "fakta": ("Fakta", "Satu baris per angka yang disebut dalam berita, dengan maknanya dan berita sumbernya.", [
        f("program", REF, "Slug program", nullable=True),
        f("metrik", "string", "Pengenal metrik"),
        f("label", "string", "Apa yang diukur"),
        f("nilai", "number", "Nilai angka"),
        f("satuan", "string", "Satuan"),
        f("periode", "string", "Periode berlakunya: TTTT, TTTT-BB atau TTTT-BB-HH"),
        f("keterangan_periode", "string", "Periode seperti ditulis dalam berita", nullable=True),
        f("wilayah", REF, "Slug wilayah berlakunya angka"),
        f("kode_wilayah", "string", "Kode wilayah Kemendagri"),
        f("nama_wilayah", "string", "Nama lengkap wilayah"),
        f("catatan", "string", "Catatan", nullable=True),
        f("berita", REF, "Slug berita sumber"),
        f("url_berita", "url", "Alamat berita sumber"),
        f("tanggal_berita", "datetime", "Waktu terbit berita sumber"),
    ]),
}

_JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
               "date": "string", "datetime": "string", "url": "string"}
_FORMATS = {"date": "date", "datetime": "date-time"}
_TABLE_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
                "date": "date", "datetime": "datetime", "url": "string"}


def _json_property(field: Field) -> dict:
    if field.type == "list":
        prop = {"type": "array", "items": {"type": "string"}}
    elif field.type == "object-list":
        prop = {"type": "array", "items": _object(field.items)}
    else:
        prop = {"type": _JSON_TYPES[field.type]}
        if field.type in _FORMATS:
            prop["format"] = _FORMATS[field.type]
    if field.nullable:
        prop["type"] = [prop["type"], "null"]
    prop["description"] = field.description
    return prop


def _object(fields) -> dict:
    return {
        "type": "object",
        "properties": {fld.name: _json_property(fld) for fld in fields},
        "required": [fld.name for fld in fields if fld.required],
        "additionalProperties": False,
    }


def json_schema(name: str, base_url: str) -> dict:
    title, description, fields = FILES[name]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{base_url}/data/skema/{name}.schema.json",
        "title": f"{title} ({name}.json)",
        "description": description,
        "type": "array",
        "items": _object(fields),
    }


def table_schema(name: str) -> dict:
    """Frictionless Table Schema for the CSV form of a flat file."""
    _, _, fields = FILES[name]
    return {"fields": [
        {"name": fld.name, "type": _TABLE_TYPES[fld.type], "description": fld.description,
         **({"constraints": {"required": True}} if not fld.nullable else {})}
        for fld in fields
    ]}

"""The content model as rows of plain data, in the shape fields.py describes."""

from __future__ import annotations

import csv
import io
import re

from .fields import FILES

_TAGS = re.compile(r"<[^>]+>")


def _slug(record):
    return record.slug if record is not None else None


def _plain(html) -> str:
    return " ".join(_TAGS.sub("", str(html or "")).split())


def rows(portal, siteurl: str) -> dict[str, list[dict]]:
    url = lambda record: f"{siteurl}/{record.url}"  # noqa: E731
    berita = [{
        "slug": r.slug, "judul": r.title, "url": url(r), "ringkasan": _plain(r.summary),
        "kategori": str(r.content.category), "topik": [str(t) for t in getattr(r.content, "tags", [])],
        "tanggal_terbit": r.content.date.isoformat(), "tanggal_mulai": r.event_start.isoformat(),
        "tanggal_selesai": r.event_end.isoformat(), "tempat": r.place,
        "wilayah": r.region.slug, "kode_wilayah": r.region.code,
        "penyelenggara": r.organizer.slug, "tuan_rumah": _slug(r.host),
        "instansi_peserta": [a.slug for a in r.participants], "peserta_lain": list(r.other_participants),
        "jumlah_peserta": r.participant_count, "jumlah_peserta_perkiraan": r.participant_count_approx,
        "pejabat": [{"nama": o.name, "jabatan": o.position, "instansi": _slug(o.agency), "peran": o.role or None}
                    for o in r.officials],
        "program": [p.slug for p in r.programs], "instansi_disebut": [a.slug for a in r.mentioned],
    } for r in sorted(portal.reports.values(), key=lambda r: r.slug)]
    instansi = [{
        "slug": a.slug, "nama": a.title, "singkatan": a.short_name or None, "nama_lain": list(a.aliases),
        "jabatan_pimpinan": a.head_title or None, "induk": _slug(a.parent), "tingkat": a.level,
        "wilayah": _slug(a.region), "kode_wilayah": a.region.code if a.region else None,
        "situs": a.website or None,
        "perubahan": a.change.kind if a.change else None,
        "tanggal_perubahan": a.change.date.isoformat() if a.change else None,
        "pengganti": _slug(a.change.successor) if a.change else None,
        "url": url(a), "jumlah_berita": len(a.reports) + len(a.mentioned_in),
    } for a in sorted(portal.agencies.values(), key=lambda a: a.slug)]
    program = [{
        "slug": p.slug, "nama": p.title, "singkatan": p.short_name or None, "nama_lain": list(p.aliases),
        "instansi": p.agency.slug, "ringkasan": _plain(p.summary),
        "metrik": [{"id": m.id, "label": m.label, "satuan": m.unit} for m in p.metrics.values()],
        "url": url(p),
    } for p in sorted(portal.programs.values(), key=lambda p: p.slug)]
    wilayah = [{
        "slug": w.slug, "kode": w.code, "nama": w.name, "nama_lengkap": w.title, "jenis": w.kind,
        "singkatan": w.short_name or None, "induk": _slug(w.parent),
        "kode_induk": w.parent.code if w.parent else None, "pusat_pemerintahan": w.seat or None, "url": url(w),
    } for w in sorted(portal.regions.values(), key=lambda w: w.code)]
    fakta = [{
        "program": _slug(x.program), "metrik": x.metric, "label": x.label, "nilai": x.value, "satuan": x.unit,
        "periode": x.period, "keterangan_periode": x.period_label or None, "wilayah": x.region.slug,
        "kode_wilayah": x.region.code, "nama_wilayah": x.region.title, "catatan": x.note or None,
        "berita": x.report.slug, "url_berita": url(x.report), "tanggal_berita": x.report.content.date.isoformat(),
    } for x in sorted(portal.facts, key=lambda x: (x.program.slug if x.program else "", x.metric, x.region.code,
                                                   x.period, x.report.slug))]
    return {"berita": berita, "instansi": instansi, "program": program, "wilayah": wilayah, "fakta": fakta}


def csv_text(name: str, records: list[dict]) -> str:
    """CSV with a header row; empty cells for null, lists joined with '; '."""
    _, _, fields = FILES[name]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([fld.name for fld in fields])
    for record in records:
        writer.writerow(["; ".join(v) if isinstance(v, list) else "" if v is None else v
                         for v in (record[fld.name] for fld in fields)])
    return out.getvalue()

"""Write a Draft as a report file: front matter with every guess marked."""

from __future__ import annotations

import datetime as dt
import json
import re

from unidecode import unidecode

MARK = "  # TEBAKAN: periksa"


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", unidecode(title).lower()).strip("-")[:80].strip("-")


def _q(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _line(key: str, guess, indent: str = "", render=_q) -> str:
    if guess is None or guess.value in (None, ""):
        return f"{indent}{key}:  # WAJIB: belum ditemukan di naskah, isi sendiri\n"
    note = "" if guess.sure else MARK + (f" ({guess.note})" if guess.note else "")
    return f"{indent}{key}: {render(guess.value)}{note}\n"


def render(draft, published: dt.datetime | None = None) -> str:
    start = draft.event_start.value if draft.event_start else None
    when = published or (dt.datetime.combine(draft.event_end.value, dt.time(12)) if draft.event_end else None)
    out = ["---\n", _line("title", draft.title)]
    out.append(f"date: {when:%Y-%m-%d %H:%M}{MARK} (tanggal terbit; ganti dengan yang sebenarnya)\n" if when
               else "date:  # WAJIB: tanggal terbit TTTT-BB-HH JJ:MM\n")
    out.append(_line("summary", draft.summary))
    out.append(_line("category", draft.category))
    out.append("event:\n")
    out.append(_line("start", draft.event_start, "  ", lambda d: d.isoformat()))
    if draft.event_end and draft.event_end.value != start:
        out.append(_line("end", draft.event_end, "  ", lambda d: d.isoformat()))
    out.append(_line("place", draft.place, "  "))
    out.append(_line("region", draft.region, "  ", str))
    out.append(_line("organizer", draft.organizer, "", str))
    if draft.participants:
        out.append(f"participants: [{', '.join(draft.participants)}]{MARK} (instansi yang disebut dalam naskah)\n")
    if draft.participant_count:
        out.append(_line("participant_count", draft.participant_count, "", str))
        if draft.participant_count.note == "sekitar":
            out.append("participant_count_approx: true\n")
    if draft.officials:
        out.append(f"officials:{MARK}\n")
        for o in draft.officials:
            out.append(f"  - name: {_q(o['name'])}\n    position: {_q(o['position'])}\n")
            if o["agency"]:
                out.append(f"    agency: {o['agency']}\n")
            if o["role"]:
                out.append(f"    role: {o['role']}\n")
    if draft.programs:
        out.append(f"programs: [{', '.join(draft.programs)}]{MARK}\n")
    if draft.facts:
        out.append(f"facts:{MARK} (angka yang ditemukan; periksa metrik, periode dan wilayahnya)\n")
        for f in draft.facts:
            out.append(f"  - program: {f['program']}\n    metric: {f['metric']}\n    value: {f['value']}\n"
                       f"    period: \"{f['period']}\"\n    region: {f['region']}\n")
    if draft.notes:
        out.append("editor_note: " + _q("Catatan impor: " + "; ".join(draft.notes)) + MARK + " (hapus jika tidak perlu)\n")
    out.append("---\n")
    if draft.dateline:
        out.append(f"\n**{draft.dateline.value.upper()}** – ")
        body = draft.body
    else:
        out.append("\n")
        body = draft.body
    out.append("\n\n".join(body) + "\n")
    return "".join(out)

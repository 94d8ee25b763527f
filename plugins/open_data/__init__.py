"""open_data: the archive as open data files under /data/.

berita.json, instansi.json, program.json, wilayah.json and fakta.json (plus
fakta.csv), a JSON Schema for each JSON file under /data/skema/, and a
Frictionless datapackage.json describing them all. The human page /data/ is
the `data` direct template; its field lists come from the same table
(fields.py) as the schemas, so the two cannot disagree.
"""

from __future__ import annotations

import json
import logging
import os

from pelican import signals

from content_model import portal_ready

from .export import csv_text, rows
from .fields import FILES, json_schema, table_schema

log = logging.getLogger(__name__)
NAME = "open_data"
DEFAULTS = {
    "OPEN_DATA_PATH": "data",
    "OPEN_DATA_LICENSE": {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                          "path": "https://creativecommons.org/licenses/by/4.0/"},
}
_portal = {}  # the model of the current build, kept from portal_ready until finalized


def setting(settings, key):
    return settings.get(key, DEFAULTS[key])


def keep_portal(portal, generators) -> None:
    _portal["current"] = portal


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def datapackage(settings) -> dict:
    siteurl = settings["SITEURL"]
    resources = []
    for name, (title, description, _) in FILES.items():
        resources.append({
            "name": name, "path": f"{name}.json", "title": title, "description": description,
            "format": "json", "mediatype": "application/json", "encoding": "utf-8",
            "jsonSchema": f"skema/{name}.schema.json",
        })
    resources.append({
        "name": "fakta-csv", "path": "fakta.csv", "title": "Fakta (CSV)", "description": FILES["fakta"][1],
        "type": "table", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "schema": table_schema("fakta"),
    })
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "arsip-informasi-publik-pemerintah-daerah",
        "title": settings["SITENAME"],
        "description": "Berita kegiatan, instansi, program, wilayah dan angka dari arsip informasi publik pemerintah daerah.",
        "homepage": f"{siteurl}/data/",
        "licenses": [setting(settings, "OPEN_DATA_LICENSE")],
        "resources": resources,
    }


def write_files(pelican) -> None:
    portal = _portal.pop("current", None)
    if portal is None:
        return
    settings = pelican.settings
    folder = os.path.join(pelican.output_path, setting(settings, "OPEN_DATA_PATH"))
    os.makedirs(os.path.join(folder, "skema"), exist_ok=True)
    data = rows(portal, settings["SITEURL"])
    files = {f"{name}.json": _dump(records) for name, records in data.items()}
    files["fakta.csv"] = csv_text("fakta", data["fakta"])
    files.update({f"skema/{name}.schema.json": _dump(json_schema(name, settings["SITEURL"])) for name in FILES})
    files["datapackage.json"] = _dump(datapackage(settings))
    for rel, text in files.items():
        with open(os.path.join(folder, rel), "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    log.info("%s: %d files in %s", NAME, len(files), folder)


def add_globals(generator) -> None:
    generator.env.globals["open_data_files"] = FILES


def register():
    portal_ready.connect(keep_portal)
    signals.generator_init.connect(add_globals)
    signals.finalized.connect(write_files)

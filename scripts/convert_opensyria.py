"""Convert OpenSyria's sub-district (nahiya) centroids into sitrep/data/sy_subdistricts.csv.

Why a converter and not the JSON itself: the gazetteer reads curated places in one CSV shape
(the columns of sitrep/data/sites.csv), which an analyst can read and extend; this script keeps
the conversion reproducible when OpenSyria publishes a new release.

Kept: the English name, the Latin-script aliases ("X Subdistrict", "Nahiyat X", spelling
variants), the centroid, the governorate (as sitrep's admin1 name) and the OCHA P-code (the id column). Dropped:
Arabic-script names (the index serves English text) and the all-lowercase machine
transliterations ("nahyt mrkz alhskt"), which no article writes.

    python scripts/convert_opensyria.py ../shared/data/gazetteer/opensyria-subdistricts.json \
        > sitrep/data/sy_subdistricts.csv
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

# OpenSyria governorate ids -> the admin1 names sitrep uses for Syria (sitrep/data/admin1_names.csv).
GOVERNORATES = {
    "sy-al-hasakah": "Al-Hasakah", "sy-aleppo": "Aleppo", "sy-raqqa": "Raqqa", "sy-as-suwayda": "As-Sweida",
    "sy-daraa": "Daraa", "sy-deir-ez-zor": "Deir ez-Zor", "sy-damascus": "Damascus", "sy-hama": "Hama",
    "sy-homs": "Homs", "sy-idlib": "Idlib", "sy-latakia": "Latakia", "sy-quneitra": "Quneitra",
    "sy-rif-dimashq": "Rural Damascus", "sy-tartus": "Tartus",
}
HEADER = """\
# Syrian sub-district (nahiya) centroids, converted by scripts/convert_opensyria.py.
# Source: OpenSyria Data Geography, opensyria-subdistricts.json (272 nahiyas; seed release built from
# geoBoundaries SYR, HDX/OCHA COD, GeoNames, Wikidata and US Census Bureau population figures).
# Licence: Creative Commons Attribution 4.0 International (CC BY 4.0),
# https://creativecommons.org/licenses/by/4.0/ - attribution: "Contains OpenSyria data (CC BY 4.0)".
# Changes: English and Latin-script names only; governorates renamed to sitrep's admin1 names.
"""
COLUMNS = ("name", "aliases", "lat", "lon", "kind", "country", "admin1", "source", "id")


PREFIXES = ("Nāḩiyat ", "Nahiyat ", "Markaz ")  # "sub-district of", "centre of": also indexed without


def aliases_of(entry: dict) -> list[str]:
    """Latin-script aliases an English text may use, without the lowercase machine transliterations;
    "Nahiyat Markaz al Hasakah" also gives "Markaz al Hasakah" and "al Hasakah"."""
    name = entry["name"]["en"]
    out: list[str] = []
    for a in entry.get("aliases") or ():
        value = " ".join(str(a.get("value", "")).replace("|", " ").split())
        if a.get("language") != "en" or not value or value == value.lower():
            continue
        forms = [value]
        while (prefix := next((p for p in PREFIXES if forms[-1].startswith(p)), None)) is not None:
            forms.append(forms[-1][len(prefix):])
        out.extend(f for f in forms if f and f != name and f not in out)
    if name.startswith("Markaz ") and name[7:] not in out:
        out.append(name[7:])
    return out


def rows(entries: list[dict]) -> list[dict[str, str]]:
    """One CSV row per sub-district; an unknown governorate id is an error naming the entry."""
    out = []
    for e in entries:
        gov = GOVERNORATES.get(e["governorateId"])
        if gov is None:
            raise SystemExit(f"{e['id']}: unknown governorate {e['governorateId']!r}; add it to GOVERNORATES")
        c = e["centroid"]
        pcode = (e.get("externalIds") or {}).get("ochaPcode") or ""
        out.append({"name": e["name"]["en"], "aliases": "|".join(aliases_of(e)),
                    "lat": f"{float(c['latitude']):.5f}", "lon": f"{float(c['longitude']):.5f}",
                    "kind": "subdistrict", "country": "SY", "admin1": gov,
                    "source": f"OpenSyria CC BY 4.0 {e['id']}", "id": pcode or e["id"]})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json_file", type=Path)
    a = ap.parse_args()
    entries = json.loads(a.json_file.read_text(encoding="utf-8"))
    sys.stdout.write(HEADER)
    w = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows(entries))


if __name__ == "__main__":
    main()

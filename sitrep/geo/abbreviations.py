"""Abbreviated region names ("B.C.", "NSW", "Calif.", "D.C.") for spans already marked as places.

Why a table and not the index: news abbreviates states and provinces by fixed conventions
(postal codes, AP / Canadian Press style), listed in ``sitrep/data/region_abbreviations.csv``.
Two-letter codes are also English words and acronyms ("IN", "OR", "ME", "SA"), so they are
read only where someone (the caller's spans, spaCy's place tags) already says the words name a
place, never in running text. A bare code matches in capitals only; a dotted form in any case.
"""
from __future__ import annotations

import csv
from functools import lru_cache

from sitrep.geo.gazetteer import ALIAS_BIT, Gazetteer
from sitrep.geo.sources import uncommented, package_file


@lru_cache(maxsize=1)
def table() -> dict[str, list[tuple[str, str, str]]]:
    """Form as matched (see ``_key``) -> [(country code, region name, feature)]."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    with package_file("sitrep.data", "region_abbreviations.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(uncommented(f, [0])):
            for form in r["forms"].split("|"):
                out.setdefault(_key(form.strip()), []).append((r["country"], r["name"], r["feature"]))
    return out


def _key(form: str) -> str:
    """"CA" stays "CA" (capitals only); "Calif.", "B.C.", "W. Va." fold to lower case without spaces."""
    bare = form.replace(" ", "")
    return bare if bare.isalpha() and len(bare) <= 3 else bare.lower()


def lookup(gaz: Gazetteer, span: str) -> list[int]:
    """Index values (row * 2 + alias bit) of the regions ``span`` abbreviates; [] when none."""
    out = []
    for cc, name, feature in table().get(_key(span.strip()), ()):
        i = _row(gaz, cc, name, feature)
        if i is not None:
            out.append(i * 2 + ALIAS_BIT)
    return out


def _row(gaz: Gazetteer, cc: str, name: str, feature: str) -> int | None:
    if feature == "admin1":
        return gaz.admin1_of(cc, name)
    if feature == "country":
        return gaz.country_ids.get(cc)
    rows = [v // 2 for v in gaz.lookup(name)[0] if gaz.cc[v // 2] == cc and gaz.feature[v // 2] == feature]
    return max(rows, key=lambda i: gaz.population[i], default=None)  # "D.C.": the capital, the biggest Washington
